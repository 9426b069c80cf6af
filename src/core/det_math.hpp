// det_math.hpp — exp and integer powers computed the same way in every build
// (native and WebAssembly): only +, -, *, / and exact operations (ldexp,
// nearbyint), so with no fused multiply-add they round identically
// everywhere. The C library's exp and pow differ between glibc (natively,
// with FMA variants chosen at run time) and musl (Emscripten) in the last
// bit now and then, and a training run amplifies such a bit (report.hpp
// replays a wasm run natively). Accurate to a few units in the last place of
// a double, far below float's.
#pragma once
#include <cmath>

namespace rnnlab {

// e^x for finite x (over/underflows to inf / 0 as exp does; NaN stays NaN).
inline double det_exp(double x) {
  if (!(x == x)) return x;
  if (x > 709.78) return HUGE_VAL;
  if (x < -745.2) return 0.0;
  // x = n ln2 + r, |r| <= ln2 / 2 (Cody-Waite: ln2 in two parts, n*ln2_hi exact).
  const double n = std::nearbyint(x * 1.4426950408889634);
  const double r = (x - n * 0.6931471803691238) - n * 1.9082149292705877e-10;
  // e^r by its Taylor series to r^13 (|r| <= 0.35: the rest is below 1e-17), Horner.
  double p = 1.0 / 6227020800.0;
  p = p * r + 1.0 / 479001600.0;
  p = p * r + 1.0 / 39916800.0;
  p = p * r + 1.0 / 3628800.0;
  p = p * r + 1.0 / 362880.0;
  p = p * r + 1.0 / 40320.0;
  p = p * r + 1.0 / 5040.0;
  p = p * r + 1.0 / 720.0;
  p = p * r + 1.0 / 120.0;
  p = p * r + 1.0 / 24.0;
  p = p * r + 1.0 / 6.0;
  p = p * r + 0.5;
  p = p * r + 1.0;
  p = p * r + 1.0;
  return std::ldexp(p, int(n));
}

inline float det_exp(float x) { return float(det_exp(double(x))); }

// e^y - 1, accurate near 0 (its Taylor series there; no cancellation).
inline double det_expm1(double y) {
  if (!(std::abs(y) <= 0.5)) return det_exp(y) - 1.0;  // e^y - 1 is then at least 0.39 in size: no cancellation to speak of
  // sum_{k=1}^{18} y^k / k!, Horner (|y| <= 0.5: the rest is below 1e-22).
  static constexpr double kInvFactorial[19] = {1.0, 1.0, 1.0 / 2, 1.0 / 6, 1.0 / 24, 1.0 / 120, 1.0 / 720, 1.0 / 5040,
                                               1.0 / 40320, 1.0 / 362880, 1.0 / 3628800, 1.0 / 39916800,
                                               1.0 / 479001600, 1.0 / 6227020800.0, 1.0 / 87178291200.0,
                                               1.0 / 1307674368000.0, 1.0 / 20922789888000.0,
                                               1.0 / 355687428096000.0, 1.0 / 6402373705728000.0};
  double p = kInvFactorial[18];
  for (int k = 17; k >= 1; --k) p = p * y + kInvFactorial[k];
  return p * y;
}

// tanh x = -expm1(-2|x|) / (expm1(-2|x|) + 2), with the sign of x.
inline double det_tanh(double x) {
  if (!(x == x)) return x;
  const double ax = std::abs(x);
  if (ax > 22) return x > 0 ? 1.0 : -1.0;  // 1 - tanh 22 < 2^-63
  const double t = det_expm1(-2 * ax);
  const double r = -t / (t + 2);
  return x < 0 ? -r : r;
}

// base^t for t >= 0 by repeated squaring (t multiplications at most 2 log2 t).
inline double det_pow(double base, long t) {
  double result = 1.0, b = base;
  for (long e = t; e > 0; e >>= 1) {
    if (e & 1) result *= b;
    b *= b;
  }
  return result;
}

}  // namespace rnnlab
