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
