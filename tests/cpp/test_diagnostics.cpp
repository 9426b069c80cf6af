// test_diagnostics.cpp — tests for what Model::backward reports besides the
// gradients (src/core/diagnostics.hpp, filled by src/core/model.cpp and the
// cells in src/core/cells/): dh_norms, dc_norms, bptt_terms, grad_norms, gate
// traces, cell_norms and the Jacobian norms. Double precision throughout.
//
// Independent references:
//  - reference_model.hpp, a second forward pass typed from PyTorch's
//    equations: central finite differences of its loss with respect to the
//    state h(t) (c(t) held) and c(t) (h(t) = o(t) tanh(c(t)) recomputed) give
//    the total derivatives dL/dh(t), dL/dc(t) for every cell; finite
//    differences of its single step give ds(t)/ds(t-1), compared entry by
//    entry with Cell::state_jacobian and, through Eigen::JacobiSVD, with the
//    power-iteration norms; its gate activations give the gate traces.
//  - for the RNN, the chain rule written out in this file from model.probs(),
//    the head weights and cell().hidden(): dh(T) = dp W_head,
//    dh(t-1) = (dh(t) * (1 - h(t)^2)) W_hh, and the BPTT terms
//    ||da(t)^T h(t-1)||.
//  - the two code paths of accumulate_bptt (terms on / off) must agree.
#include <gtest/gtest.h>

#include <Eigen/SVD>
#include <cmath>
#include <string>
#include <vector>

#include "random_batch.hpp"
#include "core/model.hpp"
#include "reference_model.hpp"

using namespace rnnlab;

namespace {

const CellKind kCells[] = {CellKind::Rnn, CellKind::Lstm, CellKind::Gru, CellKind::PeepholeLstm};

using testing_util::random_batch;

struct Case {
  ModelConfig cfg;
  Model<double> model;
  Batch batch;
  Case(CellKind cell, int V, int E, int H, int C, int B, int T, std::uint64_t seed, double scale = 1.0,
        InitOptions init = {})
      : cfg{cell, V, E, H, C}, model(cfg) {
    Rng rng(seed);
    model.init(rng, init);
    for (auto& p : model.params().data) p *= scale;
    batch = random_batch(rng, V, C, B, T);
  }
  Diagnostics run(const DiagnosticsOptions& opts) {
    EXPECT_EQ(validate_batch(cfg, batch, sizeof(double)), "");
    Diagnostics d;
    model.grads().zero();
    model.forward(batch);
    model.backward(opts, d);
    return d;
  }
  std::string name() const {
    return std::string(cell_name(cfg.cell)) + " E=" + std::to_string(cfg.embedding_dim) +
           " H=" + std::to_string(cfg.hidden_size) + " T=" + std::to_string(batch.T);
  }
};

double rel_diff(double a, double b) { return std::abs(a - b) / std::max({std::abs(a), std::abs(b), 1e-300}); }

using Eigen::MatrixXd;
using Eigen::VectorXd;

double largest_singular_value(const MatrixXd& m) {
  Eigen::JacobiSVD<MatrixXd> svd(m);
  return svd.singularValues()(0);
}

// Row-major engine matrix to a plain MatrixXd.
template <class M>
MatrixXd dense(const M& m) {
  MatrixXd out(m.rows(), m.cols());
  for (Eigen::Index r = 0; r < m.rows(); ++r)
    for (Eigen::Index c = 0; c < m.cols(); ++c) out(r, c) = double(m(r, c));
  return out;
}

// ---- the state of the reference model as one vector s --------------------------
// s = h (rnn, gru), (h, c) (lstm), c (peephole_lstm), as in diagnostics.hpp.

VectorXd pack(CellKind cell, const reference::State& st) {
  switch (cell) {
    case CellKind::Rnn:
    case CellKind::Gru: return st.h;
    case CellKind::Lstm: {
      VectorXd s(st.h.size() * 2);
      s << st.h, st.c;
      return s;
    }
    case CellKind::PeepholeLstm: return st.c;
  }
  return {};
}

reference::State unpack(CellKind cell, const VectorXd& s, const reference::State& like) {
  reference::State st = like;
  const Eigen::Index H = like.h.size();
  switch (cell) {
    case CellKind::Rnn:
    case CellKind::Gru: st.h = s; break;
    case CellKind::Lstm:
      st.h = s.head(H);
      st.c = s.tail(H);
      break;
    case CellKind::PeepholeLstm: st.c = s; break;
  }
  return st;
}

// ds(t)/ds(t-1) of sequence b by central differences of the reference step.
MatrixXd fd_state_jacobian(const reference::Net& net, const Batch& batch, int b, int t) {
  const auto states = reference::run(net, reference::row(batch, b));
  const reference::State& prev = states[t - 1];
  const int token = batch.token(b, t - 1);
  const VectorXd s0 = pack(net.cell, prev);
  const double eps = 1e-6;
  MatrixXd J(s0.size(), s0.size());
  for (Eigen::Index j = 0; j < s0.size(); ++j) {
    VectorXd sp = s0, sm = s0;
    sp(j) += eps;
    sm(j) -= eps;
    const VectorXd fp = pack(net.cell, reference::step(net, token, unpack(net.cell, sp, prev)));
    const VectorXd fm = pack(net.cell, reference::step(net, token, unpack(net.cell, sm, prev)));
    J.col(j) = (fp - fm) / (2 * eps);
  }
  return J;
}

// Finite-difference total derivatives ||dL/dh(t)||_F and ||dL/dc(t)||_F, t = 1..T,
// of the batch-mean loss. dL/dh(t): perturb h(t), keep c(t). dL/dc(t): perturb
// c(t) and recompute h(t) = o(t) tanh(c(t)) (lstm, peephole).
void fd_state_grad_norms(const reference::Net& net, const Batch& batch, std::vector<double>* dh,
                         std::vector<double>* dc) {
  const int T = batch.T, B = batch.B, H = net.H;
  const double eps = 1e-6;
  const bool has_c = net.cell == CellKind::Lstm || net.cell == CellKind::PeepholeLstm;
  std::vector<double> sh(T, 0.0), sc(T, 0.0);
  for (int b = 0; b < B; ++b) {
    const auto tokens = reference::row(batch, b);
    const int y = batch.targets[b];
    const auto states = reference::run(net, tokens);
    for (int t = 1; t <= T; ++t) {
      for (int j = 0; j < H; ++j) {
        reference::State p = states[t], m = states[t];
        p.h(j) += eps;
        m.h(j) -= eps;
        const double g = (reference::loss_from(net, tokens, y, t, p) - reference::loss_from(net, tokens, y, t, m)) /
                         (2 * eps) / B;
        sh[t - 1] += g * g;
        if (!has_c) continue;
        p = states[t];
        m = states[t];
        p.c(j) += eps;
        m.c(j) -= eps;
        const VectorXd o = states[t].gates.segment(3 * H, H);
        p.h = o.cwiseProduct(reference::tanhv(p.c));
        m.h = o.cwiseProduct(reference::tanhv(m.c));
        const double gc = (reference::loss_from(net, tokens, y, t, p) - reference::loss_from(net, tokens, y, t, m)) /
                          (2 * eps) / B;
        sc[t - 1] += gc * gc;
      }
    }
  }
  dh->clear();
  dc->clear();
  for (int t = 0; t < T; ++t) {
    dh->push_back(std::sqrt(sh[t]));
    if (has_c) dc->push_back(std::sqrt(sc[t]));
  }
}

class DiagnosticsTest : public ::testing::TestWithParam<CellKind> {};

}  // namespace

