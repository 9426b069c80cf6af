// test_optim.cpp — tests for src/core/optim.cpp: SGD (plain, momentum,
// Nesterov), RMSprop (with and without momentum), Adam, clip_grad_norm and
// validate(OptimConfig).
//
// Reference: the update rules of PyTorch 1.13 (torch/optim/{sgd,rmsprop,adam}.py
// and torch.nn.utils.clip_grad_norm_) written out below in closed form, per
// entry, for two or three steps on a three-entry vector — never the
// optimizer's own earlier output. Also checks that there is ONE step counter
// per optimizer: Adam's bias correction must not depend on how many tensors
// (or entries) the flat buffer holds.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "core/optim.hpp"
#include "core/rng.hpp"

using namespace rnnlab;

namespace {

// Three steps of gradients for three parameters; entry 2 of step 2 is zero.
const std::vector<double> P0 = {1.0, -2.0, 0.5};
const std::vector<double> G1 = {0.1, -0.2, 0.3};
const std::vector<double> G2 = {-0.4, 0.5, 0.0};
const std::vector<double> G3 = {0.2, 0.2, -0.1};

// Runs `steps` steps of an optimizer from P0 with G1, G2, G3.
std::vector<std::vector<double>> run(const OptimConfig& cfg, int steps) {
  Optimizer<double> opt(cfg, P0.size());
  std::vector<double> p = P0;
  std::vector<std::vector<double>> out;
  const std::vector<double>* gs[3] = {&G1, &G2, &G3};
  for (int s = 0; s < steps; ++s) {
    opt.step(p, *gs[s]);
    out.push_back(p);
  }
  EXPECT_EQ(opt.steps(), steps);
  return out;
}

OptimConfig sgd(double lr, double momentum = 0, bool nesterov = false) {
  OptimConfig c;
  c.kind = OptimKind::Sgd;
  c.lr = lr;
  c.momentum = momentum;
  c.nesterov = nesterov;
  return c;
}

constexpr double kTol = 1e-14;

}  // namespace

// ---- SGD -------------------------------------------------------------------------

TEST(Sgd, PlainIsPMinusLrG) {
  const double lr = 0.1;
  const auto ps = run(sgd(lr), 3);
  for (int k = 0; k < 3; ++k) {
    EXPECT_NEAR(ps[0][k], P0[k] - lr * G1[k], kTol);
    EXPECT_NEAR(ps[1][k], P0[k] - lr * G1[k] - lr * G2[k], kTol);
    EXPECT_NEAR(ps[2][k], P0[k] - lr * (G1[k] + G2[k] + G3[k]), kTol);
  }
  // One value by hand: p0 = 1, g = 0.1, 0.4 (neg), 0.2: 1 - 0.01 + 0.04 - 0.02 = 1.01.
  EXPECT_NEAR(ps[2][0], 1.01, kTol);
}

TEST(Sgd, MomentumBufferStartsAtTheFirstGradient) {
  // PyTorch: buf(1) = g(1); buf(t) = mu buf(t-1) + g(t); p -= lr buf.
  const double lr = 0.1, mu = 0.9;
  const auto ps = run(sgd(lr, mu), 3);
  for (int k = 0; k < 3; ++k) {
    const double b1 = G1[k];
    const double b2 = mu * G1[k] + G2[k];
    const double b3 = mu * mu * G1[k] + mu * G2[k] + G3[k];
    EXPECT_NEAR(ps[0][k], P0[k] - lr * b1, kTol);
    EXPECT_NEAR(ps[1][k], P0[k] - lr * (b1 + b2), kTol);
    EXPECT_NEAR(ps[2][k], P0[k] - lr * (b1 + b2 + b3), kTol);
  }
  // Entry 0 by hand: b1 = 0.1, b2 = 0.09 - 0.4 = -0.31,
  // b3 = 0.81*0.1 + 0.9*(-0.4) + 0.2 = 0.081 - 0.36 + 0.2 = -0.079.
  EXPECT_NEAR(ps[2][0], 1.0 - 0.1 * (0.1 - 0.31 - 0.079), kTol);
}

