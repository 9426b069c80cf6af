// lanes.hpp — element-wise arithmetic written once, run on float vectors
// (wasm SIMD in the wasm build, Eigen's packets natively) or one value at a time.
//
// A cell's element-wise step (the gates' products forward and backward) is a
// generic lambda over a lane type V: for_lanes<S>(n, body) calls
// body(V{}, j) for j = 0, w, 2w, ... with a vector V of w floats (wasm:
// F32x4; natively: Pack, Eigen's own packets, so SSE2 or AVX-512 as Eigen
// vectorises) and for the remaining j (all of them for double, and in
// rnnlab-replay, where Eigen is unvectorised) with V = Lane<S>. V has
// +, -, *, a constructor from S (splat), V::load(p), v.store(p), tanh(v),
// sigmoid(v) and flush_tiny(v) (below: |x| < kFlushBelow becomes 0).
// Each lane runs the same IEEE operations in the same order as one scalar
// expression, so wasm, rnnlab-replay and the scalar path agree to the bit.
// Eigen 3.4 has no wasm packet math: its own element-wise code is scalar there.
#pragma once
#include <Eigen/Core>
#include <cmath>
#include <limits>
#include <type_traits>

#include "det_math.hpp"

#if defined(__wasm_simd128__)
#include <wasm_simd128.h>
#endif

