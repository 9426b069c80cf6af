// test_learning.cpp — end-to-end check of the trainer (src/core/trainer.hpp)
// and the cells: on binary_palindrome at T = 30 the LSTM learns to >= 99%
// held-out accuracy while the vanilla RNN, with the same sizes, optimizer,
// seed and number of steps, stays at chance; and the reason, measured at
// initialisation: the gradient that reaches h(1) is orders of magnitude
// smaller in the RNN.
//
// The configuration:
//   T 30, H 32, B 32, one-hot input, Adam lr 0.003, clip 1, 1000 steps,
//   forget_bias 2 (added to the LSTM's forget-gate bias; no effect on rnn).
// Seen (`rnnlab train`, seeds 1..32, float32, held-out on 2000 sequences),
// in two arithmetics: the -march=native build and rnnlab-replay (the wasm
// build's roundings). The LSTM reached 100% on all 64 runs; the RNN stayed
// at 48.3..52.2%. The clang ASan build (seeds 1..3, the ones tested): the
// LSTM 100%, the RNN 48.5..50.0%.
//
// Why these, and not the first choice (forget_bias 1, 2000 steps): after
// det_math.hpp changed the roundings of exp and tanh, that configuration
// was a coin on rounding, not a property of the cells. Over seeds 1..16 its
// LSTM stayed at chance on 1 seed in each arithmetic (a different seed in
// each), and the clang ASan build's RNN escaped to 75% on seed 1 (the
// native build: 56%). With forget_bias 1 the LSTM starts with f ~ 0.73 and
// some seeds sit on a plateau; at 1000 steps 4 of 32 runs were still there.
// forget_bias 2 (f ~ 0.88) removed the plateau in every run, and 1000 steps
// leave the RNN less time to escape (no run above 52%). Also tried and
// rejected: T 35 and 40 (the LSTM below 99% on 3..6 seeds of 16 at 2000 steps),
// lr 0.01 (the LSTM below 99% on 3..13 of 16, forget_bias 1 or 2).
//
// Why any forget bias: with the default 0 the LSTM starts with f ~ 0.5, its
// dh_norms[0] at initialisation is the RNN's order (seed 1: 1.2e-8 vs
// 1.4e-8), and at T 30 it stayed at chance in every run tried (lr 0.001..
// 0.01, 3000..4000 steps, H 32 and 64); at T 25, on 4 seeds of 5 (2000
// steps). At T 20 it learns, but so does the RNN on 2 seeds of 5: no
// reliable gap to test.
//
// The GRU is not checked: on the first configuration it learned on 1 seed of 5
// (2000 steps) and 1 of 4 (5000 steps); at initialisation its dh_norms[0] is
// the RNN's order (z starts at ~0.5, like an LSTM without the forget bias).
//
// Deliberately not: a hyperparameter sweep, or a check on the exact values
// (the bounds leave margin on the side that still proves the point).
//
// Legend: B batch, T steps read, H hidden.
#include <gtest/gtest.h>

#include <cstdint>
#include <iostream>
#include <vector>

#include "core/trainer.hpp"

using namespace rnnlab;

