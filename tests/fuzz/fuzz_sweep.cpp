// fuzz_sweep.cpp — libFuzzer harness for rnnlab::parse_sweep_spec (the
// sequence-length sweep's keys: `rnnlab sweep --cells/--lengths/--seeds/
// --steps/--eval`, createSweep() in JS) and Sweep::validate over the base
// training configuration (parse_train_config of the same input).
//
// Input: lines "key=value", read by config_input.hpp ("$N" indexes the sweep
// keys cells, lengths, seeds, steps, eval, then the training keys, then
// testLengths — last, so the committed inputs keep their meaning). Both
// faces parse the same input.
//
// Invariants (any failure aborts; see tests/fuzz/README.md):
//   - every issue's message passes check_message() (one line, no control
//     bytes, at most 4 KB) — including those that quote a cell name, a
//     lengths list or a count back;
//   - every issue names "" or a sweep key that is in the input;
//   - both faces agree on the issues' keys, in order, and on the spec;
//   - an accepted spec is in range: 1..100 seeds, 1..10^7 steps, 1..10^5
//     eval, at least one cell and one length, and at most 10000 models
//     (seeds x cells x lengths, counted here in 128 bits);
//   - with a good base config, Sweep::validate's refusal is a clean message,
//     and when it accepts (grids of at most 256 points are checked), every
//     point's config passes check_usable() (config_checks.hpp) and the
//     Sweep has seeds x cells x lengths models to train; an accepted spec has
//     at most 32 test lengths, and each, with every cell, passes check_usable()
//     with the same V and C as the points it tests.
#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "config_checks.hpp"
#include "config_input.hpp"
#include "core/ops.hpp"
#include "fuzz_common.hpp"

using namespace rnnlab;
using rnnlab_fuzz::check_message;
using rnnlab_fuzz::u128;

namespace {

const std::vector<std::string>& sweep_and_train_keys() {
  static const std::vector<std::string> keys = [] {
    std::vector<std::string> k{"cells", "lengths", "seeds", "steps", "eval"};
    for (const auto& t : rnnlab_fuzz::train_keys()) k.push_back(t);
    k.push_back("testLengths");
    return k;
  }();
  return keys;
}

bool same(const SweepSpec& a, const SweepSpec& b) {
  return a.cells == b.cells && a.lengths == b.lengths && a.seeds == b.seeds && a.steps == b.steps && a.eval == b.eval &&
         a.test_lengths == b.test_lengths;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const ConfigInput in =
      rnnlab_fuzz::read_config_input(std::string(reinterpret_cast<const char*>(data), size), sweep_and_train_keys());
  const std::set<std::string> sweep_keys{"cells", "lengths", "seeds", "steps", "eval", "testLengths"};

  const SweepSpecParse js = parse_sweep_spec(in, Face::Js);
  const SweepSpecParse cli = parse_sweep_spec(in, Face::Cli);
  for (const SweepSpecParse* p : {&js, &cli})
    for (const auto& e : p->errors) {
      check_message(e.message, p == &js ? "parse_sweep_spec (Js)" : "parse_sweep_spec (Cli)");
      FUZZ_CHECK(e.key.empty() || (sweep_keys.count(e.key) && in.count(e.key)),
                 "issue for key '" + e.key + "' that is not an input sweep key: " + e.message);
    }
  FUZZ_CHECK(js.errors.size() == cli.errors.size(), "the faces report " + std::to_string(js.errors.size()) + " and " +
                                                        std::to_string(cli.errors.size()) + " issues");
  for (std::size_t k = 0; k < js.errors.size(); ++k)
    FUZZ_CHECK(js.errors[k].key == cli.errors[k].key,
               "the faces' issues differ: " + js.errors[k].message + " | " + cli.errors[k].message);
  if (!js.errors.empty()) return 0;

  const SweepSpec& s = js.spec;
  FUZZ_CHECK(same(s, cli.spec), "the faces give different sweep specs");
  FUZZ_CHECK(s.seeds >= 1 && s.seeds <= kMaxSweepSeeds, "seeds " + std::to_string(s.seeds));
  FUZZ_CHECK(s.steps >= 1 && s.steps <= kMaxSweepSteps, "steps " + std::to_string(s.steps));
  FUZZ_CHECK(s.eval >= 1 && s.eval <= kMaxSweepEval, "eval " + std::to_string(s.eval));
  FUZZ_CHECK(!s.cells.empty() && !s.lengths.empty(), "an empty grid was accepted");
  FUZZ_CHECK(s.test_lengths.size() <= std::size_t(kMaxSweepTestLengths),
             std::to_string(s.test_lengths.size()) + " test lengths were accepted");
  const u128 models = u128(s.seeds) * u128(s.cells.size()) * u128(s.lengths.size());
  FUZZ_CHECK(models <= u128(kMaxSweepModels), "a sweep of more than 10000 models was accepted: " +
                                                  std::to_string(s.seeds) + " seeds x " + std::to_string(s.cells.size()) +
                                                  " cells x " + std::to_string(s.lengths.size()) + " lengths");

  const ConfigParse base = parse_train_config(in, Face::Js);
  if (!base.ok() || s.cells.size() * s.lengths.size() > 256) return 0;
  const std::string v = Sweep::validate(base.config, s);
  if (!v.empty()) {
    check_message(v, "Sweep::validate");
    return 0;
  }
  for (CellKind cell : s.cells)
    for (int T : s.lengths) {
      TrainConfig c = base.config;
      c.cell = cell;
      c.T = T;
      rnnlab_fuzz::check_usable(c, base.float64);
      for (int test : s.test_lengths) {
        TrainConfig t = c;
        t.T = test;
        rnnlab_fuzz::check_usable(t, base.float64);
        const ModelConfig a = model_config(c), b = model_config(t);
        FUZZ_CHECK(a.vocab_size == b.vocab_size && a.num_classes == b.num_classes,
                   "test length " + std::to_string(test) + " accepted with other sizes than T=" + std::to_string(T));
      }
    }
  const Sweep sweep(base.config, s);
  FUZZ_CHECK(u128(sweep.total()) == models && sweep.done() == 0 && !sweep.finished(),
             "Sweep::total() " + std::to_string(sweep.total()) + " for " + std::to_string(std::uint64_t(models)) + " models");
  return 0;
}