TEST(Sgd, NesterovLooksAhead) {
  // d(t) = g(t) + mu buf(t); p -= lr d.
  const double lr = 0.05, mu = 0.8;
  const auto ps = run(sgd(lr, mu, true), 3);
  for (int k = 0; k < 3; ++k) {
    const double b1 = G1[k];
    const double b2 = mu * G1[k] + G2[k];
    const double b3 = mu * mu * G1[k] + mu * G2[k] + G3[k];
    const double d1 = G1[k] + mu * b1, d2 = G2[k] + mu * b2, d3 = G3[k] + mu * b3;
    EXPECT_NEAR(ps[0][k], P0[k] - lr * d1, kTol);
    EXPECT_NEAR(ps[1][k], P0[k] - lr * (d1 + d2), kTol);
    EXPECT_NEAR(ps[2][k], P0[k] - lr * (d1 + d2 + d3), kTol);
  }
  // Differs from plain momentum (the test would not notice a dropped flag otherwise).
  const auto plain = run(sgd(lr, mu, false), 3);
  EXPECT_GT(std::abs(plain[2][0] - ps[2][0]), 1e-4);
}

// ---- RMSprop ---------------------------------------------------------------------

TEST(RmsProp, WithoutMomentum) {
  // v(t) = alpha v(t-1) + (1-alpha) g^2;  p -= lr g / (sqrt(v) + eps).
  OptimConfig c;
  c.kind = OptimKind::RmsProp;
  c.lr = 0.01;
  c.alpha = 0.99;
  c.eps = 1e-8;
  const auto ps = run(c, 3);
  for (int k = 0; k < 3; ++k) {
    const double v1 = 0.01 * G1[k] * G1[k];
    const double v2 = 0.99 * v1 + 0.01 * G2[k] * G2[k];
    const double v3 = 0.99 * v2 + 0.01 * G3[k] * G3[k];
    const double s1 = G1[k] / (std::sqrt(v1) + 1e-8);
    const double s2 = G2[k] / (std::sqrt(v2) + 1e-8);
    const double s3 = G3[k] / (std::sqrt(v3) + 1e-8);
    EXPECT_NEAR(ps[0][k], P0[k] - 0.01 * s1, kTol);
    EXPECT_NEAR(ps[1][k], P0[k] - 0.01 * (s1 + s2), kTol);
    EXPECT_NEAR(ps[2][k], P0[k] - 0.01 * (s1 + s2 + s3), kTol);
  }
  // Step 1 in words: sqrt(v1) = 0.1 |g|, so each entry moves by lr / 0.1 = 0.1
  // (less a relative eps / (0.1 |g|) <= 1e-6).
  EXPECT_NEAR(ps[0][0], 1.0 - 0.1, 1e-6);
  EXPECT_NEAR(ps[0][1], -2.0 + 0.1, 1e-6);
  // Without momentum a zero gradient (entry 2 at step 2) moves nothing.
  EXPECT_NEAR(ps[1][2], ps[0][2], kTol);
}

TEST(RmsProp, WithMomentum) {
  // buf(t) = mu buf(t-1) + g / (sqrt(v) + eps);  p -= lr buf.
  OptimConfig c;
  c.kind = OptimKind::RmsProp;
  c.lr = 0.01;
  c.alpha = 0.9;
  c.eps = 1e-6;
  c.momentum = 0.5;
  const auto ps = run(c, 3);
  for (int k = 0; k < 3; ++k) {
    const double v1 = 0.1 * G1[k] * G1[k];
    const double v2 = 0.9 * v1 + 0.1 * G2[k] * G2[k];
    const double v3 = 0.9 * v2 + 0.1 * G3[k] * G3[k];
    const double b1 = G1[k] / (std::sqrt(v1) + 1e-6);
    const double b2 = 0.5 * b1 + G2[k] / (std::sqrt(v2) + 1e-6);
    const double b3 = 0.5 * b2 + G3[k] / (std::sqrt(v3) + 1e-6);
    EXPECT_NEAR(ps[0][k], P0[k] - 0.01 * b1, kTol);
    EXPECT_NEAR(ps[1][k], P0[k] - 0.01 * (b1 + b2), kTol);
    EXPECT_NEAR(ps[2][k], P0[k] - 0.01 * (b1 + b2 + b3), kTol);
  }
}

// ---- Adam ------------------------------------------------------------------------

