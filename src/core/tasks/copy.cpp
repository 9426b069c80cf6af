// copy.cpp — the copy (delayed recall) task, with targets at every step of
// the output window.
//
// K = 3 symbols (0..3, each uniform), then blanks (4), then the go marker
// (5) at step T-K-1 (0-based), then K more blanks: the output window. The
// per-step targets are -1 (no loss) until the window and, during it, the K
// symbols in their order: step T-K+j must answer symbol j. Between the last
// symbol and the first answer lie T-2K-1 blanks and the marker, so the delay
// grows with T while what must be held (K symbols) does not.
// Deliberately not: K as a setting (tasks are (rng, T, B) -> batch), nor a
// target for the blanks (they would swamp the accuracy with free answers).
//
// Legend: B batch, T steps read, K symbols to copy.
#include "all_tasks.hpp"

namespace rnnlab {

namespace {

constexpr int kK = 3;        // symbols to copy
constexpr int kSymbols = 4;  // symbol tokens 0..3, also the classes
constexpr int kBlank = 4, kGo = 5;

Batch generate(Rng& rng, int T, int B) {
  Batch batch = new_batch(T, B);
  batch.per_step = true;
  batch.targets.assign(static_cast<size_t>(B) * T, -1);
  for (int b = 0; b < B; ++b) {
    int* row = batch.tokens.data() + static_cast<size_t>(b) * T;
    int* target = batch.targets.data() + static_cast<size_t>(b) * T;
    for (int t = 0; t < T; ++t) row[t] = kBlank;
    for (int j = 0; j < kK; ++j) {
      row[j] = rng.below_int(kSymbols);
      target[T - kK + j] = row[j];
    }
    row[T - kK - 1] = kGo;
  }
  return batch;
}

}  // namespace

Task copy_task() {
  Task task;
  task.name = "copy";
  task.title = "Copy (delayed recall)";
  task.description =
      "Three symbols, blanks, then a go marker; during the last three steps reproduce the three symbols in "
      "order (targets at those steps only).";
  task.encoding =
      "Vocabulary of 6 tokens: symbols 0-3 (the first three tokens), the blank 4 and the go marker 5 (the "
      "fourth-last token). 4 classes: the symbol to reproduce; per-step targets, -1 except at the last "
      "three steps. T is at least 7.";
  task.default_T = 20;
  task.min_T = 2 * kK + 1;  // the symbols, the marker, the window
  task.vocab_size = [](int) { return kSymbols + 2; };
  task.num_classes = [](int) { return kSymbols; };
  task.generate = generate;
  task.per_step = true;
  task.chance = [](int) { return 1.0 / kSymbols; };  // each symbol uniform, whatever the step
  // Every answer is a token read, so a perfect model reaches 1; 0.99 (over
  // the three steps) allows the held-out set's noise.
  task.solved = 0.99;
  return task;
}

}  // namespace rnnlab
