// tensor.hpp — Eigen type aliases shared by the engine.
//
// Dimension legend used across the engine:
//   B batch, T steps, V vocabulary, E embedding, N input size (V or E),
//   H hidden, G gates per cell (rnn 1, lstm 4, gru 3, peephole 4), C classes.
// Matrices are row-major: one row per sample (batch rows), so the rows of
// step t in a time-major (T*B x K) buffer are contiguous.
#pragma once
#include <Eigen/Core>
#include <type_traits>
#include <utility>
#include <vector>

#include "det_math.hpp"

#if defined(__wasm_simd128__)
#include <wasm_simd128.h>
#endif

namespace rnnlab {

// A flat buffer that Eigen maps (the parameters, the gradients): aligned to
// Eigen's largest packet (64 bytes with AVX-512). A reduction over a map
// (a norm, a sum) peels the unaligned head before its packets, so with
// std::vector's 16 bytes its summation order, and the last bits of its
// result, would depend on where the heap put the buffer: the same seed
// could train differently after an unrelated allocation (-march=native).
template <class S>
using AlignedVector = std::vector<S, Eigen::aligned_allocator<S>>;

template <class S>
using Mat = Eigen::Matrix<S, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
template <class S>
using Vec = Eigen::Matrix<S, 1, Eigen::Dynamic, Eigen::RowMajor>;  // a row vector
template <class S>
using MatMap = Eigen::Map<Mat<S>>;
template <class S>
using CMatMap = Eigen::Map<const Mat<S>>;
template <class S>
using VecMap = Eigen::Map<Vec<S>>;
template <class S>
using CVecMap = Eigen::Map<const Vec<S>>;

// Sets m to rows x cols. Eigen's own resize frees the old buffer before it
// allocates the new one, and leaves a dangling pointer behind when that
// allocation throws (std::bad_alloc); a later resize or destructor then frees
// it twice. Here m is emptied first, so a failed allocation leaves it empty
// and valid. Every cache the engine sizes from its input goes through this.
template <class M>
void safe_resize(M& m, Eigen::Index rows, Eigen::Index cols) {
  if (m.rows() == rows && m.cols() == cols) return;
  if (m.size() != rows * cols) m.resize(0, 0);
  m.resize(rows, cols);
}

// tanh, elementwise. float: Eigen's (its own rational approximation, the
// same arithmetic in every build); double: det_tanh (det_math.hpp), since
// the C libraries' tanh differ between the native and wasm builds.
template <class Derived>
auto tanh_of(const Eigen::ArrayBase<Derived>& a) {
  using S = typename Derived::Scalar;
  if constexpr (std::is_same_v<S, double>) return a.unaryExpr([](double x) { return det_tanh(x); });
  else return a.tanh();
}

// Logistic sigmoid, elementwise, written so that it never overflows.
template <class Derived>
auto sigmoid(const Eigen::ArrayBase<Derived>& a) {
  using S = typename Derived::Scalar;
  return (S(0.5) * tanh_of(S(0.5) * a) + S(0.5));
}

#if defined(__wasm_simd128__)
namespace detail {
// Eigen 3.4's float tanh (generic_fast_tanh_float without FMA, which is what
// a.tanh() computes one float at a time in the wasm build and in
// rnnlab-replay), four lanes at a time: the same operations in the same
// order, so the same bits. Sigmoid: 0.5 * tanh(0.5 x) + 0.5, as sigmoid().
//   x = max(min(a, c), -c)  (c = 7.90531110763549805)
//   tanh = |a| < 0.0004 ? x : x p(x^2) / q(x^2)   (p degree 6, q degree 3)
template <bool Sigmoid>
inline void tanh_row_f32(float* v, Eigen::Index n) {
  const v128_t half = wasm_f32x4_splat(0.5f);
  const v128_t plus = wasm_f32x4_splat(7.90531110763549805f), minus = wasm_f32x4_splat(-7.90531110763549805f);
  const v128_t tiny = wasm_f32x4_splat(0.0004f);
  const v128_t a1 = wasm_f32x4_splat(4.89352455891786e-03f), a3 = wasm_f32x4_splat(6.37261928875436e-04f),
               a5 = wasm_f32x4_splat(1.48572235717979e-05f), a7 = wasm_f32x4_splat(5.12229709037114e-08f),
               a9 = wasm_f32x4_splat(-8.60467152213735e-11f), a11 = wasm_f32x4_splat(2.00018790482477e-13f),
               a13 = wasm_f32x4_splat(-2.76076847742355e-16f);
  const v128_t b0 = wasm_f32x4_splat(4.89352518554385e-03f), b2 = wasm_f32x4_splat(2.26843463243900e-03f),
               b4 = wasm_f32x4_splat(1.18534705686654e-04f), b6 = wasm_f32x4_splat(1.19825839466702e-06f);
  Eigen::Index i = 0;
  for (; i + 4 <= n; i += 4) {
    v128_t ax = wasm_v128_load(v + i);
    if constexpr (Sigmoid) ax = wasm_f32x4_mul(half, ax);
    // pmin/pmax: b < a ? b : a and a < b ? b : a, as std::min(a, c) and std::max(., -c).
    const v128_t x = wasm_f32x4_pmax(wasm_f32x4_pmin(ax, plus), minus);
    const v128_t small = wasm_f32x4_lt(wasm_f32x4_abs(ax), tiny);
    const v128_t x2 = wasm_f32x4_mul(x, x);
    v128_t p = wasm_f32x4_add(wasm_f32x4_mul(x2, a13), a11);
    p = wasm_f32x4_add(wasm_f32x4_mul(x2, p), a9);
    p = wasm_f32x4_add(wasm_f32x4_mul(x2, p), a7);
    p = wasm_f32x4_add(wasm_f32x4_mul(x2, p), a5);
    p = wasm_f32x4_add(wasm_f32x4_mul(x2, p), a3);
    p = wasm_f32x4_add(wasm_f32x4_mul(x2, p), a1);
    p = wasm_f32x4_mul(x, p);
    v128_t q = wasm_f32x4_add(wasm_f32x4_mul(x2, b6), b4);
    q = wasm_f32x4_add(wasm_f32x4_mul(x2, q), b2);
    q = wasm_f32x4_add(wasm_f32x4_mul(x2, q), b0);
    v128_t t = wasm_v128_bitselect(x, wasm_f32x4_div(p, q), small);
    if constexpr (Sigmoid) t = wasm_f32x4_add(wasm_f32x4_mul(half, t), half);
    wasm_v128_store(v + i, t);
  }
  for (; i < n; ++i) {
    if constexpr (Sigmoid) v[i] = 0.5f * Eigen::numext::tanh(0.5f * v[i]) + 0.5f;
    else v[i] = Eigen::numext::tanh(v[i]);
  }
}
}  // namespace detail
#endif

// m = tanh(m) and m = sigmoid(m), in place, for a matrix or a block of one
// (row-major, rows contiguous): the values of tanh_of and sigmoid above. In
// the wasm build float rows go through wasm SIMD (detail::tanh_row_f32).
template <bool Sigmoid, class M>
void activate_in_place(M&& m) {
#if defined(__wasm_simd128__)
  if constexpr (std::is_same_v<typename std::decay_t<M>::Scalar, float>) {
    static_assert(std::decay_t<M>::IsRowMajor, "rows must be contiguous");
    if (m.cols() == 0) return;
    for (Eigen::Index r = 0; r < m.rows(); ++r) detail::tanh_row_f32<Sigmoid>(&m.coeffRef(r, 0), m.cols());
    return;
  }
#endif
  if constexpr (Sigmoid) m = sigmoid(m.array()).matrix();
  else m = tanh_of(m.array()).matrix();
}
template <class M>
void tanh_in_place(M&& m) { activate_in_place<false>(std::forward<M>(m)); }
template <class M>
void sigmoid_in_place(M&& m) { activate_in_place<true>(std::forward<M>(m)); }

}  // namespace rnnlab
