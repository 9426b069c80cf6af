// test_alloc_failure.cpp — a failed allocation inside a step leaves the
// trainer valid. Linked with -Wl,--wrap=malloc (CMakeLists.txt): every
// malloc of the engine's own code, which is where Eigen allocates its
// matrices, goes through __wrap_malloc below, which can be told to refuse
// requests above a size, as a full address space or a wasm heap at its
// maximum would. Eigen then throws std::bad_alloc from its real resize.
//
// Before the fix, Eigen's resize freed the old cache and left its pointer
// behind when the new allocation failed; the next step reused the freed
// buffer and the next resize or destructor freed it a second time (glibc
// aborts with "double free", ASan reports heap-use-after-free).
#include <gtest/gtest.h>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <new>

#include "core/trainer.hpp"

namespace {
std::size_t g_refuse_above = SIZE_MAX;  // bytes; SIZE_MAX = refuse nothing
}

extern "C" void* __real_malloc(std::size_t n);
extern "C" void* __wrap_malloc(std::size_t n) { return n > g_refuse_above ? nullptr : __real_malloc(n); }

using namespace rnnlab;

namespace {

struct RefuseAbove {
  explicit RefuseAbove(std::size_t bytes) { g_refuse_above = bytes; }
  ~RefuseAbove() { g_refuse_above = SIZE_MAX; }
};

TrainConfig config(CellKind cell) {
  TrainConfig c;
  c.task = "parity";
  c.cell = cell;
  c.T = 20;
  c.hidden = 32;
  c.batch = 32;
  return c;
}

}  // namespace

TEST(AllocFailure, TheWrapperRefusesLargeEigenAllocations) {
  RefuseAbove guard(1 << 20);
  EXPECT_THROW((Mat<float>(1024, 1024)), std::bad_alloc);
}

class AllocFailureCells : public ::testing::TestWithParam<CellKind> {};

TEST_P(AllocFailureCells, EvaluateThatCannotAllocateLeavesTheTrainerUsable) {
  Trainer<float> t(config(GetParam()));
  const double loss1 = t.step().loss;
  ASSERT_TRUE(std::isfinite(loss1));
  {
    // evaluate(4000) and samples(1000): caches of 20 x 4000 (20 x 1000) rows
    // of at least 32 floats, 10 MB (2.5 MB) and more: refused.
    RefuseAbove guard(1 << 20);
    EXPECT_THROW(t.evaluate(4000), std::bad_alloc);
    EXPECT_THROW(t.samples(1000), std::bad_alloc);
  }
  // The same sizes as before the failure (the old code reused a freed buffer here) ...
  const StepMetrics m = t.step();
  EXPECT_TRUE(m.finite);
  EXPECT_EQ(m.step, 2);
  // ... and other sizes (the old code freed the dangling buffer a second time here).
  const double a = t.evaluate(100);
  EXPECT_GE(a, 0.0);
  EXPECT_LE(a, 1.0);
  EXPECT_TRUE(t.step().finite);
}

TEST_P(AllocFailureCells, AStepThatCannotAllocateChangesNoParameter) {
  Trainer<double> t(config(GetParam()));
  t.step();
  (void)t.evaluate(2000);  // the caches are now sized for 2000 sequences
  const std::vector<double> before(t.model().params().data.begin(), t.model().params().data.end());
  {
    RefuseAbove guard(64 << 10);  // a step's own caches (20 x 32 rows) need more
    EXPECT_THROW(t.step(), std::bad_alloc);
  }
  EXPECT_EQ(std::vector<double>(t.model().params().data.begin(), t.model().params().data.end()), before);
  EXPECT_TRUE(t.step().finite);
}

INSTANTIATE_TEST_SUITE_P(Cells, AllocFailureCells,
                         ::testing::Values(CellKind::Rnn, CellKind::Lstm, CellKind::Gru, CellKind::PeepholeLstm),
                         [](const auto& info) { return std::string(cell_name(info.param)); });
