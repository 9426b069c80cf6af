// dyck.cpp — balanced brackets of two kinds (Dyck-2): is the sequence a
// closed, well-nested word?
//
// A word of L = T tokens (T-1 when T is odd, after one pad token) over
// ( ) [ ]: at each step it opens a bracket of a random kind with probability
// 1/2 (always at depth 0, never when the remaining steps only just close
// what is open) or closes the innermost open one, so it ends balanced. With
// probability 1/2 it is kept (class 1, closed); otherwise one random
// position is corrupted (class 0): with probability 1/2 its kind is swapped
// (( <-> [, ) <-> ]: the nesting is unchanged, so the pair it belongs to no
// longer matches, which only a stack of kinds can notice), else its direction
// (( <-> ), [ <-> ]: the opens and closes no longer balance, which a counter
// notices). Either way the word is not closed, so the class is a function of
// the tokens.
// Deliberately not: the depth at every step (the other framing; this one
// needs the bracket kinds remembered across the whole word), nor uniform
// sampling over the Dyck words.
//
// Legend: B batch, T steps read, L = T rounded down to even.
#include <vector>

#include "all_tasks.hpp"

namespace rnnlab {

namespace {

// Tokens: bit 0 is the direction (0 open, 1 close), bit 1 the kind.
constexpr int kOpenRound = 0, kCloseRound = 1, kOpenSquare = 2, kCloseSquare = 3;
constexpr int kPad = 4;

Batch generate(Rng& rng, int T, int B) {
  Batch batch = new_batch(T, B);
  const int L = T - T % 2, pad = T - L;
  std::vector<int> open;  // the kinds still open, innermost last
  for (int b = 0; b < B; ++b) {
    int* row = batch.tokens.data() + static_cast<size_t>(b) * T;
    for (int t = 0; t < pad; ++t) row[t] = kPad;
    open.clear();
    for (int i = 0; i < L; ++i) {
      const int depth = int(open.size()), left = L - i;
      const bool opens = depth == 0 || (depth < left && rng.below_int(2) == 0);
      if (opens) {
        const int kind = rng.below_int(2) ? kOpenSquare : kOpenRound;
        open.push_back(kind);
        row[pad + i] = kind;
      } else {
        row[pad + i] = open.back() | 1;  // the close of the innermost open kind
        open.pop_back();
      }
    }
    const bool closed = rng.below_int(2) == 1;
    if (!closed) {
      const int j = pad + rng.below_int(L);
      row[j] ^= rng.below_int(2) ? 2 : 1;  // swap the kind, or the direction
    }
    batch.targets[b] = closed ? 1 : 0;
  }
  return batch;
}

}  // namespace

Task dyck_task() {
  Task task;
  task.name = "dyck";
  task.title = "Balanced brackets (Dyck-2)";
  task.description =
      "A sequence of round and square brackets; predict whether it is closed and well nested (every "
      "bracket closed by one of its own kind) or has one bracket corrupted.";
  task.encoding =
      "Vocabulary of 5 tokens: ( = 0, ) = 1, [ = 2, ] = 3, and the pad token 4 (one, at the start, when T "
      "is odd). 2 classes: 1 closed, 0 not (half each; a corrupted bracket has its kind or its direction "
      "swapped). T is at least 2.";
  task.default_T = 16;
  task.min_T = 2;
  task.vocab_size = [](int) { return 5; };
  task.num_classes = [](int) { return 2; };
  task.generate = generate;
  task.chance = [](int) { return 0.5; };  // closed or corrupted, a fair coin
  // The class is a function of the tokens, so a perfect model reaches 1;
  // 0.99 allows the held-out set's noise.
  task.solved = 0.99;
  return task;
}

}  // namespace rnnlab
