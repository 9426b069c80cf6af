// cell.hpp — the interface every recurrent cell implements.
//
// A cell owns its step caches over a whole sequence and does the time loop;
// the model does the input projection (embedding or one-hot, W_ih, bias) and
// the head. Forward writes the caches; backward only reads them, ADDS into
// the recurrent parameters' gradients, and returns dL/dpre (the gradient of
// the input projections) for the model to finish.
//
// Buffers are time-major: step t of a (T*B x K) buffer is rows (t-1)*B ..
// t*B-1; h_ and c_ have T+1 blocks, block 0 is h(0) = c(0) = 0.
#pragma once
#include <cmath>
#include <limits>
#include <memory>

#include "../diagnostics.hpp"
#include "../gemm.hpp"
#include "../lanes.hpp"
#include "../params.hpp"
#include "../tensor.hpp"
#include "descriptor.hpp"

namespace rnnlab {

// flush_tiny (lanes.hpp's rule) on a matrix or a block of one, rows
// contiguous: four floats at a time in wasm.
template <class M>
void flush_tiny(M&& m) {
  using S = typename std::decay_t<M>::Scalar;
  static_assert(std::decay_t<M>::IsRowMajor, "rows must be contiguous");
  for (Eigen::Index r = 0; r < m.rows(); ++r) {
    S* row = &m.coeffRef(r, 0);
    for_lanes<S>(m.cols(), [&](auto v, Eigen::Index j) { flush_tiny(decltype(v)::load(row + j)).store(row + j); });
  }
}

template <class S>
class Cell {
 public:
  virtual ~Cell() = default;

  // pre: (T*B x G*H), row (t-1)*B + b = W_ih x_b(t) + bias.
  virtual void forward(const ParamSet<S>& p, const Mat<S>& pre, int T, int B) = 0;

  // dh_out: dL/dh(t) from outside the layer's own recurrence (T*B x H, step
  // t in rows (t-1)*B..: the head's, at every step with a loss, or the layer
  // above's). Fills dpre (T*B x G*H), adds the recurrent weight gradients
  // into g, and fills dh_norms, dc_norms (total derivatives) and, when
  // want_terms, bptt_terms of d.
  virtual void backward(const ParamSet<S>& p, ParamSet<S>& g, const Mat<S>& dh_out, bool want_terms,
                        Mat<S>& dpre, Diagnostics& d) = 0;

  // Gate traces and cell_norms from the forward caches.
  virtual void gate_traces(Diagnostics& d) const = 0;

  // Size of the recurrent state s (see Diagnostics::jacobian_norms).
  virtual int state_size() const = 0;
  // One step's vector-Jacobian products for sequence b, t in 1..T: from n
  // cotangent rows on h(t) (dh, n x H, what the layer above sends down) and
  // on the state s(t) (ds, n x S), the cotangents of s(t-1) (ds_prev, n x S)
  // and of pre(t) (dpre, n x G*H). h(t) is part of s(t) for rnn and gru
  // (s = h) and lstm (s = [h; c]); the peephole LSTM's (s = c) is a function
  // of c(t), c(t-1) and pre(t).
  virtual void step_vjp(const ParamSet<S>& p, int t, int b, const Mat<S>& dh, const Mat<S>& ds, Mat<S>& ds_prev,
                        Mat<S>& dpre) const = 0;
  // ds(t)/ds(t-1) for sequence b, t in 1..T (S x S, row i = ds_i(t)): the
  // products with the unit cotangents of s(t).
  Mat<S> state_jacobian(const ParamSet<S>& p, int t, int b) const {
    const int n = state_size();
    Mat<S> ds_prev, dpre;
    step_vjp(p, t, b, Mat<S>::Zero(n, H_), Mat<S>::Identity(n, n), ds_prev, dpre);
    return ds_prev;
  }

  // For the vanilla RNN's bounds (Diagnostics::jacobian_bounds, term_factors):
  // max_k (1 - h_k(t)^2) of sequence b, the largest tanh' factor of
  // ds(t)/ds(t-1) = diag(1 - h(t)^2) W_hh; negative for cells without that form.
  virtual double tanh_slope_max(int t, int b) const { (void)t; (void)b; return -1; }
  // For the per-unit traces: the cell state c (T+1 blocks, block 0 = c(0)) and
  // the gate activations (T*B x G*H, gates in the descriptor's order), or null.
  virtual const Mat<S>* cell_states() const { return nullptr; }
  virtual const Mat<S>* gate_activations() const { return nullptr; }

  // The state the next forward passes start from: h(0) = c(0) = 0 by
  // default; after carry_state(), the last forward's h(T), c(T) (B x H each),
  // so that a sequence can be fed in pieces (sampling a text model). Backward
  // treats a carried state as a constant.
  void carry_state() {
    h0_ = h_.middleRows(std::size_t(T_) * B_, B_);
    if (const Mat<S>* c = cell_states()) c0_ = c->middleRows(std::size_t(T_) * B_, B_);
  }
  void reset_state() {
    h0_.resize(0, 0);
    c0_.resize(0, 0);
  }