// ---- the reference agrees with the engine's forward pass -------------------------------

TEST_P(DiagnosticsTest, ReferenceForwardMatchesTheHiddenStates) {
  for (int E : {0, 3}) {
    Case s(GetParam(), 4, E, 5, 3, 3, 6, 100 + E, 1.5);
    s.run({});
    const reference::Net net = reference::from_engine(s.cfg, s.model.params());
    const auto& hid = s.model.cell().hidden();
    for (int b = 0; b < s.batch.B; ++b) {
      const auto st = reference::run(net, reference::row(s.batch, b));
      for (int t = 0; t <= s.batch.T; ++t)
        for (int j = 0; j < s.cfg.hidden_size; ++j)
          EXPECT_NEAR(hid(std::size_t(t) * s.batch.B + b, j), st[t].h(j), 1e-12) << s.name() << " t=" << t;
    }
    EXPECT_NEAR(s.model.loss(), reference::batch_loss(net, s.batch), 1e-12) << s.name();
  }
}

// ---- dh_norms and dc_norms: total derivatives, by finite differences -------------------

TEST_P(DiagnosticsTest, StateGradientNormsMatchFiniteDifferences) {
  for (int E : {0, 2}) {
    for (double scale : {1.0, 2.5}) {
      Case s(GetParam(), 3, E, 4, 2, 3, 7, 200 + E, scale);
      const Diagnostics d = s.run({});
      std::vector<double> dh, dc;
      fd_state_grad_norms(reference::from_engine(s.cfg, s.model.params()), s.batch, &dh, &dc);
      ASSERT_EQ(d.dh_norms.size(), dh.size()) << s.name();
      ASSERT_EQ(d.dc_norms.size(), dc.size()) << s.name();
      for (std::size_t t = 0; t < dh.size(); ++t)
        EXPECT_NEAR(d.dh_norms[t], dh[t], 1e-6 * dh[t] + 1e-10) << s.name() << " scale=" << scale << " dh t=" << t + 1;
      for (std::size_t t = 0; t < dc.size(); ++t)
        EXPECT_NEAR(d.dc_norms[t], dc[t], 1e-6 * dc[t] + 1e-10) << s.name() << " scale=" << scale << " dc t=" << t + 1;
    }
  }
}