namespace rnnlab {

// flush_tiny(v) sets the entries of a backward step's gradients below
// kFlushBelow<S> in magnitude to 0: 2^24 times the smallest normal number,
// 2.0e-31 in float32 (3.7e-301 in float64), so that the next steps' products
// of what is kept with factors down to 2^-24 stay normal. A vanishing gradient otherwise
// passes through the subnormal range (below 1.2e-38 in float32) for tens of
// steps, and x86 computes with subnormals about 100x slower: an LSTM step at
// T 200 took 737 ms instead of 70, a GRU's 570 instead of 74 (native,
// `bench_native --shape 2`; `--ftz`, the hardware's flush-to-zero, gives 72
// and 56). An entry changes by less than 2.0e-31, far below anything float32
// can add to a gradient of ordinary size, and Adam's eps (1e-8) makes a
// gradient that small a zero step anyway. Done the same way in every build
// (wasm has no flush-to-zero mode), so a replay stays exact. NaN and
// infinities are kept.
template <class S>
inline constexpr S kFlushBelow = std::numeric_limits<S>::min() * S(16777216);

// One value of type S.
template <class S>
struct Lane {
  S x;
  Lane(S v = S(0)) : x(v) {}  // NOLINT: implicit, so that S(1) - v reads as written
  static Lane load(const S* p) { return Lane(*p); }
  void store(S* p) const { *p = x; }
  friend Lane operator+(Lane a, Lane b) { return Lane(a.x + b.x); }
  friend Lane operator-(Lane a, Lane b) { return Lane(a.x - b.x); }
  friend Lane operator*(Lane a, Lane b) { return Lane(a.x * b.x); }
  friend Lane flush_tiny(Lane a) { return Lane(std::abs(a.x) < kFlushBelow<S> ? S(0) : a.x); }
  // float: Eigen's tanh (what a.tanh() computes one float at a time);
  // double: det_tanh (det_math.hpp), the same in every build.
  friend Lane tanh(Lane a) {
    if constexpr (std::is_same_v<S, double>) return Lane(det_tanh(a.x));
    else return Lane(Eigen::numext::tanh(a.x));
  }
  // As tensor.hpp's sigmoid everywhere: 0.5 tanh(0.5 x) + 0.5 (never overflows).
  friend Lane sigmoid(Lane a) { return Lane(S(0.5)) * tanh(Lane(S(0.5)) * a) + Lane(S(0.5)); }
};

#if defined(__wasm_simd128__)
// Four floats in one wasm SIMD register.
struct F32x4 {
  v128_t v;
  F32x4(float s = 0.f) : v(wasm_f32x4_splat(s)) {}  // NOLINT: implicit, as Lane
  explicit F32x4(v128_t w) : v(w) {}
  static F32x4 load(const float* p) { return F32x4(wasm_v128_load(p)); }
  void store(float* p) const { wasm_v128_store(p, v); }
  friend F32x4 operator+(F32x4 a, F32x4 b) { return F32x4(wasm_f32x4_add(a.v, b.v)); }
  friend F32x4 operator-(F32x4 a, F32x4 b) { return F32x4(wasm_f32x4_sub(a.v, b.v)); }
  friend F32x4 operator*(F32x4 a, F32x4 b) { return F32x4(wasm_f32x4_mul(a.v, b.v)); }
  friend F32x4 flush_tiny(F32x4 a) {
    const v128_t tiny = wasm_f32x4_lt(wasm_f32x4_abs(a.v), wasm_f32x4_splat(kFlushBelow<float>));
    return F32x4(wasm_v128_andnot(a.v, tiny));
  }
  // Eigen 3.4's float tanh (generic_fast_tanh_float without FMA, which is
  // what a.tanh() computes one float at a time in the wasm build and in
  // rnnlab-replay), four lanes at a time: the same operations in the same
  // order, so the same bits.
  //   x = max(min(a, c), -c)  (c = 7.90531110763549805)
  //   tanh = |a| < 0.0004 ? x : x p(x^2) / q(x^2)   (p degree 6, q degree 3)
  friend F32x4 tanh(F32x4 a) {
    // pmin/pmax: b < a ? b : a and a < b ? b : a, as std::min(a, c) and std::max(., -c).
    const v128_t x = wasm_f32x4_pmax(wasm_f32x4_pmin(a.v, wasm_f32x4_splat(7.90531110763549805f)),
                                     wasm_f32x4_splat(-7.90531110763549805f));
    const v128_t small = wasm_f32x4_lt(wasm_f32x4_abs(a.v), wasm_f32x4_splat(0.0004f));
    const F32x4 x2 = F32x4(wasm_f32x4_mul(x, x));
    F32x4 p = x2 * -2.76076847742355e-16f + 2.00018790482477e-13f;
    p = x2 * p + -8.60467152213735e-11f;
    p = x2 * p + 5.12229709037114e-08f;
    p = x2 * p + 1.48572235717979e-05f;
    p = x2 * p + 6.37261928875436e-04f;
    p = x2 * p + 4.89352455891786e-03f;
    p = F32x4(x) * p;
    F32x4 q = x2 * 1.19825839466702e-06f + 1.18534705686654e-04f;
    q = x2 * q + 2.26843463243900e-03f;
    q = x2 * q + 4.89352518554385e-03f;
    return F32x4(wasm_v128_bitselect(x, wasm_f32x4_div(p.v, q.v), small));
  }
  friend F32x4 sigmoid(F32x4 a) { return F32x4(0.5f) * tanh(F32x4(0.5f) * a) + F32x4(0.5f); }
};
#endif

#if !defined(__wasm_simd128__) && defined(EIGEN_VECTORIZE)
// Eigen's packet of floats (Packet4f with SSE2, Packet16f with AVX-512), with
// the operations Eigen's own expressions use: tanh is Eigen's ptanh, which
// is what a.tanh() computes natively.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wignored-attributes"  // __m128's attributes in a template argument
struct Pack {
  using P = Eigen::internal::packet_traits<float>::type;
  static constexpr int kSize = Eigen::internal::unpacket_traits<P>::size;
  P v;
  Pack(float s = 0.f) : v(Eigen::internal::pset1<P>(s)) {}  // NOLINT: implicit, as Lane
  explicit Pack(P p) : v(p) {}
  static Pack load(const float* p) { return Pack(Eigen::internal::ploadu<P>(p)); }
  void store(float* p) const { Eigen::internal::pstoreu(p, v); }
  friend Pack operator+(Pack a, Pack b) { return Pack(Eigen::internal::padd(a.v, b.v)); }
  friend Pack operator-(Pack a, Pack b) { return Pack(Eigen::internal::psub(a.v, b.v)); }
  friend Pack operator*(Pack a, Pack b) { return Pack(Eigen::internal::pmul(a.v, b.v)); }
  friend Pack flush_tiny(Pack a) {
    using namespace Eigen::internal;
    return Pack(pandnot(a.v, pcmp_lt(pabs(a.v), pset1<P>(kFlushBelow<float>))));
  }
  friend Pack tanh(Pack a) { return Pack(Eigen::internal::ptanh(a.v)); }
  friend Pack sigmoid(Pack a) { return Pack(0.5f) * tanh(Pack(0.5f) * a) + Pack(0.5f); }
};
#pragma GCC diagnostic pop
#endif

// body(V{}, j) for every j in [0, n): see the top of the file.
template <class S, class Body>
inline void for_lanes(Eigen::Index n, Body&& body) {
  Eigen::Index j = 0;
#if defined(__wasm_simd128__)
  if constexpr (std::is_same_v<S, float>)
    for (; j + 4 <= n; j += 4) body(F32x4{}, j);
#elif defined(EIGEN_VECTORIZE)
  if constexpr (std::is_same_v<S, float> && Pack::kSize > 1)
    for (; j + Pack::kSize <= n; j += Pack::kSize) body(Pack{}, j);
#endif
  for (; j < n; ++j) body(Lane<S>{}, j);
}

}  // namespace rnnlab
