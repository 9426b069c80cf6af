// test_state_json.cpp — tests for src/core/state_json.cpp: the model state
// JSON ("rnnlab-state/1", PyTorch state_dict names) and the batch JSON of
// docs/state-format.md and docs/batch-format.md.
//
// References: bit-exact equality after a dump/parse round trip; the engine
// vector expected from a hand-written PyTorch-style state, assembled in this
// file from the documented layout (bias_ih + bias_hh summed per gate, the
// GRU's n block of bias_hh kept as rnn.bias_hn_l0); the loss of
// reference_model.hpp, which runs PyTorch's equations on the state's own
// tensors (two biases); and finite differences of that reference loss with
// respect to every PyTorch-named entry for the gradients of
// to_state_tensors(as_gradient = true). Every malformed input must give a
// message that names the field.
#include <gtest/gtest.h>

#include <cstring>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "random_batch.hpp"
#include "core/model.hpp"
#include "core/state_json.hpp"
#include "reference_model.hpp"

using namespace rnnlab;
using nlohmann::json;

namespace {

const CellKind kCells[] = {CellKind::Rnn, CellKind::Lstm, CellKind::Gru, CellKind::PeepholeLstm};

std::string label(const ModelConfig& c) {
  return std::string(cell_name(c.cell)) + (c.embedding_dim > 0 ? "_embedding" : "_onehot");
}

using testing_util::random_batch;

std::vector<double> random_values(Rng& rng, std::size_t n, double scale = 1.0) {
  std::vector<double> v(n);
  for (auto& x : v) x = scale * rng.uniform(-1, 1);
  return v;
}

// The state's tensors (PyTorch names) with shapes, for a config, written out
// from docs/state-format.md (and the peephole header for its own names).
std::vector<std::pair<std::string, std::vector<int>>> state_shapes(const ModelConfig& c) {
  const int V = c.vocab_size, E = c.embedding_dim, H = c.hidden_size, C = c.num_classes;
  const int G = c.cell == CellKind::Rnn ? 1 : c.cell == CellKind::Gru ? 3 : 4;
  const int N = E > 0 ? E : V;
  std::vector<std::pair<std::string, std::vector<int>>> out;
  if (E > 0) out.push_back({"embedding.weight", {V, E}});
  out.push_back({"rnn.weight_ih_l0", {G * H, N}});
  if (c.cell == CellKind::PeepholeLstm) {
    out.push_back({"rnn.weight_ch_l0", {3 * H, H}});
    out.push_back({"rnn.bias_l0", {G * H}});
  } else {
    out.push_back({"rnn.weight_hh_l0", {G * H, H}});
    out.push_back({"rnn.bias_ih_l0", {G * H}});
    out.push_back({"rnn.bias_hh_l0", {G * H}});
  }
  out.push_back({"head.weight", {C, H}});
  out.push_back({"head.bias", {C}});
  return out;
}

std::size_t count_of(const std::vector<int>& shape) {
  std::size_t n = 1;
  for (int d : shape) n *= std::size_t(d);
  return n;
}

json state_json(const ModelConfig& c, const std::map<std::string, std::vector<double>>& tensors) {
  json j;
  j["format"] = "rnnlab-state/1";
  j["cell"] = cell_name(c.cell);
  j["vocab_size"] = c.vocab_size;
  j["embedding_dim"] = c.embedding_dim;
  j["hidden_size"] = c.hidden_size;
  j["num_classes"] = c.num_classes;
  j["tensors"] = json::object();
  for (const auto& [name, shape] : state_shapes(c))
    j["tensors"][name] = {{"shape", shape}, {"data", tensors.at(name)}};
  return j;
}

// A PyTorch-style state with every tensor random (bias_hh non-zero).
std::map<std::string, std::vector<double>> random_torch_tensors(const ModelConfig& c, Rng& rng) {
  std::map<std::string, std::vector<double>> t;
  for (const auto& [name, shape] : state_shapes(c)) t[name] = random_values(rng, count_of(shape), 0.6);
  return t;
}

// The engine vector expected from PyTorch-named tensors, assembled by hand in
// the documented engine order: embedding, weight_ih, weight_hh (weight_ch),
// bias (bias_ih + bias_hh; gru: r, z blocks only), [gru: bias_hn = n block of
// bias_hh], head.weight, head.bias.
std::vector<double> expected_engine_vector(const ModelConfig& c,
                                           const std::map<std::string, std::vector<double>>& t) {
  const int H = c.hidden_size;
  std::vector<double> v;
  auto append = [&](const std::vector<double>& x) { v.insert(v.end(), x.begin(), x.end()); };
  if (c.embedding_dim > 0) append(t.at("embedding.weight"));
  append(t.at("rnn.weight_ih_l0"));
  if (c.cell == CellKind::PeepholeLstm) {
    append(t.at("rnn.weight_ch_l0"));
    append(t.at("rnn.bias_l0"));
  } else {
    append(t.at("rnn.weight_hh_l0"));
    const auto& bi = t.at("rnn.bias_ih_l0");
    const auto& bh = t.at("rnn.bias_hh_l0");
    std::vector<double> b(bi.size());
    for (std::size_t k = 0; k < bi.size(); ++k) {
      const bool gru_n_block = c.cell == CellKind::Gru && k >= std::size_t(2 * H);
      b[k] = gru_n_block ? bi[k] : bi[k] + bh[k];
    }
    append(b);
    if (c.cell == CellKind::Gru) append(std::vector<double>(bh.begin() + 2 * H, bh.end()));
  }
  append(t.at("head.weight"));
  append(t.at("head.bias"));
  return v;
}

template <class A, class B>
bool bit_equal(const A& a, const B& b) {
  return a.size() == b.size() && (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0);
}

class StateJsonTest : public ::testing::TestWithParam<std::tuple<CellKind, int>> {
 protected:
  ModelConfig config() const {
    const auto [cell, E] = GetParam();
    return ModelConfig{cell, 5, E, 4, 3};
  }
};

}  // namespace

