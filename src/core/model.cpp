// model.cpp — the unrolled model of model.hpp: input projection, head, loss,
// initialisation, and the Jacobian norms. The time loops live in the cells.
#include "model.hpp"

#include "det_math.hpp"

#include <Eigen/QR>
#include <Eigen/SVD>
#include <cmath>
#include <cstdint>
#include <limits>

#include "cells/descriptor.hpp"
#include "spectral.hpp"

namespace rnnlab {

const char* init_name(InitKind kind) {
  switch (kind) {
    case InitKind::PyTorch: return "pytorch";
    case InitKind::Xavier: return "xavier";
    case InitKind::Orthogonal: return "orthogonal";
  }
  return "?";
}

bool parse_init(const std::string& name, InitKind* out) {
  for (InitKind k : {InitKind::PyTorch, InitKind::Xavier, InitKind::Orthogonal})
    if (name == init_name(k)) {
      *out = k;
      return true;
    }
  return false;
}

template <class S>
Model<S>::Model(const ModelConfig& cfg) : cfg_(cfg), params_(cfg), grads_(cfg) {
  for (int k = 0; k < cfg.num_layers; ++k) {
    cells_.push_back(make_cell<S>(cfg.cell, cfg.hidden_size));
    cells_.back()->set_layer(k);
  }
  pre_.resize(std::size_t(cfg.num_layers));
  dpre_.resize(std::size_t(cfg.num_layers));
}

namespace {

template <class S>
void fill_uniform(Rng& rng, S* p, std::size_t n, double bound) {
  for (std::size_t k = 0; k < n; ++k) p[k] = S(rng.uniform(-bound, bound));
}

// An orthogonal H x H block (Q of the QR of a Gaussian matrix, sign-fixed).
template <class S>
void fill_orthogonal(Rng& rng, MatMap<S> block_rows, int row0, int H) {
  Eigen::MatrixXd a(H, H);
  for (int r = 0; r < H; ++r)
    for (int c = 0; c < H; ++c) a(r, c) = rng.normal();
  Eigen::HouseholderQR<Eigen::MatrixXd> qr(a);
  Eigen::MatrixXd q = qr.householderQ();
  const Eigen::MatrixXd rm = qr.matrixQR();
  for (int c = 0; c < H; ++c)
    if (rm(c, c) < 0) q.col(c) *= -1.0;
  block_rows.middleRows(row0, H) = q.cast<S>();
}

}  // namespace

template <class S>
void Model<S>::init(Rng& rng, const InitOptions& opts) {
  const int H = cfg_.hidden_size;
  const ParamIndex& ix = params_.index;
  const double k = 1.0 / std::sqrt(double(H));
  if (ix.embedding >= 0) {
    auto e = params_.mat(ix.embedding);
    for (Eigen::Index r = 0; r < e.rows(); ++r)
      for (Eigen::Index c = 0; c < e.cols(); ++c) e(r, c) = S(rng.normal());
  }
  // Recurrent tensors and head: PyTorch's default whatever the kind; the
  // kinds below then overwrite the recurrent weights and biases. Layer by
  // layer, in layout order.
  std::vector<int> uniform;
  for (const LayerIndex& li : ix.layers)
    for (int i : {li.w_ih, li.w_rec, li.bias, li.bias_hn}) uniform.push_back(i);
  uniform.push_back(ix.head_w);
  uniform.push_back(ix.head_b);
  for (int i : uniform) {
    if (i < 0) continue;
    fill_uniform(rng, params_.data.data() + params_.specs[i].offset, params_.specs[i].size(), k);
  }
  const auto& gates = describe(cfg_.cell).gates;
  for (const LayerIndex& li : ix.layers) {
    if (opts.kind != InitKind::PyTorch) {
      auto w_ih = params_.mat(li.w_ih);
      auto w_rec = params_.mat(li.w_rec);
      const int N = int(w_ih.cols());
      const double xi = std::sqrt(6.0 / double(N + H)), xh = std::sqrt(6.0 / double(2 * H));
      fill_uniform(rng, w_ih.data(), std::size_t(w_ih.size()), xi);
      const int rec_blocks = int(w_rec.rows()) / H;
      for (int blk = 0; blk < rec_blocks; ++blk) {
        if (opts.kind == InitKind::Orthogonal)
          fill_orthogonal<S>(rng, w_rec, blk * H, H);
        else
          fill_uniform(rng, w_rec.data() + std::size_t(blk) * H * H, std::size_t(H) * H, xh);
      }
      params_.vec(li.bias).setZero();
      if (li.bias_hn >= 0) params_.vec(li.bias_hn).setZero();
    }
    if (opts.recurrent_gain != 1.0) params_.mat(li.w_rec) *= S(opts.recurrent_gain);
    // The forget gate's bias block, wherever the cell's descriptor puts the gate named f.
    for (std::size_t g = 0; g < gates.size() && opts.forget_bias != 0.0; ++g)
      if (gates[g].name == "f") params_.vec(li.bias).segment(Eigen::Index(g) * H, H).array() += S(opts.forget_bias);
  }
}

template <class S>
int Model<S>::row_target(std::size_t r) const {
  const Batch& b = *batch_;
  if (!b.per_step) return b.targets[r];
  return b.target(int(r % std::size_t(b.B)), int(r / std::size_t(b.B)));  // row (t-1)*B + b
}

template <class S>
double Model<S>::forward(const Batch& batch) {
  batch_ = &batch;
  const int T = batch.T, B = batch.B;
  const ParamIndex& ix = params_.index;
  const std::size_t TB = std::size_t(T) * B;
  for (std::size_t k = 0; k < cells_.size(); ++k) {
    const LayerIndex& li = ix.layers[k];
    const auto W_ih = params_.mat(li.w_ih);
    const auto bias = params_.vec(li.bias);
    Mat<S>& pre = pre_[k];
    safe_resize(pre, TB, W_ih.rows());
    if (k > 0) {
      // h_{k-1}(1..T), one product for every step.
      pre.noalias() = cells_[k - 1]->hidden().middleRows(B, TB) * W_ih.transpose();
      pre.rowwise() += bias;
    } else if (ix.embedding >= 0) {
      const auto E = params_.mat(ix.embedding);
      safe_resize(x_, TB, E.cols());
      for (int t = 0; t < T; ++t)
        for (int b = 0; b < B; ++b) x_.row(std::size_t(t) * B + b) = E.row(batch.token(b, t));
      pre.noalias() = x_ * W_ih.transpose();
      pre.rowwise() += bias;
    } else {
      // One-hot input: x(t) W_ih^T is column `token` of W_ih.
      for (int t = 0; t < T; ++t)
        for (int b = 0; b < B; ++b) pre.row(std::size_t(t) * B + b) = W_ih.col(batch.token(b, t)).transpose() + bias;
    }
    cells_[k]->forward(params_, pre, T, B);
  }
  // The head: on h(T), or on every h(t) in one product.
  const Cell<S>& top = *cells_.back();
  const auto W_head = params_.mat(ix.head_w);
  const std::size_t rows = batch.per_step ? TB : std::size_t(B);
  safe_resize(logits_, rows, W_head.rows());
  if (batch.per_step) logits_.noalias() = top.hidden().middleRows(B, TB) * W_head.transpose();
  else logits_.noalias() = top.h_block(T) * W_head.transpose();
  logits_.rowwise() += params_.vec(ix.head_b);
  // Stable softmax and cross-entropy: log p_y = p_y - max - log sum exp(p - max).
  safe_resize(probs_, rows, logits_.cols());
  double loss = 0;
  counted_ = 0;
  for (std::size_t r = 0; r < rows; ++r) {
    const S mx = logits_.row(r).maxCoeff();
    for (Eigen::Index c = 0; c < probs_.cols(); ++c) probs_(r, c) = det_exp(S(logits_(r, c) - mx));  // det_math.hpp
    const S sum = probs_.row(r).sum();
    probs_.row(r) /= sum;
    const int y = row_target(r);
    if (y < 0) continue;
    loss -= double(logits_(r, y) - mx) - std::log(double(sum));
    ++counted_;
  }
  loss_ = loss / counted_;  // validate_batch guarantees counted_ >= 1
  return loss_;
}

template <class S>
void Model<S>::backward(const DiagnosticsOptions& opts, Diagnostics& d) {
  const Batch& batch = *batch_;
  const int T = batch.T, B = batch.B, H = cfg_.hidden_size, L = int(cells_.size());
  const std::size_t TB = std::size_t(T) * B;
  const ParamIndex& ix = params_.index;
  // Head: dp = (softmax - onehot) / n, zero on rows without a target.
  Mat<S> dp = probs_;
  for (Eigen::Index r = 0; r < dp.rows(); ++r) {
    const int y = row_target(std::size_t(r));
    if (y < 0) dp.row(r).setZero();
    else dp(r, y) -= S(1);
  }
  dp /= S(counted_);
  const Cell<S>& top = *cells_.back();
  const auto W_head = params_.mat(ix.head_w);
  safe_resize(dh_out_, TB, H);
  if (batch.per_step) {
    grads_.mat(ix.head_w).noalias() += dp.transpose() * top.hidden().middleRows(B, TB);
    dh_out_.noalias() = dp * W_head;
  } else {
    grads_.mat(ix.head_w).noalias() += dp.transpose() * top.h_block(T);
    dh_out_.topRows(TB - B).setZero();
    dh_out_.bottomRows(B).noalias() = dp * W_head;
  }
  add_column_sums<S>(grads_.vec(ix.head_b), dp);
  // ||dL/dh_b(T)|| of sequence 0 for the RNN's term factors: only with the one loss L(T).
  const double dl_dh_T =
      batch.per_step ? std::numeric_limits<double>::quiet_NaN() : double(dh_out_.row(std::ptrdiff_t(TB) - B).norm());
  // Through time, layer by layer from the top; each layer's dL/dh_out is the
  // layer above's dL/d(its input).
  std::vector<Diagnostics> per_layer(std::size_t(L > 1 ? L : 0));
  Mat<S> dx;
  for (int k = L - 1; k >= 0; --k) {
    const LayerIndex& li = ix.layers[std::size_t(k)];
    Mat<S>& dpre = dpre_[std::size_t(k)];
    cells_[std::size_t(k)]->backward(params_, grads_, dh_out_, opts.bptt_terms, dpre,
                                     L > 1 ? per_layer[std::size_t(k)] : d);
    add_column_sums<S>(grads_.vec(li.bias), dpre);
    auto dW_ih = grads_.mat(li.w_ih);
    if (k > 0) {
      dW_ih.noalias() += dpre.transpose() * cells_[std::size_t(k) - 1]->hidden().middleRows(B, TB);
      dh_out_.noalias() = dpre * params_.mat(li.w_ih);
    } else if (ix.embedding >= 0) {
      dW_ih.noalias() += dpre.transpose() * x_;
      dx.noalias() = dpre * params_.mat(li.w_ih);
      auto dE = grads_.mat(ix.embedding);
      for (int t = 0; t < T; ++t)
        for (int b = 0; b < B; ++b) dE.row(batch.token(b, t)) += dx.row(std::size_t(t) * B + b);
    } else {
      // One-hot input: dW_ih's column `token` gathers its rows of dpre. Summed
      // into the rows of dW_ih^T (contiguous), in the same row order.
      Mat<S> dW_ihT = Mat<S>::Zero(dW_ih.cols(), dW_ih.rows());
      for (int t = 0; t < T; ++t)
        for (int b = 0; b < B; ++b) dW_ihT.row(batch.token(b, t)) += dpre.row(std::size_t(t) * B + b);
      dW_ih += dW_ihT.transpose();
    }
  }
  d.dh_norms_by_layer.clear();
  d.dc_norms_by_layer.clear();
  d.bptt_terms_by_layer.clear();
  if (L > 1) {
    for (Diagnostics& pl : per_layer) {
      d.dh_norms_by_layer.push_back(pl.dh_norms);
      if (!pl.dc_norms.empty()) d.dc_norms_by_layer.push_back(pl.dc_norms);
      if (!pl.bptt_terms.empty()) d.bptt_terms_by_layer.push_back(pl.bptt_terms);
    }
    Diagnostics& t = per_layer.back();
    d.dh_norms = std::move(t.dh_norms);
    d.dc_norms = std::move(t.dc_norms);
    d.bptt_terms = std::move(t.bptt_terms);
  }
  // Per-tensor gradient norms.
  d.grad_norms.clear();
  double total = 0;
  for (std::size_t i = 0; i < grads_.specs.size(); ++i) {
    const double n = double(grads_.mat(int(i)).norm());
    d.grad_norms.push_back({grads_.specs[i].name, n});
    total += n * n;
  }
  d.grad_norm = d.grad_norm_clipped = std::sqrt(total);
  // Gates, sigma_max, Jacobians and unit traces: the top layer's.
  if (opts.gates) {
    top.gate_traces(d);
  } else {
    d.gates.clear();
    d.cell_norms.clear();
  }
  // sigma_max of the recurrent weights (warm-started across calls), then the
  // on-demand Jacobians (which use it for the RNN's bound) and unit traces.
  const int w_rec = ix.layers.back().w_rec;
  if (opts.spectrum || opts.jacobians) {
    d.recurrent_sigma_max = sigma_.sigma_max(params_.mat(w_rec));
    d.recurrent_tensor = params_.specs[std::size_t(w_rec)].name;
  } else {
    d.recurrent_sigma_max = std::numeric_limits<double>::quiet_NaN();
    d.recurrent_tensor.clear();
  }
  if (opts.jacobians) jacobian_norms(*this, 0, d, dl_dh_T, &dpre_.back());
  if (opts.units) unit_traces(top, describe(cfg_.cell), T, H, d);
  else d.has_units = false;
  classify_gradient(d);
}

template <class S>
std::vector<int> Model<S>::predictions() const {
  std::vector<int> out(logits_.rows());
  for (Eigen::Index b = 0; b < logits_.rows(); ++b) {
    Eigen::Index arg;
    logits_.row(b).maxCoeff(&arg);
    out[b] = int(arg);
  }
  return out;
}

template <class S>
int Model<S>::correct() const {
  const auto pred = predictions();
  int n = 0;
  for (std::size_t r = 0; r < pred.size(); ++r) {
    const int y = row_target(r);
    n += y >= 0 && pred[r] == y;
  }
  return n;
}

template <class S>
Mat<S> state_jacobian(const Model<S>& model, int t, int b) {
  const int L = model.num_layers();
  if (L == 1) return model.cell().state_jacobian(model.params(), t, b);
  // s(t) = [s_0(t); ...; s_top(t)]: the unit cotangents of s(t) go down
  // through step t layer by layer, each layer's dpre times its W_ih becoming
  // the cotangent of the h(t) below.
  const int n1 = model.cell().state_size(), n = L * n1, H = model.config().hidden_size;
  Mat<S> J(n, n), dh = Mat<S>::Zero(n, H), ds_prev, dpre;
  const Mat<S> eye = Mat<S>::Identity(n, n);
  for (int k = L - 1; k >= 0; --k) {
    const Mat<S> ds = eye.middleCols(Eigen::Index(k) * n1, n1);
    model.cell(k).step_vjp(model.params(), t, b, dh, ds, ds_prev, dpre);
    J.middleCols(Eigen::Index(k) * n1, n1) = ds_prev;
    if (k > 0) dh.noalias() = dpre * model.params().mat(model.params().index.layers[std::size_t(k)].w_ih);
  }
  return J;
}

template <class S>
void jacobian_norms(const Model<S>& model, int b, Diagnostics& d, double dl_dh_T, const Mat<S>* dpre) {
  d.jacobian_norms.clear();
  d.jacobian_product_norms.clear();
  d.jacobian_to_T_norms.clear();
  d.jacobian_bounds.clear();
  d.term_factors = {};
  const Cell<S>& cell = model.cell();
  const int L = model.num_layers(), n = L * cell.state_size();
  if (n > kMaxJacobianState) return;
  const int T = int(d.dh_norms.size());
  // J(t) = ds(t)/ds(t-1), kept for the products toward T.
  std::vector<Mat<S>> J(std::size_t(T) + 1);
  Mat<S> prod = Mat<S>::Identity(n, n);
  for (int t = 1; t <= T; ++t) {
    J[t] = state_jacobian(model, t, b);
    const Mat<S> next = J[t] * prod;  // ds(t)/ds(0) = J(t) ... J(1)
    prod = next;
    d.jacobian_norms.push_back(spectral_norm(J[t]));
    d.jacobian_product_norms.push_back(spectral_norm(prod));
  }
  // ds(T)/ds(i) = J(T) ... J(i+1), from i = T-1 down to 0.
  d.jacobian_to_T_norms.assign(T, 0.0);
  prod = Mat<S>::Identity(n, n);
  for (int i = T - 1; i >= 0; --i) {
    const Mat<S> next = prod * J[std::size_t(i) + 1];
    prod = next;
    d.jacobian_to_T_norms[i] = spectral_norm(prod);
  }
  // The vanilla RNN: ||J(t)|| <= max_k (1 - h_k(t)^2) ||W_hh||, and term(i)'s factors.
  if (L > 1 || cell.tanh_slope_max(1, b) < 0 || !std::isfinite(d.recurrent_sigma_max)) return;
  const Mat<S>& h = cell.hidden();
  const int B = int(h.rows() / (T + 1));
  auto& f = d.term_factors;
  for (int t = 1; t <= T; ++t) d.jacobian_bounds.push_back(cell.tanh_slope_max(t, b) * d.recurrent_sigma_max);
  if (!std::isfinite(dl_dh_T)) return;  // term(i) factors as the notes write them: one loss L(T)
  f.dl_dh_T = dl_dh_T;
  for (int t = 1; t <= T; ++t) {
    const double slope = cell.tanh_slope_max(t, b);
    const double h_prev = double(h.row(std::size_t(t - 1) * B + b).norm());
    f.partial_norms.push_back(slope * h_prev);
    const double to_T = t == T ? 1.0 : d.jacobian_to_T_norms[t];
    f.bounds.push_back(dl_dh_T * to_T * slope * h_prev);
    // term(t) of sequence b = da_b(t)^T h_b(t-1): rank one, so its Frobenius
    // norm is the product of the two vectors' norms (da = dpre for the RNN).
    f.norms.push_back(dpre ? double(dpre->row(std::size_t(t - 1) * B + b).norm()) * h_prev : 0.0);
  }
}

template <class S>
void unit_traces(const Cell<S>& cell, const CellDescriptor& desc, int T, int H, Diagnostics& d) {
  d.has_units = false;
  d.units_first = {};
  d.units_mean = {};
  d.units_omitted.clear();
  d.units_T = T;
  d.units_H = H;
  if (std::int64_t(T) * H > kMaxUnitTraceEntries) {
    d.units_omitted = "T x H = " + std::to_string(std::int64_t(T) * H) + " is above " +
                      std::to_string(kMaxUnitTraceEntries) + ": too many to send and draw per step";
    return;
  }
  const int B = int(cell.hidden().rows() / (T + 1));
  // rows of `m` for step t start at (t + offset) * B; columns col0 .. col0+H-1.
  auto fill = [&](const Mat<S>& m, int offset, Eigen::Index col0, std::vector<double>& first,
                  std::vector<double>& mean) {
    first.resize(std::size_t(T) * H);
    mean.resize(std::size_t(T) * H);
    for (int t = 1; t <= T; ++t) {
      const auto block = m.middleRows(std::size_t(t - 1 + offset) * B, B).middleCols(col0, H);
      for (int k = 0; k < H; ++k) {
        first[std::size_t(t - 1) * H + k] = double(block(0, k));
        mean[std::size_t(t - 1) * H + k] = double(block.col(k).sum()) / B;
      }
    }
  };
  fill(cell.hidden(), 1, 0, d.units_first.h, d.units_mean.h);
  if (const Mat<S>* c = cell.cell_states()) fill(*c, 1, 0, d.units_first.c, d.units_mean.c);
  if (const Mat<S>* act = cell.gate_activations()) {
    for (std::size_t k = 0; k < desc.gates.size(); ++k) {
      d.units_first.gates.push_back({desc.gates[k].name, {}});
      d.units_mean.gates.push_back({desc.gates[k].name, {}});
      fill(*act, 0, Eigen::Index(k) * H, d.units_first.gates.back().second, d.units_mean.gates.back().second);
    }
  }
  d.has_units = true;
}

template class Model<float>;
template class Model<double>;
template Mat<float> state_jacobian<float>(const Model<float>&, int, int);
template Mat<double> state_jacobian<double>(const Model<double>&, int, int);
template void jacobian_norms<float>(const Model<float>&, int, Diagnostics&, double, const Mat<float>*);
template void jacobian_norms<double>(const Model<double>&, int, Diagnostics&, double, const Mat<double>*);

}  // namespace rnnlab