// ---- bptt_terms: both code paths of accumulate_bptt ---------------------------------------

TEST_P(DiagnosticsTest, GradientsAreTheSameWithAndWithoutBpttTerms) {
  Case s(GetParam(), 4, 0, 6, 3, 4, 9, 300);
  DiagnosticsOptions on, off;
  on.bptt_terms = true;
  off.bptt_terms = false;
  const Diagnostics d_on = s.run(on);
  const std::vector<double> g_on(s.model.grads().data.begin(), s.model.grads().data.end());
  const Diagnostics d_off = s.run(off);
  const std::vector<double> g_off(s.model.grads().data.begin(), s.model.grads().data.end());
  ASSERT_EQ(g_on.size(), g_off.size());
  for (std::size_t k = 0; k < g_on.size(); ++k)
    EXPECT_NEAR(g_on[k], g_off[k], 1e-12 * std::max(1.0, std::abs(g_off[k]))) << s.name() << " entry " << k;
  EXPECT_TRUE(d_off.bptt_terms.empty());
  ASSERT_EQ(d_on.bptt_terms.size(), std::size_t(s.batch.T));
  // Triangle inequality: sum_t ||term(t)|| >= ||sum_t term(t)|| = ||dW_rec||.
  double sum = 0;
  for (double x : d_on.bptt_terms) {
    EXPECT_GE(x, 0.0);
    sum += x;
  }
  const auto& G = s.model.grads();
  const double rec = dense(G.mat(G.index.layers[0].w_rec)).norm();
  EXPECT_GT(rec, 0.0);
  EXPECT_GE(sum, rec * (1 - 1e-12)) << s.name();
  // term(1) multiplies the zero initial state: s(0) = 0.
  EXPECT_EQ(d_on.bptt_terms[0], 0.0) << s.name();
}

TEST(DiagnosticsRnn, TOneHasAZeroBpttTerm) {
  Case s(CellKind::Rnn, 3, 0, 4, 2, 2, 1, 301);
  const Diagnostics d = s.run({});
  ASSERT_EQ(d.bptt_terms.size(), 1u);
  EXPECT_EQ(d.bptt_terms[0], 0.0);
  const auto& G = s.model.grads();
  EXPECT_EQ(dense(G.mat(G.index.layers[0].w_rec)).norm(), 0.0);
}

// ---- the RNN by the chain rule written out ---------------------------------------------------

TEST(DiagnosticsRnn, DhNormsAndBpttTermsByTheChainRule) {
  for (int T : {1, 2, 3, 5, 8}) {
    Case s(CellKind::Rnn, 4, 0, 5, 3, 3, T, 400 + T, 1.3);
    const Diagnostics d = s.run({});
    const int B = s.batch.B, H = s.cfg.hidden_size;
    const auto& P = s.model.params();
    const MatrixXd W_head = dense(P.mat(P.index.head_w));  // C x H
    const MatrixXd W_hh = dense(P.mat(P.index.layers[0].w_rec));     // H x H
    const MatrixXd hid = dense(s.model.cell().hidden());   // (T+1)*B x H
    // dp = (softmax - onehot(y)) / B.
    MatrixXd dp = dense(s.model.probs());
    for (int b = 0; b < B; ++b) dp(b, s.batch.targets[b]) -= 1.0;
    dp /= double(B);
    MatrixXd dh = dp * W_head;  // dL/dh(T), B x H
    EXPECT_NEAR(d.dh_norms[T - 1], dh.norm(), 1e-12 * dh.norm()) << "T=" << T;
    MatrixXd dW = MatrixXd::Zero(H, H);
    for (int t = T; t >= 1; --t) {
      const MatrixXd h_t = hid.middleRows(std::size_t(t) * B, B);
      const MatrixXd h_prev = hid.middleRows(std::size_t(t - 1) * B, B);
      EXPECT_NEAR(d.dh_norms[t - 1], dh.norm(), 1e-12 * dh.norm()) << "T=" << T << " t=" << t;
      const MatrixXd da = dh.cwiseProduct((MatrixXd::Ones(B, H) - h_t.cwiseProduct(h_t)));
      const MatrixXd term = da.transpose() * h_prev;
      EXPECT_NEAR(d.bptt_terms[t - 1], term.norm(), 1e-12 * term.norm() + 1e-300) << "T=" << T << " t=" << t;
      dW += term;
      dh = da * W_hh;  // dL/dh(t-1)
    }
    const MatrixXd engine_dW = dense(s.model.grads().mat(s.model.grads().index.layers[0].w_rec));
    EXPECT_LT((engine_dW - dW).norm(), 1e-12 * std::max(1.0, dW.norm())) << "T=" << T;
  }
}