// ---- round trip --------------------------------------------------------------------

TEST_P(StateJsonTest, DumpThenParseIsBitExact) {
  const ModelConfig cfg = config();
  Model<double> model(cfg);
  Rng rng(42);
  model.init(rng);
  auto& p = model.params().data;
  // Awkward values: thirds, huge, tiny, subnormal, negative zero-adjacent.
  p[0] = 1.0 / 3.0;
  p[1] = -2.5e300;
  p[2] = 4.9e-324;
  p[3] = -1.0e-310;
  p.back() = 0.1 + 0.2;
  const std::string text = dump_state(cfg, p);
  ModelConfig back;
  std::vector<double> q;
  ASSERT_EQ(parse_state(text, &back, &q), "") << label(cfg);
  EXPECT_EQ(back.cell, cfg.cell);
  EXPECT_EQ(back.vocab_size, cfg.vocab_size);
  EXPECT_EQ(back.embedding_dim, cfg.embedding_dim);
  EXPECT_EQ(back.hidden_size, cfg.hidden_size);
  EXPECT_EQ(back.num_classes, cfg.num_classes);
  EXPECT_TRUE(bit_equal(p, q)) << label(cfg);
}

TEST_P(StateJsonTest, DumpUsesPyTorchNamesShapesAndZeroBiasHh) {
  const ModelConfig cfg = config();
  Model<double> model(cfg);
  Rng rng(43);
  model.init(rng);
  const auto& P = model.params();
  const json j = json::parse(dump_state(cfg, P.data));
  EXPECT_EQ(j["format"], "rnnlab-state/1");
  EXPECT_EQ(j["cell"], cell_name(cfg.cell));
  const auto shapes = state_shapes(cfg);
  ASSERT_EQ(j["tensors"].size(), shapes.size());
  for (const auto& [name, shape] : shapes) {
    ASSERT_TRUE(j["tensors"].contains(name)) << name;
    EXPECT_EQ(j["tensors"][name]["shape"].get<std::vector<int>>(), shape) << name;
    EXPECT_EQ(j["tensors"][name]["data"].size(), count_of(shape)) << name;
  }
  if (cfg.cell == CellKind::PeepholeLstm) return;
  const int H = cfg.hidden_size;
  const auto bias = std::vector<double>(P.data.begin() + P.specs[P.index.layers[0].bias].offset,
                                        P.data.begin() + P.specs[P.index.layers[0].bias].offset + P.specs[P.index.layers[0].bias].size());
  EXPECT_EQ(j["tensors"]["rnn.bias_ih_l0"]["data"].get<std::vector<double>>(), bias);
  const auto bias_hh = j["tensors"]["rnn.bias_hh_l0"]["data"].get<std::vector<double>>();
  for (std::size_t k = 0; k < bias_hh.size(); ++k) {
    if (cfg.cell == CellKind::Gru && k >= std::size_t(2 * H))
      EXPECT_EQ(bias_hh[k], P.data[P.specs[P.index.layers[0].bias_hn].offset + k - 2 * H]) << k;
    else
      EXPECT_EQ(bias_hh[k], 0.0) << k;
  }
}

