// rnn.hpp — the vanilla (Elman, tanh) RNN cell of the course notes.
//
//   forward   a(t) = pre(t) + h(t-1) W_hh^T        pre(t) = W_hx x(t) + b_h
//             h(t) = tanh(a(t))
//   backward  dh(t)   = dh_out(t) + da(t+1) W_hh        (total derivative)
//             da(t)   = dh(t) * (1 - h(t)^2)
//             dW_hh  += sum_t da(t)^T h(t-1)   (term(t) of the course's BPTT sum)
//             dpre(t) = da(t)
// Shapes: pre, da (T*B x H); h ((T+1)*B x H); W_hh (H x H).
// Deliberately not here: the input projection and the head (model.hpp).
#pragma once
#include "cell.hpp"

namespace rnnlab {

// This cell's descriptor (defined in rnn.cpp).
const CellDescriptor& rnn_descriptor();

template <class S>
class RnnCell final : public Cell<S> {
  using Cell<S>::T_;
  using Cell<S>::B_;
  using Cell<S>::H_;
  using Cell<S>::h_;

 public:
  explicit RnnCell(int H) { H_ = H; }

  void forward(const ParamSet<S>& p, const Mat<S>& pre, int T, int B) override {
    T_ = T;
    B_ = B;
    const auto W_hh = p.mat(this->lx(p).w_rec);
    safe_resize(h_, std::size_t(T + 1) * B, H_);
    this->init_block(h_, this->h0_, B);
    const Mat<S> W_hhT = W_hh.transpose();
    for (int t = 1; t <= T; ++t) {
      auto h = h_.middleRows(std::size_t(t) * B, B);
      h = pre.middleRows(std::size_t(t - 1) * B, B);
      gemm_nn(h, h_.middleRows(std::size_t(t - 1) * B, B), W_hhT, true);  // pre + h(t-1) W_hh^T
      tanh_in_place(h);
    }
  }

  void backward(const ParamSet<S>& p, ParamSet<S>& g, const Mat<S>& dh_out, bool want_terms, Mat<S>& dpre,
                Diagnostics& d) override {
    const int T = T_, B = B_;
    const auto W_hh = p.mat(this->lx(p).w_rec);
    safe_resize(dpre, std::size_t(T) * B, H_);
    d.dh_norms.assign(T, 0.0);
    d.dc_norms.clear();
    Mat<S> dh = this->out_block(dh_out, T);
    for (int t = T; t >= 1; --t) {
      d.dh_norms[t - 1] = double(dh.norm());
      auto h = h_.middleRows(std::size_t(t) * B, B);
      auto da = dpre.middleRows(std::size_t(t - 1) * B, B);
      for (int b = 0; b < B; ++b) {  // da = dh*(1 - h^2), flushed (lanes.hpp)
        const S *dh_b = &dh.coeff(b, 0), *h_b = &h.coeff(b, 0);
        S* da_b = &da.coeffRef(b, 0);
        for_lanes<S>(H_, [&](auto v, Eigen::Index j) {
          using V = decltype(v);
          const V hj = V::load(h_b + j);
          flush_tiny(V::load(dh_b + j) * (S(1) - hj * hj)).store(da_b + j);
        });
      }
      if (t > 1) {
        dh = this->out_block(dh_out, t - 1);
        gemm_nn(dh, da, W_hh, true);
      }
    }
    accumulate_bptt<S>(g.mat(this->lx(g).w_rec), dpre, h_, T, B, want_terms, d.bptt_terms);
  }

  void gate_traces(Diagnostics& d) const override {
    d.gates.clear();
    fill_cell_norms<S>(h_, T_, B_, d);
  }

  int state_size() const override { return rnn_descriptor().state_size(H_); }

  // ds(t)/ds(t-1) = diag(1 - h(t)^2) W_hh: da = (ds + dh) * (1 - h(t)^2), ds(t-1) = da W_hh.
  void step_vjp(const ParamSet<S>& p, int t, int b, const Mat<S>& dh, const Mat<S>& ds, Mat<S>& ds_prev,
                Mat<S>& dpre) const override {
    const auto h = h_.row(std::size_t(t) * B_ + b);
    dpre = (ds + dh).array().rowwise() * (S(1) - h.array().square());
    ds_prev.noalias() = dpre * p.mat(this->lx(p).w_rec);
  }

  double tanh_slope_max(int t, int b) const override {
    return double((S(1) - h_.row(std::size_t(t) * B_ + b).array().square()).maxCoeff());
  }

};

}  // namespace rnnlab
