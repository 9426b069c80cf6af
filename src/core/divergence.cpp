// divergence.cpp — see divergence.hpp.
#include "divergence.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>


namespace rnnlab {

namespace {
// Three significant digits: what a sentence quotes.
std::string num(double x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3g", x);
  return buf;
}
// What to change, with the settings in force.
std::string advice(const DivergenceAdvice& a) {
  std::string s = "Try a lower learning rate (lr is " + num(a.lr) + "; for example " +
                  num(a.lr / 10) + ")";
  if (a.clip > 0) s += ", or clip the gradient harder (clip is " + num(a.clip) + ")";
  else s += ", or turn on gradient clipping (clip is 0, off; for example clip = 1)";
  return s + ".";
}
}  // namespace

Divergence DivergenceWatch::feed(double loss, double grad_norm) {
  Divergence d;
  if (!std::isfinite(loss) || !std::isfinite(grad_norm)) {
    d.rule = "nonfinite";
    // The page's own sentence for this case (web/js/protocol.mjs DIVERGED_MESSAGE).
    d.message = "Training diverged: the loss or a gradient became NaN or infinite, so training was paused. "
                "Try a lower learning rate, or turn on gradient clipping (for example clip = 1).";
    d.loss_now = loss;
    d.grad_now = grad_norm;
    loss_.clear();
    grad_.clear();
    return d;
  }
  if (!started_) {
    started_ = true;
    loss_start_ = loss;
    grad_start_ = grad_norm;
  }
  loss_.push_back(loss);
  grad_.push_back(grad_norm);
  if (int(loss_.size()) > kDivergenceWindow) {
    loss_.pop_front();
    grad_.pop_front();
  }
  if (int(loss_.size()) < kDivergenceWindow) return d;
  const double loss_min = *std::min_element(loss_.begin(), loss_.end());
  const double grad_min = *std::min_element(grad_.begin(), grad_.end());
  const std::string window = std::to_string(kDivergenceWindow);
  if (loss_min > kLossFactor * loss_start_ && loss_start_ > 0) {
    d.rule = "loss";
    d.message = "Training diverged: for the last " + window + " steps the loss stayed above " +
                std::to_string(int(kLossFactor)) + " times its starting value (it started at " + num(loss_start_) +
                " and is now " + num(loss) + "). " + advice(advice_);
  } else if (grad_min > kGradFactor * grad_start_ && grad_min > kGradFloor) {
    d.rule = "gradient";
    d.message = "Training diverged: for the last " + window + " steps the gradient norm stayed above " +
                std::to_string(int(kGradFactor)) + " times its starting value (it started at " +
                num(grad_start_) + " and is now " + num(grad_norm) +
                "). " + advice(advice_);
  } else {
    return d;
  }
  d.window = kDivergenceWindow;
  d.loss_start = loss_start_;
  d.loss_now = loss;
  d.grad_start = grad_start_;
  d.grad_now = grad_norm;
  loss_.clear();  // judged afresh if training goes on
  grad_.clear();
  return d;
}

}  // namespace rnnlab
