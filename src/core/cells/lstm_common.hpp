// lstm_common.hpp — what the LSTM (lstm.hpp) and the peephole LSTM
// (peephole_lstm.hpp) share, written once: the cell-state update from the
// four gate activations and its backward step. They differ only in what the
// gates read (h(t-1) through W_hh, or c(t-1) through W_ch) and in g's
// activation (tanh, or sigmoid for the peephole): G below.
//
//   forward   c(t) = g*i + c(t-1)*f,  h(t) = tanh(c(t))*o
//   backward  dc(t) = dc_carry + dh(t)*o*(1 - tanh(c(t))^2)        (total)
//             da_i = dc*g*i(1-i)   da_f = dc*c(t-1)*f(1-f)
//             da_g = dc*i*g'       da_o = dh*tanh(c)*o(1-o)
//             g' = 1 - g^2 (tanh) or g(1-g) (sigmoid)
// act holds i, f, g, o after their nonlinearity (B x 4H). dc and da leave
// with their entries below kFlushBelow set to 0 (cell.hpp, flush_tiny).
#pragma once
#include "cell.hpp"

namespace rnnlab::lstm_common {

// c, tanh_c and h of one step from the activations a and c(t-1).
template <class S, class A, class P, class C, class TC, class Hout>
void state_update(const A& a, const P& c_prev, C&& c, TC&& tanh_c, Hout&& h, int H) {
  c = a.middleCols(2 * H, H).cwiseProduct(a.leftCols(H)) + c_prev.cwiseProduct(a.middleCols(H, H));
  tanh_c = c;
  tanh_in_place(tanh_c);
  h = tanh_c.cwiseProduct(a.rightCols(H));
}

// One step backward for B' rows: the total dc(t) and da (B' x 4H, blocks i f g o).
template <class S, Activation G, class A, class M, class D>
void step_backward(const A& act, const M& c_prev, const M& tanh_c, const D& dh, const D& dc_carry, Mat<S>& da,
                   Mat<S>& dc, int H) {
  const auto i = act.leftCols(H).array();
  const auto f = act.middleCols(H, H).array();
  const auto g = act.middleCols(2 * H, H).array();
  const auto o = act.rightCols(H).array();
  const auto tc = tanh_c.array();
  dc = dc_carry.array() + dh.array() * o * (S(1) - tc.square());
  safe_resize(da, dh.rows(), 4 * H);
  da.leftCols(H) = dc.array() * g * i * (S(1) - i);
  da.middleCols(H, H) = dc.array() * c_prev.array() * f * (S(1) - f);
  if constexpr (G == Activation::Tanh)
    da.middleCols(2 * H, H) = dc.array() * i * (S(1) - g.square());
  else
    da.middleCols(2 * H, H) = dc.array() * i * g * (S(1) - g);
  da.rightCols(H) = dh.array() * tc * o * (S(1) - o);
  flush_tiny(dc);
  flush_tiny(da);
}

}  // namespace rnnlab::lstm_common
