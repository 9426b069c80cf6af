// test_validation.cpp — tests for the boundary checks: validate(ModelConfig)
// and validate_batch (src/core/model_config.cpp), validate(TrainConfig)
// (src/core/trainer.cpp).
//
// Reference: the limits documented in model_config.hpp and the messages'
// promise to name the bad field (and, for tokens, the position and the
// accepted range). A batch or config whose caches would exceed
// kMaxCacheBytes (1 GiB) must be refused BEFORE anything is allocated: this
// file replaces the global operator new to count the bytes requested during
// the call (Eigen allocates with malloc and is not counted; the checks under
// test use neither). The smallest sizes (T = 1, H = 1, B = 1) must be
// accepted and must train with a finite loss, for every task and cell.
#include <gtest/gtest.h>

#include <atomic>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <new>
#include <string>
#include <vector>

#include "core/model_config.hpp"
#include "core/tasks/task.hpp"
#include "core/trainer.hpp"

using namespace rnnlab;

// ---- allocation counter ---------------------------------------------------------

namespace {
std::atomic<bool> g_counting{false};
std::atomic<std::size_t> g_bytes{0};

// Bytes requested through operator new while f() runs.
template <class F>
std::size_t bytes_allocated_by(F&& f) {
  g_bytes = 0;
  g_counting = true;
  f();
  g_counting = false;
  return g_bytes;
}
}  // namespace