// ---- loading a PyTorch state with a non-zero bias_hh -----------------------------

TEST_P(StateJsonTest, LoadingSumsBiasesAndKeepsTheFunction) {
  const ModelConfig cfg = config();
  Rng rng(7 + cfg.embedding_dim);
  const auto tensors = random_torch_tensors(cfg, rng);
  ModelConfig got_cfg;
  std::vector<double> flat;
  ASSERT_EQ(parse_state(state_json(cfg, tensors).dump(), &got_cfg, &flat), "");
  // 1. The engine vector, built by hand.
  EXPECT_TRUE(bit_equal(flat, expected_engine_vector(cfg, tensors))) << label(cfg);

  // 2. The function: engine loss == PyTorch equations on the original tensors.
  Model<double> model(cfg);
  ASSERT_EQ(model.params().data.size(), flat.size());
  model.params().data.assign(flat.begin(), flat.end());
  const Batch batch = random_batch(rng, cfg.vocab_size, cfg.num_classes, 3, 6);
  ASSERT_EQ(validate_batch(cfg, batch, sizeof(double)), "");
  const double engine_loss = model.forward(batch);
  const double ref_loss = reference::batch_loss(reference::from_torch(cfg, tensors), batch);
  EXPECT_NEAR(engine_loss, ref_loss, 1e-12 * std::max(1.0, std::abs(ref_loss))) << label(cfg);

  // 3. The same state with the biases pre-summed into bias_ih (gru: r, z only;
  //    its n block of bias_hh stays) loads to a model with the same loss.
  if (cfg.cell != CellKind::PeepholeLstm) {
    auto summed = tensors;
    auto& bi = summed["rnn.bias_ih_l0"];
    auto& bh = summed["rnn.bias_hh_l0"];
    const std::size_t n_sum = cfg.cell == CellKind::Gru ? std::size_t(2 * cfg.hidden_size) : bi.size();
    for (std::size_t k = 0; k < n_sum; ++k) {
      bi[k] += bh[k];
      bh[k] = 0.0;
    }
    std::vector<double> flat2;
    ASSERT_EQ(parse_state(state_json(cfg, summed).dump(), &got_cfg, &flat2), "");
    Model<double> model2(cfg);
    model2.params().data.assign(flat2.begin(), flat2.end());
    EXPECT_NEAR(model2.forward(batch), engine_loss, 1e-14) << label(cfg);
  }
}

// Summing the GRU's n-block biases would change the function: the reference
// must tell the difference, or the test above proves nothing for the GRU.
TEST(StateJsonGru, SummingTheNBlockWouldChangeTheLoss) {
  const ModelConfig cfg{CellKind::Gru, 4, 0, 3, 2};
  Rng rng(5);
  auto tensors = random_torch_tensors(cfg, rng);
  const Batch batch = random_batch(rng, 4, 2, 3, 5);
  const double right = reference::batch_loss(reference::from_torch(cfg, tensors), batch);
  for (int k = 0; k < 3; ++k) {
    tensors["rnn.bias_ih_l0"][6 + k] += tensors["rnn.bias_hh_l0"][6 + k];
    tensors["rnn.bias_hh_l0"][6 + k] = 0;
  }
  const double wrong = reference::batch_loss(reference::from_torch(cfg, tensors), batch);
  EXPECT_GT(std::abs(right - wrong), 1e-6);
}

// ---- gradients under state names -----------------------------------------------------

