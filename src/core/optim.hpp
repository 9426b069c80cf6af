// optim.hpp — SGD (momentum, Nesterov), RMSprop and Adam with PyTorch 1.13's
// update rules and defaults, and gradient clipping by global norm with
// torch.nn.utils.clip_grad_norm_ semantics.
//
// Each optimizer is one loop over the flat parameter buffer; its state is one
// flat buffer per moment and ONE step counter per optimizer (Adam's bias
// correction never depends on the number of tensors). Does no I/O.
#pragma once
#include <cstddef>
#include <string>
#include <vector>

#include "params.hpp"

namespace rnnlab {

enum class OptimKind { Sgd, RmsProp, Adam };
const char* optim_name(OptimKind kind);
bool parse_optim(const std::string& name, OptimKind* out);

struct OptimConfig {
  OptimKind kind = OptimKind::Adam;
  double lr = 0.01;
  double momentum = 0.0;   // sgd, rmsprop
  bool nesterov = false;   // sgd (needs momentum > 0)
  double alpha = 0.99;     // rmsprop smoothing
  double beta1 = 0.9, beta2 = 0.999;  // adam
  double eps = 1e-8;       // rmsprop, adam
};

std::string validate(const OptimConfig& cfg);

template <class S>
class Optimizer {
 public:
  Optimizer(const OptimConfig& cfg, std::size_t n);
  // One update of p from g (both of n entries).
  void step(S* p, const S* g, std::size_t n);
  // The same on two vectors of n entries (any allocator).
  template <class V>
  void step(V& p, const V& g) {
    step(p.data(), g.data(), p.size());
  }
  long steps() const { return t_; }
  const OptimConfig& config() const { return cfg_; }
  // The whole state (a run report's checkpoint, report.hpp): the step count
  // and the two moment buffers, n entries each.
  const std::vector<S>& first_moment() const { return m_; }
  const std::vector<S>& second_moment() const { return v_; }
  // Puts a saved state back; false (nothing changed) if a buffer is not n long.
  bool restore(long t, const std::vector<S>& m, const std::vector<S>& v) {
    if (t < 0 || m.size() != m_.size() || v.size() != v_.size()) return false;
    t_ = t;
    m_ = m;
    v_ = v;
    return true;
  }

 private:
  OptimConfig cfg_;
  long t_ = 0;
  std::vector<S> m_, v_;  // sgd: m = momentum buffer; rmsprop: v = square avg, m = momentum; adam: m, v
};

// Scales g so that its global norm is at most max_norm, as PyTorch does:
// total = ||(||g_k||)_k||, g *= min(1, max_norm / (total + 1e-6)).
// Returns the norm before clipping; *after receives the norm after.
template <class S>
double clip_grad_norm(ParamSet<S>& g, double max_norm, double* after = nullptr);

}  // namespace rnnlab
