// test_limits.cpp — the engine's limits (src/core/limits.hpp), the echo of
// input in messages (src/core/echo.hpp) and the hostile inputs of the
// hardening issue, each checked against a hand-computed figure or the
// property that failed before: an allocation far beyond the input's size,
// a shape truncated to int, a message split over lines, memory that nesting
// costs, a float32 load that turns finite weights into infinity.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <string>
#include <vector>

#include "core/config.hpp"
#include "core/ops.hpp"
#include "core/echo.hpp"
#include "core/limits.hpp"
#include "core/state_json.hpp"
#include "core/trainer.hpp"

using namespace rnnlab;

namespace {

bool has(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

bool one_line(const std::string& s) {
  for (unsigned char c : s)
    if (c < 0x20 || c == 0x7f) return false;
  return true;
}

std::string small_state(const std::string& cell = "rnn") {
  Trainer<double> t([&] {
    TrainConfig c;
    c.task = "parity";
    c.T = 4;
    c.hidden = 3;
    c.batch = 2;
    parse_cell(cell, &c.cell);
    return c;
  }());
  const auto& p = t.model().params().data;
  return dump_state(t.model().config(), std::vector<double>(p.begin(), p.end()));
}

}  // namespace

// ---- limits.hpp ----------------------------------------------------------------------

TEST(Limits, ProductsSaturateInsteadOfWrapping) {
  EXPECT_EQ(mul_sat(3, 5), 15u);
  EXPECT_EQ(mul_sat(0, kSaturated), 0u);
  EXPECT_EQ(mul_sat(std::uint64_t(1) << 32, std::uint64_t(1) << 32), kSaturated);
  EXPECT_EQ(add_sat(kSaturated - 1, 2), kSaturated);
  // 65536 x 65536 x 4 = 2^34: wraps to 0 in 32 bits, not here.
  EXPECT_EQ(product_sat({65536, 65536, 4}), std::uint64_t(1) << 34);
  EXPECT_EQ(product_sat({100000, 100000, 100000, 100000}), kSaturated);
  EXPECT_EQ(product_sat({-3, 7}), 0u);
}

TEST(Limits, CheckBytesStatesNeedAndLimitInMiB) {
  EXPECT_EQ(check_bytes("x", kMiB, kMiB, "; less"), "");
  EXPECT_EQ(check_bytes("x", 3 * kMiB + 1, kMiB, "; less"), "x would need 3 MiB (limit 1 MiB); less");
  EXPECT_TRUE(has(check_bytes("x", kSaturated, kMiB, ""), "more than 17592186044415 MiB"));
}

TEST(Limits, TrainConfigAt65536x65536IsRefusedWithTheTrueFigure) {
  // The wasm32 wrap case: T x batch = 2^32. The caches of an rnn with H 1 on
  // parity (N 2, G 1): 65536 * 65536 * (2 + 4 + 6) * 8 bytes = 393216 MiB.
  TrainConfig c;
  c.task = "parity";
  c.cell = CellKind::Rnn;
  c.T = 65536;
  c.batch = 65536;
  c.hidden = 1;
  // The batch alone is refused first: 65537 x 65536 x 4 bytes = 16384 MiB.
  EXPECT_EQ(validate(c), "T x batch too large: the batch's tokens would need 16384 MiB (limit 512 MiB); "
                         "reduce T or the batch size");
  c.batch = 2048;  // tokens 512 MiB + one row: still refused
  EXPECT_TRUE(has(validate(c), "the batch's tokens")) << validate(c);
  c.batch = 2000;  // tokens 500 MiB; caches 65536 * 2000 * 12 * 8 = 12000 MiB
  EXPECT_EQ(validate(c), "T x batch x hidden too large: the training caches would need 12000 MiB (limit 1024 MiB); "
                         "reduce T, the batch size or the hidden size");
}

TEST(Limits, BatchTokensAreBoundedBeforeGeneration) {
  // (T + 1) x B x 4 bytes: 100001 x 100000 x 4 = 38147 MiB.
  const std::string e = validate_task_args("parity", 100000, 100000);
  EXPECT_EQ(e, "T x batch too large: the batch's tokens would need 38147 MiB (limit 512 MiB); reduce T or the batch size");
  EXPECT_EQ(validate_task_args("parity", 1000, 1000), "");
}

TEST(Limits, CountsAreValidatedWithTheirRange) {
  EXPECT_EQ(validate_count("evaluate(n)", 5, kMaxEvalSequences), "");
  EXPECT_EQ(validate_count("evaluate(n)", 0, 100), "evaluate(n) must be between 1 and 100 (got 0)");
  EXPECT_EQ(validate_count("samples(n)", 4294967299LL, 1000), "samples(n) must be between 1 and 1000 (got 4294967299)");
}

// ---- evaluation in chunks --------------------------------------------------------------

TEST(Limits, EveryTaskDrawsTheSameSequencesInChunks) {
  // evaluate() and samples() draw their sequences in chunks that fit the
  // cache limit; that gives the same sequences only if a task draws sequence
  // after sequence. Checked here for every task.
  for (const Task& task : task_registry()) {
    const int T = std::max(task.min_T, 6);
    Rng one(42), parts(42);
    const Batch all = task.generate(one, T, 10);
    std::vector<int> tokens, targets;
    for (int n : {3, 3, 4}) {
      const Batch b = task.generate(parts, T, n);
      tokens.insert(tokens.end(), b.tokens.begin(), b.tokens.end());
      targets.insert(targets.end(), b.targets.begin(), b.targets.end());
    }
    EXPECT_EQ(tokens, all.tokens) << task.name;
    EXPECT_EQ(targets, all.targets) << task.name;
  }
}

TEST(Limits, EvaluateBeyondTheCacheLimitRunsInChunks) {
  // lstm H 64, T 1000, float: the caches of one held-out sequence are
  // 1000 * (2 + 16*64 + 6*64) * 4 = 5.64 MB, so 400 sequences would need
  // 2.1 GiB at once; they run in chunks of 190 (1 GiB / 5.64 MB).
  TrainConfig c;
  c.task = "parity";
  c.cell = CellKind::Lstm;
  c.T = 1000;
  c.hidden = 64;
  c.batch = 1;
  ASSERT_EQ(validate(c), "");
  Trainer<float> t(c);
  t.step();
  const double a = t.evaluate(400);
  EXPECT_GE(a, 0.0);
  EXPECT_LE(a, 1.0);
  EXPECT_EQ(a * 400, std::round(a * 400)) << "a count of correct sequences over 400";
  const auto s = t.samples(200);
  ASSERT_EQ(s.size(), 200u);
  for (const Sample& x : s) EXPECT_EQ(x.tokens.size(), 1000u);
  EXPECT_EQ(t.evaluate(400), a) << "the held-out stream restarts at every call";
}

// ---- echo.hpp -------------------------------------------------------------------------

TEST(Echo, ControlCharactersAreEscapedAndLengthCapped) {
  EXPECT_EQ(escape_controls("a\nb\tc\rd\x1b[31m\x7f"), "a\\nb\\tc\\rd\\x1b[31m\\x7f");
  EXPECT_EQ(escape_controls("\xc2\x9b" "2J"), "\\xc2\\x9b2J");  // C1 CSI as UTF-8
  EXPECT_EQ(escape_controls("h\xc3\xa9ron"), "h\xc3\xa9ron");   // other UTF-8 as it is
  const std::string longer(500, 'x');
  EXPECT_EQ(echo(longer), std::string(kMaxEcho, 'x') + "...");
  // Never cut inside a UTF-8 character: 79 ASCII bytes then a 2-byte character.
  const std::string utf = std::string(79, 'a') + "\xc3\xa9" + "zzz";
  EXPECT_EQ(echo(utf), std::string(79, 'a') + "...");
}

TEST(Echo, ConfigMessagesQuoteInputOnOneLine) {
  ConfigInput in;
  in["cell"] = ConfigValue::of_text("lstm\n\x1b[31mred");
  in["task"] = ConfigValue::of_text(std::string(10000, 'q'));
  for (Face face : {Face::Js, Face::Cli}) {
    const ConfigParse p = parse_train_config(in, face);
    ASSERT_EQ(p.errors.size(), 2u);
    for (const auto& e : p.errors) {
      EXPECT_TRUE(one_line(e.message)) << e.message;
      EXPECT_LT(e.message.size(), 400u) << e.message;
    }
  }
  const ConfigParse p = parse_train_config(in, Face::Cli);
  EXPECT_TRUE(has(p.errors[1].message, "(got 'lstm\\n\\x1b[31mred')")) << p.errors[1].message;
}

// ---- state and batch readers -----------------------------------------------------------

TEST(StateReader, HugeSizesWithoutTensorsAreRefusedWithoutAllocating) {
  // 112 bytes that name a 28 GiB model and hold no tensor. Refused by the
  // model limit, before any buffer of that size exists.
  const std::string text =
      R"({"format":"rnnlab-state/1","cell":"gru","vocab_size":100000,"embedding_dim":4096,"hidden_size":4096,"num_classes":100000,"tensors":{}})";
  ModelConfig cfg;
  std::vector<double> flat;
  const std::string e = parse_state(text, &cfg, &flat);
  EXPECT_TRUE(has(e, "the model is too large")) << e;
  EXPECT_TRUE(flat.empty());
}

TEST(StateReader, SizesWithinTheLimitButNoTensorsFailAtTheFirstTensor) {
  // An rnn of H 2048 and V 4096 (12.6M parameters, in the limit): the missing
  // tensor is named, and the flat buffer (100 MB) was never allocated.
  const std::string text =
      R"({"format":"rnnlab-state/1","cell":"rnn","vocab_size":4096,"embedding_dim":0,"hidden_size":2048,"num_classes":2,"tensors":{}})";
  ModelConfig cfg;
  std::vector<double> flat;
  EXPECT_EQ(parse_state(text, &cfg, &flat), "missing tensor 'rnn.weight_ih_l0' (field 'tensors')");
  EXPECT_TRUE(flat.empty());
}

TEST(StateReader, ShapesBeyondIntAreRefusedNotTruncated) {
  std::string text = small_state();
  // rnn H 3 on parity: rnn.weight_ih_l0 is [3, 2]; 4294967299 = 2^32 + 3 would read as 3.
  const std::string from = R"("shape":[3,2])";
  const auto at = text.find(from);
  ASSERT_NE(at, std::string::npos) << text;
  text.replace(at, from.size(), R"("shape":[4294967299,2])");
  ModelConfig cfg;
  std::vector<double> flat;
  const std::string e = parse_state(text, &cfg, &flat);
  EXPECT_TRUE(has(e, "expected [3, 2] for this cell and sizes, got [4294967299,2]")) << e;
  text.replace(text.find(R"("shape":[4294967299,2])"), 22, R"("shape":[-1,2])");
  EXPECT_TRUE(has(parse_state(text, &cfg, &flat), "got [-1,2]")) << parse_state(text, &cfg, &flat);
}

TEST(StateReader, DeepNestingStopsAtTheDepthLimit) {
  const std::string deep(100000, '[');
  ModelConfig cfg;
  std::vector<double> flat;
  std::string e = parse_state(deep, &cfg, &flat);
  EXPECT_TRUE(has(e, "JSON nested deeper than 64 levels")) << e;
  EXPECT_LT(e.size(), 400u);
  Batch b;
  e = parse_batch(R"({"tokens":)" + deep, &b);
  EXPECT_TRUE(has(e, "JSON nested deeper than 64 levels")) << e;
  // 64 levels are fine as far as nesting goes (then the shape is wrong).
  e = parse_batch(std::string(64, '[') + std::string(64, ']'), &b);
  EXPECT_FALSE(has(e, "nested")) << e;
}

TEST(StateReader, ControlCharactersInNamesStayOnOneLine) {
  std::string text = small_state();
  text.replace(text.find(R"("cell":"rnn")"), 12, R"("cell":"rnn\n\u001b[31mX")");
  ModelConfig cfg;
  std::vector<double> flat;
  std::string e = parse_state(text, &cfg, &flat);
  EXPECT_TRUE(one_line(e)) << e;
  EXPECT_TRUE(has(e, R"((got "rnn\n\x1b[31mX"))")) << e;
  text = small_state();
  text.replace(text.find(R"("tensors":{)"), 11, R"("tensors":{"evil\r\nkey\u0007":{"shape":[1],"data":[0]},)");
  e = parse_state(text, &cfg, &flat);
  EXPECT_TRUE(one_line(e)) << e;
  EXPECT_TRUE(has(e, R"(unexpected tensor 'evil\r\nkey\x07')")) << e;
}

TEST(StateReader, MoreValuesThanAnyValidInputStopTheParse) {
  // 13 million zeros: more than any batch within the cache limit holds
  // (1 GiB / 88 bytes + 3 x 100000 = 12501611), refused once the parser has
  // counted that many, before the tree holds them all.
  std::string text = "{\"tokens\":[[";
  for (int k = 0; k < 13000000; ++k) text += "0,";
  text += "0]],\"targets\":[0]}";
  Batch b;
  EXPECT_EQ(parse_batch(text, &b), "the JSON holds more than 12501611 values, more than any input within the limits");
}

TEST(StateReader, TextOverTheSizeLimitIsRefusedUnread) {
  // Refused by its length before parsing (a string of 1 GiB + 1 spaces).
  std::string text;
  text.resize(std::size_t(kMaxJsonBytes) + 1, ' ');
  ModelConfig cfg;
  std::vector<double> flat;
  EXPECT_EQ(parse_state(text, &cfg, &flat), "the JSON text is 1073741825 bytes, over the limit of 1073741824 (1024 MiB)");
}

TEST(StateReader, HugeFiniteWeightsAreRefusedByAFloat32Trainer) {
  // 1e308 is a finite float64 that becomes +inf in float32 (and NaN at the
  // first step). parse_state accepts it; a float32 trainer refuses it by
  // name, a float64 trainer takes it.
  const std::string good = small_state();
  const std::string from = R"("rnn.weight_hh_l0":{"data":[)";
  std::string text = good;
  const auto at = text.find(from);
  ASSERT_NE(at, std::string::npos) << text;
  text.insert(at + from.size(), "1e308,");
  // drop the value that 1e308 displaced: the next comma-separated number
  const auto next = text.find(',', at + from.size() + 6);
  text.erase(at + from.size() + 6, next - (at + from.size() + 6) + 1);
  ModelConfig cfg;
  std::vector<double> flat;
  ASSERT_EQ(parse_state(text, &cfg, &flat), "");
  TrainConfig c;
  c.task = "parity";
  c.T = 4;
  c.hidden = 3;
  c.batch = 2;
  c.cell = CellKind::Rnn;
  Trainer<float> f(c);
  const std::vector<float> before(f.model().params().data.begin(), f.model().params().data.end());
  EXPECT_EQ(f.set_params(flat),
            "tensor 'rnn.weight_hh_l0' holds 1e+308, beyond float32's range (3.4028234663852886e+38): it would "
            "become infinite; load it in float64 or rescale it");
  EXPECT_EQ(std::vector<float>(f.model().params().data.begin(), f.model().params().data.end()), before)
      << "a refused load changes nothing";
  Trainer<double> d(c);
  EXPECT_EQ(d.set_params(flat), "");
}

TEST(StateReader, BiasHalvesWhoseSumOverflowsAreRefused) {
  // The engine keeps one bias per gate: PyTorch's bias_ih + bias_hh. Two
  // finite halves of 1e308 sum to infinity (found by fuzz_state).
  std::string text = small_state("lstm");
  for (const char* name : {"rnn.bias_ih_l0", "rnn.bias_hh_l0"}) {
    const std::string from = std::string("\"") + name + "\":{\"data\":[";
    const auto at = text.find(from);
    ASSERT_NE(at, std::string::npos) << text;
    const auto end = text.find(',', at + from.size());
    text.replace(at + from.size(), end - (at + from.size()), "1e308");
  }
  ModelConfig cfg;
  std::vector<double> flat;
  EXPECT_EQ(parse_state(text, &cfg, &flat),
            "fields 'tensors.rnn.bias_ih_l0.data[0]' + 'tensors.rnn.bias_hh_l0.data[0]' overflow: their sum is not a "
            "finite number");
}

TEST(Limits, SweepModelCountIsComputedIn64Bits) {
  // 100 seeds x 32768 cells x 32768 lengths = 107374182400 models: 0 in a
  // 32-bit size_t (wasm32), where the sweep was accepted and never ended
  // (found by fuzz_sweep's regression input).
  std::string cells = "rnn", lengths = "5";
  for (int k = 1; k < 32768; ++k) cells += ",rnn", lengths += ",5";
  ConfigInput in;
  in["cells"] = ConfigValue::of_text(cells);
  in["lengths"] = ConfigValue::of_text(lengths);
  in["seeds"] = ConfigValue::of_number(100);
  const SweepSpecParse p = parse_sweep_spec(in, Face::Js);
  ASSERT_EQ(p.errors.size(), 1u);
  EXPECT_TRUE(has(p.errors[0].message, "(asked for 107374182400)")) << p.errors[0].message;
}