TEST_P(StateJsonTest, GradientTensorsMatchFiniteDifferencesOfPyTorchParameters) {
  const ModelConfig cfg = config();
  Rng rng(99 + cfg.embedding_dim);
  const auto tensors = random_torch_tensors(cfg, rng);
  ModelConfig got_cfg;
  std::vector<double> flat;
  ASSERT_EQ(parse_state(state_json(cfg, tensors).dump(), &got_cfg, &flat), "");
  Model<double> model(cfg);
  model.params().data.assign(flat.begin(), flat.end());
  const Batch batch = random_batch(rng, cfg.vocab_size, cfg.num_classes, 2, 4);
  model.grads().zero();
  model.forward(batch);
  Diagnostics d;
  model.backward({}, d);
  const auto grads = to_state_tensors(cfg, model.grads().data, true);
  const auto shapes = state_shapes(cfg);
  ASSERT_EQ(grads.size(), shapes.size());
  const double eps = 1e-6;
  for (std::size_t i = 0; i < grads.size(); ++i) {
    const auto& g = grads[i];
    EXPECT_EQ(g.name, shapes[i].first);
    EXPECT_EQ(g.shape, shapes[i].second);
    ASSERT_EQ(g.data.size(), count_of(g.shape)) << g.name;
    for (std::size_t k = 0; k < g.data.size(); ++k) {
      auto plus = tensors, minus = tensors;
      plus[g.name][k] += eps;
      minus[g.name][k] -= eps;
      const double numeric = (reference::batch_loss(reference::from_torch(cfg, plus), batch) -
                              reference::batch_loss(reference::from_torch(cfg, minus), batch)) /
                             (2 * eps);
      EXPECT_NEAR(g.data[k], numeric, 1e-7 + 1e-6 * std::abs(numeric)) << label(cfg) << " " << g.name << "[" << k << "]";
    }
  }
  // Stated plainly: for rnn and lstm both bias vectors get the summed bias's gradient.
  if (cfg.cell == CellKind::Rnn || cfg.cell == CellKind::Lstm) {
    const auto& P = model.grads();
    const std::vector<double> gb(P.data.begin() + P.specs[P.index.layers[0].bias].offset,
                                 P.data.begin() + P.specs[P.index.layers[0].bias].offset + P.specs[P.index.layers[0].bias].size());
    for (const auto& g : grads) {
      if (g.name == "rnn.bias_ih_l0" || g.name == "rnn.bias_hh_l0") {
        EXPECT_EQ(g.data, gb) << g.name;
      }
    }
  }
}

INSTANTIATE_TEST_SUITE_P(AllCells, StateJsonTest,
                         ::testing::Combine(::testing::ValuesIn(kCells), ::testing::Values(0, 3)),
                         [](const auto& info) {
                           return std::string(cell_name(std::get<0>(info.param))) +
                                  (std::get<1>(info.param) > 0 ? "_embedding" : "_onehot");
                         });

// ---- bad states: every message names the field ---------------------------------------

namespace {

json valid_state(CellKind cell = CellKind::Lstm, int E = 0) {
  ModelConfig cfg{cell, 3, E, 2, 2};
  Model<double> model(cfg);
  Rng rng(1);
  model.init(rng);
  return json::parse(dump_state(cfg, model.params().data));
}

// Parses text; expects failure with a message containing every part, and
// outputs left untouched.
void expect_error(const std::string& text, std::initializer_list<std::string> parts) {
  ModelConfig cfg{CellKind::Gru, 77, 0, 77, 77};
  std::vector<double> params{12345.0};
  const std::string e = parse_state(text, &cfg, &params);
  ASSERT_FALSE(e.empty()) << "accepted: " << text.substr(0, 200);
  for (const auto& part : parts) EXPECT_NE(e.find(part), std::string::npos) << "message: " << e << "\nwanted: " << part;
  EXPECT_EQ(cfg.hidden_size, 77) << "cfg written on failure";
  EXPECT_EQ(params, std::vector<double>{12345.0}) << "params written on failure";
}

}  // namespace

TEST(StateJsonErrors, ValidStateIsAccepted) {
  for (CellKind cell : kCells) {
    ModelConfig cfg;
    std::vector<double> p;
    EXPECT_EQ(parse_state(valid_state(cell).dump(), &cfg, &p), "") << cell_name(cell);
  }
}

TEST(StateJsonErrors, MissingOrWrongFormat) {
  json j = valid_state();
  j.erase("format");
  expect_error(j.dump(), {"'format'"});
  j = valid_state();
  j["format"] = "rnnlab-state/2";
  expect_error(j.dump(), {"'format'"});
}

