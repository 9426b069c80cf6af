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
  return task;
}

}  // namespace rnnlab
