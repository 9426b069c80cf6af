// embedded_reber.cpp — the embedded Reber grammar (Hochreiter & Schmidhuber
// 1997, experiment 1), as a classification of whole strings.
//
// A Reber string is a walk through the graph below, each branch taken with
// probability 1/2 (the 7 symbols B T P S X V E):
//
//   0 -B-> 1;  1 -T-> 2, 1 -P-> 3;  2 -S-> 2, 2 -X-> 4;  3 -T-> 3, 3 -V-> 5;
//   4 -X-> 3, 4 -S-> 6;  5 -P-> 4, 5 -V-> 6;  6 -E-> end.
//
// An embedded Reber string is B, then T or P, then a Reber string, then the
// same T or P again, then E: the second symbol and the second-to-last must
// match, however long the inner string is (its own T and P say nothing).
//
// The framing (the engine reads fixed-T batches and predicts one class): a
// string of at most T symbols (walks drawn until one fits: the shortest, 9
// symbols, have probability 1/4), left-padded with the pad token to T. With
// probability 1/2 it is kept valid (class 1); otherwise its second-to-last
// symbol is swapped, T <-> P, so it no longer matches the second (class 0).
// Both kinds follow the grammar everywhere else, so the only cue is the
// long-range match between positions 1 and L-2 of the string.
// Deliberately not: next-symbol prediction (the original task), which would
// need a set of allowed symbols as the target at every step.
//
// Legend: B batch, T steps read, L string length (9..T).
#include <vector>

#include "all_tasks.hpp"

namespace rnnlab {

namespace {

enum Symbol { kB = 0, kT = 1, kP = 2, kS = 3, kX = 4, kV = 5, kE = 6, kPad = 7 };
constexpr int kMinLength = 9;  // B T B T X S E T E

// The inner Reber string appended to out; false as soon as it would make the
// whole string longer than max_len (the caller then draws again).
bool reber(Rng& rng, std::vector<int>& out, std::size_t max_len) {
  // Per state: the two (symbol, next state) branches; state 6 emits E and ends.
  static const int kNext[6][2][2] = {
      {{kB, 1}, {kB, 1}}, {{kT, 2}, {kP, 3}}, {{kS, 2}, {kX, 4}},
      {{kT, 3}, {kV, 5}}, {{kX, 3}, {kS, 6}}, {{kP, 4}, {kV, 6}},
  };
  int state = 0;
  while (state != 6) {
    const auto& branch = kNext[state][rng.below_int(2)];
    out.push_back(branch[0]);
    state = branch[1];
    if (out.size() + 3 > max_len) return false;  // E, the closing T/P and the final E still to come
  }
  out.push_back(kE);
  return true;
}

Batch generate(Rng& rng, int T, int B) {
  Batch batch = new_batch(T, B);
  std::vector<int> s;
  for (int b = 0; b < B; ++b) {
    const int outer = rng.below_int(2) ? kP : kT;
    do {
      s.assign({kB, outer});
    } while (!reber(rng, s, std::size_t(T)));
    const bool valid = rng.below_int(2) == 1;
    s.push_back(valid ? outer : (outer == kT ? kP : kT));
    s.push_back(kE);
    int* row = batch.tokens.data() + static_cast<size_t>(b) * T;
    const int pad = T - int(s.size());
    for (int t = 0; t < pad; ++t) row[t] = kPad;
    for (std::size_t i = 0; i < s.size(); ++i) row[pad + int(i)] = s[i];
    batch.targets[b] = valid ? 1 : 0;
  }
  return batch;
}

}  // namespace

Task embedded_reber_task() {
  Task task;
  task.name = "embedded_reber";
  task.title = "Embedded Reber grammar";
  task.description =
      "A string of the embedded Reber grammar, left-padded to T tokens; predict whether it is valid (its "
      "second-to-last symbol repeats its second, T or P, across the whole inner Reber string) or corrupted "
      "(the two differ).";
  task.encoding =
      "Vocabulary of 8 tokens: the symbols B=0 T=1 P=2 S=3 X=4 V=5 E=6 and the pad token 7 (only at the "
      "start). 2 classes: 1 valid, 0 corrupted (half each). T is at least 9, the shortest string.";
  task.default_T = 20;
  task.min_T = kMinLength;
  task.vocab_size = [](int) { return 8; };
  task.num_classes = [](int) { return 2; };
  task.generate = generate;
  task.chance = [](int) { return 0.5; };  // valid or corrupted, a fair coin
  // The label is a function of the tokens (positions 1 and L-2 of the
  // string), so a perfect model reaches 1; 0.99 allows the held-out set's
  // noise (sd 0.0045 at 500 sequences).
  task.solved = 0.99;
  return task;
}

}  // namespace rnnlab