TEST(StateJsonErrors, WrongCellName) {
  json j = valid_state();
  j["cell"] = "transformer";
  expect_error(j.dump(), {"'cell'", "transformer"});
  j.erase("cell");
  expect_error(j.dump(), {"'cell'"});
}

TEST(StateJsonErrors, BadSizes) {
  json j = valid_state();
  j.erase("vocab_size");
  expect_error(j.dump(), {"vocab_size"});
  j = valid_state();
  j["hidden_size"] = "two";
  expect_error(j.dump(), {"hidden_size"});
  j = valid_state();
  j["hidden_size"] = 0;
  expect_error(j.dump(), {"hidden_size"});
  j = valid_state();
  j["num_classes"] = 2.5;
  expect_error(j.dump(), {"num_classes"});
}

TEST(StateJsonErrors, WrongShapeNamesTheShapeField) {
  json j = valid_state();  // lstm, H = 2: weight_hh is [8, 2]
  j["tensors"]["rnn.weight_hh_l0"]["shape"] = {2, 8};
  expect_error(j.dump(), {"tensors.rnn.weight_hh_l0.shape", "[8, 2]"});
  j = valid_state();
  j["tensors"]["rnn.weight_hh_l0"]["shape"] = {16};
  expect_error(j.dump(), {"tensors.rnn.weight_hh_l0.shape"});
  j = valid_state();
  j["tensors"]["rnn.weight_hh_l0"]["shape"] = "8x2";
  expect_error(j.dump(), {"tensors.rnn.weight_hh_l0.shape"});
  j = valid_state();
  j["tensors"]["head.bias"]["shape"] = {2.5};
  expect_error(j.dump(), {"tensors.head.bias.shape"});
}

TEST(StateJsonErrors, WrongDataLength) {
  json j = valid_state();
  j["tensors"]["head.bias"]["data"].erase(0);
  expect_error(j.dump(), {"tensors.head.bias.data"});
  j = valid_state();
  j["tensors"]["rnn.weight_ih_l0"]["data"].push_back(1.0);
  expect_error(j.dump(), {"tensors.rnn.weight_ih_l0.data"});
  j = valid_state();
  j["tensors"]["head.weight"]["data"] = 3.0;
  expect_error(j.dump(), {"tensors.head.weight.data"});
}

TEST(StateJsonErrors, NonNumber) {
  json j = valid_state();
  j["tensors"]["rnn.weight_ih_l0"]["data"][2] = "x";
  expect_error(j.dump(), {"tensors.rnn.weight_ih_l0.data[2]"});
  j = valid_state();
  j["tensors"]["rnn.bias_hh_l0"]["data"][1] = nullptr;
  expect_error(j.dump(), {"tensors.rnn.bias_hh_l0.data[1]"});
}

// 1e999 is valid JSON syntax (RFC 8259 sets no range); it must be refused as
// a non-finite number AT ITS FIELD (docs/cli.md: the message names
// the field), not as a document-level "malformed JSON".
TEST(StateJsonErrors, NonFiniteNumber) {
  for (const std::string big : {"1e999", "-1e999"}) {
    json j = valid_state();
    j["tensors"]["head.weight"]["data"][3] = 123.25;
    std::string text = j.dump();
    const auto at = text.find("123.25");
    ASSERT_NE(at, std::string::npos);
    text.replace(at, 6, big);
    expect_error(text, {"tensors.head.weight.data[3]"});
  }
}

TEST(StateJsonErrors, MissingTensor) {
  json j = valid_state();
  j["tensors"].erase("head.weight");
  expect_error(j.dump(), {"head.weight"});
  j = valid_state();
  j["tensors"].erase("rnn.bias_hh_l0");
  expect_error(j.dump(), {"rnn.bias_hh_l0"});
  j = valid_state();
  j.erase("tensors");
  expect_error(j.dump(), {"tensors"});
  // The peephole LSTM's recurrent matrix is weight_ch, not weight_hh.
  j = valid_state(CellKind::PeepholeLstm);
  j["tensors"]["rnn.weight_hh_l0"] = j["tensors"]["rnn.weight_ch_l0"];
  j["tensors"].erase("rnn.weight_ch_l0");
  expect_error(j.dump(), {"rnn.weight_ch_l0"});
  // With E > 0 the embedding table is required.
  j = valid_state(CellKind::Rnn, 2);
  j["tensors"].erase("embedding.weight");
  expect_error(j.dump(), {"embedding.weight"});
}

