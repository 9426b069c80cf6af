// test_lanes.cpp — src/core/lanes.hpp's element-wise arithmetic: for_lanes
// over rows of every length from 1 to 37 (so every vector width's body and
// tail run: 4 floats in wasm, 4 with SSE2, 16 with AVX-512) and at every
// offset of the values below, for float and double:
//   - flush_tiny against the rule written out here: |x| < 2^24 x the smallest
//     normal becomes +0, everything else (NaN, infinities, the threshold
//     itself) stays, bit for bit;
//   - tanh and sigmoid against std::tanh in long double, to 4e-7 absolute
//     for float (Eigen's float tanh is accurate to a few ulp) and 1e-15
//     for double (det_tanh), NaN in gives NaN out, +-inf gives +-1 and 0/1;
//   - an expression of +, -, * against the same expression in plain scalar
//     arithmetic, computed with volatile operands (no contraction into FMA);
//   - in the wasm build, every vector lane against the one-value-at-a-time
//     path (Lane<S>), bit for bit: the property `rnnlab verify`'s replay
//     rests on (docs/report-format.md). Natively Eigen's packets may use FMA
//     where the scalar code does not, so there the tolerances above apply.
//
// Built natively (ctest) and for WebAssembly (cmake/wasm.cmake; run by
// tests/node/lanes.test.mjs). Not GoogleTest (none in the wasm build): main
// prints one JSON summary line and returns 1 when any check fails.
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <limits>
#include <vector>

#include "core/lanes.hpp"

using namespace rnnlab;

