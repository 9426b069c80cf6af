// test_cells_gradcheck.cpp — finite differences against hand-written BPTT for
// every cell (src/core/cells/*.hpp) x input kind (one-hot, embedding) x
// shape, including T = 1, H = 1, B = 1 and a long T = 100. Double precision,
// eps = 1e-5, every entry of every tensor, max relative error < 1e-6 (with
// the 1e-2 denominator floor documented in gradcheck.hpp). Also stacks of 2
// and 3 layers, and per-step targets with a mix of -1 (no loss at that step),
// alone and together.
#include <gtest/gtest.h>

#include "random_batch.hpp"
#include "core/gradcheck.hpp"
#include "core/model.hpp"

using namespace rnnlab;

namespace {

struct Shape {
  int V, E, H, C, B, T;
};

using testing_util::random_batch;

// Per-step targets: random classes, with about one in three -1 (step 0 of
// sequence 0 always has a class, so at least one target counts).
void make_per_step(Rng& rng, Batch& b, int C) {
  b.per_step = true;
  b.targets.clear();
  for (int k = 0; k < b.B * b.T; ++k) b.targets.push_back(k > 0 && rng.below_int(3) == 0 ? -1 : rng.below_int(C));
}

void check(CellKind cell, const Shape& s, double scale = 1.0, int layers = 1, bool per_step = false) {
  ModelConfig cfg{cell, s.V, s.E, s.H, s.C, layers};
  ASSERT_EQ(validate(cfg), "");
  Model<double> model(cfg);
  Rng rng(1234 + s.H * 7 + s.T);
  InitOptions init;
  init.forget_bias = 0.5;  // exercise a non-zero forget bias too
  model.init(rng, init);
  for (auto& p : model.params().data) p *= scale;
  Batch batch = random_batch(rng, s.V, s.C, s.B, s.T);
  if (per_step) make_per_step(rng, batch, s.C);
  ASSERT_EQ(validate_batch(cfg, batch, sizeof(double)), "");
  const GradcheckResult r = gradcheck(model, batch);
  for (const auto& t : r.tensors) {
    EXPECT_GT(t.checked, 0) << t.name;
    EXPECT_LT(t.max_rel_error, 1e-6) << cell_name(cell) << " " << t.name << " V=" << s.V << " E=" << s.E
                                      << " H=" << s.H << " B=" << s.B << " T=" << s.T << " layers=" << layers
                                      << (per_step ? " per-step" : "");
  }
}

class GradcheckTest : public ::testing::TestWithParam<CellKind> {};

TEST_P(GradcheckTest, OneHotSmall) { check(GetParam(), {3, 0, 4, 2, 3, 5}); }
TEST_P(GradcheckTest, EmbeddingSmall) { check(GetParam(), {6, 3, 5, 3, 2, 7}); }
TEST_P(GradcheckTest, SizesOfOne) { check(GetParam(), {1, 0, 1, 1, 1, 1}); }
TEST_P(GradcheckTest, HiddenOneLongerT) { check(GetParam(), {2, 0, 1, 2, 1, 9}); }
TEST_P(GradcheckTest, TOne) { check(GetParam(), {4, 2, 6, 3, 3, 1}); }
TEST_P(GradcheckTest, LongT100) { check(GetParam(), {3, 0, 6, 2, 2, 100}); }
TEST_P(GradcheckTest, LargeWeightsSaturating) { check(GetParam(), {4, 0, 5, 2, 3, 6}, 3.0); }
TEST_P(GradcheckTest, TwoLayers) { check(GetParam(), {3, 0, 4, 2, 3, 5}, 1.0, 2); }
TEST_P(GradcheckTest, ThreeLayersEmbedding) { check(GetParam(), {6, 3, 5, 3, 2, 7}, 1.0, 3); }
TEST_P(GradcheckTest, PerStepTargets) { check(GetParam(), {4, 0, 5, 3, 3, 6}, 1.0, 1, true); }
TEST_P(GradcheckTest, PerStepTargetsTOne) { check(GetParam(), {4, 2, 3, 3, 3, 1}, 1.0, 1, true); }
TEST_P(GradcheckTest, TwoLayersPerStepEmbedding) { check(GetParam(), {5, 3, 4, 4, 2, 8}, 1.0, 2, true); }
TEST_P(GradcheckTest, FourLayersPerStepLongerT) { check(GetParam(), {3, 0, 3, 2, 2, 25}, 1.0, 4, true); }

INSTANTIATE_TEST_SUITE_P(AllCells, GradcheckTest,
                         ::testing::Values(CellKind::Rnn, CellKind::Lstm, CellKind::Gru, CellKind::PeepholeLstm),
                         [](const auto& info) { return std::string(cell_name(info.param)); });

// The finite-difference check itself must catch a wrong gradient.
TEST(GradcheckSelfTest, DetectsACorruptedGradient) {
  ModelConfig cfg{CellKind::Lstm, 3, 0, 4, 2};
  Model<double> model(cfg);
  Rng rng(7);
  model.init(rng);
  Batch batch = random_batch(rng, 3, 2, 2, 4);
  // Perturbing the parameters after backward makes analytic != numeric.
  GradcheckResult ok = gradcheck(model, batch);
  EXPECT_LT(ok.max_rel_error, 1e-6);
  Diagnostics d;
  model.grads().zero();
  model.forward(batch);
  model.backward({}, d);
  const double g0 = model.grads().data[5];
  model.grads().data[5] = g0 + 1e-3;
  // Compare directly: numeric derivative of entry 5 vs the corrupted value.
  const double eps = 1e-5;
  auto& p = model.params().data;
  const double saved = p[5];
  p[5] = saved + eps;
  const double lp = model.forward(batch);
  p[5] = saved - eps;
  const double lm = model.forward(batch);
  p[5] = saved;
  const double numeric = (lp - lm) / (2 * eps);
  EXPECT_NEAR(numeric, g0, 1e-8);
  EXPECT_GT(std::abs(numeric - model.grads().data[5]), 1e-4);
}

}  // namespace
