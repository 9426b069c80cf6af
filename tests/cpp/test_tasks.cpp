// test_tasks.cpp — tests for src/core/tasks/ (every task file and registry.cpp).
//
// Checks, through the registry only: determinism per seed, shapes, token and
// target ranges for several T (from each task's min_T), each task's defining
// property recomputed independently from the tokens (a Reber acceptor written
// as a regular expression, a bracket stack, ...), -1 placement of the
// per-step tasks, class balance over 4000 samples against each task's stated
// chance, and the messages of validate_task_args.
// Deliberately not: training on the tasks (that is the trainer's test).
#include <gtest/gtest.h>

#include <algorithm>
#include <bitset>
#include <cmath>
#include <cstdint>
#include <iomanip>
#include <iostream>
#include <map>
#include <regex>
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

const std::vector<std::string> kAllTasks = {"binary_palindrome", "palindrome",        "recall_first",
                                            "parity",            "baum_sweet",        "random_combination",
                                            "embedded_reber",    "distracted_recall", "copy",
                                            "dyck"};

// The counted targets of a batch (per step: those not -1).
std::vector<int> counted_targets(const Batch& batch) {
  std::vector<int> out;
  for (int y : batch.targets)
    if (y >= 0) out.push_back(y);
  return out;
}

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
    EXPECT_GE(task.min_T, 1);
    EXPECT_GE(task.default_T, task.min_T);
    ASSERT_NE(task.vocab_size, nullptr);
    ASSERT_NE(task.num_classes, nullptr);
    ASSERT_NE(task.generate, nullptr);
    // chance and solved: a threshold above chance and at most 1.
    ASSERT_NE(task.chance, nullptr);
    const double chance = task.chance(task.default_T);
    EXPECT_GE(chance, 1.0 / task.num_classes(task.default_T) - 1e-12);
    EXPECT_LE(chance, 1.0);
    EXPECT_GT(task.solved, chance);
    EXPECT_LE(task.solved, 1.0);
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
                               {"baum_sweet", 12, 3, 2},        {"embedded_reber", 20, 8, 2},
                               {"distracted_recall", 20, 10, 4}, {"copy", 20, 6, 4},
                               {"dyck", 16, 5, 2}};
  for (const Expected& e : expected) {
    SCOPED_TRACE(e.name);
    const Task& task = task_named(e.name);
    EXPECT_EQ(task.default_T, e.default_T);
    for (int T : {task.min_T, 5 + task.min_T, 30}) {
      EXPECT_EQ(task.vocab_size(T), e.V);
      EXPECT_EQ(task.num_classes(T), e.C);
    }
  }
  const Task& rc = task_named("random_combination");
  EXPECT_EQ(rc.default_T, 6);
  for (int T : {1, 6, 50}) {
    EXPECT_EQ(rc.vocab_size(T), T + 1);
    EXPECT_EQ(rc.num_classes(T), T + 1);
    EXPECT_DOUBLE_EQ(rc.chance(T), 1.0 / (T + 1));
  }
  const std::map<std::string, int> min_T = {{"embedded_reber", 9}, {"distracted_recall", 4}, {"copy", 7}, {"dyck", 2}};
  const std::set<std::string> per_step = {"distracted_recall", "copy"};
  for (const Task& task : task_registry()) {
    EXPECT_EQ(task.min_T, min_T.count(task.name) ? min_T.at(task.name) : 1) << task.name;
    EXPECT_EQ(task.per_step, per_step.count(task.name) == 1) << task.name;
    EXPECT_EQ(task.solved, 0.99) << task.name;
  }
  // The text task has neither: its chance is its text's, and no threshold applies.
  EXPECT_EQ(the_text_task().chance, nullptr);
  EXPECT_TRUE(std::isnan(the_text_task().solved));
  EXPECT_TRUE(the_text_task().per_step);
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
    for (int T : {1, 2, 3, 7, 8, 9, 10, task.default_T, 40}) {
      if (T < task.min_T) continue;
      SCOPED_TRACE(name + " T=" + std::to_string(T));
      const int B = 200;
      const Batch batch = generate(name, 1000 + T, T, B);
      ASSERT_EQ(batch.B, B);
      ASSERT_EQ(batch.T, T);
      ASSERT_EQ(batch.per_step, task.per_step);
      ASSERT_EQ(batch.tokens.size(), static_cast<size_t>(B) * T);
      ASSERT_EQ(batch.targets.size(), static_cast<size_t>(B) * (task.per_step ? T : 1));
      const int V = task.vocab_size(T), C = task.num_classes(T);
      for (int token : batch.tokens) {
        ASSERT_GE(token, 0);
        ASSERT_LT(token, V);
      }
      for (int target : batch.targets) {
        ASSERT_GE(target, task.per_step ? -1 : 0);
        ASSERT_LT(target, C);
      }
      if (task.per_step)  // every row has something to predict, at its last step at least
        for (int b = 0; b < B; ++b) ASSERT_GE(batch.target(b, T - 1), 0);
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

TEST(BaumSweet, ChanceIsTheExactMajorityShare) {
  // Counted over every n in [0, 2^T) with the reference, not the Fibonacci count.
  const Task& task = task_named("baum_sweet");
  for (int T = 1; T <= 16; ++T) {
    long ones = 0;
    for (std::uint64_t n = 0; n < (std::uint64_t{1} << T); ++n) ones += baum_sweet_reference(n);
    const double share = double(ones) / double(std::uint64_t{1} << T);
    EXPECT_DOUBLE_EQ(task.chance(T), std::max(share, 1 - share)) << "T=" << T;
  }
  EXPECT_GT(task.chance(62), 0.99);  // computed in 64 bits without overflow
  EXPECT_LE(task.chance(62), 1.0);
}

namespace {

// The letters of the embedded Reber symbols, for regular expressions.
std::string reber_letters(const std::vector<int>& s) {
  std::string out;
  for (int x : s) out += "BTPSXVE#"[x];
  return out;
}

// The Reber grammar as a regular expression, derived from the graph by hand
// (not from embedded_reber.cpp's table): from the state after X or S-loops,
// L4 = (XT*VP)*(S|XT*VV) ends the string; T S* X L4 and P T* V (V | P L4)
// are the two ways in.
const std::string kL4 = "(XT*VP)*(S|XT*VV)";
const std::string kReber = "B(TS*X" + kL4 + "|PT*V(V|P" + kL4 + "))E";

}  // namespace

TEST(EmbeddedReber, ValidStringsMatchTheGrammarAndCorruptedOnesDoNot) {
  const std::regex valid("B(T" + kReber + "T|P" + kReber + "P)E");
  const std::regex corrupted("B(T" + kReber + "P|P" + kReber + "T)E");
  for (int T : {9, 10, 12, 20, 50}) {
    SCOPED_TRACE("T=" + std::to_string(T));
    const Batch batch = generate("embedded_reber", 41 + T, T, 1000);
    std::set<int> lengths;
    int ones = 0;
    for (int b = 0; b < batch.B; ++b) {
      const std::vector<int> row = row_of(batch, b);
      std::size_t pad = 0;
      while (pad < row.size() && row[pad] == 7) ++pad;
      const std::vector<int> s(row.begin() + pad, row.end());
      for (int x : s) ASSERT_LT(x, 7) << "pad token after the start";
      ASSERT_GE(s.size(), 9u);
      lengths.insert(int(s.size()));
      const std::string letters = reber_letters(s);
      const bool is_valid = std::regex_match(letters, valid);
      ASSERT_TRUE(is_valid || std::regex_match(letters, corrupted)) << letters << " follows neither";
      ASSERT_EQ(batch.targets[b], is_valid ? 1 : 0) << letters;
      ones += batch.targets[b];
    }
    EXPECT_NEAR(ones / 1000.0, 0.5, 0.06);
    if (T == 9) {
      EXPECT_EQ(lengths, std::set<int>{9});
    } else {
      EXPECT_GE(lengths.size(), 2u) << "strings of several lengths";
    }
  }
}

TEST(DistractedRecall, TwoTargetsAmongDistractorsAnsweredInOrderAtThePrompts) {
  for (int T : {4, 5, 20, 61}) {
    SCOPED_TRACE("T=" + std::to_string(T));
    const Batch batch = generate("distracted_recall", 43 + T, T, 1000);
    ASSERT_TRUE(batch.per_step);
    std::set<std::pair<int, int>> places;
    for (int b = 0; b < batch.B; ++b) {
      std::vector<int> targets, where;
      for (int t = 0; t < T - 2; ++t) {
        const int x = batch.token(b, t);
        if (x < 4) {
          targets.push_back(x);
          where.push_back(t);
        } else {
          ASSERT_LE(x, 7) << "a prompt before the end";
        }
        ASSERT_EQ(batch.target(b, t), -1);
      }
      ASSERT_EQ(targets.size(), 2u);
      places.insert({where[0], where[1]});
      ASSERT_EQ(batch.token(b, T - 2), 8);
      ASSERT_EQ(batch.token(b, T - 1), 9);
      ASSERT_EQ(batch.target(b, T - 2), targets[0]);
      ASSERT_EQ(batch.target(b, T - 1), targets[1]);
    }
    const int pairs = (T - 2) * (T - 3) / 2;
    if (pairs <= 10) EXPECT_EQ(int(places.size()), pairs) << "every pair of places drawn";
  }
}

TEST(Copy, TheFirstThreeSymbolsAreTheTargetsOfTheLastThreeSteps) {
  for (int T : {7, 8, 20, 64}) {
    SCOPED_TRACE("T=" + std::to_string(T));
    const Batch batch = generate("copy", 47 + T, T, 1000);
    ASSERT_TRUE(batch.per_step);
    for (int b = 0; b < batch.B; ++b) {
      for (int t = 0; t < T; ++t) {
        const int x = batch.token(b, t);
        if (t < 3) ASSERT_LT(x, 4);
        else if (t == T - 4) ASSERT_EQ(x, 5) << "the go marker";
        else ASSERT_EQ(x, 4) << "a blank";
        if (t < T - 3) ASSERT_EQ(batch.target(b, t), -1);
        else ASSERT_EQ(batch.target(b, t), batch.token(b, t - (T - 3)));
      }
    }
  }
}

namespace {

// Whether a word over ( ) [ ] (tokens 0..3) is closed and well nested, by a
// stack of the open brackets; and its final depth, by a counter.
bool dyck_closed(const std::vector<int>& w) {
  std::vector<char> stack;
  for (int x : w) {
    const char c = "()[]"[x];
    if (c == '(' || c == '[') {
      stack.push_back(c);
    } else {
      if (stack.empty() || stack.back() != (c == ')' ? '(' : '[')) return false;
      stack.pop_back();
    }
  }
  return stack.empty();
}
int dyck_balance(const std::vector<int>& w) {
  int d = 0;
  for (int x : w) d += (x == 0 || x == 2) ? 1 : -1;
  return d;
}

}  // namespace

TEST(Dyck, TheClassIsWhetherTheWordIsClosed) {
  for (int T : {2, 3, 4, 9, 16, 41}) {
    SCOPED_TRACE("T=" + std::to_string(T));
    const Batch batch = generate("dyck", 53 + T, T, 1000);
    int closed = 0, counted_balanced_but_open = 0;
    for (int b = 0; b < batch.B; ++b) {
      std::vector<int> row = row_of(batch, b);
      if (T % 2 == 1) {
        ASSERT_EQ(row[0], 4) << "one pad token when T is odd";
        row.erase(row.begin());
      }
      for (int x : row) ASSERT_LT(x, 4) << "pad token in the word";
      const bool is_closed = dyck_closed(row);
      ASSERT_EQ(batch.targets[b], is_closed ? 1 : 0);
      closed += is_closed;
      if (!is_closed && dyck_balance(row) == 0) ++counted_balanced_but_open;
    }
    EXPECT_NEAR(closed / 1000.0, 0.5, 0.06);
    // Half the corrupted words keep the counts balanced (a kind swapped):
    // a counter alone cannot tell them.
    EXPECT_NEAR(counted_balanced_but_open / 1000.0, 0.25, 0.06);
  }
}

// ---- class balance ----------------------------------------------------------

TEST(Tasks, ClassBalanceOver4000Samples) {
  // Balanced by construction (asserted): every task but baum_sweet, whose
  // label b(n) = 1 gets rarer as T grows (only reported; its chance is
  // checked below). Per-step tasks: over the counted targets. And every
  // task's stated chance is the most frequent class's share, within 0.03.
  const std::set<std::string> balanced = {"binary_palindrome", "palindrome",     "recall_first",      "parity",
                                          "random_combination", "embedded_reber", "distracted_recall", "copy",
                                          "dyck"};
  const int samples = 4000;
  for (const Task& task : task_registry()) {
    SCOPED_TRACE(task.name);
    const int T = task.default_T, C = task.num_classes(T);
    const std::vector<int> targets = counted_targets(generate(task.name, 2024, T, samples));
    const double n = double(targets.size());
    std::vector<int> count(C, 0);
    for (int target : targets) ++count[target];
    std::ostringstream line;
    line << std::fixed << std::setprecision(3);
    for (int c = 0; c < C; ++c) line << (c ? " " : "") << static_cast<double>(count[c]) / n;
    std::cout << "[ balance  ] " << task.name << " T=" << T << ": " << line.str() << "\n";
    ::testing::Test::RecordProperty("balance_" + task.name, line.str());
    EXPECT_NEAR(*std::max_element(count.begin(), count.end()) / n, task.chance(T), 0.03) << "chance";
    if (balanced.count(task.name) == 0) continue;
    for (int c = 0; c < C; ++c) {
      const double freq = static_cast<double>(count[c]) / n;
      EXPECT_NEAR(freq, 1.0 / C, 0.05) << "class " << c;
    }
  }
}

// ---- validate_task_args -----------------------------------------------------

TEST(ValidateTaskArgs, AcceptsGoodArguments) {
  for (const std::string& name : kAllTasks) {
    const int lo = task_named(name).min_T;
    EXPECT_EQ(validate_task_args(name, lo, 1), "") << name;
    EXPECT_EQ(validate_task_args(name, lo, 100000), "") << name;
  }
  EXPECT_EQ(validate_task_args("parity", 100000, 1), "");
  EXPECT_EQ(validate_task_args("baum_sweet", 62, 8), "");
}

TEST(ValidateTaskArgs, Messages) {
  // A prefix: the tasks found outside the registry (text, ...) close the list.
  const std::string unknown = validate_task_args("foo", 10, 8);
  EXPECT_EQ(unknown.rfind("unknown task 'foo' (known: binary_palindrome, palindrome, recall_first, parity, "
                          "baum_sweet, random_combination, embedded_reber, distracted_recall, copy, dyck, text",
                          0),
            0u)
      << unknown;
  EXPECT_EQ(validate_task_args("embedded_reber", 8, 8),
            "T must be at least 9 for task 'embedded_reber' (got 8)");
  EXPECT_EQ(validate_task_args("copy", 6, 8), "T must be at least 7 for task 'copy' (got 6)");
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
