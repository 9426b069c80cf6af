// baum_sweet.cpp — the Baum-Sweet task.
//
// A number n uniform in [0, 2^T) is written in binary, most significant bit
// first, using exactly its significant bits (n = 0 is the single token 0),
// and left-padded with the pad token 2 to T tokens. The target is the
// Baum-Sweet bit b(n): 1 if n's binary form has no block of consecutive zeros
// of odd length, else 0 (b(0) = 1 by convention). The classes are not
// balanced: b(n) = 1 gets rarer as T grows.
// Deliberately not: T > 62 (kBaumSweetMaxT; n lives in a 64-bit word and
// validate_task_args refuses larger T), nor any class rebalancing.
//
// Legend: B batch, T steps read.
#include <cstdint>

#include "all_tasks.hpp"

namespace rnnlab {

namespace {

constexpr int kPad = 2;

// b(n), scanning the zero runs from the least significant bit up.
int baum_sweet_bit(std::uint64_t n) {
  if (n == 0) return 1;
  while (n != 0) {
    int zeros = 0;
    while ((n & 1u) == 0) {  // n != 0, so a 1 bit ends this run
      ++zeros;
      n >>= 1;
    }
    if (zeros % 2 == 1) return 0;
    n >>= 1;  // drop the 1 that ended the run
  }
  return 1;
}

Batch generate(Rng& rng, int T, int B) {
  Batch batch = new_batch(T, B);
  for (int b = 0; b < B; ++b) {
    const std::uint64_t n = rng.below(std::uint64_t{1} << T);  // T <= kBaumSweetMaxT
    int* row = batch.tokens.data() + static_cast<size_t>(b) * T;
    // Write the significant bits right-aligned, then pad the left.
    int t = T - 1;
    std::uint64_t m = n;
    do {
      row[t--] = static_cast<int>(m & 1u);
      m >>= 1;
    } while (m != 0);
    for (; t >= 0; --t) row[t] = kPad;
    batch.targets[b] = baum_sweet_bit(n);
  }
  return batch;
}

// The share of the majority class over n in [0, 2^T), exactly. The n < 2^T
// with b(n) = 1 are 0 and, for each k = 1..T significant bits, a 1 followed
// by k-1 bits tiled with "1" and "00": F(k) such tilings (Fibonacci,
// F(1) = F(2) = 1), and F(1) + ... + F(T) = F(T+2) - 1, so F(T+2) in all.
double majority_share(int T) {
  std::uint64_t a = 1, b = 1;  // F(1), F(2)
  for (int i = 2; i < T + 2; ++i) {
    const std::uint64_t c = a + b;
    a = b;
    b = c;
  }
  const double ones = double(b) / double(std::uint64_t{1} << T);  // b = F(T+2)
  return ones > 0.5 ? ones : 1.0 - ones;
}

}  // namespace

Task baum_sweet_task() {
  Task task;
  task.name = "baum_sweet";
  task.title = "Baum-Sweet";
  task.description =
      "A random number below 2^T written in binary; predict its Baum-Sweet bit: 1 if no block "
      "of consecutive zeros has odd length, else 0.";
  task.encoding =
      "Vocabulary of 3 tokens: bits 0 and 1 (most significant first, no leading zeros; 0 is a "
      "single 0) and the pad token 2 (only at the start). 2 classes: the Baum-Sweet bit. "
      "T is at most 62.";
  task.default_T = 12;
  task.min_T = 1;
  task.vocab_size = [](int) { return 3; };
  task.num_classes = [](int) { return 2; };
  task.generate = generate;
  // Always answering 0 (b = 1 has share F(T+2)/2^T: 0.092 at T = 12), or 1
  // for T <= 2 (T = 1: 0 and 1 both have b = 1).
  task.chance = majority_share;
  // The label is a function of the bits, so a perfect model reaches 1; 0.99
  // allows the held-out set's noise. From T = 23 on, answering 0 alone beats
  // 0.99 (chance 0.9911 at T = 23): there, compare with chance instead.
  task.solved = 0.99;
  return task;
}

}  // namespace rnnlab
