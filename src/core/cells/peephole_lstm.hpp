// peephole_lstm.hpp — the peephole LSTM of the course assignment: the three
// sigmoid gates read the previous CELL state c(t-1) instead of h(t-1).
//
//   forward   q = c(t-1) W_ch^T                        (B x 3H: q_i q_f q_o)
//             i = sigmoid(pre_i + q_i)   f = sigmoid(pre_f + q_f)   o = sigmoid(pre_o + q_o)
//             g = sigmoid(pre_g)                        (pre_g = W_cx x(t) + b_c, no recurrence)
//             c(t) = g*i + c(t-1)*f
//             h(t) = tanh(c(t))*o
//   backward  h(t) feeds only the head or the layer above: dh(t) = dh_out(t).
//             dc(t) = [carried] + dh(t)*o*(1 - tanh(c(t))^2)            (total)
//             da_i = dc*g*i(1-i)   da_f = dc*c(t-1)*f(1-f)
//             da_g = dc*i*g(1-g)   da_o = dh*tanh(c)*o(1-o)
//             dq = [da_i, da_f, da_o]
//             carried into c(t-1): dc(t)*f + dq W_ch
//             dW_ch += sum_t dq(t)^T c(t-1);  dpre(t) = [da_i, da_f, da_g, da_o]
// Tensors (no PyTorch twin): rnn.weight_ih_l0 [4H, N] (blocks i, f, g, o =
// W_ix, W_fx, W_cx, W_ox), rnn.weight_ch_l0 [3H, H] (blocks i, f, o = W_ih,
// W_fh, W_oh of the notes, acting on c(t-1)), rnn.bias_l0 [4H] (b_i b_f b_c b_o).
// Caches: act (T*B x 4H: i f g o), c ((T+1)*B x H), tanh_c (T*B x H); dq (T*B x 3H).
#pragma once
#include "lstm_common.hpp"

namespace rnnlab {

// This cell's descriptor (defined in peephole_lstm.cpp).
const CellDescriptor& peephole_lstm_descriptor();

template <class S>
class PeepholeLstmCell final : public Cell<S> {
  using Cell<S>::T_;
  using Cell<S>::B_;
  using Cell<S>::H_;
  using Cell<S>::h_;

 public:
  explicit PeepholeLstmCell(int H) { H_ = H; }

  void forward(const ParamSet<S>& p, const Mat<S>& pre, int T, int B) override {
    T_ = T;
    B_ = B;
    const int H = H_;
    const auto W_ch = p.mat(this->lx(p).w_rec);
    const std::size_t TB = std::size_t(T) * B;
    safe_resize(h_, TB + B, H);
    safe_resize(c_, TB + B, H);
    safe_resize(act_, TB, 4 * H);
    safe_resize(tanh_c_, TB, H);
    this->init_block(h_, this->h0_, B);
    this->init_block(c_, this->c0_, B);
    Mat<S> q(B, 3 * H);
    const Mat<S> W_chT = W_ch.transpose();
    for (int t = 1; t <= T; ++t) {
      const std::size_t r = std::size_t(t - 1) * B;
      gemm_nn(q, c_.middleRows(r, B), W_chT, false);
      auto a = act_.middleRows(r, B);
      a = pre.middleRows(r, B);
      a.leftCols(2 * H) += q.leftCols(2 * H);  // i, f
      a.rightCols(H) += q.rightCols(H);        // o
      lstm_common::step_forward<S, Activation::Sigmoid>(a, c_.middleRows(r, B), c_.middleRows(r + B, B),
                                                        tanh_c_.middleRows(r, B), h_.middleRows(r + B, B), H);
    }
  }

  // One step backward for B' rows: from dh(t) and the carried gradient of
  // c(t), the total dc(t), dpre (B' x 4H) and dq (B' x 3H).
  template <class A, class M, class D>
  static void step_backward(const A& act, const M& c_prev, const M& tanh_c, const D& dh, const D& dc_carry,
                            Mat<S>& dpre_t, Mat<S>& dq, Mat<S>& dc, int H) {
    lstm_common::step_backward<S, Activation::Sigmoid>(act, c_prev, tanh_c, dh, dc_carry, dpre_t, dc, H);
    safe_resize(dq, dh.rows(), 3 * H);
    dq.leftCols(2 * H) = dpre_t.leftCols(2 * H);
    dq.rightCols(H) = dpre_t.rightCols(H);
  }

  void backward(const ParamSet<S>& p, ParamSet<S>& g, const Mat<S>& dh_out, bool want_terms, Mat<S>& dpre,
                Diagnostics& d) override {
    const int T = T_, B = B_, H = H_;
    const auto W_ch = p.mat(this->lx(p).w_rec);
    safe_resize(dpre, std::size_t(T) * B, 4 * H);
    safe_resize(dq_, std::size_t(T) * B, 3 * H);
    d.dh_norms.assign(T, 0.0);
    d.dc_norms.assign(T, 0.0);
    Mat<S> dh = this->out_block(dh_out, T), dc_carry = Mat<S>::Zero(B, H), dc, dpre_t, dq_t;
    for (int t = T; t >= 1; --t) {
      const std::size_t r = std::size_t(t - 1) * B;
      d.dh_norms[t - 1] = double(dh.norm());
      step_backward(act_.middleRows(r, B), c_.middleRows(r, B), tanh_c_.middleRows(r, B), dh, dc_carry, dpre_t,
                    dq_t, dc, H);
      d.dc_norms[t - 1] = double(dc.norm());
      dpre.middleRows(r, B) = dpre_t;
      dq_.middleRows(r, B) = dq_t;
      if (t > 1) {
        dc_carry = dc.cwiseProduct(act_.middleRows(r, B).middleCols(H, H));
        gemm_nn(dc_carry, dq_t, W_ch, true);
        dh = this->out_block(dh_out, t - 1);  // h(t-1) feeds only the head or the layer above
      }
    }
    accumulate_bptt<S>(g.mat(this->lx(g).w_rec), dq_, c_, T, B, want_terms, d.bptt_terms);
  }

  const Mat<S>* gate_activations() const override { return &act_; }
  const Mat<S>* cell_states() const override { return &c_; }
  void gate_traces(Diagnostics& d) const override {
    fill_gate_traces<S>(peephole_lstm_descriptor(), act_, T_, B_, H_, d);
    fill_cell_norms<S>(c_, T_, B_, d);
  }

  int state_size() const override { return peephole_lstm_descriptor().state_size(H_); }

  // s = c: the cotangent of c(t) is ds; dh reaches c(t), c(t-1) (through o) and pre(t).
  void step_vjp(const ParamSet<S>& p, int t, int b, const Mat<S>& dh, const Mat<S>& ds, Mat<S>& ds_prev,
                Mat<S>& dpre) const override {
    const int H = H_, n = int(ds.rows());
    const std::size_t r = std::size_t(t - 1) * B_ + b;
    const Mat<S> act = repeat_row<S>(act_, r, n), c_prev = repeat_row<S>(c_, r, n),
                 tc = repeat_row<S>(tanh_c_, r, n);
    Mat<S> dq_t, dc;
    step_backward(act, c_prev, tc, dh, ds, dpre, dq_t, dc, H);
    ds_prev = dc.cwiseProduct(act.middleCols(H, H));
    ds_prev.noalias() += dq_t * p.mat(this->lx(p).w_rec);
  }

 private:
  Mat<S> c_, act_, tanh_c_, dq_;
};

}  // namespace rnnlab
