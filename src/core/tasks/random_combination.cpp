// random_combination.cpp — the held-out element task.
//
// A uniformly random permutation of 0..T (N = T+1 elements, Fisher-Yates with
// Rng::below_int); the network reads the first T elements and predicts the
// one left out. Vocabulary and classes both grow with T (N each).
// Deliberately not: a fixed vocabulary, nor padding.
//
// Legend: B batch, T steps read, N = T+1 elements.
#include <utility>
#include <vector>

#include "all_tasks.hpp"

namespace rnnlab {

namespace {

Batch generate(Rng& rng, int T, int B) {
  Batch batch = new_batch(T, B);
  const int N = T + 1;
  std::vector<int> perm(static_cast<size_t>(N));
  for (int b = 0; b < B; ++b) {
    for (int i = 0; i < N; ++i) perm[i] = i;
    for (int i = N - 1; i > 0; --i) std::swap(perm[i], perm[rng.below_int(i + 1)]);
    for (int t = 0; t < T; ++t) batch.tokens[static_cast<size_t>(b) * T + t] = perm[t];
    batch.targets[b] = perm[T];
  }
  return batch;
}

}  // namespace

Task random_combination_task() {
  Task task;
  task.name = "random_combination";
  task.title = "Random combination";
  task.description =
      "A random permutation of 0..T; read the first T elements and predict the missing one.";
  task.encoding =
      "Vocabulary of T+1 tokens: the numbers 0..T, no padding. T+1 classes: the held-out "
      "number.";
  task.default_T = 6;
  task.min_T = 1;
  task.vocab_size = [](int T) { return T + 1; };
  task.num_classes = [](int T) { return T + 1; };
  task.generate = generate;
  task.chance = [](int T) { return 1.0 / (T + 1); };  // the missing element, uniform over T+1
  task.solved = 0.99;  // determined by the T elements read; 0.99 allows the held-out set's noise
  return task;
}

}  // namespace rnnlab
