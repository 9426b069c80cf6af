// batch.hpp — a batch of token sequences and their class targets: one per
// sequence (the head reads h(T)), or one per step (the head reads every h(t);
// -1 = no loss at that step).
//
// Tokens are stored row-major: tokens[b * T + t] is token t (0-based) of
// sequence b; per-step targets the same way. Only a data holder: validation against a model lives in
// model_config.hpp (validate_batch).
#pragma once
#include <vector>

namespace rnnlab {

struct Batch {
  int B = 0;                 // number of sequences
  int T = 0;                 // steps per sequence (the unroll length)
  std::vector<int> tokens;   // B*T, row-major [b][t]
  std::vector<int> targets;  // B, each in 0..C-1; or, when per_step, B*T row-major, each -1 or 0..C-1
  bool per_step = false;

  int token(int b, int t) const { return tokens[static_cast<size_t>(b) * T + t]; }
  // Per-step target of step t (0-based) of sequence b (per_step only).
  int target(int b, int t) const { return targets[static_cast<size_t>(b) * T + t]; }
};

}  // namespace rnnlab
