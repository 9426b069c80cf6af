// fuzz_config.cpp — libFuzzer harness for rnnlab::parse_train_config, the one
// parser of training options for the CLI (Face::Cli: every value text) and
// the JS API / page (Face::Js: numbers, strings, booleans, other values).
//
// Input: lines "key=value" read into a ConfigInput by config_input.hpp
// (values as text, numbers, raw doubles, booleans and other values). The
// same ConfigInput is parsed with both faces.
//
// Invariants (any failure aborts; see tests/fuzz/README.md):
//   - every issue's message passes check_message() (one line, no control
//     bytes, at most 4 KB);
//   - every issue names "" or a key that is in the input and in config_keys();
//   - both faces agree on ok() and on the keys of the issues, in order, and
//     when ok() give the same config (the face only changes spellings);
//   - ok() means the config is usable: validate(TrainConfig) accepts it and,
//     checked here independently of the core's arithmetic, every key is in
//     its documented range (docs/config.md), the batch's tokens fit
//     kMaxBatchBytes, the model (parameters, gradients, two optimizer
//     buffers, float64) fits kMaxModelBytes, and one hidden state per step
//     and sequence fits kMaxCacheBytes (a lower bound of the caches) — all
//     in 128-bit arithmetic, so a 32-bit (or 64-bit) wrap cannot hide.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "core/config.hpp"
#include "core/limits.hpp"
#include "core/tasks/task.hpp"
#include "core/trainer.hpp"
#include "config_checks.hpp"
#include "config_input.hpp"
#include "fuzz_common.hpp"

using namespace rnnlab;
using rnnlab_fuzz::check_message;
using rnnlab_fuzz::check_usable;

namespace {

bool same(const TrainConfig& a, const TrainConfig& b) {
  return a.task == b.task && a.cell == b.cell && a.T == b.T && a.hidden == b.hidden && a.embed == b.embed &&
         a.batch == b.batch && a.optim.kind == b.optim.kind && a.optim.lr == b.optim.lr &&
         a.optim.momentum == b.optim.momentum && a.optim.nesterov == b.optim.nesterov && a.clip == b.clip &&
         a.seed == b.seed && a.init.kind == b.init.kind && a.init.forget_bias == b.init.forget_bias &&
         a.init.recurrent_gain == b.init.recurrent_gain && a.diag.bptt_terms == b.diag.bptt_terms &&
         a.diag.gates == b.diag.gates && a.diag.jacobians == b.diag.jacobians &&
         a.diag.units == b.diag.units;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const ConfigInput in =
      rnnlab_fuzz::read_config_input(std::string(reinterpret_cast<const char*>(data), size), rnnlab_fuzz::train_keys());
  std::set<std::string> known;
  for (const auto& k : config_keys()) known.insert(k.key);

  const ConfigParse js = parse_train_config(in, Face::Js);
  const ConfigParse cli = parse_train_config(in, Face::Cli);
  for (const ConfigParse* p : {&js, &cli}) {
    for (const auto& e : p->errors) {
      check_message(e.message, p == &js ? "parse_train_config (Js)" : "parse_train_config (Cli)");
      FUZZ_CHECK(e.key.empty() || (known.count(e.key) && in.count(e.key)),
                 "issue for key '" + e.key + "' that is not an input key: " + e.message);
    }
    FUZZ_CHECK(p->ok() == p->errors.empty() && p->first_error() == (p->ok() ? "" : p->errors[0].message),
               "ok()/first_error() disagree with errors");
  }
  FUZZ_CHECK(js.errors.size() == cli.errors.size(), "the faces report " + std::to_string(js.errors.size()) + " and " +
                                                        std::to_string(cli.errors.size()) + " issues: " +
                                                        js.first_error() + " | " + cli.first_error());
  for (std::size_t k = 0; k < js.errors.size(); ++k)
    FUZZ_CHECK(js.errors[k].key == cli.errors[k].key,
               "the faces' issues differ: " + js.errors[k].message + " | " + cli.errors[k].message);
  if (js.ok()) {
    FUZZ_CHECK(same(js.config, cli.config) && js.float64 == cli.float64, "the faces give different configs");
    check_usable(js.config, js.float64);
  }
  return 0;
}
