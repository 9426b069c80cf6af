// spectral.hpp — the largest singular value of a matrix, two ways:
//
//   spectral_norm(M)   exact to rounding: a divide-and-conquer SVD (singular
//                      values only). For the state Jacobians (S <= 512).
//   PowerIteration     sigma_max by power iteration on M^T M, warm-started
//                      from the previous call's vector: for the recurrent
//                      weight matrix, every reported training step, where the
//                      matrix changes a little between calls.
//
// Power iteration: v <- M^T M v / ||M^T M v||, sigma = ||M v|| (a lower
// bound of sigma_max that rises to it). It stops when sigma changes by less
// than kPowerTolerance (relative) between iterations, or after max_iter.
// The error after stopping is below the last change divided by the gap
// ratio's complement; with the tolerance at 1e-12 the estimates agree with
// the SVD to about 1e-8 relative even for random matrices whose top two
// singular values are close (tests/cpp/test_spectral.cpp).
// Does no I/O.
#pragma once
#include <Eigen/Dense>
#include <Eigen/SVD>
#include <cmath>

namespace rnnlab {

template <class Derived>
double spectral_norm(const Eigen::MatrixBase<Derived>& M) {
  const Eigen::MatrixXd m = M.template cast<double>();
  if (m.size() == 0) return 0.0;
  Eigen::BDCSVD<Eigen::MatrixXd> svd(m);
  return svd.singularValues()(0);
}

constexpr double kPowerTolerance = 1e-12;

class PowerIteration {
 public:
  // Cold start: this many iterations at most; warm: kWarmIterations.
  static constexpr int kColdIterations = 1000;
  static constexpr int kWarmIterations = 200;

  template <class Derived>
  double sigma_max(const Eigen::MatrixBase<Derived>& M) {
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
