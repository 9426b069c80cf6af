// gradcheck.hpp — central finite differences against the hand-written
// backward pass, in double precision, for every parameter tensor.
//
//   numeric_k = (L(theta + eps e_k) - L(theta - eps e_k)) / (2 eps)
//   rel_err_k = |analytic_k - numeric_k| / max(|analytic_k|, |numeric_k|, floor)
// The floor (default 1e-2) keeps entries whose gradient is itself at the
// level of the finite-difference rounding (~1e-10) from dominating; above it
// the error is purely relative. Does no I/O.
#pragma once
#include <string>
#include <vector>

#include "batch.hpp"
#include "model.hpp"

namespace rnnlab {

struct GradcheckOptions {
  double eps = 1e-5;
  double floor = 1e-2;
  int max_per_tensor = 0;  // 0: every entry; else this many entries spread evenly
  std::string tensor;      // "": every tensor; else only this one (its engine name)
};

struct TensorCheck {
  std::string name;
  int checked = 0;
  double max_rel_error = 0, max_abs_error = 0;
};

struct GradcheckResult {
  std::vector<TensorCheck> tensors;
  double max_rel_error = 0;
  double loss = 0;
  std::string error;  // "" or why nothing was checked (an unknown `tensor`)
};

// model's parameters are restored on return; its gradients are overwritten.
GradcheckResult gradcheck(Model<double>& model, const Batch& batch, const GradcheckOptions& opts = {});

}  // namespace rnnlab