// ---- the peephole LSTM's h(t) feeds only the head ------------------------------------------

TEST(DiagnosticsPeephole, DhIsZeroBeforeTheLastStep) {
  Case s(CellKind::PeepholeLstm, 3, 0, 4, 2, 3, 6, 500);
  const Diagnostics d = s.run({});
  ASSERT_EQ(d.dh_norms.size(), 6u);
  for (int t = 1; t < 6; ++t) EXPECT_EQ(d.dh_norms[t - 1], 0.0) << t;
  EXPECT_GT(d.dh_norms[5], 0.0);
  for (double x : d.dc_norms) EXPECT_GT(x, 0.0);
}

// ---- Jacobians ------------------------------------------------------------------------------

TEST(DiagnosticsRnn, JacobianNormsAreTheLargestSingularValues) {
  Case s(CellKind::Rnn, 4, 0, 7, 2, 3, 8, 600, 1.7);
  DiagnosticsOptions opts;
  opts.jacobians = true;
  const Diagnostics d = s.run(opts);
  const int T = s.batch.T, B = s.batch.B, H = s.cfg.hidden_size;
  ASSERT_EQ(d.jacobian_norms.size(), std::size_t(T));
  ASSERT_EQ(d.jacobian_product_norms.size(), std::size_t(T));
  const auto& P = s.model.params();
  const MatrixXd W_hh = dense(P.mat(P.index.layers[0].w_rec));
  const MatrixXd hid = dense(s.model.cell().hidden());
  MatrixXd prod = MatrixXd::Identity(H, H);
  for (int t = 1; t <= T; ++t) {
    const VectorXd h = hid.row(std::size_t(t) * B).transpose();  // sequence 0
    const MatrixXd J = (VectorXd::Ones(H) - h.cwiseProduct(h)).asDiagonal() * W_hh;
    prod = J * prod;
    const double sv = largest_singular_value(J), pv = largest_singular_value(prod);
    EXPECT_LT(rel_diff(d.jacobian_norms[t - 1], sv), 1e-6) << "t=" << t << " " << d.jacobian_norms[t - 1] << " vs " << sv;
    EXPECT_LT(rel_diff(d.jacobian_product_norms[t - 1], pv), 1e-6) << "t=" << t;
  }
}

TEST_P(DiagnosticsTest, StateJacobianMatchesFiniteDifferences) {
  for (int E : {0, 2}) {
    Case s(GetParam(), 4, E, 5, 2, 3, 6, 700 + E, 1.5);
    s.run({});
    const reference::Net net = reference::from_engine(s.cfg, s.model.params());
    const int n = s.model.cell().state_size();
    EXPECT_EQ(n, s.cfg.cell == CellKind::Lstm ? 2 * s.cfg.hidden_size : s.cfg.hidden_size);
    for (int t = 1; t <= s.batch.T; ++t) {
      for (int b : {0, 2}) {
        const MatrixXd fd = fd_state_jacobian(net, s.batch, b, t);
        const MatrixXd J = dense(s.model.cell().state_jacobian(s.model.params(), t, b));
        ASSERT_EQ(J.rows(), n);
        ASSERT_EQ(J.cols(), n);
        EXPECT_LT((J - fd).cwiseAbs().maxCoeff(), 1e-8) << s.name() << " t=" << t << " b=" << b << "\nengine\n"
                                                        << J << "\nfinite differences\n" << fd;
      }
    }
  }
}

// jacobian_norms[t-1] and jacobian_product_norms[t-1] are spectral norms
// (largest singular values) of ds(t)/ds(t-1) and of ds(t)/ds(0) for sequence
// 0: compared with Eigen::JacobiSVD of the finite-difference Jacobians, to
// 1e-6 relative. (A power iteration must run to convergence to pass this
// when the two largest singular values are close.)
TEST_P(DiagnosticsTest, JacobianNormsAreLargestSingularValues) {
  for (int E : {0, 2}) {
    Case s(GetParam(), 4, E, 5, 2, 3, 6, 700 + E, 1.5);
    DiagnosticsOptions opts;
    opts.jacobians = true;
    const Diagnostics d = s.run(opts);
    const reference::Net net = reference::from_engine(s.cfg, s.model.params());
    const int T = s.batch.T;
    ASSERT_EQ(d.jacobian_norms.size(), std::size_t(T));
    ASSERT_EQ(d.jacobian_product_norms.size(), std::size_t(T));
    const int n = s.model.cell().state_size();
    MatrixXd prod = MatrixXd::Identity(n, n);
    for (int t = 1; t <= T; ++t) {
      const MatrixXd fd0 = fd_state_jacobian(net, s.batch, 0, t);
      prod = fd0 * prod;
      const double sv = largest_singular_value(fd0), pv = largest_singular_value(prod);
      EXPECT_NEAR(d.jacobian_norms[t - 1], sv, 1e-6 * sv + 1e-9) << s.name() << " t=" << t;
      EXPECT_NEAR(d.jacobian_product_norms[t - 1], pv, 1e-6 * pv + 1e-9) << s.name() << " t=" << t;
    }
    // jacobian_to_T_norms[i] = ||ds(T)/ds(i)|| = ||J(T) ... J(i+1)||, from the same
    // finite-difference Jacobians, multiplied from T down.
    ASSERT_EQ(d.jacobian_to_T_norms.size(), std::size_t(T));
    MatrixXd to_T = MatrixXd::Identity(n, n);
    for (int i = T - 1; i >= 0; --i) {
      to_T = to_T * fd_state_jacobian(net, s.batch, 0, i + 1);
      const double v = largest_singular_value(to_T);
      EXPECT_NEAR(d.jacobian_to_T_norms[i], v, 1e-6 * v + 1e-9) << s.name() << " i=" << i;
    }
  }
}

