// diagnostics.cpp — the gradient's verdict (see diagnostics.hpp).
#include "diagnostics.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

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
  if (first == 0) {  // no gradient at all reaches t = 1 (no path, or underflow)
    d.verdict = "vanishes";
    d.verdict_decades = -std::numeric_limits<double>::infinity();
    return;
  }
  constexpr double kTiny = 1e-300;
  d.verdict_decades = std::log10(std::max(first, kTiny) / std::max(last, kTiny));
  const double x = d.verdict_decades;
  if (x <= -2) d.verdict = "vanishes";
  else if (x <= -0.5) d.verdict = "fades";
  else if (x < 0.5) d.verdict = "flows";
  else if (x >= 2 && d.grad_norm > 1) d.verdict = "explodes";
  else d.verdict = "grows";
}

}  // namespace rnnlab
