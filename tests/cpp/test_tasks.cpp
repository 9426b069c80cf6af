// test_tasks.cpp — tests for src/core/tasks/ (every task file and registry.cpp).
//
// Checks, through the registry only: determinism per seed, shapes, token and
// target ranges for several T (T = 1 included), each task's defining property
// recomputed independently from the tokens, class balance over 4000 samples,
// and the messages of validate_task_args.
// Deliberately not: training on the tasks (that is the trainer's test).
#include <gtest/gtest.h>

#include <algorithm>
#include <bitset>
#include <cstdint>
#include <iomanip>
#include <iostream>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/tasks/task.hpp"

using namespace rnnlab;

namespace {

const Task& task_named(const std::string& name) {
  const Task* task = find_task(name);
  if (task == nullptr) throw std::runtime_error("no task " + name);
  return *task;
}

Batch generate(const std::string& name, std::uint64_t seed, int T, int B) {
  Rng rng(seed);
  return task_named(name).generate(rng, T, B);
}

std::vector<int> row_of(const Batch& batch, int b) {
  std::vector<int> row;
  for (int t = 0; t < batch.T; ++t) row.push_back(batch.token(b, t));
  return row;
}

// Baum-Sweet written from the definition, independently of baum_sweet.cpp:
// split the binary string on '1' and check every run of zeros has even length.
int baum_sweet_reference(std::uint64_t n) {
  if (n == 0) return 1;
  std::string bits = std::bitset<64>(n).to_string();
  bits = bits.substr(bits.find('1'));
  std::stringstream runs(bits);
  std::string run;
  while (std::getline(runs, run, '1'))
    if (run.size() % 2 == 1) return 0;
  return 1;
}

const std::vector<std::string> kAllTasks = {"binary_palindrome", "palindrome", "recall_first",
                                            "parity", "baum_sweet", "random_combination"};

}  // namespace

// ---- registry ---------------------------------------------------------------

TEST(TaskRegistry, HasTheTasksInDisplayOrder) {
  std::vector<std::string> names;
  for (const Task& task : task_registry()) names.push_back(task.name);
  EXPECT_EQ(names, kAllTasks);
}

TEST(TaskRegistry, EveryTaskIsComplete) {
  for (const Task& task : task_registry()) {
    SCOPED_TRACE(task.name);
    EXPECT_FALSE(task.title.empty());
    EXPECT_FALSE(task.description.empty());
    EXPECT_FALSE(task.encoding.empty());
    EXPECT_EQ(task.min_T, 1);
    EXPECT_GE(task.default_T, task.min_T);
    ASSERT_NE(task.vocab_size, nullptr);
    ASSERT_NE(task.num_classes, nullptr);
    ASSERT_NE(task.generate, nullptr);
    EXPECT_EQ(validate_task_args(task.name, task.default_T, 32), "");
    EXPECT_EQ(find_task(task.name), &task);
  }
  EXPECT_EQ(find_task("foo"), nullptr);
  EXPECT_EQ(find_task(""), nullptr);
}

TEST(TaskRegistry, SizesAndDefaults) {
  struct Expected { const char* name; int default_T, V, C; };
  const Expected expected[] = {{"binary_palindrome", 16, 3, 2}, {"palindrome", 10, 10, 10},
                               {"recall_first", 20, 8, 4},      {"parity", 8, 2, 2},
                               {"baum_sweet", 12, 3, 2}};
  for (const Expected& e : expected) {
    SCOPED_TRACE(e.name);
    const Task& task = task_named(e.name);
    EXPECT_EQ(task.default_T, e.default_T);
    for (int T : {1, 5, 30}) {
      EXPECT_EQ(task.vocab_size(T), e.V);
      EXPECT_EQ(task.num_classes(T), e.C);
    }
  }
  const Task& rc = task_named("random_combination");
  EXPECT_EQ(rc.default_T, 6);
  for (int T : {1, 6, 50}) {
    EXPECT_EQ(rc.vocab_size(T), T + 1);
    EXPECT_EQ(rc.num_classes(T), T + 1);
  }
}