TEST(Adam, FirstStepMovesByLrTimesSignOfG) {
  // m1 = (1-b1) g, v1 = (1-b2) g^2: m1/(1-b1) = g, sqrt(v1/(1-b2)) = |g|,
  // so the step is -lr g / (|g| + eps), i.e. -lr sign(g) up to eps/|g|.
  OptimConfig c;  // default: Adam, lr 0.01, betas 0.9 / 0.999, eps 1e-8
  ASSERT_EQ(c.kind, OptimKind::Adam);
  const auto ps = run(c, 1);
  for (int k = 0; k < 3; ++k) {
    const double m_hat = (0.1 * G1[k]) / (1 - 0.9);
    const double v_hat = (0.001 * G1[k] * G1[k]) / (1 - 0.999);
    EXPECT_NEAR(ps[0][k], P0[k] - 0.01 * m_hat / (std::sqrt(v_hat) + 1e-8), kTol);
    EXPECT_NEAR(ps[0][k], P0[k] - 0.01 * (G1[k] > 0 ? 1 : -1), 1e-8);
  }
}

TEST(Adam, ThreeStepsWithBiasCorrection) {
  OptimConfig c;
  c.kind = OptimKind::Adam;
  c.lr = 0.1;
  c.beta1 = 0.8;
  c.beta2 = 0.99;
  c.eps = 1e-6;
  const auto ps = run(c, 3);
  const double b1 = 0.8, b2 = 0.99, eps = 1e-6, lr = 0.1;
  for (int k = 0; k < 3; ++k) {
    const double m1 = (1 - b1) * G1[k], v1 = (1 - b2) * G1[k] * G1[k];
    const double m2 = b1 * m1 + (1 - b1) * G2[k], v2 = b2 * v1 + (1 - b2) * G2[k] * G2[k];
    const double m3 = b1 * m2 + (1 - b1) * G3[k], v3 = b2 * v2 + (1 - b2) * G3[k] * G3[k];
    // PyTorch: p -= lr * m_hat / (sqrt(v_hat) + eps), bias-corrected with t = 1, 2, 3.
    const double s1 = (m1 / (1 - b1)) / (std::sqrt(v1 / (1 - b2)) + eps);
    const double s2 = (m2 / (1 - b1 * b1)) / (std::sqrt(v2 / (1 - b2 * b2)) + eps);
    const double s3 = (m3 / (1 - b1 * b1 * b1)) / (std::sqrt(v3 / (1 - b2 * b2 * b2)) + eps);
    EXPECT_NEAR(ps[0][k], P0[k] - lr * s1, kTol);
    EXPECT_NEAR(ps[1][k], P0[k] - lr * (s1 + s2), kTol);
    EXPECT_NEAR(ps[2][k], P0[k] - lr * (s1 + s2 + s3), kTol);
  }
  // Entry 2 at step 2 (g = 0): m2 = 0.8*0.06 = 0.048, v2 = 0.99*0.0009 = 0.000891,
  // m_hat = 0.048/0.36, v_hat = 0.000891/0.0199; step = 0.1 * 0.1333.. / (0.21160.. + 1e-6).
  const double m_hat = 0.048 / 0.36, v_hat = 0.000891 / 0.0199;
  EXPECT_NEAR(ps[1][2] - ps[0][2], -0.1 * m_hat / (std::sqrt(v_hat) + 1e-6), kTol);
}

// One step counter per optimizer: the same entry gets the same update whether
// the buffer holds 3 entries or 1000 (and whatever tensors they belong to).
TEST(Adam, OneStepCounterWhateverTheNumberOfEntries) {
  OptimConfig c;
  c.lr = 0.05;
  Rng rng(3);
  const std::size_t n = 1000;
  std::vector<double> big_p(n), small_p = P0;
  for (auto& x : big_p) x = rng.uniform(-1, 1);
  for (int k = 0; k < 3; ++k) big_p[k] = P0[k];
  Optimizer<double> big(c, n), small(c, 3);
  const std::vector<double>* gs[3] = {&G1, &G2, &G3};
  for (int s = 0; s < 3; ++s) {
    std::vector<double> big_g(n);
    for (auto& x : big_g) x = rng.uniform(-1, 1);
    for (int k = 0; k < 3; ++k) big_g[k] = (*gs[s])[k];
    big.step(big_p, big_g);
    small.step(small_p, *gs[s]);
  }
  EXPECT_EQ(big.steps(), 3);
  EXPECT_EQ(small.steps(), 3);
  for (int k = 0; k < 3; ++k) EXPECT_EQ(big_p[k], small_p[k]) << k;
}

