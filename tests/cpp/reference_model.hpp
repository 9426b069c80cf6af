// reference_model.hpp — a second, deliberately naive forward pass of the four
// cells for the tests: one sequence at a time, column vectors, the equations
// typed again from PyTorch's documentation of nn.RNN / nn.LSTM / nn.GRU (with
// PyTorch's two bias vectors) and from the peephole LSTM's header comment.
//
// It shares no code with src/core: it reads parameters either from
// PyTorch-named tensors (the state JSON's names) or from an engine ParamSet by
// tensor name, and recomputes states, gate activations and the loss itself.
// Used as the independent reference of test_state_json.cpp (loading keeps
// the function) and test_diagnostics.cpp (dL/dh(t), dL/dc(t) and the state
// Jacobians by finite differences). Deliberately not: a backward pass.
#pragma once
#include <Eigen/Dense>
#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "core/batch.hpp"
#include "core/model_config.hpp"
#include "core/params.hpp"

namespace reference {

using Eigen::MatrixXd;
using Eigen::VectorXd;
using rnnlab::CellKind;

// Weights under PyTorch's conventions. For the peephole LSTM w_hh is its
// W_ch (3H x H, gates i, f, o, acting on c(t-1)) and b_hh is zero.
struct Net {
  CellKind cell = CellKind::Lstm;
  int V = 0, E = 0, H = 0, C = 0;
  MatrixXd emb;       // V x E (E > 0)
  MatrixXd w_ih;      // G*H x N
  MatrixXd w_hh;      // G*H x H (peephole: 3H x H)
  VectorXd b_ih, b_hh;  // G*H
  MatrixXd head_w;    // C x H
  VectorXd head_b;    // C
};

inline int gates(CellKind c) {
  switch (c) {
    case CellKind::Rnn: return 1;
    case CellKind::Lstm: return 4;
    case CellKind::Gru: return 3;
    case CellKind::PeepholeLstm: return 4;
  }
  return 0;
}

inline MatrixXd matrix_from(const std::vector<double>& flat, std::size_t offset, int rows, int cols) {
  MatrixXd m(rows, cols);
  for (int r = 0; r < rows; ++r)
    for (int c = 0; c < cols; ++c) m(r, c) = flat[offset + std::size_t(r) * cols + c];
  return m;
}

inline VectorXd vector_from(const std::vector<double>& flat, std::size_t offset, int n) {
  VectorXd v(n);
  for (int k = 0; k < n; ++k) v(k) = flat[offset + k];
  return v;
}

// From PyTorch-named tensors (name -> row-major data), as in a state file.
inline Net from_torch(const rnnlab::ModelConfig& cfg, const std::map<std::string, std::vector<double>>& t) {
  Net n;
  n.cell = cfg.cell;
  n.V = cfg.vocab_size;
  n.E = cfg.embedding_dim;
  n.H = cfg.hidden_size;
  n.C = cfg.num_classes;
  const int H = n.H, G = gates(n.cell), N = n.E > 0 ? n.E : n.V;
  if (n.E > 0) n.emb = matrix_from(t.at("embedding.weight"), 0, n.V, n.E);
  n.w_ih = matrix_from(t.at("rnn.weight_ih_l0"), 0, G * H, N);
  if (n.cell == CellKind::PeepholeLstm) {
    n.w_hh = matrix_from(t.at("rnn.weight_ch_l0"), 0, 3 * H, H);
    n.b_ih = vector_from(t.at("rnn.bias_l0"), 0, G * H);
    n.b_hh = VectorXd::Zero(G * H);
  } else {
    n.w_hh = matrix_from(t.at("rnn.weight_hh_l0"), 0, G * H, H);
    n.b_ih = vector_from(t.at("rnn.bias_ih_l0"), 0, G * H);
    n.b_hh = vector_from(t.at("rnn.bias_hh_l0"), 0, G * H);
  }
  n.head_w = matrix_from(t.at("head.weight"), 0, n.C, H);
  n.head_b = vector_from(t.at("head.bias"), 0, n.C);
  return n;
}

// From the engine's parameters, by the tensor names of params.hpp: the one
// bias per gate goes to b_ih, and the GRU's rnn.bias_hn_l0 is PyTorch's n
// block of b_hh.
inline Net from_engine(const rnnlab::ModelConfig& cfg, const rnnlab::ParamSet<double>& p) {
  std::map<std::string, std::vector<double>> t;
  for (const auto& s : p.specs) t[s.name] = std::vector<double>(p.data.begin() + s.offset, p.data.begin() + s.offset + s.size());
  const int H = cfg.hidden_size, GH = gates(cfg.cell) * H;
  if (cfg.cell != CellKind::PeepholeLstm) {
    t["rnn.bias_ih_l0"] = t.at("rnn.bias_l0");
    t["rnn.bias_hh_l0"] = std::vector<double>(GH, 0.0);
    if (cfg.cell == CellKind::Gru)
      for (int k = 0; k < H; ++k) t["rnn.bias_hh_l0"][2 * H + k] = t.at("rnn.bias_hn_l0")[k];
  }
  return from_torch(cfg, t);
}

// The state after a step, and the gate activations computed on the way
// (lstm, peephole: i f g o; gru: r z n; rnn: none).
struct State {
  VectorXd h, c, gates;
};

inline double sigm(double x) { return 1.0 / (1.0 + std::exp(-x)); }
inline VectorXd sigm(const VectorXd& v) {
  VectorXd out(v.size());
  for (Eigen::Index k = 0; k < v.size(); ++k) out(k) = sigm(v(k));
  return out;
}
inline VectorXd tanhv(const VectorXd& v) {
  VectorXd out(v.size());
  for (Eigen::Index k = 0; k < v.size(); ++k) out(k) = std::tanh(v(k));
  return out;
}

inline VectorXd input(const Net& n, int token) {
  if (n.E > 0) return n.emb.row(token).transpose();
  VectorXd x = VectorXd::Zero(n.V);
  x(token) = 1.0;
  return x;
}

inline State zero_state(const Net& n) {
  State s;
  s.h = VectorXd::Zero(n.H);
  s.c = VectorXd::Zero(n.H);
  return s;
}

// One step of the cell from `prev` reading token `token`.
inline State step(const Net& n, int token, const State& prev) {
  const int H = n.H;
  const VectorXd x = input(n, token);
  State s;
  switch (n.cell) {
    case CellKind::Rnn: {
      // h' = tanh(W_ih x + b_ih + W_hh h + b_hh)
      s.h = tanhv(n.w_ih * x + n.b_ih + n.w_hh * prev.h + n.b_hh);
      s.c = VectorXd::Zero(H);
      break;
    }
    case CellKind::Lstm: {
      // i, f, g, o = sigma, sigma, tanh, sigma of (W_ih x + b_ih + W_hh h + b_hh);
      // c' = f c + i g;  h' = o tanh(c')
      const VectorXd a = n.w_ih * x + n.b_ih + n.w_hh * prev.h + n.b_hh;
      const VectorXd i = sigm(a.segment(0, H)), f = sigm(a.segment(H, H));
      const VectorXd g = tanhv(a.segment(2 * H, H)), o = sigm(a.segment(3 * H, H));
      s.c = f.cwiseProduct(prev.c) + i.cwiseProduct(g);
      s.h = o.cwiseProduct(tanhv(s.c));
      s.gates.resize(4 * H);
      s.gates << i, f, g, o;
      break;
    }
    case CellKind::Gru: {
      // r = sigma(W_ir x + b_ir + W_hr h + b_hr);  z = sigma(W_iz x + b_iz + W_hz h + b_hz)
      // n = tanh(W_in x + b_in + r (W_hn h + b_hn));  h' = (1 - z) n + z h
      const VectorXd gi = n.w_ih * x + n.b_ih, gh = n.w_hh * prev.h + n.b_hh;
      const VectorXd r = sigm(gi.segment(0, H) + gh.segment(0, H));
      const VectorXd z = sigm(gi.segment(H, H) + gh.segment(H, H));
      const VectorXd nn = tanhv(gi.segment(2 * H, H) + r.cwiseProduct(gh.segment(2 * H, H)));
      s.h = (VectorXd::Ones(H) - z).cwiseProduct(nn) + z.cwiseProduct(prev.h);
      s.c = VectorXd::Zero(H);
      s.gates.resize(3 * H);
      s.gates << r, z, nn;
      break;
    }
    case CellKind::PeepholeLstm: {
      // q = W_ch c (blocks i, f, o);  i = sigma(a_i + q_i), f = sigma(a_f + q_f),
      // g = sigma(a_g), o = sigma(a_o + q_o);  c' = f c + i g;  h' = o tanh(c')
      const VectorXd a = n.w_ih * x + n.b_ih + n.b_hh, q = n.w_hh * prev.c;
      const VectorXd i = sigm(a.segment(0, H) + q.segment(0, H));
      const VectorXd f = sigm(a.segment(H, H) + q.segment(H, H));
      const VectorXd g = sigm(a.segment(2 * H, H));
      const VectorXd o = sigm(a.segment(3 * H, H) + q.segment(2 * H, H));
      s.c = f.cwiseProduct(prev.c) + i.cwiseProduct(g);
      s.h = o.cwiseProduct(tanhv(s.c));
      s.gates.resize(4 * H);
      s.gates << i, f, g, o;
      break;
    }
  }
  return s;
}

// s(0..T) of one sequence.
inline std::vector<State> run(const Net& n, const std::vector<int>& tokens) {
  std::vector<State> s{zero_state(n)};
  for (int tok : tokens) s.push_back(step(n, tok, s.back()));
  return s;
}

// -log softmax(W_head h + b_head)[target].
inline double head_loss(const Net& n, const VectorXd& h, int target) {
  const VectorXd p = n.head_w * h + n.head_b;
  const double mx = p.maxCoeff();
  double sum = 0;
  for (Eigen::Index k = 0; k < p.size(); ++k) sum += std::exp(p(k) - mx);
  return -(p(target) - mx - std::log(sum));
}

// The loss of one sequence when its state after token t0 (t0 = 0..T) is `s`.
inline double loss_from(const Net& n, const std::vector<int>& tokens, int target, int t0, State s) {
  for (std::size_t t = std::size_t(t0); t < tokens.size(); ++t) s = step(n, tokens[t], s);
  return head_loss(n, s.h, target);
}

inline std::vector<int> row(const rnnlab::Batch& b, int i) {
  std::vector<int> r;
  for (int t = 0; t < b.T; ++t) r.push_back(b.token(i, t));
  return r;
}

// Mean loss over the batch.
inline double batch_loss(const Net& n, const rnnlab::Batch& b) {
  double sum = 0;
  for (int i = 0; i < b.B; ++i) sum += loss_from(n, row(b, i), b.targets[i], 0, zero_state(n));
  return sum / b.B;
}

}  // namespace reference