namespace {

constexpr int kT = 30;
constexpr int kSteps = 1000;
constexpr int kEvalSequences = 2000;  // Trainer::evaluate: fixed held-out stream
constexpr int kProbeSequences = 256;  // the batch both cells are probed on
constexpr std::uint64_t kProbeSeed = 12345;

TrainConfig palindrome_config(CellKind cell, std::uint64_t seed) {
  TrainConfig cfg;
  cfg.task = "binary_palindrome";
  cfg.cell = cell;
  cfg.T = kT;
  cfg.hidden = 32;
  cfg.embed = 0;
  cfg.batch = 32;
  cfg.optim.kind = OptimKind::Adam;
  cfg.optim.lr = 0.003;
  cfg.clip = 1.0;
  cfg.seed = seed;
  cfg.init.forget_bias = 2.0;  // lstm only; see the header
  cfg.diag.bptt_terms = false;  // not needed here; dh_norms are always filled
  cfg.diag.gates = false;
  return cfg;
}

// dh_norms (||dL/dh(t)||_F, t = 1..T) of the trainer's current model on
// `batch`. Model::backward adds into the gradient buffer; Trainer::step()
// zeroes that buffer before its own pass, so the probe never leaks into
// training.
std::vector<double> probe_dh_norms(Trainer<float>& trainer, const Batch& batch) {
  Model<float>& model = trainer.model();
  model.forward(batch);
  model.grads().zero();
  DiagnosticsOptions opts;
  opts.bptt_terms = false;
  opts.gates = false;
  Diagnostics d;
  model.backward(opts, d);
  return d.dh_norms;
}

struct TrainedRun {
  double accuracy = 0;                     // held-out, after kSteps
  std::vector<double> dh_init, dh_trained;  // probe dh_norms before step 1 and after kSteps
};

TrainedRun train(CellKind cell, std::uint64_t seed, const Batch& probe) {
  const TrainConfig cfg = palindrome_config(cell, seed);
  EXPECT_EQ(validate(cfg), "");
  Trainer<float> trainer(cfg);
  TrainedRun r;
  r.dh_init = probe_dh_norms(trainer, probe);
  for (int s = 0; s < kSteps; ++s) trainer.step();
  r.accuracy = trainer.evaluate(kEvalSequences);
  r.dh_trained = probe_dh_norms(trainer, probe);
  return r;
}

void print(const char* cell, std::uint64_t seed, const TrainedRun& r) {
  const auto line = [](const char* when, const std::vector<double>& dh) {
    std::cout << "    " << when << ": dh_norms[0] " << dh.front() << "  dh_norms[T-1] " << dh.back()
              << "  ratio " << dh.front() / dh.back() << "\n";
  };
  std::cout << "  " << cell << " seed " << seed << ": held-out accuracy " << r.accuracy << " (" << kEvalSequences
            << " sequences, " << kSteps << " steps)\n";
  line("init   ", r.dh_init);
  line("trained", r.dh_trained);
}

class LstmVsRnn : public ::testing::TestWithParam<std::uint64_t> {};

// Accuracy after training, and dh_norms[0] at initialisation on one probe
// batch (the same tokens for both cells). At initialisation the loss, and so
// dh_norms[T-1], is the same order for both cells (~0.02..0.03), so the raw
// dh_norms[0] compares what reaches h(1) without rescaling. After training
// the LSTM's loss is ~0 and raw norms no longer compare; the ratio
// dh_norms[0] / dh_norms[T-1] printed for the trained models does.
TEST_P(LstmVsRnn, LstmLearnsWhereRnnStaysAtChance) {
  const std::uint64_t seed = GetParam();
  Rng probe_rng(kProbeSeed);
  const Batch probe = find_task("binary_palindrome")->generate(probe_rng, kT, kProbeSequences);

  const TrainedRun lstm = train(CellKind::Lstm, seed, probe);
  const TrainedRun rnn = train(CellKind::Rnn, seed, probe);
  print("lstm", seed, lstm);
  print("rnn ", seed, rnn);
  std::cout << "  init dh_norms[0], lstm / rnn: " << lstm.dh_init.front() / rnn.dh_init.front() << "\n";

  EXPECT_GE(lstm.accuracy, 0.99) << "seed " << seed;
  EXPECT_LE(rnn.accuracy, 0.60) << "seed " << seed;
  EXPECT_GE(lstm.dh_init.front(), 100.0 * rnn.dh_init.front())
      << "seed " << seed << ": lstm " << lstm.dh_init.front() << ", rnn " << rnn.dh_init.front();
}

INSTANTIATE_TEST_SUITE_P(Seeds, LstmVsRnn, ::testing::Values(std::uint64_t(1), std::uint64_t(2), std::uint64_t(3)));

}  // namespace