// On a real multi-tensor ParamSet (7 tensors), one step is Adam's step 1 for
// every entry: bias correction with t = 1, not t = number of tensors.
TEST(Adam, FirstStepOnAMultiTensorParamSet) {
  ModelConfig cfg{CellKind::Gru, 4, 3, 5, 2};
  ParamSet<double> p(cfg), g(cfg);
  ASSERT_EQ(p.specs.size(), 7u);
  Rng rng(11);
  for (auto& x : p.data) x = rng.uniform(-1, 1);
  for (auto& x : g.data) x = rng.uniform(-1, 1);
  const std::vector<double> before(p.data.begin(), p.data.end());
  OptimConfig c;
  c.lr = 0.02;
  Optimizer<double> opt(c, p.size());
  opt.step(p.data, g.data);
  EXPECT_EQ(opt.steps(), 1);
  for (std::size_t k = 0; k < p.size(); ++k)
    EXPECT_NEAR(p.data[k], before[k] - 0.02 * g.data[k] / (std::abs(g.data[k]) + 1e-8), 1e-15) << k;
}

TEST(Adam, FloatAgreesWithTheDoubleClosedForm) {
  OptimConfig c;
  c.lr = 0.1;
  Optimizer<float> opt(c, 3);
  std::vector<float> p(P0.begin(), P0.end());
  std::vector<float> g1(G1.begin(), G1.end()), g2(G2.begin(), G2.end());
  opt.step(p, g1);
  opt.step(p, g2);
  for (int k = 0; k < 3; ++k) {
    const double m1 = 0.1 * G1[k], v1 = 0.001 * G1[k] * G1[k];
    const double m2 = 0.9 * m1 + 0.1 * G2[k], v2 = 0.999 * v1 + 0.001 * G2[k] * G2[k];
    const double s1 = (m1 / 0.1) / (std::sqrt(v1 / 0.001) + 1e-8);
    const double s2 = (m2 / 0.19) / (std::sqrt(v2 / (1 - 0.999 * 0.999)) + 1e-8);
    EXPECT_NEAR(p[k], P0[k] - 0.1 * (s1 + s2), 1e-6);
  }
}

// ---- clip_grad_norm --------------------------------------------------------------

namespace {
ParamSet<double> random_grads(std::uint64_t seed, double scale) {
  ModelConfig cfg{CellKind::Lstm, 5, 0, 4, 3};
  ParamSet<double> g(cfg);
  Rng rng(seed);
  for (auto& x : g.data) x = scale * rng.uniform(-1, 1);
  return g;
}
template <class V>
double l2(const V& v) {
  double s = 0;
  for (double x : v) s += x * x;
  return std::sqrt(s);
}
}  // namespace

TEST(ClipGradNorm, ThreeFourFiveAcrossTwoTensors) {
  ModelConfig cfg{CellKind::Rnn, 2, 0, 2, 2};
  ParamSet<double> g(cfg);
  g.data.front() = 3.0;  // rnn.weight_ih_l0
  g.data.back() = 4.0;   // head.bias
  double after = -1;
  const double before = clip_grad_norm(g, 1.0, &after);
  EXPECT_NEAR(before, 5.0, 1e-15);
  const double coef = 1.0 / (5.0 + 1e-6);
  EXPECT_NEAR(g.data.front(), 3.0 * coef, 1e-15);
  EXPECT_NEAR(g.data.back(), 4.0 * coef, 1e-15);
  EXPECT_NEAR(after, 5.0 * coef, 1e-15);
  for (std::size_t k = 1; k + 1 < g.size(); ++k) EXPECT_EQ(g.data[k], 0.0);
}

TEST(ClipGradNorm, ScalesByMaxNormOverNormPlusEps) {
  ParamSet<double> g = random_grads(5, 3.0);
  const std::vector<double> orig(g.data.begin(), g.data.end());
  const double norm = l2(orig);
  ASSERT_GT(norm, 1.0);
  const double max_norm = 0.5;
  double after = -1;
  const double before = clip_grad_norm(g, max_norm, &after);
  EXPECT_NEAR(before, norm, 1e-12 * norm);
  const double coef = max_norm / (norm + 1e-6);
  for (std::size_t k = 0; k < g.size(); ++k) EXPECT_NEAR(g.data[k], orig[k] * coef, 1e-15) << k;
  EXPECT_NEAR(after, norm * coef, 1e-12);
  EXPECT_NEAR(l2(g.data), after, 1e-12);
  EXPECT_LT(l2(g.data), max_norm);
}

