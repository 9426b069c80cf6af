// ops.hpp — the operations every front end offers, written once: grad,
// gradcheck and the sequence-length sweep. The CLI (src/cli) and the
// bindings (src/wasm) parse their input, call one of these, and write the
// result with the schema of schema.hpp. Does no I/O: texts in, values out.
#pragma once
#include <string>
#include <vector>

#include "config.hpp"
#include "diagnostics.hpp"
#include "gradcheck.hpp"
#include "sample.hpp"
#include "state_json.hpp"
#include "trainer.hpp"

namespace rnnlab {

// A failure of an operation: which input it concerns ("state", "batch", or
// "" for the options) and one sentence.
struct OpError {
  std::string input;
  std::string message;
  bool failed() const { return !message.empty(); }
};

// ---- grad (docs/cli.md `rnnlab grad`, docs/js-api.md grad()) ----
struct GradOptions {
  bool jacobians = false;
};
struct GradResult {
  ModelConfig model;
  double loss = 0;
  std::vector<NamedTensor> grads;  // the state's names and shapes (PyTorch's)
  Diagnostics diag;
};
// Loss, every gradient and the per-step norms of a state (JSON text) on a
// batch (JSON text), in float64.
OpError grad(const std::string& state_text, const std::string& batch_text, const GradOptions& opts, GradResult* out);

// ---- sample (docs/cli.md `rnnlab sample`, docs/js-api.md sample()) ----
// The characters a text model (a state with a vocab, JSON text) generates
// after the prime (sample.hpp); input "state" for a bad state, "" for bad options.
OpError sample(const std::string& state_text, const SampleOptions& opts, std::string* out);

// "" when a loaded state fits a trainer's model, else a sentence saying
// what the state is for and what the trainer is.
std::string state_mismatch(const ModelConfig& state, const ModelConfig& mine);

// ---- gradcheck ----
// Finite differences on a batch of cfg.batch sequences drawn with Rng(cfg.seed)
// from the task, for the given parameters (empty: a fresh seeded model).
OpError validate(const GradcheckOptions& opts);
GradcheckResult gradcheck(const TrainConfig& cfg, const std::vector<double>& params, const GradcheckOptions& opts);

// ---- the sequence-length sweep ----
struct SweepSpec {
  std::vector<CellKind> cells{CellKind::Rnn, CellKind::Lstm};
  std::vector<int> lengths{5, 10, 15, 20, 30};
  int seeds = 3;    // seed, seed+1, ...
  int steps = 500;  // training budget per model
  int eval = 500;   // held-out sequences per model
  // Generalisation: every model, trained at its point's T, is also evaluated
  // on `eval` held-out sequences of each of these lengths (none by default).
  std::vector<int> test_lengths;
};
constexpr int kMaxSweepSeeds = 100;
constexpr int kMaxSweepTestLengths = 32;
constexpr int kMaxSweepSteps = 10000000;
constexpr int kMaxSweepEval = 100000;
constexpr int kMaxSweepModels = 10000;

// Keys "cells", "lengths" and "testLengths" (comma-separated text), "seeds",
// "steps", "eval"; every bad key reported at once, for the face's spelling.
struct SweepSpecParse {
  SweepSpec spec;
  std::vector<ConfigIssue> errors;
};
SweepSpecParse parse_sweep_spec(const ConfigInput& in, Face face);

struct SweepRun {
  CellKind cell = CellKind::Rnn;
  int T = 0;
  std::uint64_t seed = 0;
  SweepPoint point;
};
// Mean, sd (n-1; 0 for one value), min and max of accuracies.
struct AccuracyStats {
  double mean = 0, sd = 0, min = 0, max = 0;
};
AccuracyStats accuracy_stats(const std::vector<double>& a);  // a not empty
// One test length of a (cell, T): its runs' test accuracies at that length.
struct SweepTestStats {
  int T = 0;
  AccuracyStats acc;
  double chance = 0;  // chance_level() at this length
};
struct SweepStats {
  CellKind cell = CellKind::Rnn;
  int T = 0;
  double mean = 0, sd = 0, min = 0, max = 0;  // of held-out accuracy over the seeds (sd: n-1)
  double chance = 0;  // chance_level() of this (cell, T): it depends on T for some tasks
  std::vector<SweepTestStats> test;  // one per spec test length, in order
  std::vector<SweepRun> runs;
};

// Trains one model per (cell, T, seed), in that order, one per next() call,
// so a caller can report progress (and stop) between models.
class Sweep {
 public:
  // base: the lab's configuration (task, sizes, optimizer, seed); its cell and
  // T are replaced by each point's. "" or the first bad (cell, T).
  static std::string validate(const TrainConfig& base, const SweepSpec& spec);
  Sweep(const TrainConfig& base, const SweepSpec& spec);  // must pass validate()

  int total() const { return int(configs_.size()) * spec_.seeds; }
  int done() const { return int(runs_.size()); }
  bool finished() const { return done() == total(); }
  const SweepRun& next();                // trains the next model
  // Run k of the grid order (cell, then T, then seed), computed without
  // touching the sweep: safe to call from several threads at once, and
  // add(run(k)) for k = done(), done()+1, ... is next() exactly.
  SweepRun run(int k) const;
  // Appends the result of run(done()); "" or why it does not fit (another
  // cell, T or seed than run done() has).
  std::string add(const SweepRun& r);
  std::vector<SweepStats> stats() const;  // per (cell, T) over the runs done so far
  const SweepSpec& spec() const { return spec_; }
  const TrainConfig& base() const { return base_; }

 private:
  TrainConfig base_;
  SweepSpec spec_;
  std::vector<TrainConfig> configs_;  // one per (cell, T)
  std::vector<SweepRun> runs_;
};

}  // namespace rnnlab
