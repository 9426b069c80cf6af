// binary_palindrome.cpp — the course's binary palindrome task, padded.
//
// Each sample is a random binary palindrome p of length L, L uniform in
// [floor((T+1)/2)+1, T+1] (at least 2), left-padded with the pad token 2 to
// T+1 tokens. The network reads the first T tokens; the target is the last
// one, a bit equal to p's first bit. Because L > (T+1)/2, that first bit is
// always among the tokens read, so the task is solvable by memory.
// Deliberately not: variable-length batches (padding keeps every row at T)
// nor any draw outside Rng.
//
// Legend: B batch, T steps read, L palindrome length (2..T+1).
#include <algorithm>
#include <vector>

#include "all_tasks.hpp"

namespace rnnlab {

namespace {

constexpr int kPad = 2;

Batch generate(Rng& rng, int T, int B) {
  Batch batch = new_batch(T, B);
  const int lo = std::max(2, (T + 1) / 2 + 1);
  const int hi = T + 1;
  std::vector<int> row(static_cast<size_t>(T) + 1);  // T+1 tokens: read T, predict the last
  for (int b = 0; b < B; ++b) {
    const int L = lo + rng.below_int(hi - lo + 1);
    const int pad = (T + 1) - L;
    std::fill(row.begin(), row.begin() + pad, kPad);
    // Draw the first ceil(L/2) bits, mirror them onto the second half.
    for (int i = 0; i < (L + 1) / 2; ++i) {
      const int bit = rng.below_int(2);
      row[pad + i] = bit;
      row[pad + L - 1 - i] = bit;
    }
    std::copy(row.begin(), row.begin() + T, batch.tokens.begin() + static_cast<size_t>(b) * T);
    batch.targets[b] = row[T];
  }
  return batch;
}

}  // namespace

Task binary_palindrome_task() {
  Task task;
  task.name = "binary_palindrome";
  task.title = "Binary palindrome";
  task.description =
      "A random binary palindrome, left-padded to T+1 tokens; read the first T tokens and "
      "predict the last bit, which equals the palindrome's first bit.";
  task.encoding =
      "Vocabulary of 3 tokens: bits 0 and 1, and the pad token 2 (only at the start). "
      "2 classes: the last bit, 0 or 1.";
  task.default_T = 16;  // an LSTM (seed 1, Adam 0.01) solves it in ~200 steps; the RNN stays at chance
  task.min_T = 1;
  task.vocab_size = [](int) { return 3; };
  task.num_classes = [](int) { return 2; };
  task.generate = generate;
  // The target is the palindrome's first bit, a fair coin: 1/2 blind.
  task.chance = [](int) { return 0.5; };
  // The target is a function of the tokens read (the first bit after the
  // padding), so a perfect model reaches 1; 0.99 leaves room for the
  // sampling noise of a held-out set (sd 0.0045 at 500 sequences).
  task.solved = 0.99;
  return task;
}

}  // namespace rnnlab
