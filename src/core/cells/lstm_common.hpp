// lstm_common.hpp — what the LSTM (lstm.hpp) and the peephole LSTM
// (peephole_lstm.hpp) share, written once: the cell-state update from the
// four gate activations and its backward step. They differ only in what the
// gates read (h(t-1) through W_hh, or c(t-1) through W_ch) and in g's
// activation (tanh, or sigmoid for the peephole): G below.
//
//   forward   i f o = sigmoid(a_i a_f a_o), g = G(a_g)
//             c(t) = g*i + c(t-1)*f,  h(t) = tanh(c(t))*o
//   backward  dc(t) = dc_carry + dh(t)*o*(1 - tanh(c(t))^2)        (total)
//             da_i = dc*g*i(1-i)   da_f = dc*c(t-1)*f(1-f)
//             da_g = dc*i*g'       da_o = dh*tanh(c)*o(1-o)
//             g' = 1 - g^2 (tanh) or g(1-g) (sigmoid)
// act holds i, f, g, o after their nonlinearity (B x 4H). dc and da leave
// with their entries below kFlushBelow set to 0 (lanes.hpp, flush_tiny).
#pragma once
#include "cell.hpp"

namespace rnnlab::lstm_common {

// One step forward for B rows, in one pass over each row (lanes.hpp): a
// (B x 4H) holds the pre-activations of i f g o and leaves with the gates
// (sigmoid; g: G); c, tanh_c and h of the step from them and c(t-1).
template <class S, Activation G, class A, class P, class C, class TC, class Hout>
void step_forward(A&& a, const P& c_prev, C&& c, TC&& tanh_c, Hout&& h, int H) {
  for (Eigen::Index b = 0; b < a.rows(); ++b) {
    S *a_b = &a.coeffRef(b, 0), *c_b = &c.coeffRef(b, 0), *tc_b = &tanh_c.coeffRef(b, 0), *h_b = &h.coeffRef(b, 0);
    const S* cp_b = &c_prev.coeff(b, 0);
    for_lanes<S>(H, [&](auto v, Eigen::Index j) {
      using V = decltype(v);
      const V i = sigmoid(V::load(a_b + j)), f = sigmoid(V::load(a_b + H + j)), o = sigmoid(V::load(a_b + 3 * H + j));
      const V g = G == Activation::Tanh ? tanh(V::load(a_b + 2 * H + j)) : sigmoid(V::load(a_b + 2 * H + j));
      i.store(a_b + j);
      f.store(a_b + H + j);
      g.store(a_b + 2 * H + j);
      o.store(a_b + 3 * H + j);
      const V cj = g * i + V::load(cp_b + j) * f;
      const V tc = tanh(cj);
      cj.store(c_b + j);
      tc.store(tc_b + j);
      (tc * o).store(h_b + j);
    });
  }
}

// One step backward for B' rows: the total dc(t) and da (B' x 4H, blocks i f
// g o), in one pass over each row (lanes.hpp: four floats at a time in wasm).
template <class S, Activation G, class A, class M, class D>
void step_backward(const A& act, const M& c_prev, const M& tanh_c, const D& dh, const D& dc_carry, Mat<S>& da,
                   Mat<S>& dc, int H) {
  const Eigen::Index rows = dh.rows();
  safe_resize(da, rows, 4 * H);
  safe_resize(dc, rows, H);
  for (Eigen::Index b = 0; b < rows; ++b) {
    const S *a_b = &act.coeff(b, 0), *cp_b = &c_prev.coeff(b, 0), *tc_b = &tanh_c.coeff(b, 0);
    const S *dh_b = &dh.coeff(b, 0), *carry_b = &dc_carry.coeff(b, 0);
    S *da_b = &da.coeffRef(b, 0), *dc_b = &dc.coeffRef(b, 0);
    for_lanes<S>(H, [&](auto v, Eigen::Index j) {
      using V = decltype(v);
      const V i = V::load(a_b + j), f = V::load(a_b + H + j), g = V::load(a_b + 2 * H + j),
              o = V::load(a_b + 3 * H + j), tc = V::load(tc_b + j), dhj = V::load(dh_b + j);
      const V dcj = V::load(carry_b + j) + dhj * o * (S(1) - tc * tc);
      flush_tiny(dcj * g * i * (S(1) - i)).store(da_b + j);
      flush_tiny(dcj * V::load(cp_b + j) * f * (S(1) - f)).store(da_b + H + j);
      if constexpr (G == Activation::Tanh)
        flush_tiny(dcj * i * (S(1) - g * g)).store(da_b + 2 * H + j);
      else
        flush_tiny(dcj * i * g * (S(1) - g)).store(da_b + 2 * H + j);
      flush_tiny(dhj * tc * o * (S(1) - o)).store(da_b + 3 * H + j);
      flush_tiny(dcj).store(dc_b + j);
    });
  }
}

}  // namespace rnnlab::lstm_common