// ---- every task: determinism, shapes, ranges -------------------------------

TEST(Tasks, SameSeedSameBatchDifferentSeedDifferentBatch) {
  for (const std::string& name : kAllTasks) {
    SCOPED_TRACE(name);
    const int T = task_named(name).default_T;
    const Batch a = generate(name, 42, T, 64);
    const Batch b = generate(name, 42, T, 64);
    const Batch c = generate(name, 43, T, 64);
    EXPECT_EQ(a.tokens, b.tokens);
    EXPECT_EQ(a.targets, b.targets);
    EXPECT_TRUE(a.tokens != c.tokens || a.targets != c.targets);
  }
}

TEST(Tasks, ConsecutiveBatchesFromOneRngDiffer) {
  for (const std::string& name : kAllTasks) {
    SCOPED_TRACE(name);
    const Task& task = task_named(name);
    Rng rng(7);
    const Batch a = task.generate(rng, task.default_T, 64);
    const Batch b = task.generate(rng, task.default_T, 64);
    EXPECT_TRUE(a.tokens != b.tokens || a.targets != b.targets);
  }
}

TEST(Tasks, ShapesAndRangesForSeveralT) {
  for (const std::string& name : kAllTasks) {
    const Task& task = task_named(name);
    for (int T : {1, 2, 3, 7, task.default_T, 40}) {
      SCOPED_TRACE(name + " T=" + std::to_string(T));
      const int B = 200;
      const Batch batch = generate(name, 1000 + T, T, B);
      ASSERT_EQ(batch.B, B);
      ASSERT_EQ(batch.T, T);
      ASSERT_EQ(batch.tokens.size(), static_cast<size_t>(B) * T);
      ASSERT_EQ(batch.targets.size(), static_cast<size_t>(B));
      const int V = task.vocab_size(T), C = task.num_classes(T);
      for (int token : batch.tokens) {
        ASSERT_GE(token, 0);
        ASSERT_LT(token, V);
      }
      for (int target : batch.targets) {
        ASSERT_GE(target, 0);
        ASSERT_LT(target, C);
      }
    }
  }
}

// ---- each task's defining property -----------------------------------------

TEST(BinaryPalindrome, PaddedPalindromeWithTargetAsLastBit) {
  for (int T : {1, 2, 3, 5, 8, 20, 41}) {
    SCOPED_TRACE("T=" + std::to_string(T));
    const Batch batch = generate("binary_palindrome", 5 + T, T, 500);
    const int lo = std::max(2, (T + 1) / 2 + 1), hi = T + 1;
    std::set<int> lengths;
    for (int b = 0; b < batch.B; ++b) {
      std::vector<int> seq = row_of(batch, b);
      seq.push_back(batch.targets[b]);  // T+1 tokens: read T, then the target
      size_t pad = 0;
      while (pad < seq.size() && seq[pad] == 2) ++pad;
      const std::vector<int> p(seq.begin() + pad, seq.end());
      for (int bit : p) ASSERT_TRUE(bit == 0 || bit == 1) << "pad token after the start";
      const int L = static_cast<int>(p.size());
      ASSERT_GE(L, lo);
      ASSERT_LE(L, hi);
      lengths.insert(L);
      ASSERT_TRUE(std::equal(p.begin(), p.end(), p.rbegin())) << "not a palindrome";
      ASSERT_EQ(batch.targets[b], p.front());
    }
    EXPECT_EQ(static_cast<int>(lengths.size()), hi - lo + 1) << "not every length drawn";
  }
}

TEST(Palindrome, ReadsTheSameBothWays) {
  for (int T : {1, 2, 9, 10, 31}) {
    SCOPED_TRACE("T=" + std::to_string(T));
    const Batch batch = generate("palindrome", 11 + T, T, 500);
    for (int b = 0; b < batch.B; ++b) {
      std::vector<int> seq = row_of(batch, b);
      seq.push_back(batch.targets[b]);
      ASSERT_TRUE(std::equal(seq.begin(), seq.end(), seq.rbegin()));
      ASSERT_EQ(batch.targets[b], seq.front());
    }
  }
}

