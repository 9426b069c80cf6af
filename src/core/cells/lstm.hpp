// lstm.hpp — the LSTM cell of the course notes (gate blocks in PyTorch order i, f, g, o).
//
//   forward   a(t) = pre(t) + h(t-1) W_hh^T                  (B x 4H: a_i a_f a_g a_o)
//             i = sigmoid(a_i)  f = sigmoid(a_f)  g = tanh(a_g)  o = sigmoid(a_o)
//             c(t) = g*i + c(t-1)*f
//             h(t) = tanh(c(t))*o
//   backward  dh(t) = dh_out(t) + da(t+1) W_hh                 (total)
//             dc(t) = dc(t+1)*f(t+1) + dh(t)*o*(1 - tanh(c(t))^2)     (total)
//             da_i = dc*g*i(1-i)   da_f = dc*c(t-1)*f(1-f)
//             da_g = dc*i*(1-g^2)  da_o = dh*tanh(c)*o(1-o)
//             dW_hh += sum_t da(t)^T h(t-1);  dpre(t) = da(t)
// Caches: act (T*B x 4H: i f g o after their nonlinearity), c ((T+1)*B x H),
// tanh_c (T*B x H), h ((T+1)*B x H). W_hh (4H x H).
#pragma once
#include "lstm_common.hpp"

namespace rnnlab {

// This cell's descriptor (defined in lstm.cpp).
const CellDescriptor& lstm_descriptor();

template <class S>
class LstmCell final : public Cell<S> {
  using Cell<S>::T_;
  using Cell<S>::B_;
  using Cell<S>::H_;
  using Cell<S>::h_;

 public:
  explicit LstmCell(int H) { H_ = H; }

  void forward(const ParamSet<S>& p, const Mat<S>& pre, int T, int B) override {
    T_ = T;
    B_ = B;
    const int H = H_;
    const auto W_hh = p.mat(this->lx(p).w_rec);
    const std::size_t TB = std::size_t(T) * B;
    safe_resize(h_, TB + B, H);
    safe_resize(c_, TB + B, H);
    safe_resize(act_, TB, 4 * H);
    safe_resize(tanh_c_, TB, H);
    this->init_block(h_, this->h0_, B);
    this->init_block(c_, this->c0_, B);
    const Mat<S> W_hhT = W_hh.transpose();
    for (int t = 1; t <= T; ++t) {
      const std::size_t r = std::size_t(t - 1) * B;
      auto a = act_.middleRows(r, B);
      a = pre.middleRows(r, B);
      gemm_nn(a, h_.middleRows(r, B), W_hhT, true);  // pre + h(t-1) W_hh^T
      lstm_common::step_forward<S, Activation::Tanh>(a, c_.middleRows(r, B), c_.middleRows(r + B, B),
                                                     tanh_c_.middleRows(r, B), h_.middleRows(r + B, B), H);
    }
  }

  // One step backward for B' rows: from dh(t) and the carried dc(t+1)*f(t+1),
  // the gate gradients da (B' x 4H) and the total dc(t) (B' x H); g is tanh.
  template <class A, class M, class D>
  static void step_backward(const A& act, const M& c_prev, const M& tanh_c, const D& dh, const D& dc_carry,
                            Mat<S>& da, Mat<S>& dc, int H) {
    lstm_common::step_backward<S, Activation::Tanh>(act, c_prev, tanh_c, dh, dc_carry, da, dc, H);
  }

  void backward(const ParamSet<S>& p, ParamSet<S>& g, const Mat<S>& dh_out, bool want_terms, Mat<S>& dpre,
                Diagnostics& d) override {
    const int T = T_, B = B_, H = H_;
    const auto W_hh = p.mat(this->lx(p).w_rec);
    safe_resize(dpre, std::size_t(T) * B, 4 * H);
    d.dh_norms.assign(T, 0.0);
    d.dc_norms.assign(T, 0.0);
    Mat<S> dh = this->out_block(dh_out, T), dc_carry = Mat<S>::Zero(B, H), dc(B, H), da(B, 4 * H);
    for (int t = T; t >= 1; --t) {
      const std::size_t r = std::size_t(t - 1) * B;
      d.dh_norms[t - 1] = double(dh.norm());
      step_backward(act_.middleRows(r, B), c_.middleRows(r, B), tanh_c_.middleRows(r, B), dh, dc_carry, da,
                    dc, H);
      d.dc_norms[t - 1] = double(dc.norm());
      dpre.middleRows(r, B) = da;
      if (t > 1) {
        dh = this->out_block(dh_out, t - 1);
        gemm_nn(dh, da, W_hh, true);
        dc_carry = dc.cwiseProduct(act_.middleRows(r, B).middleCols(H, H));
      }
    }
    accumulate_bptt<S>(g.mat(this->lx(g).w_rec), dpre, h_, T, B, want_terms, d.bptt_terms);
  }

  const Mat<S>* gate_activations() const override { return &act_; }
  const Mat<S>* cell_states() const override { return &c_; }
  void gate_traces(Diagnostics& d) const override {
    fill_gate_traces<S>(lstm_descriptor(), act_, T_, B_, H_, d);
    fill_cell_norms<S>(c_, T_, B_, d);
  }

  int state_size() const override { return lstm_descriptor().state_size(H_); }

  // s = (h, c): the cotangent of h(t) is ds's first H columns plus dh, that
  // of c(t) its last H, through the same step_backward.
  void step_vjp(const ParamSet<S>& p, int t, int b, const Mat<S>& dh, const Mat<S>& ds, Mat<S>& ds_prev,
                Mat<S>& dpre) const override {
    const int H = H_, n = int(ds.rows());
    const std::size_t r = std::size_t(t - 1) * B_ + b;
    const Mat<S> act = repeat_row<S>(act_, r, n), c_prev = repeat_row<S>(c_, r, n),
                 tc = repeat_row<S>(tanh_c_, r, n);
    const Mat<S> dh_t = ds.leftCols(H) + dh, dc_in = ds.rightCols(H);
    Mat<S> dc;
    step_backward(act, c_prev, tc, dh_t, dc_in, dpre, dc, H);
    safe_resize(ds_prev, n, 2 * H);
    ds_prev.leftCols(H).noalias() = dpre * p.mat(this->lx(p).w_rec);
    ds_prev.rightCols(H) = dc.cwiseProduct(act.middleCols(H, H));
  }

 private:
  Mat<S> c_, act_, tanh_c_;
};

}  // namespace rnnlab
