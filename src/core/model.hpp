// model.hpp — input (one-hot or embedding) -> one recurrent cell -> linear
// head on h(T) -> softmax cross-entropy (mean over the batch); its unrolled
// forward pass and hand-written backpropagation through time.
//
//   forward   x(t) = onehot(token) or E[token]            (B x N)
//             pre(t) = x(t) W_ih^T + b                    (B x G*H, all t in one product)
//             h(1..T) = cell(pre)                         (cells/*.hpp)
//             p = h(T) W_head^T + b_head                  (B x C)
//             L = -(1/B) sum_b log softmax(p_b)[y_b]
//   backward  dp = (softmax(p) - onehot(y)) / B
//             dW_head += dp^T h(T); db_head += sum_b dp;  dh(T) = dp W_head
//             dpre = cell.backward(dh(T))                 (T*B x G*H)
//             db += sum dpre;  dW_ih += dpre^T x;  dE[token] += dpre W_ih
//
// Backward ADDS into grads(); the caller zeroes them once per step. The
// model trusts its inputs: call validate_batch() first. Does no I/O.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "batch.hpp"
#include "cells/cell.hpp"
#include "diagnostics.hpp"
#include "model_config.hpp"
#include "params.hpp"
#include "rng.hpp"
#include "spectral.hpp"

namespace rnnlab {

enum class InitKind { PyTorch, Xavier, Orthogonal };
const char* init_name(InitKind kind);
bool parse_init(const std::string& name, InitKind* out);

struct InitOptions {
  InitKind kind = InitKind::PyTorch;
  // Added to the forget-gate bias (lstm, peephole_lstm) after initialisation.
  double forget_bias = 0.0;
  // Multiplies the recurrent weights (W_hh, or W_ch) after initialisation:
  // above 1 (with orthogonal init) makes gradients explode, below 1 vanish.
  double recurrent_gain = 1.0;
};

template <class S>
class Model {
 public:
  explicit Model(const ModelConfig& cfg);  // cfg must pass validate()

  const ModelConfig& config() const { return cfg_; }
  ParamSet<S>& params() { return params_; }
  const ParamSet<S>& params() const { return params_; }
  ParamSet<S>& grads() { return grads_; }
  const ParamSet<S>& grads() const { return grads_; }

  // PyTorch default: every weight and bias uniform in +-1/sqrt(H) (one draw
  // per gate bias), embedding N(0, 1). Xavier: uniform +-sqrt(6/(fan_in +
  // fan_out)) per gate block, biases 0. Orthogonal: recurrent gate blocks
  // orthogonal, input blocks Xavier, biases 0.
  void init(Rng& rng, const InitOptions& opts = {});

  // Forward over a validated batch; keeps the caches for backward. Returns the loss.
  double forward(const Batch& batch);
  // After forward: adds the gradients into grads() and fills d (everything
  // but the clipping norms, which the trainer sets).
  void backward(const DiagnosticsOptions& opts, Diagnostics& d);

  const Mat<S>& logits() const { return logits_; }    // B x C
  const Mat<S>& probs() const { return probs_; }      // B x C, softmax of logits
  std::vector<int> predictions() const;                // argmax per sequence
  int correct() const;                                 // predictions == targets
  double loss() const { return loss_; }
  const Cell<S>& cell() const { return *cell_; }

 private:
  ModelConfig cfg_;
  ParamSet<S> params_, grads_;
  std::unique_ptr<Cell<S>> cell_;
  const Batch* batch_ = nullptr;
  Mat<S> x_, pre_, dpre_, logits_, probs_;
  double loss_ = 0;
  PowerIteration sigma_;  // warm start for sigma_max(W_rec) across backward passes
};

// Spectral norms of the per-step state Jacobians and of their products
// (Diagnostics::jacobian_norms, jacobian_product_norms, jacobian_to_T_norms),
// by SVD, for sequence b after a backward pass; for the vanilla RNN also the
// bounds and term(i)'s factors, from d.recurrent_sigma_max, dl_dh_T =
// ||dL/dh_b(T)|| and dpre (the model's dL/dpre). Left empty above S = kMaxJacobianState.
template <class S>
void jacobian_norms(const Model<S>& model, int b, Diagnostics& d, double dl_dh_T, const Mat<S>* dpre);

}  // namespace rnnlab
