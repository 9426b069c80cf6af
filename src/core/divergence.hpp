// divergence.hpp — the one rule that says training has diverged, beyond a
// loss or gradient that is not finite. Fed every training step; its verdict
// names the numbers, so the page (and any front end) can pause and explain.
//
//   start      the first step's loss and gradient norm (before clipping):
//              the model at initialisation, before any update could have
//              thrown it off (a large learning rate does so within a few steps)
//   loss       the loss stayed above kLossFactor x its start for the last
//              kDivergenceWindow steps (every one of them): the model is
//              worse than at initialisation, and stays so
//   gradient   the gradient norm stayed above kGradFactor x its start and
//              above kGradFloor for the last kDivergenceWindow steps: it
//              grew by three orders of magnitude and stays there
//   nonfinite  the loss or the gradient is NaN or infinite (no update was made)
// After a verdict the window starts again, so training that is resumed is
// judged afresh on the next kDivergenceWindow steps. Does no I/O.
#pragma once
#include <deque>
#include <string>

namespace rnnlab {

constexpr int kDivergenceWindow = 50;
constexpr double kLossFactor = 3.0;
constexpr double kGradFactor = 1000.0;
constexpr double kGradFloor = 10.0;

struct Divergence {
  std::string rule;     // "" (none), "loss", "gradient", "nonfinite"
  std::string message;  // one paragraph with the numbers and advice; it does not say what the
                        // front end did (the page adds "Training was paused.")
  int window = 0;
  double loss_start = 0, loss_now = 0, grad_start = 0, grad_now = 0;
  bool diverged() const { return !rule.empty(); }
};

// What the advice quotes: the settings that decide the step size.
struct DivergenceAdvice {
  double lr = 0, clip = 0;
  std::string optimizer;
};

class DivergenceWatch {
 public:
  explicit DivergenceWatch(DivergenceAdvice advice) : advice_(std::move(advice)) {}
  // One training step: its loss and gradient norm before clipping.
  Divergence feed(double loss, double grad_norm);

 private:
  DivergenceAdvice advice_;
  bool started_ = false;
  double loss_start_ = 0, grad_start_ = 0;
  std::deque<double> loss_, grad_;
};

}  // namespace rnnlab
