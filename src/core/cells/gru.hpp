// gru.hpp — the GRU cell with PyTorch's equations (gate blocks r, z, n).
//
//   forward   hh = h(t-1) W_hh^T                      (B x 3H: hh_r hh_z hh_n)
//             r = sigmoid(pre_r + hh_r)   z = sigmoid(pre_z + hh_z)
//             hn = hh_n + b_hn                        (PyTorch's separate hidden bias of n)
//             n = tanh(pre_n + r*hn)
//             h(t) = (1-z)*n + z*h(t-1)
//   backward  dh(t) = dh_out(t) + dh(t+1)*z(t+1) + dhh(t+1) W_hh   (total)
//             da_n = dh*(1-z)*(1-n^2)   da_r = da_n*hn*r(1-r)   da_z = dh*(h(t-1)-n)*z(1-z)
//             dpre = [da_r, da_z, da_n]   dhh = [da_r, da_z, da_n*r]
//             db_hn += sum_b dhh_n;   dW_hh += sum_t dhh(t)^T h(t-1)
// Here pre_r and pre_z carry one bias per gate (b_ir + b_hr), pre_n only b_in.
// Caches: act (T*B x 3H: r z n), hn (T*B x H), h ((T+1)*B x H); dhh (T*B x 3H).
#pragma once
#include "cell.hpp"

namespace rnnlab {

// This cell's descriptor (defined in gru.cpp).
const CellDescriptor& gru_descriptor();

template <class S>
class GruCell final : public Cell<S> {
  using Cell<S>::T_;
  using Cell<S>::B_;
  using Cell<S>::H_;
  using Cell<S>::h_;

 public:
  explicit GruCell(int H) { H_ = H; }

  void forward(const ParamSet<S>& p, const Mat<S>& pre, int T, int B) override {
    T_ = T;
    B_ = B;
    const int H = H_;
    const auto W_hh = p.mat(this->lx(p).w_rec);
    const auto b_hn = p.vec(this->lx(p).bias_hn);
    const std::size_t TB = std::size_t(T) * B;
    safe_resize(h_, TB + B, H);
    safe_resize(act_, TB, 3 * H);
    safe_resize(hn_, TB, H);
    this->init_block(h_, this->h0_, B);
    Mat<S> hh(B, 3 * H);
    const Mat<S> W_hhT = W_hh.transpose();
    for (int t = 1; t <= T; ++t) {
      const std::size_t r = std::size_t(t - 1) * B;
      const auto h_prev = h_.middleRows(r, B);
      gemm_nn(hh, h_prev, W_hhT, false);
      for (int b = 0; b < B; ++b) {  // the gates and h(t), one pass over each row (lanes.hpp)
        const S *p_b = &pre.coeff(r + b, 0), *hh_b = &hh.coeff(b, 0), *hp_b = &h_prev.coeff(b, 0);
        S *a_b = &act_.coeffRef(r + b, 0), *hn_b = &hn_.coeffRef(r + b, 0), *h_b = &h_.coeffRef(r + B + b, 0);
        const S* bhn = b_hn.data();
        for_lanes<S>(H, [&](auto v, Eigen::Index j) {
          using V = decltype(v);
          const V rj = sigmoid(V::load(p_b + j) + V::load(hh_b + j));
          const V z = sigmoid(V::load(p_b + H + j) + V::load(hh_b + H + j));
          const V hn = V::load(hh_b + 2 * H + j) + V::load(bhn + j);
          const V n = tanh(V::load(p_b + 2 * H + j) + rj * hn);
          rj.store(a_b + j);
          z.store(a_b + H + j);
          n.store(a_b + 2 * H + j);
          hn.store(hn_b + j);
          ((S(1) - z) * n + z * V::load(hp_b + j)).store(h_b + j);
        });
      }
    }
  }

