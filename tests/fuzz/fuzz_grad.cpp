// fuzz_grad.cpp — libFuzzer harness for rnnlab::grad (src/core/ops.hpp), the
// whole `rnnlab grad` / grad() path: parse a state, parse a batch, check the
// batch against the model, forward, backward, diagnostics.
//
// Input: STATE '\0' BATCH, optionally followed by '\0' 'J' to ask for the
// Jacobian norms. (JSON text cannot hold a raw NUL, so the split is
// unambiguous.) With the fuzzer's -max_len=4096 the model and the batch stay
// small, so each run is fast.
//
// Invariants (any failure aborts; see tests/fuzz/README.md):
//   - grad never throws, crashes or allocates beyond the fuzzer's limits;
//   - a failure names its input ("state", "batch" or "" for the options)
//     and its message passes check_message(); it is a state failure exactly
//     when parse_state refuses the state (with the same message), else a
//     batch failure exactly when parse_batch or validate_batch refuses;
//   - a success reports the state's tensors (names and shapes of
//     to_state_tensors, data sized to the shape), T entries of dh_norms, T
//     of dc_norms for lstm and peephole_lstm (none otherwise), T Jacobian
//     norms when asked, one of the five verdicts, and a loss that is not
//     negative (cross-entropy; NaN is allowed for extreme weights).
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/cells/descriptor.hpp"
#include "core/model_config.hpp"
#include "core/ops.hpp"
#include "fuzz_common.hpp"

using namespace rnnlab;
using rnnlab_fuzz::check_message;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string all(reinterpret_cast<const char*>(data), size);
  const std::size_t sep = all.find('\0');
  if (sep == std::string::npos) return 0;
  const std::string state = all.substr(0, sep);
  std::string batch = all.substr(sep + 1);
  GradOptions opts;
  if (const std::size_t sep2 = batch.find('\0'); sep2 != std::string::npos) {
    opts.jacobians = batch.compare(sep2, 2, std::string("\0J", 2)) == 0;
    batch.resize(sep2);
  }

  GradResult r;
  const OpError e = grad(state, batch, opts, &r);

  // What grad should have concluded, from the readers alone.
  ModelConfig cfg;
  std::vector<double> flat;
  const std::string state_err = parse_state(state, &cfg, &flat);
  Batch b;
  std::string batch_err;
  if (state_err.empty()) {
    batch_err = parse_batch(batch, &b);
    if (batch_err.empty()) batch_err = validate_batch(cfg, b, sizeof(double));
  }

  if (e.failed()) {
    check_message(e.message, "grad");
    FUZZ_CHECK(e.input == "state" || e.input == "batch" || e.input == "", "grad failed on input '" + e.input + "'");
    if (e.input == "state") FUZZ_CHECK(e.message == state_err, "state message differs from parse_state's: " + e.message);
    if (e.input == "batch") FUZZ_CHECK(state_err.empty() && e.message == batch_err, "batch message differs: " + e.message);
    if (e.input == "") {
      FUZZ_CHECK(state_err.empty() && batch_err.empty() && opts.jacobians, "option failure without jacobians: " + e.message);
      FUZZ_CHECK(describe(cfg.cell).state_size(cfg.hidden_size) * cfg.num_layers > kMaxJacobianState, "jacobians refused below the limit");
    }
    return 0;
  }

  FUZZ_CHECK(state_err.empty(), "grad accepted a state parse_state refuses: " + state_err);
  FUZZ_CHECK(batch_err.empty(), "grad accepted a batch the readers refuse: " + batch_err);
  const auto expected = to_state_tensors(cfg, flat, true);
  FUZZ_CHECK(r.grads.size() == expected.size(), "grad reports " + std::to_string(r.grads.size()) + " tensors, the state has " +
                                                    std::to_string(expected.size()));
  for (std::size_t k = 0; k < expected.size(); ++k) {
    FUZZ_CHECK(r.grads[k].name == expected[k].name && r.grads[k].shape == expected[k].shape,
               "gradient tensor " + r.grads[k].name + " is not the state's " + expected[k].name);
    FUZZ_CHECK(r.grads[k].data.size() == expected[k].data.size(), "gradient " + r.grads[k].name + " has the wrong size");
  }
  const std::size_t T = std::size_t(b.T);
  FUZZ_CHECK(r.diag.dh_norms.size() == T, "dh_norms has " + std::to_string(r.diag.dh_norms.size()) + " entries, T = " + std::to_string(T));
  FUZZ_CHECK(r.diag.dc_norms.size() == (cell_has_c(cfg.cell) ? T : 0), "dc_norms has " + std::to_string(r.diag.dc_norms.size()) + " entries");
  FUZZ_CHECK(r.diag.dh_norms_by_layer.size() == (cfg.num_layers > 1 ? std::size_t(cfg.num_layers) : 0),
             "dh_norms_by_layer has " + std::to_string(r.diag.dh_norms_by_layer.size()) + " layers");
  if (opts.jacobians) {
    FUZZ_CHECK(r.diag.jacobian_norms.size() == T && r.diag.jacobian_product_norms.size() == T &&
                   r.diag.jacobian_to_T_norms.size() == T, "Jacobian norms sized wrong");
    // The RNN's bounds: one layer only; term(i)'s factors: one loss L(T) only.
    if (cfg.cell == CellKind::Rnn && cfg.num_layers == 1 && std::isfinite(r.diag.recurrent_sigma_max)) {
      FUZZ_CHECK(r.diag.jacobian_bounds.size() == T && r.diag.term_factors.bounds.size() == (b.per_step ? 0 : T),
                 "RNN bounds sized wrong");
      // The bounds are inequalities: they hold for every input whose numbers are finite.
      for (std::size_t t = 0; t < T; ++t)
        if (std::isfinite(r.diag.jacobian_bounds[t]) && std::isfinite(r.diag.jacobian_norms[t]))
          FUZZ_CHECK(r.diag.jacobian_norms[t] <= r.diag.jacobian_bounds[t] * (1 + 1e-9) + 1e-300,
                     "||J(t)|| above its bound at t = " + std::to_string(t + 1));
    }
  }
  const std::string& v = r.diag.verdict;
  FUZZ_CHECK(v == "vanishes" || v == "fades" || v == "flows" || v == "grows" || v == "explodes", "verdict '" + v + "'");
  FUZZ_CHECK(!(r.loss < 0), "negative cross-entropy loss " + format_number(r.loss));
  return 0;
}
