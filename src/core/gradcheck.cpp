// gradcheck.cpp — see gradcheck.hpp.
#include "gradcheck.hpp"

#include <algorithm>
#include <cmath>

namespace rnnlab {

GradcheckResult gradcheck(Model<double>& model, const Batch& batch, const GradcheckOptions& opts) {
  GradcheckResult res;
  DiagnosticsOptions dopts;
  dopts.bptt_terms = false;
  dopts.gates = false;
  Diagnostics d;
  model.grads().zero();
  res.loss = model.forward(batch);
  model.backward(dopts, d);
  const std::vector<double> analytic(model.grads().data.begin(), model.grads().data.end());
  auto& p = model.params();
  if (!opts.tensor.empty()) {
    std::string names;
    bool found = false;
    for (const auto& spec : p.specs) {
      found = found || spec.name == opts.tensor;
      names += (names.empty() ? "" : ", ") + spec.name;
    }
    if (!found) {
      res.error = "no tensor named '" + opts.tensor + "' in this model (its tensors: " + names + ")";
      return res;
    }
  }
  for (const auto& spec : p.specs) {
    if (!opts.tensor.empty() && spec.name != opts.tensor) continue;
    TensorCheck tc;
    tc.name = spec.name;
    const std::size_t n = spec.size();
    const std::size_t count = opts.max_per_tensor > 0 ? std::min<std::size_t>(n, opts.max_per_tensor) : n;
    for (std::size_t s = 0; s < count; ++s) {
      const std::size_t k = spec.offset + (count == n ? s : (s * n) / count);
      const double saved = p.data[k];
      p.data[k] = saved + opts.eps;
      const double lp = model.forward(batch);
      p.data[k] = saved - opts.eps;
      const double lm = model.forward(batch);
      p.data[k] = saved;
      const double numeric = (lp - lm) / (2 * opts.eps);
      const double a = analytic[k];
      const double abs_err = std::abs(a - numeric);
      const double rel = abs_err / std::max({std::abs(a), std::abs(numeric), opts.floor});
      tc.max_abs_error = std::max(tc.max_abs_error, abs_err);
      tc.max_rel_error = std::max(tc.max_rel_error, rel);
      ++tc.checked;
    }
    res.max_rel_error = std::max(res.max_rel_error, tc.max_rel_error);
    res.tensors.push_back(tc);
  }
  model.forward(batch);  // leave the caches matching the restored parameters
  return res;
}

}  // namespace rnnlab
