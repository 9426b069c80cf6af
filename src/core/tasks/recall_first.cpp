// recall_first.cpp — the "remember the first token" task.
//
// The first token is a signal uniform in 0..3; the T-1 tokens after it are
// distractors uniform in 4..7 (a disjoint range, so the signal is never
// ambiguous). The target is the signal. A pure test of holding one value
// across T steps.
// Deliberately not: a copy or delayed-recall task with several signals.
//
// Legend: B batch, T steps read.
#include "all_tasks.hpp"

namespace rnnlab {

namespace {

constexpr int kSignals = 4;      // signal tokens 0..3, also the classes
constexpr int kDistractors = 4;  // distractor tokens 4..7

Batch generate(Rng& rng, int T, int B) {
  Batch batch = new_batch(T, B);
  for (int b = 0; b < B; ++b) {
    int* row = batch.tokens.data() + static_cast<size_t>(b) * T;
    const int signal = rng.below_int(kSignals);
    row[0] = signal;
    for (int t = 1; t < T; ++t) row[t] = kSignals + rng.below_int(kDistractors);
    batch.targets[b] = signal;
  }
  return batch;
}

}  // namespace

Task recall_first_task() {
  Task task;
  task.name = "recall_first";
  task.title = "Recall the first token";
  task.description =
      "A signal token followed by T-1 distractor tokens; predict the signal, seen T steps "
      "before the answer is due.";
  task.encoding =
      "Vocabulary of 8 tokens: signals 0-3 (first position only) and distractors 4-7, no "
      "padding. 4 classes: the signal 0-3.";
  task.default_T = 20;
  task.min_T = 1;
  task.vocab_size = [](int) { return kSignals + kDistractors; };
  task.num_classes = [](int) { return kSignals; };
  task.generate = generate;
  task.chance = [](int) { return 1.0 / kSignals; };  // the signal, uniform
  task.solved = 0.99;  // determined by the first token; 0.99 allows the held-out set's noise
  return task;
}

}  // namespace rnnlab