  // Which layer of the stack this cell is (its tensors are p.index.layers[layer]).
  void set_layer(int layer) { layer_ = layer; }
  int layer() const { return layer_; }

  // h(t) for t = 0..T ((T+1)*B x H).
  const Mat<S>& hidden() const { return h_; }
  auto h_block(int t) const { return h_.middleRows(std::size_t(t) * B_, B_); }

 protected:
  // This layer's tensors in a parameter (or gradient) set.
  const LayerIndex& lx(const ParamSet<S>& p) const { return p.index.layers[std::size_t(layer_)]; }
  // dL/dh(t) from outside for step t (1..T) of dh_out.
  auto out_block(const Mat<S>& dh_out, int t) const { return dh_out.middleRows(std::size_t(t - 1) * B_, B_); }

  // Block 0 of a state cache: the carried state when it fits B, else 0.
  static void init_block(Mat<S>& cache, const Mat<S>& carried, int B) {
    if (carried.rows() == B && carried.cols() == cache.cols()) cache.topRows(B) = carried;
    else cache.topRows(B).setZero();
  }

  int T_ = 0, B_ = 0, H_ = 0, layer_ = 0;
  Mat<S> h_, h0_, c0_;
};

template <class S>
std::unique_ptr<Cell<S>> make_cell(CellKind kind, int H);

// The factory a descriptor points at (CellDescriptor::make_float / make_double).
template <template <class> class C, class S>
std::unique_ptr<Cell<S>> make_cell_as(int H) {
  return std::make_unique<C<S>>(H);
}

// Helpers shared by the cells.
// Mean, fraction below lo and fraction above hi of a block, appended to trace.
template <class S, class M>
void add_gate_point(GateTrace& trace, const M& block, S lo, S hi) {
  const double n = double(block.size());
  trace.mean.push_back(double(block.sum()) / n);
  trace.frac_low.push_back(double((block.array() < lo).count()) / n);
  trace.frac_high.push_back(double((block.array() > hi).count()) / n);
}

// The gate traces of a gated cell from its activation cache act (T*B x G*H,
// gate k in columns k*H..), as the descriptor lists the gates: name,
// activation, saturation thresholds. Also the time averages of the mean and
// of the saturated fractions, so no front end recomputes them.
template <class S>
void fill_gate_traces(const CellDescriptor& desc, const Mat<S>& act, int T, int B, int H, Diagnostics& d) {
  d.gates.assign(desc.gates.size(), GateTrace{});
  for (std::size_t k = 0; k < desc.gates.size(); ++k) {
    const GateInfo& gate = desc.gates[k];
    GateTrace& trace = d.gates[k];
    trace.name = gate.name;
    trace.activation = activation_name(gate.activation);
    for (int t = 1; t <= T; ++t)
      add_gate_point<S>(trace, act.middleRows(std::size_t(t - 1) * B, B).middleCols(Eigen::Index(k) * H, H),
                        S(gate.low()), S(gate.high()));
    auto average = [](const std::vector<double>& v) {
      double sum = 0;
      for (double x : v) sum += x;
      return v.empty() ? 0.0 : sum / double(v.size());
    };
    trace.time_mean = average(trace.mean);
    trace.time_frac_low = average(trace.frac_low);
    trace.time_frac_high = average(trace.frac_high);
  }
}

// cell_norms[t-1] = ||state(t)||_F / sqrt(B) for t = 1..T (states has T+1 blocks).
template <class S>
void fill_cell_norms(const Mat<S>& states, int T, int B, Diagnostics& d) {
  d.cell_norms.resize(T);
  for (int t = 1; t <= T; ++t)
    d.cell_norms[t - 1] = double(states.middleRows(std::size_t(t) * B, B).norm()) / std::sqrt(double(B));
}

// dW_rec += sum_t dA(t)^T s(t-1): dA is (T*B x K), states is ((T+1)*B x H)
// with block 0 = s(0). One product, or step by step when the norms of the
// per-step terms (the course notes' BPTT sum) are wanted.
template <class S>
void accumulate_bptt(MatMap<S> dW, const Mat<S>& dA, const Mat<S>& states, int T, int B, bool want_terms,
                     std::vector<double>& terms) {
  const std::size_t TB = std::size_t(T) * B;
  if (!want_terms) {
    terms.clear();
    gemm_tn_add(dW, dA, states.topRows(TB));
    return;
  }
  terms.assign(T, 0.0);
  Mat<S> term(dW.rows(), dW.cols());
  for (int t = 1; t <= T; ++t) {
    term.setZero();
    gemm_tn_add(term, dA.middleRows(std::size_t(t - 1) * B, B), states.middleRows(std::size_t(t - 1) * B, B));
    terms[t - 1] = double(term.norm());
    dW += term;
  }
}

// Row b of a block, repeated n times (the replicated caches that turn a
// backward step into n vector-Jacobian products at once).
template <class S, class M>
Mat<S> repeat_row(const M& m, Eigen::Index b, Eigen::Index n) {
  return m.row(b).replicate(n, 1);
}

}  // namespace rnnlab