void* operator new(std::size_t n) {
  if (g_counting) g_bytes += n;
  if (void* p = std::malloc(n ? n : 1)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }

// The counter itself must see an allocation, or the checks below prove nothing.
TEST(AllocationCounter, SeesAVectorAllocation) {
  std::size_t n = 0;
  const std::size_t bytes = bytes_allocated_by([&] {
    std::vector<double> v(1000, 1.0);
    n = v.size();
  });
  EXPECT_EQ(n, 1000u);
  EXPECT_GE(bytes, 1000 * sizeof(double));
}

// ---- helpers ----------------------------------------------------------------------

namespace {

bool has(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

Batch batch_of(int B, int T, int token = 0, int target = 0) {
  Batch b;
  b.B = B;
  b.T = T;
  b.tokens.assign(std::size_t(B) * T, token);
  b.targets.assign(B, target);
  return b;
}

const ModelConfig kModel{CellKind::Lstm, 3, 0, 8, 2};

}  // namespace

// ---- validate(ModelConfig) --------------------------------------------------------

TEST(ValidateModel, DefaultsAndLimitsAreAccepted) {
  EXPECT_EQ(validate(ModelConfig{}), "");
  EXPECT_EQ(validate(ModelConfig{CellKind::Rnn, 1, 0, 1, 1}), "");
  // Each size at its limit, the others small (all of them at once would be a
  // 28 GiB model: ModelMemoryOverTheLimit).
  EXPECT_EQ(validate(ModelConfig{CellKind::Gru, kMaxVocab, 8, 8, 2}), "");
  EXPECT_EQ(validate(ModelConfig{CellKind::Gru, 3, kMaxEmbedding, 8, 2}), "");
  EXPECT_EQ(validate(ModelConfig{CellKind::Rnn, 3, 0, kMaxHidden, 2}), "");
  EXPECT_EQ(validate(ModelConfig{CellKind::Gru, 3, 0, 8, kMaxClasses}), "");
}

TEST(ValidateModel, ModelMemoryOverTheLimit) {
  // GRU, V 100000, E 4096, H 4096, C 100000: embedding VE 409.6M + 3H(E+H) + 4H
  // 100.7M + head CH + C 409.7M = 919979680 parameters; x 4 buffers x 8 bytes = 28075.6 MiB.
  const std::string e = validate(ModelConfig{CellKind::Gru, kMaxVocab, kMaxEmbedding, kMaxHidden, kMaxClasses});
  EXPECT_EQ(e, "the model is too large: its parameters, gradients and optimizer state would need 28075 MiB "
               "(limit 768 MiB); reduce the hidden size, the embedding size, the vocabulary or the classes");
  // An LSTM at H 4096 (one-hot, 3 tokens): 4H(3+H+1) + 2H+2 = 67.2M parameters = 2050 MiB.
  EXPECT_TRUE(has(validate(ModelConfig{CellKind::Lstm, 3, 0, kMaxHidden, 2}), "would need 2050 MiB"));
  // The largest LSTM that fits: 4H(H+4) + 2H + 2 <= 768 MiB / 32 = 25165824 -> H = 2506.
  EXPECT_EQ(validate(ModelConfig{CellKind::Lstm, 3, 0, 2506, 2}), "");
  EXPECT_NE(validate(ModelConfig{CellKind::Lstm, 3, 0, 2507, 2}), "");
}

TEST(ValidateModel, BadHiddenSize) {
  for (int H : {0, -3, 5000, kMaxHidden + 1}) {
    ModelConfig c = kModel;
    c.hidden_size = H;
    const std::string e = validate(c);
    EXPECT_TRUE(has(e, "hidden_size")) << H << ": " << e;
    EXPECT_TRUE(has(e, "(got " + std::to_string(H) + ")")) << e;
    EXPECT_TRUE(has(e, std::to_string(kMaxHidden))) << "states the limit: " << e;
  }
}

TEST(ValidateModel, BadVocabEmbeddingAndClasses) {
  ModelConfig c = kModel;
  c.vocab_size = 0;
  EXPECT_TRUE(has(validate(c), "vocab_size")) << validate(c);
  c = kModel;
  c.vocab_size = kMaxVocab + 1;
  EXPECT_TRUE(has(validate(c), "vocab_size")) << validate(c);
  c = kModel;
  c.embedding_dim = -1;
  EXPECT_TRUE(has(validate(c), "embedding_dim")) << validate(c);
  c = kModel;
  c.embedding_dim = kMaxEmbedding + 1;
  EXPECT_TRUE(has(validate(c), "embedding_dim")) << validate(c);
  c = kModel;
  c.num_classes = 0;
  EXPECT_TRUE(has(validate(c), "num_classes")) << validate(c);
}

// ---- validate_batch ----------------------------------------------------------------

TEST(ValidateBatch, GoodBatchIsAccepted) {
  Batch b = batch_of(2, 3, 2, 1);
  EXPECT_EQ(validate_batch(kModel, b, sizeof(double)), "");
  EXPECT_EQ(validate_batch(kModel, b, sizeof(float)), "");
}

TEST(ValidateBatch, TokenOutOfRangeNamesPositionAndRange) {
  Batch b = batch_of(2, 4, 1);
  b.tokens[1 * 4 + 2] = 3;  // V = 3: tokens[1][2] is out of 0..2
  std::string e = validate_batch(kModel, b, sizeof(double));
  EXPECT_TRUE(has(e, "tokens[1][2]")) << e;
  EXPECT_TRUE(has(e, "0..2")) << e;
  EXPECT_TRUE(has(e, "= 3")) << e;
  b = batch_of(2, 4, 1);
  b.tokens[0 * 4 + 3] = -1;
  e = validate_batch(kModel, b, sizeof(double));
  EXPECT_TRUE(has(e, "tokens[0][3]")) << e;
  EXPECT_TRUE(has(e, "0..2")) << e;
}

TEST(ValidateBatch, TargetOutOfRange) {
  Batch b = batch_of(3, 2);
  b.targets[2] = 2;  // C = 2
  std::string e = validate_batch(kModel, b, sizeof(double));
  EXPECT_TRUE(has(e, "targets[2]")) << e;
  EXPECT_TRUE(has(e, "0..1")) << e;
  b.targets[2] = -5;
  e = validate_batch(kModel, b, sizeof(double));
  EXPECT_TRUE(has(e, "targets[2]")) << e;
}

TEST(ValidateBatch, InconsistentSizes) {
  Batch b = batch_of(2, 3);
  b.tokens.pop_back();
  EXPECT_TRUE(has(validate_batch(kModel, b, sizeof(double)), "tokens")) << validate_batch(kModel, b, 8);
  b = batch_of(2, 3);
  b.targets.push_back(0);
  EXPECT_TRUE(has(validate_batch(kModel, b, sizeof(double)), "targets")) << validate_batch(kModel, b, 8);
  b = batch_of(1, 1);
  b.B = 0;
  b.tokens.clear();
  b.targets.clear();
  EXPECT_TRUE(has(validate_batch(kModel, b, sizeof(double)), "batch size")) << validate_batch(kModel, b, 8);
  b = batch_of(2, 1);
  b.T = 0;
  b.tokens.clear();
  EXPECT_TRUE(has(validate_batch(kModel, b, sizeof(double)), "T")) << validate_batch(kModel, b, 8);
}

TEST(ValidateBatch, CachesOverTheLimitAreRefusedWithoutAllocating) {
  // H = 4096 (the largest accepted), T = 1000, B = 100: the LSTM's caches
  // alone hold T*B*(4H gate activations) = 1.6e9 doubles, far over 1 GiB,
  // while the batch itself is only 1e5 tokens.
  const ModelConfig big{CellKind::Lstm, 3, 0, kMaxHidden, 2};
  const Batch b = batch_of(100, 1000);
  std::string e;
  const std::size_t bytes = bytes_allocated_by([&] { e = validate_batch(big, b, sizeof(double)); });
  EXPECT_TRUE(has(e, "MiB")) << e;
  EXPECT_LT(bytes, std::size_t(1) << 16) << "validate_batch allocated " << bytes << " bytes";
  // Even in float the 4 x 1.6e9-byte gate cache is over the limit.
  EXPECT_TRUE(has(validate_batch(big, b, sizeof(float)), "MiB"));
  // A lower bound every correct estimate must exceed: T*B*4H scalars of gate activations.
  EXPECT_GT(cache_bytes(big, 1000, 100, sizeof(double)), std::size_t(1000) * 100 * 4 * kMaxHidden * 8);
  // The same model with a short sequence fits.
  EXPECT_EQ(validate_batch(big, batch_of(1, 2), sizeof(double)), "");
}

// ---- validate(TrainConfig) ----------------------------------------------------------

namespace {
TrainConfig small_train() {
  TrainConfig c;
  c.task = "parity";
  c.T = 5;
  c.hidden = 4;
  c.batch = 3;
  return c;
}
}  // namespace

TEST(ValidateTrain, DefaultsAreAccepted) {
  EXPECT_EQ(validate(TrainConfig{}), "");
  EXPECT_EQ(validate(small_train()), "");
}

TEST(ValidateTrain, HugeTBHIsRefusedWithoutAllocating) {
  TrainConfig c;
  c.task = "binary_palindrome";
  c.T = 100000;
  c.batch = 1000;
  c.hidden = 64;
  std::string e;
  const std::size_t bytes = bytes_allocated_by([&] { e = validate(c); });
  EXPECT_TRUE(has(e, "MiB")) << e;
  EXPECT_LT(bytes, std::size_t(1) << 16) << "validate allocated " << bytes << " bytes";
  // 1e8 steps x samples x (4H = 256 gate activations) x 8 bytes = 204800 MB: far over.
  EXPECT_GT(cache_bytes(model_config(c), c.T, c.batch, sizeof(double)), std::size_t(100000) * 1000 * 256 * 8);
}

TEST(ValidateTrain, EachBadFieldIsNamed) {
  struct Case {
    const char* what;
    void (*edit)(TrainConfig&);
    const char* part;
  };
  const Case cases[] = {
      {"unknown task", [](TrainConfig& c) { c.task = "no_such_task"; }, "unknown task 'no_such_task'"},
      {"T = 0", [](TrainConfig& c) { c.T = 0; }, "T must be at least 1"},
      {"T negative", [](TrainConfig& c) { c.T = -4; }, "T must be"},
      {"batch 0", [](TrainConfig& c) { c.batch = 0; }, "batch size"},
      {"hidden 0", [](TrainConfig& c) { c.hidden = 0; }, "hidden"},
      {"hidden 5000", [](TrainConfig& c) { c.hidden = 5000; }, "hidden"},
      {"lr 0", [](TrainConfig& c) { c.optim.lr = 0; }, "learning rate"},
      {"lr NaN", [](TrainConfig& c) { c.optim.lr = std::numeric_limits<double>::quiet_NaN(); }, "learning rate"},
      {"lr negative", [](TrainConfig& c) { c.optim.lr = -1; }, "learning rate"},
      {"clip negative", [](TrainConfig& c) { c.clip = -1; }, "clip"},
      {"clip NaN", [](TrainConfig& c) { c.clip = std::numeric_limits<double>::quiet_NaN(); }, "clip"},
      {"embed -1", [](TrainConfig& c) { c.embed = -1; }, "embedding"},
      {"nesterov without momentum",
       [](TrainConfig& c) {
         c.optim.kind = OptimKind::Sgd;
         c.optim.nesterov = true;
       },
       "nesterov"},
      {"forget bias NaN", [](TrainConfig& c) { c.init.forget_bias = std::numeric_limits<double>::quiet_NaN(); },
       "forget_bias"},
  };
  for (const auto& k : cases) {
    TrainConfig c = small_train();
    k.edit(c);
    const std::string e = validate(c);
    EXPECT_TRUE(has(e, k.part)) << k.what << ": \"" << e << "\"";
  }
}

TEST(ValidateTrain, JacobiansLimitedToStateSize512) {
  TrainConfig c = small_train();
  c.diag.jacobians = true;
  c.cell = CellKind::Lstm;  // state (h, c): 2H
  c.hidden = 300;
  EXPECT_TRUE(has(validate(c), "512")) << validate(c);
  c.hidden = 256;
  EXPECT_EQ(validate(c), "");
  c.cell = CellKind::Gru;  // state h: H
  c.hidden = 300;
  EXPECT_EQ(validate(c), "");
  c.hidden = 513;
  EXPECT_TRUE(has(validate(c), "512")) << validate(c);
}

// ---- the smallest sizes ------------------------------------------------------------

TEST(ValidateTrain, SizesOfOneTrainWithAFiniteLoss) {
  for (const Task& task : task_registry()) {
    for (CellKind cell : {CellKind::Rnn, CellKind::Lstm, CellKind::Gru, CellKind::PeepholeLstm}) {
      for (int embed : {0, 1}) {
        TrainConfig c;
        c.task = task.name;
        c.cell = cell;
        c.T = task.min_T;  // 1, or the shortest a long-range task allows
        c.hidden = 1;
        c.batch = 1;
        c.embed = embed;
        c.diag.jacobians = true;
        SCOPED_TRACE(task.name + " " + cell_name(cell) + " embed=" + std::to_string(embed));
        ASSERT_EQ(validate(c), "");
        const ModelConfig m = model_config(c);
        EXPECT_EQ(validate(m), "");
        EXPECT_EQ(validate_batch(m, batch_of(1, 1), sizeof(float)), "");
        Trainer<float> trainer(c);
        for (int s = 1; s <= 3; ++s) {
          const StepMetrics r = trainer.step();
          EXPECT_EQ(r.step, s);
          EXPECT_TRUE(r.finite);
          EXPECT_TRUE(std::isfinite(r.loss));
          EXPECT_GT(r.loss, 0.0);
          EXPECT_TRUE(std::isfinite(r.diag.grad_norm));
          ASSERT_EQ(r.diag.dh_norms.size(), std::size_t(c.T));
          ASSERT_EQ(r.diag.jacobian_norms.size(), std::size_t(c.T));
          EXPECT_TRUE(std::isfinite(r.diag.jacobian_norms[0]));
        }
        EXPECT_EQ(trainer.steps(), 3);
        const double acc = trainer.evaluate(8);
        EXPECT_GE(acc, 0.0);
        EXPECT_LE(acc, 1.0);
      }
    }
  }
}