TEST(RecallFirst, TargetIsFirstTokenAndDistractorsAreFourToSeven) {
  for (int T : {1, 2, 20, 60}) {
    SCOPED_TRACE("T=" + std::to_string(T));
    const Batch batch = generate("recall_first", 17 + T, T, 500);
    for (int b = 0; b < batch.B; ++b) {
      ASSERT_EQ(batch.targets[b], batch.token(b, 0));
      ASSERT_LT(batch.token(b, 0), 4);
      for (int t = 1; t < T; ++t) {
        ASSERT_GE(batch.token(b, t), 4);
        ASSERT_LE(batch.token(b, t), 7);
      }
    }
  }
}

TEST(Parity, TargetIsXorOfAllBits) {
  for (int T : {1, 2, 8, 33}) {
    SCOPED_TRACE("T=" + std::to_string(T));
    const Batch batch = generate("parity", 23 + T, T, 500);
    for (int b = 0; b < batch.B; ++b) {
      int ones = 0;
      for (int t = 0; t < T; ++t) ones += batch.token(b, t);
      ASSERT_EQ(batch.targets[b], ones % 2);
    }
  }
}

namespace {

// Decodes a baum_sweet row back to n, checking the layout on the way:
// pad tokens (2) only at the start, then the significant bits of n.
std::uint64_t decode_baum_sweet(const Batch& batch, int b) {
  int t = 0;
  while (t < batch.T && batch.token(b, t) == 2) ++t;
  EXPECT_LT(t, batch.T) << "a row of padding only";
  const int first = t;
  std::uint64_t n = 0;
  for (; t < batch.T; ++t) {
    const int bit = batch.token(b, t);
    EXPECT_TRUE(bit == 0 || bit == 1) << "pad token after the start";
    n = (n << 1) | static_cast<std::uint64_t>(bit);
  }
  // Exactly the significant bits: a leading 0 only for n = 0, as one token.
  if (batch.token(b, first) == 0) {
    EXPECT_EQ(first, batch.T - 1) << "leading zero";
  }
  return n;
}

}  // namespace

TEST(BaumSweet, KnownValuesForSmallN) {
  // OEIS A086747: b(n) for n = 0..15.
  const int known[16] = {1, 1, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0, 1, 0, 0, 1};
  for (int n = 0; n < 16; ++n) EXPECT_EQ(baum_sweet_reference(n), known[n]) << "n=" << n;

  // T = 4 draws n from 0..15: every n must show up with the known label.
  const Batch batch = generate("baum_sweet", 29, 4, 2000);
  std::set<std::uint64_t> seen;
  for (int b = 0; b < batch.B; ++b) {
    const std::uint64_t n = decode_baum_sweet(batch, b);
    ASSERT_LT(n, 16u);
    seen.insert(n);
    ASSERT_EQ(batch.targets[b], known[n]) << "n=" << n;
  }
  EXPECT_EQ(seen.size(), 16u);
}

TEST(BaumSweet, LabelsMatchTheDefinitionForSeveralT) {
  for (int T : {1, 2, 3, 12, 40, 62}) {
    SCOPED_TRACE("T=" + std::to_string(T));
    const Batch batch = generate("baum_sweet", 31 + T, T, 1000);
    std::uint64_t largest = 0;
    for (int b = 0; b < batch.B; ++b) {
      const std::uint64_t n = decode_baum_sweet(batch, b);
      ASSERT_LT(n, std::uint64_t{1} << T);
      largest = std::max(largest, n);
      ASSERT_EQ(batch.targets[b], baum_sweet_reference(n)) << "n=" << n;
    }
    // n is uniform over [0, 2^T): some draw uses the top bit (all but surely).
    if (T >= 2) {
      EXPECT_GE(largest, std::uint64_t{1} << (T - 1));
    }
  }
}