TEST_P(DiagnosticsTest, ProductNormsStartAtTheFirstStepAndAreSubmultiplicative) {
  Case s(GetParam(), 3, 0, 6, 2, 2, 10, 800, 2.0);
  DiagnosticsOptions opts;
  opts.jacobians = true;
  const Diagnostics d = s.run(opts);
  ASSERT_EQ(d.jacobian_norms.size(), 10u);
  ASSERT_EQ(d.jacobian_product_norms.size(), 10u);
  EXPECT_NEAR(d.jacobian_product_norms[0], d.jacobian_norms[0], 1e-12 * d.jacobian_norms[0]);
  double bound = 1;
  for (int t = 1; t <= 10; ++t) {
    bound *= d.jacobian_norms[t - 1];
    EXPECT_LE(d.jacobian_product_norms[t - 1], bound * (1 + 1e-9)) << "t=" << t;
    if (t > 1) {
      EXPECT_LE(d.jacobian_product_norms[t - 1],
                d.jacobian_product_norms[t - 2] * d.jacobian_norms[t - 1] * (1 + 1e-9))
          << "t=" << t;
    }
  }
}

TEST(DiagnosticsJacobians, OffByDefaultAndRefusedAboveStateSize512) {
  Case s(CellKind::Gru, 3, 0, 4, 2, 2, 3, 900);
  EXPECT_TRUE(s.run({}).jacobian_norms.empty());
  DiagnosticsOptions opts;
  opts.jacobians = true;
  // LSTM with H = 257: state (h, c) of 514 > 512.
  Case big(CellKind::Lstm, 3, 0, 257, 2, 1, 2, 901);
  const Diagnostics d = big.run(opts);
  EXPECT_TRUE(d.jacobian_norms.empty());
  EXPECT_TRUE(d.jacobian_product_norms.empty());
  // GRU with H = 257 is within the limit.
  Case ok(CellKind::Gru, 3, 0, 257, 2, 1, 2, 902);
  EXPECT_EQ(ok.run(opts).jacobian_norms.size(), 2u);
}

// ---- stacks: the Jacobian of the whole stacked state ---------------------------------------

// s(t) = [s_0(t); s_1(t); s_2(t)]: layer k at t reads s_k(t-1) and h_{k-1}(t),
// so block (k, j) of ds(t)/ds(t-1) is 0 for j > k, and block (k, k) is layer
// k's own one-layer Jacobian.
TEST_P(DiagnosticsTest, StackedJacobianIsBlockLowerTriangularWithEachLayersOwnDiagonal) {
  const CellKind cell = GetParam();
  ModelConfig cfg{cell, 4, 0, 3, 2, 3};
  Model<double> model(cfg);
  Rng rng(77);
  model.init(rng);
  const Batch batch = random_batch(rng, 4, 2, 2, 5);
  ASSERT_EQ(validate_batch(cfg, batch, sizeof(double)), "");
  model.forward(batch);
  const int n1 = model.cell().state_size();
  for (int t = 1; t <= 5; ++t) {
    const MatrixXd J = dense(state_jacobian(model, t, 1));
    ASSERT_EQ(J.rows(), 3 * n1);
    for (int k = 0; k < 3; ++k) {
      const MatrixXd own = dense(model.cell(k).state_jacobian(model.params(), t, 1));
      EXPECT_LT((J.block(k * n1, k * n1, n1, n1) - own).norm(), 1e-14 * (1 + own.norm())) << cell_name(cell) << t << k;
      for (int j = k + 1; j < 3; ++j) EXPECT_EQ(J.block(k * n1, j * n1, n1, n1).norm(), 0.0);
    }
    // Layer 1 does read layer 0 (the block below the diagonal is not zero).
    EXPECT_GT(J.block(n1, 0, n1, n1).norm(), 1e-6) << cell_name(cell) << t;
  }
}