TEST(StateJsonErrors, UnexpectedTensor) {
  json j = valid_state();
  j["tensors"]["rnn.weight_hh_l1"] = j["tensors"]["rnn.weight_hh_l0"];
  expect_error(j.dump(), {"rnn.weight_hh_l1"});
}

TEST(StateJsonErrors, EmbeddingWeightWithEmbeddingDimZero) {
  json j = valid_state(CellKind::Gru, 0);
  j["tensors"]["embedding.weight"] = {{"shape", {3, 2}}, {"data", {1, 2, 3, 4, 5, 6}}};
  expect_error(j.dump(), {"embedding.weight", "embedding_dim"});
}

TEST(StateJsonErrors, MalformedJson) {
  const std::string text = valid_state().dump();
  expect_error(text.substr(0, text.size() / 2), {"malformed JSON"});
  expect_error("", {"malformed JSON"});
  expect_error("{\"format\": \"rnnlab-state/1\",}", {"malformed JSON"});
  expect_error("[1, 2, 3]", {"object"});
}

// ---- batch JSON --------------------------------------------------------------------

TEST(BatchJson, ParsesTheContractExample) {
  Batch b;
  ASSERT_EQ(parse_batch(R"({"tokens": [[1, 0, 2, 1], [2, 2, 0, 1]], "targets": [1, 0]})", &b), "");
  EXPECT_EQ(b.B, 2);
  EXPECT_EQ(b.T, 4);
  EXPECT_EQ(b.tokens, (std::vector<int>{1, 0, 2, 1, 2, 2, 0, 1}));
  EXPECT_EQ(b.targets, (std::vector<int>{1, 0}));
  EXPECT_EQ(b.token(1, 2), 0);
}

namespace {
void expect_batch_error(const std::string& text, std::initializer_list<std::string> parts) {
  Batch b;
  b.B = 99;
  const std::string e = parse_batch(text, &b);
  ASSERT_FALSE(e.empty()) << "accepted: " << text;
  for (const auto& part : parts) EXPECT_NE(e.find(part), std::string::npos) << "message: " << e << "\nwanted: " << part;
  EXPECT_EQ(b.B, 99) << "batch written on failure";
}
}  // namespace

TEST(BatchJson, RaggedRowsNameTheRow) {
  expect_batch_error(R"({"tokens": [[1, 0, 2], [2, 2]], "targets": [1, 0]})", {"tokens[1]"});
  expect_batch_error(R"({"tokens": [[1], [2], [0, 1]], "targets": [1, 0, 1]})", {"tokens[2]"});
}

TEST(BatchJson, NegativeOrNonIntegerToken) {
  expect_batch_error(R"({"tokens": [[1, -1, 2]], "targets": [0]})", {"tokens[0][1]"});
  expect_batch_error(R"({"tokens": [[1, 2], [0, 1.5]], "targets": [0, 0]})", {"tokens[1][1]"});
  expect_batch_error(R"({"tokens": [[1, "a"]], "targets": [0]})", {"tokens[0][1]"});
}

TEST(BatchJson, TargetsCountMismatch) {
  expect_batch_error(R"({"tokens": [[1, 0], [2, 2]], "targets": [1]})", {"targets"});
  expect_batch_error(R"({"tokens": [[1, 0]], "targets": [1, 0]})", {"targets"});
  expect_batch_error(R"({"tokens": [[1, 0]]})", {"targets"});
  expect_batch_error(R"({"tokens": [[1, 0], [0, 0]], "targets": [1, -2]})", {"targets[1]"});
}

TEST(BatchJson, EmptyTokens) {
  expect_batch_error(R"({"tokens": [], "targets": []})", {"tokens"});
  expect_batch_error(R"({"tokens": [[]], "targets": [0]})", {"tokens[0]"});
  expect_batch_error(R"({"targets": [0]})", {"tokens"});
}

TEST(BatchJson, MalformedJson) {
  expect_batch_error(R"({"tokens": [[1, 0]], "targets": [1)", {"malformed JSON"});
  expect_batch_error("7", {"object"});
}
