// gemm.hpp — the engine's matrix products in the hot loops, C (+)= A B and
// C += A^T B, on row-major matrices (or row blocks of them).
//
// Natively (and for double) these are Eigen products. For float in
// WebAssembly with SIMD they run a small hand-written wasm_simd128 kernel:
// Eigen 3.4 has no WebAssembly packet math, so its product falls back to a
// scalar 1x4 micro-kernel there (about 70% of an LSTM step, profiled).
// The kernel keeps a 4 x 8 tile of C in registers and works through k in
// panels of 128 (so a panel of B stays in cache for every row block of A);
// it is plain multiply-add, so results differ from Eigen's only in the
// order of summation. Deliberately not: a general BLAS, or packing/blocking
// for matrices far larger than the engine's (H <= 4096).
#pragma once
#include <algorithm>
#include <vector>

#include "tensor.hpp"

#if defined(__wasm_simd128__)
#include <wasm_simd128.h>
#endif

namespace rnnlab {

#if defined(__wasm_simd128__) || defined(RNNLAB_WASM_ARITHMETIC)
#define RNNLAB_GEMM_F32_KERNEL 1
#endif

#if defined(RNNLAB_WASM_ARITHMETIC) && !defined(__wasm_simd128__)
namespace detail {
// The wasm kernel's arithmetic in portable C++, for a native build that must
// round exactly as the wasm build does (RNNLAB_WASM_ARITHMETIC: `rnnlab
// verify`'s replay, report.hpp): each C[i,j] is the sum over k from 0, in
// k order, of A(i,k) B[k,j] (a multiply then an add: built with
// -ffp-contract=off), then C[i,j] + that sum when adding.
inline void gemm_f32_wasm_panel(int M, int N, int K, const float* A, long sai, long sak, const float* B, long ldb,
                                float* C, long ldc, bool add) {
  std::vector<float> s(static_cast<std::size_t>(N));
  for (int i = 0; i < M; ++i) {
    const float* ar = A + i * sai;
    std::fill(s.begin(), s.end(), 0.f);
    for (int k = 0; k < K; ++k) {
      const float a = ar[k * sak];
      const float* b = B + k * ldb;
      for (int j = 0; j < N; ++j) s[std::size_t(j)] += a * b[j];
    }
    float* c = C + i * ldc;
    for (int j = 0; j < N; ++j) c[j] = add ? c[j] + s[std::size_t(j)] : s[std::size_t(j)];
  }
}
}  // namespace detail
#endif

#if defined(__wasm_simd128__)
namespace detail {
// An R x 8 tile of C at column j: C[i,j..j+7] (+)= sum_k A(i,k) B[k,j..j+7],
// A(i,k) = A[i*sai + k*sak], each A value loaded straight into all four lanes
// (v128.load32_splat).
template <int R>
inline void gemm_f32_wasm_tile(int K, const float* A, long sai, long sak, const float* B, long ldb, float* C,
                               long ldc, bool add, int j) {
  v128_t x[R][2];
  for (int r = 0; r < R; ++r) x[r][0] = x[r][1] = wasm_f32x4_splat(0.f);
  const float* b = B + j;
  const float* a = A;
  for (int k = 0; k < K; ++k, b += ldb, a += sak) {
    const v128_t b0 = wasm_v128_load(b), b1 = wasm_v128_load(b + 4);
    for (int r = 0; r < R; ++r) {
      const v128_t s = wasm_v128_load32_splat(a + r * sai);
      x[r][0] = wasm_f32x4_add(x[r][0], wasm_f32x4_mul(s, b0));
      x[r][1] = wasm_f32x4_add(x[r][1], wasm_f32x4_mul(s, b1));
    }
  }
  for (int r = 0; r < R; ++r) {
    float* c = C + r * ldc + j;
    if (add) {
      x[r][0] = wasm_f32x4_add(x[r][0], wasm_v128_load(c));
      x[r][1] = wasm_f32x4_add(x[r][1], wasm_v128_load(c + 4));
    }
    wasm_v128_store(c, x[r][0]);
    wasm_v128_store(c + 4, x[r][1]);
  }
}

// R rows of C: tiles of 8 columns, then the right edge one column at a time.
template <int R>
inline void gemm_f32_wasm_rows(int N, int K, const float* A, long sai, long sak, const float* B, long ldb, float* C,
                               long ldc, bool add) {
  int j = 0;
  for (; j + 8 <= N; j += 8) gemm_f32_wasm_tile<R>(K, A, sai, sak, B, ldb, C, ldc, add, j);
  for (; j < N; ++j)
    for (int r = 0; r < R; ++r) {
      const float* ar = A + r * sai;
      float s = 0.f;
      for (int k = 0; k < K; ++k) s += ar[k * sak] * B[k * ldb + j];
      float* c = C + r * ldc + j;
      *c = add ? *c + s : s;
    }
}

// C[i,j] (+)= sum_k A(i,k) B[k,j]; B, C row-major. Tiles of 4 x 8 (in V8,
// 6 x 8 was faster only on the A^T B products, and much slower at M = 32),
// the bottom edge one row at a time.
inline void gemm_f32_wasm_panel(int M, int N, int K, const float* A, long sai, long sak, const float* B, long ldb,
                                float* C, long ldc, bool add) {
  int i = 0;
  for (; i + 4 <= M; i += 4) gemm_f32_wasm_rows<4>(N, K, A + i * sai, sai, sak, B, ldb, C + i * ldc, ldc, add);
  for (; i < M; ++i) gemm_f32_wasm_rows<1>(N, K, A + i * sai, sai, sak, B, ldb, C + i * ldc, ldc, add);
}

}  // namespace detail
#endif

#if defined(RNNLAB_GEMM_F32_KERNEL)
namespace detail {
#ifndef RNNLAB_GEMM_KC
#define RNNLAB_GEMM_KC 128
#endif
// The product in panels of KC values of k: each panel of B (KC x N) stays in
// cache while every row block of A passes over it.
inline void gemm_f32_wasm(int M, int N, int K, const float* A, long sai, long sak, const float* B, long ldb,
                          float* C, long ldc, bool add) {
  const int KC = RNNLAB_GEMM_KC;
  if (K == 0 && !add) {
    for (int i = 0; i < M; ++i)
      for (int j = 0; j < N; ++j) C[i * ldc + j] = 0.f;
    return;
  }
  for (int k0 = 0; k0 < K; k0 += KC)
    gemm_f32_wasm_panel(M, N, std::min(KC, K - k0), A + k0 * sak, sai, sak, B + k0 * ldb, ldb, C, ldc, add || k0 > 0);
}
}  // namespace detail
#endif

// C = A B (add = false) or C += A B (add = true). A: M x K, B: K x N, C: M x N;
// each row-major with contiguous rows (a Mat, or middleRows of one), C
// distinct from A and B.
template <class MC, class MA, class MB>
void gemm_nn(MC&& C, const MA& A, const MB& B, bool add) {
  using S = typename std::decay_t<MC>::Scalar;
#if defined(RNNLAB_GEMM_F32_KERNEL)
  if constexpr (std::is_same_v<S, float>) {
    detail::gemm_f32_wasm(int(C.rows()), int(C.cols()), int(A.cols()), A.data(), A.outerStride(), 1, B.data(),
                          B.outerStride(), C.data(), C.outerStride(), add);
    return;
  }
#endif
  (void)sizeof(S);
  if (add)
    C.noalias() += A * B;
  else
    C.noalias() = A * B;
}

// C += A^T B. A: K x M, B: K x N, C: M x N; row-major, contiguous rows.
template <class MC, class MA, class MB>
void gemm_tn_add(MC&& C, const MA& A, const MB& B) {
  using S = typename std::decay_t<MC>::Scalar;
#if defined(RNNLAB_GEMM_F32_KERNEL)
  if constexpr (std::is_same_v<S, float>) {
    detail::gemm_f32_wasm(int(C.rows()), int(C.cols()), int(A.rows()), A.data(), 1, A.outerStride(), B.data(),
                          B.outerStride(), C.data(), C.outerStride(), true);
    return;
  }
#endif
  (void)sizeof(S);
  C.noalias() += A.transpose() * B;
}

}  // namespace rnnlab