// Two vanilla-RNN layers, by the chain rule written out here:
//   h_1(t) = tanh(W_ih1 h_0(t) + W_hh1 h_1(t-1) + b_1),  h_0(t) = tanh(... + W_hh0 h_0(t-1))
//   dh_1(t)/dh_0(t-1) = diag(1 - h_1(t)^2) W_ih1 diag(1 - h_0(t)^2) W_hh0.
TEST(DiagnosticsStack, RnnOffDiagonalBlockByTheChainRule) {
  ModelConfig cfg{CellKind::Rnn, 3, 0, 4, 2, 2};
  Model<double> model(cfg);
  Rng rng(78);
  model.init(rng);
  const Batch batch = random_batch(rng, 3, 2, 2, 4);
  ASSERT_EQ(validate_batch(cfg, batch, sizeof(double)), "");
  model.forward(batch);
  const auto& P = model.params();
  const MatrixXd W_ih1 = dense(P.mat(P.index.layers[1].w_ih)), W_hh0 = dense(P.mat(P.index.layers[0].w_rec));
  for (int t = 1; t <= 4; ++t) {
    const VectorXd h0 = dense(model.cell(0).hidden()).row(t * 2 + 0).transpose();
    const VectorXd h1 = dense(model.cell(1).hidden()).row(t * 2 + 0).transpose();
    const MatrixXd want = (1 - h1.array().square()).matrix().asDiagonal() * W_ih1 *
                          (1 - h0.array().square()).matrix().asDiagonal() * W_hh0;
    const MatrixXd J = dense(state_jacobian(model, t, 0));
    EXPECT_LT((J.block(4, 0, 4, 4) - want).norm(), 1e-14 * (1 + want.norm())) << t;
  }
  // And the reported norms are those of this stacked matrix.
  DiagnosticsOptions opts;
  opts.jacobians = true;
  Diagnostics d;
  model.grads().zero();
  model.forward(batch);
  model.backward(opts, d);
  ASSERT_EQ(d.jacobian_norms.size(), 4u);
  for (int t = 1; t <= 4; ++t)
    EXPECT_LT(rel_diff(d.jacobian_norms[t - 1], largest_singular_value(dense(state_jacobian(model, t, 0)))), 1e-12);
  EXPECT_TRUE(d.jacobian_bounds.empty());  // the one-layer bound does not apply to the stack
  EXPECT_EQ(d.recurrent_tensor, "rnn.weight_hh_l1");
  EXPECT_EQ(d.dh_norms_by_layer.size(), 2u);
  EXPECT_EQ(d.dh_norms_by_layer[1], d.dh_norms);
}

// ---- gate traces and cell norms -------------------------------------------------------------

namespace {
const char* gate_names(CellKind c) {
  switch (c) {
    case CellKind::Rnn: return "";
    case CellKind::Lstm: return "ifgo";
    case CellKind::Gru: return "rzn";
    case CellKind::PeepholeLstm: return "ifgo";
  }
  return "";
}
// tanh gates: the LSTM's g and the GRU's n; everything else is a sigmoid.
bool is_tanh_gate(CellKind c, int k) { return (c == CellKind::Lstm && k == 2) || (c == CellKind::Gru && k == 2); }
}  // namespace

