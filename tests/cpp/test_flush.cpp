// test_flush.cpp — the backward pass sets gradient entries below kFlushBelow
// (2^24 x the smallest normal: 2.0e-31 in float32) to 0 (cell.hpp,
// flush_tiny): the helper on hand-picked values, and for every cell a
// float32 model at T = 200 whose gradient vanishes through that range:
// no subnormal anywhere in its gradients, which still agree with the same
// weights' float64 gradients (where the flush threshold is 3.7e-301) to
// float32 accuracy, and so do the per-step ||dL/dh(t)|| down to 1e-8 of
// the largest.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "random_batch.hpp"
#include "core/model.hpp"

using namespace rnnlab;

TEST(Flush, TinyEntriesBecomeZeroOthersStay) {
  EXPECT_FLOAT_EQ(kFlushBelow<float>, std::numeric_limits<float>::min() * 16777216.0f);
  EXPECT_NEAR(double(kFlushBelow<float>), 1.97e-31, 0.01e-31);
  const float inf = std::numeric_limits<float>::infinity(), nan = std::numeric_limits<float>::quiet_NaN();
  Mat<float> m(1, 8);
  m << 1e-32f, -1.9e-31f, 2.1e-31f, -3e-31f, 1e-40f, inf, nan, -1.0f;
  flush_tiny(m);
  EXPECT_EQ(m(0, 0), 0.0f);
  EXPECT_EQ(m(0, 1), 0.0f);
  EXPECT_EQ(m(0, 2), 2.1e-31f);
  EXPECT_EQ(m(0, 3), -3e-31f);
  EXPECT_EQ(m(0, 4), 0.0f);  // a subnormal
  EXPECT_EQ(m(0, 5), inf);
  EXPECT_TRUE(std::isnan(m(0, 6)));
  EXPECT_EQ(m(0, 7), -1.0f);
  // A block of a larger matrix: only the block changes.
  Mat<double> d = Mat<double>::Constant(3, 3, 1e-305);
  flush_tiny(d.middleRows(1, 1));
  EXPECT_EQ(d(1, 2), 0.0);
  EXPECT_EQ(d(0, 0), 1e-305);
  EXPECT_EQ(d(2, 1), 1e-305);
}

class FlushCells : public testing::TestWithParam<CellKind> {};

TEST_P(FlushCells, VanishingGradientHasNoSubnormalsAndMatchesFloat64) {
  const int V = 3, C = 2, H = 16, B = 4, T = 200;
  ModelConfig cfg{GetParam(), V, 0, H, C, 1};
  ASSERT_EQ(validate(cfg), "");
  Model<double> m64(cfg);
  Rng rng(7);
  m64.init(rng);
  Model<float> m32(cfg);
  for (std::size_t i = 0; i < m64.params().data.size(); ++i) m32.params().data[i] = float(m64.params().data[i]);
  for (std::size_t i = 0; i < m64.params().data.size(); ++i) m64.params().data[i] = double(m32.params().data[i]);
  Rng data_rng(11);
  const Batch batch = testing_util::random_batch(data_rng, V, C, B, T);
  DiagnosticsOptions opts;
  Diagnostics d64, d32;
  m64.forward(batch);
  m64.backward(opts, d64);
  m32.forward(batch);
  m32.backward(opts, d32);
  // The case exercises the flush: the float64 gradient at step 1 is below float32's threshold.
  ASSERT_LT(d64.dh_norms[0], double(kFlushBelow<float>)) << "the gradient does not vanish far enough to test the flush";
  ASSERT_GT(d64.dh_norms[T - 1], 1e-4);
  for (float x : m32.grads().data) ASSERT_NE(std::fpclassify(x), FP_SUBNORMAL) << "a subnormal gradient entry " << x;
  double total = 0;
  for (double x : m64.grads().data) total += x * x;
  total = std::sqrt(total);
  for (std::size_t i = 0; i < m64.grads().specs.size(); ++i) {
    const auto g64 = m64.grads().mat(int(i));
    const Mat<double> g32 = m32.grads().mat(int(i)).cast<double>();
    const double err = (g32 - g64).norm(), scale = g64.norm();
    EXPECT_LE(err, 1e-4 * scale + 1e-6 * total) << m64.grads().specs[i].name << ": " << err << " of " << scale;
  }
  // Down to 1e-8 of the largest: below that float32 itself departs from
  // float64 (a saturated tanh' or sigmoid' is exactly 0 in float32), flush or not.
  double top = 0;
  for (double x : d64.dh_norms) top = std::max(top, x);
  for (int t = 0; t < T; ++t) {
    if (d64.dh_norms[std::size_t(t)] < 1e-8 * top) continue;
    EXPECT_NEAR(d32.dh_norms[std::size_t(t)], d64.dh_norms[std::size_t(t)], 1e-3 * d64.dh_norms[std::size_t(t)])
        << "||dL/dh(" << t + 1 << ")||";
  }
}

INSTANTIATE_TEST_SUITE_P(Cells, FlushCells,
                         testing::Values(CellKind::Rnn, CellKind::Lstm, CellKind::Gru, CellKind::PeepholeLstm));
