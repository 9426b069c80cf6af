// spectral.hpp — the largest singular value of a matrix, two ways:
//
//   spectral_norm(M)   exact to rounding: the largest eigenvalue of M^T M by
//                      a symmetric eigensolver. For the state Jacobians
//                      (S <= 512) and for recurrent weight matrices of at
//                      most kExactSigmaCols columns.
//   PowerIteration     sigma_max by power iteration on M^T M, warm-started
//                      from the previous call's vector: for larger recurrent
//                      weight matrices, every reported training step, where
//                      the matrix changes a little between calls.
//
// Power iteration: v <- M^T M v / ||M^T M v||, sigma = ||M v|| (a lower
// bound of sigma_max that rises to it). It stops when sigma changes by less
// than kPowerTolerance (relative) between iterations, or after
// kColdIterations (first call) / kWarmIterations. Measured on random
// matrices, whose top singular values are close (tests/cpp/test_derivation.cpp):
// within 1e-5 relative below the SVD's value, warm or cold.
// Does no I/O.
#pragma once
#include <Eigen/Dense>
#include <Eigen/Eigenvalues>
#include <algorithm>
#include <cmath>

namespace rnnlab {

// sqrt of the largest eigenvalue of M^T M (or M M^T, the smaller), by a
// symmetric eigensolver: about three times faster than an SVD for the
// largest singular value alone, and as accurate for it (the largest
// eigenvalue of a symmetric matrix is perfectly conditioned: its error is a
// few units of rounding of ||M||^2).
template <class Derived>
double spectral_norm(const Eigen::MatrixBase<Derived>& M) {
  const Eigen::MatrixXd m = M.template cast<double>();
  if (m.size() == 0) return 0.0;
  const Eigen::MatrixXd g = m.rows() < m.cols() ? Eigen::MatrixXd(m * m.transpose()) : Eigen::MatrixXd(m.transpose() * m);
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(g, Eigen::EigenvaluesOnly);
  return std::sqrt(std::max(0.0, eig.eigenvalues()(g.rows() - 1)));
}

constexpr double kPowerTolerance = 1e-12;
// Up to this many columns (H), sigma_max(W_rec) is computed exactly.
constexpr int kExactSigmaCols = 128;

class PowerIteration {
 public:
  // Cold start: this many iterations at most; warm: kWarmIterations.
  static constexpr int kColdIterations = 1000;
  static constexpr int kWarmIterations = 200;

  // Exact (spectral_norm) up to kExactSigmaCols columns, else by iteration.
  template <class Derived>
  double sigma_max(const Eigen::MatrixBase<Derived>& M) {
    if (M.cols() <= kExactSigmaCols) return spectral_norm(M);
    return iterate(M);
  }

  template <class Derived>
  double iterate(const Eigen::MatrixBase<Derived>& M) {
    const Eigen::MatrixXd m = M.template cast<double>();
    if (m.size() == 0) return 0.0;
    int max_iter = kWarmIterations;
    if (v_.size() != m.cols() || !v_.allFinite() || v_.norm() == 0) {
      // A fixed start that no matrix of interest is orthogonal to in practice.
      v_ = Eigen::VectorXd::LinSpaced(m.cols(), 1.0, 2.0).normalized();
      max_iter = kColdIterations;
    }
    double sigma = (m * v_).norm();
    last_iterations_ = 0;
    for (int k = 0; k < max_iter; ++k) {
      Eigen::VectorXd w = m.transpose() * (m * v_);
      const double n = w.norm();
      if (!(n > 0) || !std::isfinite(n)) break;  // M v = 0, or M not finite: sigma stays as is
      v_ = w / n;
      const double next = (m * v_).norm();
      ++last_iterations_;
      const bool done = std::abs(next - sigma) <= kPowerTolerance * next;
      sigma = next;
      if (done) break;
    }
    return sigma;
  }
  int last_iterations() const { return last_iterations_; }
  void reset() { v_.resize(0); }

 private:
  Eigen::VectorXd v_;
  int last_iterations_ = 0;
};

}  // namespace rnnlab