TEST_P(DiagnosticsTest, GateTracesAndCellNormsMatchTheReference) {
  const CellKind cell = GetParam();
  for (double scale : {1.0, 4.0}) {  // 4.0 saturates a good share of the units
    Case s(cell, 4, 0, 6, 2, 5, 7, 1000, scale);
    const Diagnostics d = s.run({});
    const int T = s.batch.T, B = s.batch.B, H = s.cfg.hidden_size;
    const std::string names = gate_names(cell);
    ASSERT_EQ(d.gates.size(), names.size()) << s.name();
    const reference::Net net = reference::from_engine(s.cfg, s.model.params());
    std::vector<std::vector<reference::State>> states;
    for (int b = 0; b < B; ++b) states.push_back(reference::run(net, reference::row(s.batch, b)));
    for (std::size_t k = 0; k < names.size(); ++k) {
      const GateTrace& g = d.gates[k];
      EXPECT_EQ(g.name, std::string(1, names[k]));
      ASSERT_EQ(g.mean.size(), std::size_t(T));
      ASSERT_EQ(g.frac_low.size(), std::size_t(T));
      ASSERT_EQ(g.frac_high.size(), std::size_t(T));
      const bool tanh_gate = is_tanh_gate(cell, int(k));
      const double lo = tanh_gate ? -0.95 : 0.05, hi = 0.95;
      for (int t = 1; t <= T; ++t) {
        double sum = 0, n_low = 0, n_high = 0;
        for (int b = 0; b < B; ++b)
          for (int j = 0; j < H; ++j) {
            const double a = states[b][t].gates(k * H + j);
            sum += a;
            n_low += a < lo;
            n_high += a > hi;
          }
        const double n = double(B) * H;
        EXPECT_NEAR(g.mean[t - 1], sum / n, 1e-12) << s.name() << " gate " << g.name << " t=" << t;
        EXPECT_NEAR(g.frac_low[t - 1], n_low / n, 1e-12) << s.name() << " gate " << g.name << " t=" << t;
        EXPECT_NEAR(g.frac_high[t - 1], n_high / n, 1e-12) << s.name() << " gate " << g.name << " t=" << t;
        // Ranges: sigmoid gates in (0, 1), tanh gates in (-1, 1); fractions in [0, 1].
        EXPECT_GT(g.mean[t - 1], tanh_gate ? -1.0 : 0.0);
        EXPECT_LT(g.mean[t - 1], 1.0);
        EXPECT_GE(g.frac_low[t - 1], 0.0);
        EXPECT_LE(g.frac_low[t - 1] + g.frac_high[t - 1], 1.0);
      }
    }
    // cell_norms[t-1] = ||c(t)||_F / sqrt(B) (lstm, peephole), of h(t) otherwise.
    ASSERT_EQ(d.cell_norms.size(), std::size_t(T));
    const bool has_c = cell == CellKind::Lstm || cell == CellKind::PeepholeLstm;
    for (int t = 1; t <= T; ++t) {
      double sq = 0;
      for (int b = 0; b < B; ++b) sq += (has_c ? states[b][t].c : states[b][t].h).squaredNorm();
      const double expect = std::sqrt(sq) / std::sqrt(double(B));
      EXPECT_NEAR(d.cell_norms[t - 1], expect, 1e-12 * std::max(1.0, expect)) << s.name() << " t=" << t;
    }
  }
}

TEST(DiagnosticsGates, SaturationFractionsAreExercised) {
  // With weights x4 some LSTM gate must be saturated somewhere, or the
  // fraction checks above would pass vacuously.
  Case s(CellKind::Lstm, 4, 0, 6, 2, 5, 7, 1000, 4.0);
  const Diagnostics d = s.run({});
  double most = 0;
  for (const auto& g : d.gates)
    for (std::size_t t = 0; t < g.mean.size(); ++t) most = std::max({most, g.frac_low[t], g.frac_high[t]});
  EXPECT_GT(most, 0.0);
}

TEST(DiagnosticsGates, HugeForgetBiasSaturatesF) {
  for (CellKind cell : {CellKind::Lstm, CellKind::PeepholeLstm}) {
    InitOptions init;
    init.forget_bias = 50;
    Case s(cell, 3, 0, 8, 2, 4, 6, 1100, 1.0, init);
    const Diagnostics d = s.run({});
    ASSERT_EQ(d.gates.size(), 4u);
    const GateTrace& f = d.gates[1];
    ASSERT_EQ(f.name, "f");
    ASSERT_EQ(f.frac_high.size(), 6u);
    for (int t = 0; t < 6; ++t) {
      EXPECT_EQ(f.frac_high[t], 1.0) << cell_name(cell) << " t=" << t + 1;
      EXPECT_EQ(f.frac_low[t], 0.0);
      EXPECT_GT(f.mean[t], 0.95);
    }
    // Without the bias, f is not saturated everywhere.
    Case plain(cell, 3, 0, 8, 2, 4, 6, 1100);
    EXPECT_LT(plain.run({}).gates[1].frac_high[0], 1.0);
  }
}

TEST(DiagnosticsGates, RnnHasNoGatesAndGatesCanBeTurnedOff) {
  Case s(CellKind::Rnn, 3, 0, 4, 2, 2, 3, 1200);
  Diagnostics d = s.run({});
  EXPECT_TRUE(d.gates.empty());
  EXPECT_EQ(d.cell_norms.size(), 3u);
  Case l(CellKind::Lstm, 3, 0, 4, 2, 2, 3, 1200);
  DiagnosticsOptions opts;
  opts.gates = false;
  d = l.run(opts);
  EXPECT_TRUE(d.gates.empty());
  EXPECT_TRUE(d.cell_norms.empty());
}

// ---- grad_norms --------------------------------------------------------------------------------