TEST(RandomCombination, TokensAndTargetArePermutationOfZeroToT) {
  for (int T : {1, 2, 6, 50}) {
    SCOPED_TRACE("T=" + std::to_string(T));
    const Batch batch = generate("random_combination", 37 + T, T, 500);
    std::vector<int> identity(T + 1);
    for (int i = 0; i <= T; ++i) identity[i] = i;
    for (int b = 0; b < batch.B; ++b) {
      std::vector<int> seq = row_of(batch, b);
      seq.push_back(batch.targets[b]);
      std::sort(seq.begin(), seq.end());
      ASSERT_EQ(seq, identity);
    }
  }
}

// ---- class balance ----------------------------------------------------------

TEST(Tasks, ClassBalanceOver4000Samples) {
  // Balanced by construction (asserted): every task but baum_sweet, whose
  // label b(n) = 1 gets rarer as T grows (only reported).
  const std::set<std::string> balanced = {"binary_palindrome", "palindrome", "recall_first",
                                          "parity", "random_combination"};
  const int samples = 4000;
  for (const Task& task : task_registry()) {
    SCOPED_TRACE(task.name);
    const int T = task.default_T, C = task.num_classes(T);
    const Batch batch = generate(task.name, 2024, T, samples);
    std::vector<int> count(C, 0);
    for (int target : batch.targets) ++count[target];
    std::ostringstream line;
    line << std::fixed << std::setprecision(3);
    for (int c = 0; c < C; ++c) line << (c ? " " : "") << static_cast<double>(count[c]) / samples;
    std::cout << "[ balance  ] " << task.name << " T=" << T << ": " << line.str() << "\n";
    ::testing::Test::RecordProperty("balance_" + task.name, line.str());
    if (balanced.count(task.name) == 0) continue;
    for (int c = 0; c < C; ++c) {
      const double freq = static_cast<double>(count[c]) / samples;
      EXPECT_NEAR(freq, 1.0 / C, 0.05) << "class " << c;
    }
  }
}

// ---- validate_task_args -----------------------------------------------------

TEST(ValidateTaskArgs, AcceptsGoodArguments) {
  for (const std::string& name : kAllTasks) {
    EXPECT_EQ(validate_task_args(name, 1, 1), "") << name;
    EXPECT_EQ(validate_task_args(name, 1, 100000), "") << name;
  }
  EXPECT_EQ(validate_task_args("parity", 100000, 1), "");
  EXPECT_EQ(validate_task_args("baum_sweet", 62, 8), "");
}

TEST(ValidateTaskArgs, Messages) {
  EXPECT_EQ(validate_task_args("foo", 10, 8),
            "unknown task 'foo' (known: binary_palindrome, palindrome, recall_first, parity, "
            "baum_sweet, random_combination, text)");
  EXPECT_EQ(validate_task_args("palindrome", 0, 8),
            "T must be at least 1 for task 'palindrome' (got 0)");
  EXPECT_EQ(validate_task_args("parity", -3, 8), "T must be at least 1 for task 'parity' (got -3)");
  EXPECT_EQ(validate_task_args("parity", 100001, 8),
            "T must be at most 100000 for task 'parity' (got 100001)");
  EXPECT_EQ(validate_task_args("parity", 8, 0), "batch size must be at least 1 (got 0)");
  EXPECT_EQ(validate_task_args("parity", 8, -1), "batch size must be at least 1 (got -1)");
  EXPECT_EQ(validate_task_args("parity", 8, 100001), "batch size must be at most 100000 (got 100001)");
  const std::string baum = validate_task_args("baum_sweet", 63, 8);
  EXPECT_NE(baum.find("T must be at most 62 for task 'baum_sweet' (got 63)"), std::string::npos)
      << baum;
  EXPECT_NE(validate_task_args("baum_sweet", 100001, 8), "");
}
