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
#include "lanes.hpp"

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

// v += the column sums of m (m.colwise().sum()), summed row after row: each
// pass reads one contiguous row of the row-major m, where Eigen's colwise
// sum walks every column down the rows (a cache miss per entry on a step's
// T*B x G*H gradients). Each sum still runs over the rows in order.
template <class S, class V, class M>
void add_column_sums(V&& v, const M& m) {
  if (m.rows() == 0) return;
  Vec<S> s = m.row(0);
  for (Eigen::Index r = 1; r < m.rows(); ++r) s += m.row(r);
  v += s;
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

// m = tanh(m) and m = sigmoid(m), in place, for a matrix or a block of one
// (row-major, rows contiguous): the values of tanh_of and sigmoid above. In
// the wasm build float rows go through lanes.hpp (four floats at a time).
template <bool Sigmoid, class M>
void activate_in_place(M&& m) {
#if defined(__wasm_simd128__)
  if constexpr (std::is_same_v<typename std::decay_t<M>::Scalar, float>) {
    static_assert(std::decay_t<M>::IsRowMajor, "rows must be contiguous");
    for (Eigen::Index r = 0; r < m.rows(); ++r) {
      float* row = &m.coeffRef(r, 0);
      for_lanes<float>(m.cols(), [&](auto v, Eigen::Index j) {
        const auto x = decltype(v)::load(row + j);
        (Sigmoid ? sigmoid(x) : tanh(x)).store(row + j);
      });
    }
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