TEST_P(DiagnosticsTest, GradNormsOnePerTensorAndTheirRootSumOfSquares) {
  for (int E : {0, 3}) {
    Case s(GetParam(), 5, E, 4, 3, 3, 5, 1300 + E);
    const Diagnostics d = s.run({});
    const auto& G = s.model.grads();
    ASSERT_EQ(d.grad_norms.size(), G.specs.size()) << s.name();
    double total_sq = 0, from_data = 0;
    for (std::size_t i = 0; i < G.specs.size(); ++i) {
      EXPECT_EQ(d.grad_norms[i].name, G.specs[i].name);
      double sq = 0;
      for (std::size_t k = 0; k < G.specs[i].size(); ++k) sq += G.data[G.specs[i].offset + k] * G.data[G.specs[i].offset + k];
      EXPECT_NEAR(d.grad_norms[i].norm, std::sqrt(sq), 1e-12 * std::max(1.0, std::sqrt(sq))) << G.specs[i].name;
      total_sq += d.grad_norms[i].norm * d.grad_norms[i].norm;
      from_data += sq;
    }
    EXPECT_NEAR(d.grad_norm, std::sqrt(total_sq), 1e-12 * d.grad_norm) << s.name();
    EXPECT_NEAR(d.grad_norm, std::sqrt(from_data), 1e-12 * d.grad_norm) << s.name();
    EXPECT_EQ(d.grad_norm_clipped, d.grad_norm) << "the model does not clip";
    // Every tensor of the model gets a gradient on a random batch.
    for (const auto& tn : d.grad_norms) EXPECT_GT(tn.norm, 0.0) << s.name() << " " << tn.name;
  }
}

INSTANTIATE_TEST_SUITE_P(AllCells, DiagnosticsTest, ::testing::ValuesIn(kCells),
                         [](const auto& info) { return std::string(cell_name(info.param)); });

// ---- per-unit traces (DiagnosticsOptions::units) --------------------------------------

// units_first holds h(t), c(t) and every gate of sequence 0 unit by unit,
// units_mean their means over the batch: both against the reference forward.
TEST_P(DiagnosticsTest, UnitTracesMatchTheReference) {
  const CellKind cell = GetParam();
  Case s(cell, 4, 0, 6, 2, 5, 7, 1100, 2.0);
  DiagnosticsOptions opts;
  opts.units = true;
  const Diagnostics d = s.run(opts);
  const int T = s.batch.T, B = s.batch.B, H = s.cfg.hidden_size;
  ASSERT_TRUE(d.has_units) << s.name();
  EXPECT_EQ(d.units_T, T);
  EXPECT_EQ(d.units_H, H);
  const reference::Net net = reference::from_engine(s.cfg, s.model.params());
  std::vector<std::vector<reference::State>> states;
  for (int b = 0; b < B; ++b) states.push_back(reference::run(net, reference::row(s.batch, b)));
  const bool has_c = cell == CellKind::Lstm || cell == CellKind::PeepholeLstm;
  const std::string names = gate_names(cell);
  ASSERT_EQ(d.units_first.h.size(), std::size_t(T) * H);
  ASSERT_EQ(d.units_first.c.size(), has_c ? std::size_t(T) * H : 0u);
  ASSERT_EQ(d.units_first.gates.size(), names.size());
  ASSERT_EQ(d.units_mean.gates.size(), names.size());
  auto mean_of = [&](auto get) {
    double sum = 0;
    for (int b = 0; b < B; ++b) sum += get(states[b]);
    return sum / B;
  };
  for (int t = 1; t <= T; ++t)
    for (int j = 0; j < H; ++j) {
      const std::size_t at = std::size_t(t - 1) * H + j;
      EXPECT_NEAR(d.units_first.h[at], states[0][t].h(j), 1e-12) << s.name() << " t=" << t << " j=" << j;
      EXPECT_NEAR(d.units_mean.h[at], mean_of([&](auto& st) { return st[t].h(j); }), 1e-12);
      if (has_c) {
        EXPECT_NEAR(d.units_first.c[at], states[0][t].c(j), 1e-12);
        EXPECT_NEAR(d.units_mean.c[at], mean_of([&](auto& st) { return st[t].c(j); }), 1e-12);
      }
      for (std::size_t k = 0; k < names.size(); ++k) {
        EXPECT_EQ(d.units_first.gates[k].first, std::string(1, names[k]));
        EXPECT_NEAR(d.units_first.gates[k].second[at], states[0][t].gates(Eigen::Index(k) * H + j), 1e-12);
        EXPECT_NEAR(d.units_mean.gates[k].second[at],
                    mean_of([&](auto& st) { return st[t].gates(Eigen::Index(k) * H + j); }), 1e-12);
      }
    }
}

TEST(DiagnosticsUnits, OffByDefaultAndOmittedAboveTheLimit) {
  Case small(CellKind::Lstm, 3, 0, 4, 2, 2, 5, 5);
  EXPECT_FALSE(small.run({}).has_units);
  DiagnosticsOptions opts;
  opts.units = true;
  // T x H = 32769 x 2 > 65536: omitted, with the reason.
  Case big(CellKind::Rnn, 3, 0, 2, 2, 1, 32769, 5);
  const Diagnostics d = big.run(opts);
  EXPECT_FALSE(d.has_units);
  EXPECT_NE(d.units_omitted.find("T x H = 65538 is above 65536"), std::string::npos) << d.units_omitted;
}
