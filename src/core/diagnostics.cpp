// diagnostics.cpp — the gradient's verdict (see diagnostics.hpp).
#include "diagnostics.hpp"

#include <algorithm>
#include <cmath>

namespace rnnlab {

void classify_gradient(Diagnostics& d) {
  d.verdict.clear();
  d.verdict_decades = 0;
  if (d.dh_norms.empty()) return;
  const double first = d.dh_norms.front(), last = d.dh_norms.back();
  const bool finite = std::isfinite(first) && std::isfinite(last) && std::isfinite(d.grad_norm);
  if (!finite) {
    d.verdict = "explodes";
    return;
  }
  constexpr double kTiny = 1e-300;
  d.verdict_decades = std::log10(std::max(first, kTiny) / std::max(last, kTiny));
  if (d.verdict_decades <= -2) d.verdict = "vanishes";
  else if (d.verdict_decades >= 2) d.verdict = d.grad_norm > 1e3 ? "explodes" : "grows";
  else d.verdict = "flows";
}

}  // namespace rnnlab
