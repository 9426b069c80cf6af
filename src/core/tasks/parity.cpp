// parity.cpp — the parity (XOR) task.
//
// T random bits; the target is their XOR, i.e. whether the number of ones is
// odd. Every bit matters, so the network must carry a running parity across
// the whole sequence.
// Deliberately not: a per-step target (the engine predicts one class per
// sequence), nor padding.
//
// Legend: B batch, T steps read.
#include "all_tasks.hpp"

namespace rnnlab {

namespace {

Batch generate(Rng& rng, int T, int B) {
  Batch batch = new_batch(T, B);
  for (int b = 0; b < B; ++b) {
    int* row = batch.tokens.data() + static_cast<size_t>(b) * T;
    int parity = 0;
    for (int t = 0; t < T; ++t) {
      row[t] = rng.below_int(2);
      parity ^= row[t];
    }
    batch.targets[b] = parity;
  }
  return batch;
}

}  // namespace

Task parity_task() {
  Task task;
  task.name = "parity";
  task.title = "Parity";
  task.description = "T random bits; predict their parity (the XOR of all bits: 1 if the number of ones is odd).";
  task.encoding = "Vocabulary of 2 tokens: bits 0 and 1, no padding. 2 classes: parity 0 (even) or 1 (odd).";
  task.default_T = 8;
  task.min_T = 1;
  task.vocab_size = [](int) { return 2; };
  task.num_classes = [](int) { return 2; };
  task.generate = generate;
  task.chance = [](int) { return 0.5; };  // the XOR of fair bits is a fair bit
  task.solved = 0.99;  // determined by the bits read; 0.99 allows the held-out set's noise
  return task;
}

}  // namespace rnnlab