TEST(ClipGradNorm, NoChangeUnderTheLimitOrWhenOff) {
  for (double max_norm : {0.0, 100.0}) {
    ParamSet<double> g = random_grads(6, 0.1);
    const std::vector<double> orig(g.data.begin(), g.data.end());
    const double norm = l2(orig);
    ASSERT_LT(norm, 100.0);
    double after = -1;
    const double before = clip_grad_norm(g, max_norm, &after);
    EXPECT_NEAR(before, norm, 1e-12 * norm);
    EXPECT_EQ(after, before) << "max_norm=" << max_norm;
    EXPECT_EQ(std::vector<double>(g.data.begin(), g.data.end()), orig) << "max_norm=" << max_norm;
  }
}

TEST(ClipGradNorm, FloatParamSet) {
  ModelConfig cfg{CellKind::Gru, 3, 2, 3, 2};
  ParamSet<float> g(cfg);
  Rng rng(9);
  double sq = 0;
  for (auto& x : g.data) {
    x = float(rng.uniform(-2, 2));
    sq += double(x) * double(x);
  }
  const double norm = std::sqrt(sq);
  const std::vector<float> orig(g.data.begin(), g.data.end());
  double after = 0;
  EXPECT_NEAR(clip_grad_norm(g, 1.0, &after), norm, 1e-5 * norm);
  const double coef = 1.0 / (norm + 1e-6);
  for (std::size_t k = 0; k < g.size(); ++k) EXPECT_NEAR(g.data[k], orig[k] * coef, 1e-6);
  EXPECT_NEAR(after, 1.0, 1e-5);
}

// ---- validate(OptimConfig) -------------------------------------------------------

TEST(OptimValidate, DefaultsAreAccepted) {
  for (OptimKind k : {OptimKind::Sgd, OptimKind::RmsProp, OptimKind::Adam}) {
    OptimConfig c;
    c.kind = k;
    EXPECT_EQ(validate(c), "") << optim_name(k);
  }
  EXPECT_EQ(validate(sgd(0.1, 0.9, true)), "");
}

TEST(OptimValidate, BadLearningRateIsNamed) {
  for (double lr : {0.0, -0.01, std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::infinity()}) {
    OptimConfig c;
    c.lr = lr;
    const std::string e = validate(c);
    EXPECT_NE(e.find("learning rate"), std::string::npos) << "lr=" << lr << ": " << e;
  }
}

TEST(OptimValidate, NesterovNeedsMomentum) {
  const std::string e = validate(sgd(0.1, 0.0, true));
  EXPECT_NE(e.find("nesterov"), std::string::npos) << e;
  EXPECT_NE(e.find("momentum"), std::string::npos) << e;
}

TEST(OptimValidate, OtherHyperparametersAreNamed) {
  OptimConfig c;
  c.momentum = 1.0;
  EXPECT_NE(validate(c).find("momentum"), std::string::npos);
  c = OptimConfig{};
  c.beta1 = 1.0;
  EXPECT_NE(validate(c).find("beta1"), std::string::npos);
  c = OptimConfig{};
  c.beta2 = std::numeric_limits<double>::quiet_NaN();
  EXPECT_NE(validate(c).find("beta2"), std::string::npos);
  c = OptimConfig{};
  c.eps = 0;
  EXPECT_NE(validate(c).find("eps"), std::string::npos);
  c = OptimConfig{};
  c.alpha = -0.5;
  EXPECT_NE(validate(c).find("alpha"), std::string::npos);
}

TEST(OptimNames, RoundTrip) {
  for (OptimKind k : {OptimKind::Sgd, OptimKind::RmsProp, OptimKind::Adam}) {
    OptimKind out = OptimKind::Sgd;
    ASSERT_TRUE(parse_optim(optim_name(k), &out));
    EXPECT_EQ(out, k);
  }
  OptimKind out;
  EXPECT_FALSE(parse_optim("adamw", &out));
}