namespace {

int checks = 0, failed = 0;

void check(bool ok, const char* what, const char* type, int n, int at, double got, double want) {
  ++checks;
  if (ok) return;
  if (++failed <= 20)
    std::fprintf(stderr, "FAIL %s (%s, n %d, entry %d): got %.9g, want %.9g\n", what, type, n, at, got, want);
}

template <class S>
bool same_bits(S a, S b) {
  return std::memcmp(&a, &b, sizeof(S)) == 0;
}

// Hand-picked values, then a spread over [-20, 20] and tiny magnitudes.
template <class S>
std::vector<S> values() {
  const S inf = std::numeric_limits<S>::infinity(), nan = std::numeric_limits<S>::quiet_NaN();
  const S thr = kFlushBelow<S>, den = std::numeric_limits<S>::denorm_min();
  std::vector<S> v = {S(0), -S(0), S(1), S(-1), S(0.5), S(1e-5), S(-3e-4), S(4e-4), S(7.9), S(-8.0), S(30), S(-90),
                      inf, -inf, nan, thr, -thr, std::nextafter(thr, S(0)), -std::nextafter(thr, S(0)),
                      thr * S(2), den, -den, std::numeric_limits<S>::min(), S(1e-35), S(-1e-33)};
  std::uint64_t s = 12345;
  for (int i = 0; i < 60; ++i) {
    s = s * 6364136223846793005ULL + 1442695040888963407ULL;
    const double u = double(s >> 11) * (1.0 / 9007199254740992.0);  // [0, 1)
    v.push_back(S(40 * u - 20));
    v.push_back(S((u - 0.5) * 4e-30));  // around float's threshold
  }
  return v;
}

template <class S>
void run(const char* type) {
  const std::vector<S> vals = values<S>();
  const int m = int(vals.size());
  const long double tol = std::is_same_v<S, float> ? 4e-7L : 1e-15L;
  for (int n = 1; n <= 37; ++n)
    for (int off = 0; off < m; off += 7) {
      const std::size_t len = std::size_t(n);
      std::vector<S> x(len), y(len), z(len);
      for (int j = 0; j < n; ++j) {
        x[std::size_t(j)] = vals[std::size_t((off + j) % m)];
        y[std::size_t(j)] = vals[std::size_t((off + 3 * j + 1) % m)];
        z[std::size_t(j)] = vals[std::size_t((off + 5 * j + 2) % m)];
      }
      std::vector<S> fl(x.size()), th(x.size()), sg(x.size()), ex(x.size());
      // Every entry once through for_lanes (vector body and scalar tail) ...
      for_lanes<S>(n, [&](auto v, Eigen::Index j) {
        using V = decltype(v);
        const V a = V::load(&x[std::size_t(j)]), b = V::load(&y[std::size_t(j)]), c = V::load(&z[std::size_t(j)]);
        flush_tiny(a).store(&fl[std::size_t(j)]);
        tanh(a).store(&th[std::size_t(j)]);
        sigmoid(a).store(&sg[std::size_t(j)]);
        (a * b + c - b * (S(1) - a)).store(&ex[std::size_t(j)]);
      });
      for (int j = 0; j < n; ++j) {
        const std::size_t k = std::size_t(j);
        const S a = x[k];
        // flush_tiny: the rule, exactly.
        const S want_fl = std::fabs(a) < kFlushBelow<S> ? S(0) : a;
        check(same_bits(fl[k], want_fl) || (std::isnan(a) && std::isnan(fl[k])), "flush_tiny", type, n, j, fl[k], want_fl);
        // tanh, sigmoid: against long double.
        const long double t = std::tanh(static_cast<long double>(a)), sgm = 0.5L * std::tanh(0.5L * a) + 0.5L;
        if (std::isnan(a)) {
          check(std::isnan(th[k]), "tanh(NaN)", type, n, j, th[k], NAN);
          check(std::isnan(sg[k]), "sigmoid(NaN)", type, n, j, sg[k], NAN);
        } else {
          check(std::fabs(th[k] - t) <= tol, "tanh", type, n, j, th[k], double(t));
          check(std::fabs(sg[k] - sgm) <= tol, "sigmoid", type, n, j, sg[k], double(sgm));
        }
        // The expression, in plain arithmetic: each product and sum rounded on its own.
        volatile S va = a, vb = y[k], vc = z[k];
        volatile S p1 = va * vb, s1 = p1 + vc, q = S(1) - va, p2 = vb * q;
        const S want_ex = s1 - p2;
#if defined(__wasm_simd128__)
        check(same_bits(ex[k], want_ex) || (std::isnan(ex[k]) && std::isnan(want_ex)), "a*b + c - b*(1-a)", type, n,
              j, ex[k], want_ex);
#else
        const long double e_tol = 1e-6L * (std::fabs(p1) + std::fabs(vc) + std::fabs(p2)) + 1e-30L;
        check(std::fabs(static_cast<long double>(ex[k]) - want_ex) <= e_tol || (std::isnan(ex[k]) && std::isnan(want_ex)) ||
                  (std::isinf(want_ex) && ex[k] == want_ex),
              "a*b + c - b*(1-a)", type, n, j, ex[k], want_ex);
#endif
#if defined(__wasm_simd128__)
        // The vector lanes against the one-value path, bit for bit.
        const Lane<S> la(a);
        check(same_bits(tanh(la).x, th[k]) || (std::isnan(a) && std::isnan(th[k])), "tanh lane = scalar", type, n, j,
              th[k], tanh(la).x);
        check(same_bits(sigmoid(la).x, sg[k]) || (std::isnan(a) && std::isnan(sg[k])), "sigmoid lane = scalar", type,
              n, j, sg[k], sigmoid(la).x);
#endif
      }
    }
}

}  // namespace

int main() {
#if defined(__wasm_simd128__)
  const char* path = "wasm_simd128";
  const int width = 4;
#elif defined(EIGEN_VECTORIZE)
  const char* path = "eigen_packets";
  const int width = Pack::kSize;
#else
  const char* path = "scalar";
  const int width = 1;
#endif
  run<float>("float");
  run<double>("double");
  std::printf("{\"test\":\"lanes\",\"path\":\"%s\",\"float_width\":%d,\"checks\":%d,\"failed\":%d}\n", path, width, checks,
              failed);
  return failed == 0 ? 0 : 1;
}
