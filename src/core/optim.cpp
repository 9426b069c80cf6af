// optim.cpp — the update rules of optim.hpp, written as PyTorch 1.13 writes
// them (torch/optim/{sgd,rmsprop,adam}.py, single-tensor path), so that
// float64 runs agree with PyTorch to rounding.
#include "optim.hpp"

#include "det_math.hpp"

#include "config.hpp"

#include <cmath>

namespace rnnlab {

const char* optim_name(OptimKind kind) {
  switch (kind) {
    case OptimKind::Sgd: return "sgd";
    case OptimKind::RmsProp: return "rmsprop";
    case OptimKind::Adam: return "adam";
  }
  return "?";
}

bool parse_optim(const std::string& name, OptimKind* out) {
  for (OptimKind k : {OptimKind::Sgd, OptimKind::RmsProp, OptimKind::Adam})
    if (name == optim_name(k)) {
      *out = k;
      return true;
    }
  return false;
}

std::string validate(const OptimConfig& c) {
  auto bad = [](double x) { return !std::isfinite(x); };
  if (bad(c.lr) || c.lr <= 0 || c.lr > 100) return "learning rate must be a number in (0, 100] (got " + format_number(c.lr) + ")";
  if (bad(c.momentum) || c.momentum < 0 || c.momentum >= 1) return "momentum must be in [0, 1)";
  if (c.nesterov && c.momentum <= 0) return "nesterov needs momentum > 0";
  if (bad(c.alpha) || c.alpha < 0 || c.alpha >= 1) return "rmsprop alpha must be in [0, 1)";
  if (bad(c.beta1) || c.beta1 < 0 || c.beta1 >= 1) return "adam beta1 must be in [0, 1)";
  if (bad(c.beta2) || c.beta2 < 0 || c.beta2 >= 1) return "adam beta2 must be in [0, 1)";
  if (bad(c.eps) || c.eps <= 0) return "eps must be positive";
  return "";
}

template <class S>
Optimizer<S>::Optimizer(const OptimConfig& cfg, std::size_t n) : cfg_(cfg), m_(n, S(0)), v_(n, S(0)) {}

template <class S>
void Optimizer<S>::step(S* p, const S* g, std::size_t n) {
  ++t_;
  const S lr = S(cfg_.lr), mu = S(cfg_.momentum);
  switch (cfg_.kind) {
    case OptimKind::Sgd:
      // buf = g (first step) or mu*buf + g;  d = nesterov ? g + mu*buf : buf;  p -= lr*d
      for (std::size_t k = 0; k < n; ++k) {
        S d = g[k];
        if (mu != S(0)) {
          m_[k] = t_ == 1 ? g[k] : mu * m_[k] + g[k];
          d = cfg_.nesterov ? g[k] + mu * m_[k] : m_[k];
        }
        p[k] -= lr * d;
      }
      break;
    case OptimKind::RmsProp: {
      // v = alpha*v + (1-alpha)*g^2;  avg = sqrt(v) + eps;
      // momentum: buf = mu*buf + g/avg, p -= lr*buf;  else p -= lr*g/avg
      const S alpha = S(cfg_.alpha), eps = S(cfg_.eps);
      for (std::size_t k = 0; k < n; ++k) {
        v_[k] = alpha * v_[k] + (S(1) - alpha) * g[k] * g[k];
        const S avg = std::sqrt(v_[k]) + eps;
        if (mu != S(0)) {
          m_[k] = mu * m_[k] + g[k] / avg;
          p[k] -= lr * m_[k];
        } else {
          p[k] -= lr * (g[k] / avg);
        }
      }
      break;
    }
    case OptimKind::Adam: {
      // m = b1*m + (1-b1)*g;  v = b2*v + (1-b2)*g^2;
      // p -= (lr / (1-b1^t)) * m / (sqrt(v) / sqrt(1-b2^t) + eps)
      const S b1 = S(cfg_.beta1), b2 = S(cfg_.beta2), eps = S(cfg_.eps);
      const S bc1 = S(1) - S(det_pow(cfg_.beta1, t_));  // det_math.hpp: the same bits in every build
      const S bc2 = S(1) - S(det_pow(cfg_.beta2, t_));
      const S step_size = lr / bc1, bc2_sqrt = std::sqrt(bc2);
      for (std::size_t k = 0; k < n; ++k) {
        m_[k] = m_[k] * b1 + g[k] * (S(1) - b1);
        v_[k] = v_[k] * b2 + g[k] * g[k] * (S(1) - b2);
        const S denom = std::sqrt(v_[k]) / bc2_sqrt + eps;
        p[k] += -step_size * (m_[k] / denom);
      }
      break;
    }
  }
}

template <class S>
double clip_grad_norm(ParamSet<S>& g, double max_norm, double* after) {
  double total = 0;
  for (std::size_t i = 0; i < g.specs.size(); ++i) {
    const double n = double(g.mat(int(i)).norm());
    total += n * n;
  }
  total = std::sqrt(total);
  double out = total;
  if (max_norm > 0) {
    const double coef = max_norm / (total + 1e-6);
    if (coef < 1.0) {
      for (auto& x : g.data) x *= S(coef);
      out = total * coef;
    }
  }
  if (after) *after = out;
  return total;
}

template class Optimizer<float>;
template class Optimizer<double>;
template double clip_grad_norm<float>(ParamSet<float>&, double, double*);
template double clip_grad_norm<double>(ParamSet<double>&, double, double*);

}  // namespace rnnlab
