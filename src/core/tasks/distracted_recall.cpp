// distracted_recall.cpp — distracted sequence recall (the long-range task of
// Hochreiter & Schmidhuber 1997's lineage, as synaptic ships it), with
// targets at two steps.
//
// T-2 tokens of random distractors (4..7), two of them replaced, at two
// random distinct positions p1 < p2 in 0..T-3, by target symbols (0..3, each
// uniform, independently: they may be equal). Then the two prompts: token 8
// at step T-2 asks for the first target (the one at p1), token 9 at step T-1
// for the second (at p2). Per-step targets: the target symbol at steps T-2
// and T-1, -1 (no loss) at every other step. The network must hold two
// values, in order, across up to T-3 distractors, and tell them apart.
// Deliberately not: a variable number of targets, nor padding.
//
// Legend: B batch, T steps read, p1 < p2 the target positions.
#include <utility>

#include "all_tasks.hpp"

namespace rnnlab {

namespace {

constexpr int kTargets = 4;      // target symbols 0..3, also the classes
constexpr int kDistractors = 4;  // distractors 4..7
constexpr int kPrompt1 = 8, kPrompt2 = 9;

Batch generate(Rng& rng, int T, int B) {
  Batch batch = new_batch(T, B);
  batch.per_step = true;
  batch.targets.assign(static_cast<size_t>(B) * T, -1);
  const int slots = T - 2;  // positions 0..T-3 hold the distractors and the two targets
  for (int b = 0; b < B; ++b) {
    int* row = batch.tokens.data() + static_cast<size_t>(b) * T;
    int* target = batch.targets.data() + static_cast<size_t>(b) * T;
    for (int t = 0; t < slots; ++t) row[t] = kTargets + rng.below_int(kDistractors);
    // Two distinct positions, uniform over the pairs: p1 < p2.
    int p1 = rng.below_int(slots), p2 = rng.below_int(slots - 1);
    if (p2 >= p1) ++p2;
    if (p2 < p1) std::swap(p1, p2);
    row[p1] = rng.below_int(kTargets);
    row[p2] = rng.below_int(kTargets);
    row[T - 2] = kPrompt1;
    row[T - 1] = kPrompt2;
    target[T - 2] = row[p1];
    target[T - 1] = row[p2];
  }
  return batch;
}

}  // namespace

Task distracted_recall_task() {
  Task task;
  task.name = "distracted_recall";
  task.title = "Distracted sequence recall";
  task.description =
      "Random distractors with two target symbols at random places, then two prompts; at the first prompt "
      "predict the first target, at the second the second (targets at those two steps only).";
  task.encoding =
      "Vocabulary of 10 tokens: targets 0-3, distractors 4-7, prompts 8 and 9 (the last two tokens), no "
      "padding. 4 classes: the target symbol; per-step targets, -1 except at the two prompts. T is at "
      "least 4.";
  task.default_T = 20;
  task.min_T = 4;  // two target slots and two prompts
  task.vocab_size = [](int) { return kTargets + kDistractors + 2; };
  task.num_classes = [](int) { return kTargets; };
  task.generate = generate;
  task.per_step = true;
  task.chance = [](int) { return 1.0 / kTargets; };  // each target uniform, whatever the prompt
  // Both answers are tokens of the sequence, so a perfect model reaches 1;
  // 0.99 (over both prompts) allows the held-out set's noise.
  task.solved = 0.99;
  return task;
}

}  // namespace rnnlab
