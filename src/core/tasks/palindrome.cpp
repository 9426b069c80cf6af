// palindrome.cpp — the decimal palindrome task.
//
// Each sample is a random palindrome of T+1 decimal digits; the network reads
// the first T digits and predicts the last, which equals the first. No
// padding: every palindrome has the full length T+1.
// Deliberately not: variable lengths (see binary_palindrome.cpp for those)
// nor any draw outside Rng.
//
// Legend: B batch, T steps read.
#include <vector>

#include "all_tasks.hpp"

namespace rnnlab {

namespace {

Batch generate(Rng& rng, int T, int B) {
  Batch batch = new_batch(T, B);
  const int n = T + 1;                       // palindrome length
  std::vector<int> row(static_cast<size_t>(n));
  for (int b = 0; b < B; ++b) {
    // Draw the first ceil(n/2) digits, mirror them onto the second half.
    for (int i = 0; i < (n + 1) / 2; ++i) {
      const int digit = rng.below_int(10);
      row[i] = digit;
      row[n - 1 - i] = digit;
    }
    for (int t = 0; t < T; ++t) batch.tokens[static_cast<size_t>(b) * T + t] = row[t];
    batch.targets[b] = row[T];
  }
  return batch;
}

}  // namespace

Task palindrome_task() {
  Task task;
  task.name = "palindrome";
  task.title = "Decimal palindrome";
  task.description =
      "A random palindrome of T+1 decimal digits; read the first T digits and predict the "
      "last, which equals the first.";
  task.encoding = "Vocabulary of 10 tokens: the digits 0-9, no padding. 10 classes: the last digit.";
  task.default_T = 10;
  task.min_T = 1;
  task.vocab_size = [](int) { return 10; };
  task.num_classes = [](int) { return 10; };
  task.generate = generate;
  task.chance = [](int) { return 0.1; };  // the first digit, uniform over 10
  task.solved = 0.99;  // determined by the first token read; 0.99 allows the held-out set's noise
  return task;
}

}  // namespace rnnlab