  // One step backward for B' rows: from the total dh(t), the gradients of the
  // input pre-activations dpre and of the hidden projections dhh (B' x 3H),
  // entries below kFlushBelow set to 0 (lanes.hpp, flush_tiny).
  template <class A, class M, class D>
  static void step_backward(const A& act, const M& hn, const M& h_prev, const D& dh, Mat<S>& dpre_t,
                            Mat<S>& dhh, int H) {
    const Eigen::Index rows = dh.rows();
    safe_resize(dpre_t, rows, 3 * H);
    safe_resize(dhh, rows, 3 * H);
    for (Eigen::Index b = 0; b < rows; ++b) {
      const S *a_b = &act.coeff(b, 0), *hn_b = &hn.coeff(b, 0), *hp_b = &h_prev.coeff(b, 0), *dh_b = &dh.coeff(b, 0);
      S *dp_b = &dpre_t.coeffRef(b, 0), *dhh_b = &dhh.coeffRef(b, 0);
      for_lanes<S>(H, [&](auto v, Eigen::Index j) {  // lanes.hpp
        using V = decltype(v);
        const V r = V::load(a_b + j), z = V::load(a_b + H + j), n = V::load(a_b + 2 * H + j), dhj = V::load(dh_b + j);
        const V da_n = dhj * (S(1) - z) * (S(1) - n * n);
        const V da_r = flush_tiny(da_n * V::load(hn_b + j) * r * (S(1) - r));
        const V da_z = flush_tiny(dhj * (V::load(hp_b + j) - n) * z * (S(1) - z));
        const V da_n0 = flush_tiny(da_n);
        da_r.store(dp_b + j);
        da_z.store(dp_b + H + j);
        da_n0.store(dp_b + 2 * H + j);
        da_r.store(dhh_b + j);
        da_z.store(dhh_b + H + j);
        flush_tiny(da_n0 * r).store(dhh_b + 2 * H + j);
      });
    }
  }

  void backward(const ParamSet<S>& p, ParamSet<S>& g, const Mat<S>& dh_out, bool want_terms, Mat<S>& dpre,
                Diagnostics& d) override {
    const int T = T_, B = B_, H = H_;
    const auto W_hh = p.mat(this->lx(p).w_rec);
    safe_resize(dpre, std::size_t(T) * B, 3 * H);
    safe_resize(dhh_, std::size_t(T) * B, 3 * H);
    d.dh_norms.assign(T, 0.0);
    d.dc_norms.clear();
    Mat<S> dh = this->out_block(dh_out, T), dpre_t, dhh_t;
    for (int t = T; t >= 1; --t) {
      const std::size_t r = std::size_t(t - 1) * B;
      d.dh_norms[t - 1] = double(dh.norm());
      step_backward(act_.middleRows(r, B), hn_.middleRows(r, B), h_.middleRows(r, B), dh, dpre_t, dhh_t, H);
      dpre.middleRows(r, B) = dpre_t;
      dhh_.middleRows(r, B) = dhh_t;
      if (t > 1) {
        dh = dh.cwiseProduct(act_.middleRows(r, B).middleCols(H, H));
        gemm_nn(dh, dhh_t, W_hh, true);
        dh += this->out_block(dh_out, t - 1);
        flush_tiny(dh);  // the carry itself decays step by step with z
      }
    }
    add_column_sums<S>(g.vec(this->lx(g).bias_hn), dhh_.rightCols(H));
    accumulate_bptt<S>(g.mat(this->lx(g).w_rec), dhh_, h_, T, B, want_terms, d.bptt_terms);
  }

  const Mat<S>* gate_activations() const override { return &act_; }
  void gate_traces(Diagnostics& d) const override {
    fill_gate_traces<S>(gru_descriptor(), act_, T_, B_, H_, d);
    fill_cell_norms<S>(h_, T_, B_, d);
  }

  int state_size() const override { return gru_descriptor().state_size(H_); }

  // s = h: the cotangent of h(t) is ds + dh.
  void step_vjp(const ParamSet<S>& p, int t, int b, const Mat<S>& dh, const Mat<S>& ds, Mat<S>& ds_prev,
                Mat<S>& dpre) const override {
    const int H = H_, n = int(ds.rows());
    const std::size_t r = std::size_t(t - 1) * B_ + b;
    const Mat<S> act = repeat_row<S>(act_, r, n), hn = repeat_row<S>(hn_, r, n),
                 h_prev = repeat_row<S>(h_, r, n);
    const Mat<S> dh_t = ds + dh;
    Mat<S> dhh_t;
    step_backward(act, hn, h_prev, dh_t, dpre, dhh_t, H);
    ds_prev = dh_t.cwiseProduct(act.middleCols(H, H));
    ds_prev.noalias() += dhh_t * p.mat(this->lx(p).w_rec);
  }

 private:
  Mat<S> act_, hn_, dhh_;
};

}  // namespace rnnlab
