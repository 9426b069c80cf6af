// report.hpp — a run report (docs/report-format.md) and its verification.
//
// A report says: this config, from its seed, trained for N steps, gave these
// metrics. It carries the run's path: the trainer's whole state (parameters,
// optimizer moments, data stream) at a few checkpoints. verify_report()
// replays the run natively, segment by segment: from the seed to the first
// checkpoint, then from each recorded checkpoint to the next, comparing
// every reported number and the state reached with the recorded one. A
// segment starts from the recorded state, so rounding differences between
// builds (wasm and native sum in other orders, with other exp and tanh) never
// compound over the whole run: they stay within the tolerances below.
//
// Does no I/O: the CLI (`rnnlab verify`) reads the files, the wasm binding
// (Trainer.report()) hands the text to the page.
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "trainer.hpp"

namespace rnnlab {

constexpr const char* kReportFormat = "rnnlab-report/1";
// Checkpoints: every kReportFirstInterval steps; when more than
// kReportMaxCheckpoints are held, the interval doubles and every other one
// goes (so a report holds at most kReportMaxCheckpoints + 1, the last one at
// the final step, and a replay segment is at most an eighth of the run).
constexpr long kReportFirstInterval = 25;
constexpr int kReportMaxCheckpoints = 16;
constexpr int kReportHeldOut = 512;  // held-out sequences of the final accuracy
constexpr std::uint64_t kMaxReportBytes = std::uint64_t(256) << 20;

// One checkpoint: the metrics of the step that ended there and the state after it.
struct ReportCheckpoint {
  long step = 0;
  double loss = 0, accuracy = 0, grad_norm = 0, grad_norm_clipped = 0, param_norm = 0;
  bool finite = true;
  std::string state;  // base64 of the trainer's state (encode_checkpoint)
};

// The state of a trainer as bytes: params, m, v (each n scalars of S,
// little-endian), the optimizer's step count and the data stream's 256-bit
// state (uint64 each). Base64 (RFC 4648, padded).
template <class S>
std::string encode_checkpoint(const TrainerCheckpoint<S>& c);
// "" or what is wrong: not base64, or (*wrong_size true) not the bytes of n parameters of S.
template <class S>
std::string decode_checkpoint(const std::string& b64, std::size_t n, long step, TrainerCheckpoint<S>* out,
                              bool* wrong_size = nullptr);

// Follows one training run and writes its report. begin() at step 0 of a
// fresh trainer; after_step() after every step; imported() when the weights
// were replaced (such a run cannot be replayed from its seed).
class ReportRecorder {
 public:
  // data: the text of the task's data (the `text` or `sequences` key), "" for a generated task.
  void begin(const TrainConfig& cfg, bool float64, std::string data);
  void imported() { replayable_ = false; }
  template <class S>
  void after_step(const StepMetrics& m, const Trainer<S>& t);
  // The report of the run so far, as JSON text; extras_json: "" or a JSON
  // object whose keys `assignment` and `answers` are copied in (any other
  // key is refused). Throws nothing; "" and *error on failure.
  template <class S>
  std::string write(Trainer<S>& t, const std::string& extras_json, std::string* error);

 private:
  template <class S>
  static void with_state(ReportCheckpoint& c, const Trainer<S>& t);  // param_norm and state of t now
  TrainConfig cfg_;
  bool float64_ = false;
  std::string data_;
  bool replayable_ = true;
  long interval_ = kReportFirstInterval;
  std::vector<ReportCheckpoint> checkpoints_;
  ReportCheckpoint last_;  // the latest step's metrics (state filled in by write())
  bool have_last_ = false;
};

// What verify_report() found.
struct VerifyResult {
  enum Status { Genuine = 0, Differs = 1, Malformed = 2 } status = Malformed;
  std::string message;    // one sentence: why malformed, or the first field that differs and by how much
  std::string field;      // Differs: the first field that differs ("checkpoints[2].loss")
  std::string tolerance;  // the rule applied, in words
  std::string precision;  // float32 | float64
  long steps = 0;         // steps replayed (each twice: see below)
  // The largest relative deviation between the report and the replay, over
  // the metrics (loss, gradient norms, parameter norm) and over the state
  // buffers; and the largest drift of a segment (the second replay's
  // relative distance from the first: how finely that segment was checked).
  double worst_metric = 0, worst_state = 0, worst_drift = 0;
  long drift_from = 0, drift_to = 0;  // the segment of worst_drift
};

// Called before each replayed segment: (from step, to step).
using VerifyProgress = std::function<void(long, long)>;

struct Assignment;
// Parses and replays a report (the JSON text). With an assignment
// (assignment.hpp), the report's config must also hold every setting the
// assignment locks, at its value. Never throws (bad_alloc aside).
VerifyResult verify_report(const std::string& text, const VerifyProgress& progress = {}, const Assignment* assignment = nullptr);

// The rule verify_report() applies. Each segment is replayed twice: once
// exactly as recorded, and once with every parameter nudged by one rounding
// (a relative kDriftNudge, random sign) after each step: the natural spread
// that rounding differences between two builds produce over that segment.
// A reported number x agrees with the replay's y when
//   |x - y| <= base.abs + base.rel * max(|x|, |y|) + kDriftFactor * |y - y'|
// (y' the nudged replay's); a state buffer when its largest entry difference
// is at most base.rel * its largest entry + kDriftFactor * the nudged
// replay's largest difference; an accuracy when at most
// accuracy_tolerance_count() targets + kDriftFactor * the drift's differ.
struct Tolerance {
  double rel = 0, abs = 0;
};
Tolerance base_tolerance(bool float64);
double drift_nudge(bool float64);  // 2^-23 (float32) or 2^-52 (float64)
constexpr double kDriftFactor = 10;
long accuracy_tolerance_count(bool float64);

}  // namespace rnnlab
