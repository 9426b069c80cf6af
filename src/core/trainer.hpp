// trainer.hpp — trains a model on a task's batches: per step it draws a
// batch, zeroes the gradients, runs forward and backward, clips, updates,
// and returns the metrics and diagnostics of that step.
//
// Data, initialisation and samples come from three generators seeded from
// the config's seed, so a seed reproduces a run exactly (natively and in
// wasm). Does no I/O; validate(TrainConfig) is the boundary check.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "diagnostics.hpp"
#include "divergence.hpp"
#include "model.hpp"
#include "optim.hpp"
#include "tasks/task.hpp"
#include "sequences.hpp"
#include "text.hpp"

namespace rnnlab {

struct TrainConfig {
  std::string task = "binary_palindrome";
  CellKind cell = CellKind::Lstm;
  int T = 20;             // unroll length (tokens read)
  int hidden = 32;        // H
  int embed = 0;          // E, 0 = one-hot
  int layers = 1;         // L: recurrent layers in the stack
  int batch = 32;         // B
  OptimConfig optim;      // default Adam, lr 0.01
  double clip = 1.0;      // max global gradient norm; 0 = no clipping
  std::uint64_t seed = 1;
  InitOptions init;
  DiagnosticsOptions diag;
  // The task "text"'s data (text.hpp), shared by copies of the config; null
  // for every other task (a text given with another task is not used).
  std::shared_ptr<const TextCorpus> text;
  // The task "sequences"'s data (sequences.hpp); null for every other task.
  std::shared_ptr<const LabelledSequences> sequences;
};

std::string validate(const TrainConfig& cfg);
// The model a train config implies (vocab and classes from the task, or from the text).
ModelConfig model_config(const TrainConfig& cfg);
// B sequences of T tokens of the config's task from rng: the task's
// generator, windows of the text, or the reader's sequences (the held-out
// ones when held_out: evaluate(), samples() and chance_level() ask for
// those; a generator's stream is held out by its seed alone). cfg must pass
// validate().
Batch generate_batch(const TrainConfig& cfg, Rng& rng, int T, int B, bool held_out = false);

// Held-out sequences evaluate() reads when the caller names no number, and
// the most evaluate() and samples() take (they run in chunks whose caches fit
// kMaxCacheBytes, so the count bounds time, not memory).
constexpr int kDefaultEvalSequences = 512;
constexpr int kMaxEvalSequences = 100000;
constexpr int kMaxSamples = 1000;
// "" when 1 <= n <= max, else "<what> must be between 1 and max (got n)".
std::string validate_count(const char* what, long long n, long long max);

struct StepMetrics {
  long step = 0;          // steps done, including this one
  double loss = 0;        // on this step's batch, before the update
  double accuracy = 0;    // of this step's batch, before the update
  bool finite = true;     // false if the loss or a gradient was NaN/Inf (no update was made)
  Divergence divergence;  // the rule of divergence.hpp: rule "" when training is sound
  Diagnostics diag;
};

// A what-if branch (Trainer::what_if): the model with its recurrent weight
// matrix times `gain`, on the latest training batch; the model itself is untouched.
struct WhatIf {
  double gain = 1;
  double loss = 0;
  Diagnostics diag;
};
constexpr double kMaxWhatIfGain = 100;

struct Sample {
  std::vector<int> tokens;  // T
  int target = 0;             // with per-step targets (the text task): the last step's
  int prediction = 0;
  std::vector<double> probs;  // C
};

// A trainer's whole training state after some step: what a run report
// records so that a replay can start exactly there (report.hpp). The
// divergence watch is not in it (it decides when the page pauses, never a
// number), nor the samples' stream (it never feeds training).
template <class S>
struct TrainerCheckpoint {
  long step = 0;
  std::vector<S> params, m, v;  // parameters and the optimizer's two moment buffers
  long optim_t = 0;             // the optimizer's step count (Adam's bias correction)
  std::uint64_t data_rng[4] = {};
};

template <class S>
class Trainer {
 public:
  explicit Trainer(const TrainConfig& cfg);  // cfg must pass validate()

  // A failed allocation (std::bad_alloc) in step(), samples() or evaluate()
  // propagates and leaves the trainer valid: its caches empty or whole, its
  // parameters and optimizer untouched; the next call may succeed.
  // With report = false the on-demand diagnostics (Jacobians, unit traces,
  // sigma_max) are skipped: for the steps of a chunk whose metrics nobody reads.
  StepMetrics step(bool report = true);
  // The latest training batch (the next one, without consuming it, before
  // any step) through the model with W_rec scaled by gain, in (0, kMaxWhatIfGain]:
  // loss and full diagnostics (Jacobians when the state size allows). Parameters,
  // optimizer and data stream are as before the call; "" or a message in *error.
  WhatIf what_if(double gain, std::string* error);
  // n sequences from a separate held-out stream, with the model's predictions
  // (n in 1..kMaxSamples: validate_count).
  std::vector<Sample> samples(int n);
  // Accuracy on `n` held-out sequences (fixed stream: the same sequences every
  // call; n in 1..kMaxEvalSequences: validate_count).
  double evaluate(int n);
  // The same at another length T (the same stream, drawn at T, so
  // evaluate(n, config().T) is evaluate(n)); the config with that T must
  // pass validate() and imply the same model (the sweep's test lengths).
  double evaluate(int n, int T);

  const TrainConfig& config() const { return cfg_; }
  Model<S>& model() { return model_; }
  const Task& task() const { return *task_; }
  long steps() const { return steps_; }
  // Replaces the parameters (e.g. from a loaded state) and resets the
  // optimizer; "" on success, else a message and nothing changed (a value
  // beyond the scalar's range, e.g. 1e308 in float32, or a wrong count).
  std::string set_params(const std::vector<double>& flat);
  // The training state now, and back to a saved one (same model sizes and
  // optimizer; "" or a message, nothing changed). A restored trainer's next
  // step() is the step the saved trainer would have made.
  TrainerCheckpoint<S> checkpoint() const;
  std::string restore(const TrainerCheckpoint<S>& c);

 private:
  int forward_chunk(int n, int T) const;  // sequences of T tokens per forward pass of evaluate()/samples()

  TrainConfig cfg_;
  const Task* task_;
  Model<S> model_;
  Optimizer<S> optim_;
  Rng data_rng_, sample_rng_;
  long steps_ = 0;
  Batch batch_;
  DivergenceWatch watch_;
};

// One point of the sequence-length sweep: trains a fresh float32 model for
// `steps` steps and measures held-out accuracy on `eval_n` sequences, at
// cfg.T and at each of `test_lengths` (each must pass validate() with the
// same model: Sweep::validate checks).
struct SweepPoint {
  double accuracy = 0;    // held-out, after training
  double final_loss = 0;  // of the last training batch
  bool finite = true;     // false if training diverged (accuracy is then of the last finite model)
  long steps = 0;
  struct Test {
    int T = 0;
    double accuracy = 0;  // held-out, sequences of this length
  };
  std::vector<Test> test;  // one per test length asked for, in order
};
SweepPoint train_and_evaluate(const TrainConfig& cfg, int steps, int eval_n, const std::vector<int>& test_lengths = {});

// The chance level: the task's own (Task::chance at cfg.T, exact), or for a
// task without one (the text) the accuracy of always answering the most
// frequent class over the counted targets of n sequences of the held-out
// stream (the one evaluate() reads).
double chance_level(const TrainConfig& cfg, int n = 2000);

}  // namespace rnnlab
