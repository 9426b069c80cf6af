// batch.hpp — a batch of token sequences and their class targets.
//
// Tokens are stored row-major: tokens[b * T + t] is token t (0-based) of
// sequence b. Only a data holder: validation against a model lives in
// model_config.hpp (validate_batch).
#pragma once
#include <vector>

namespace rnnlab {

struct Batch {
  int B = 0;                 // number of sequences
  int T = 0;                 // steps per sequence (the unroll length)
  std::vector<int> tokens;   // B*T, row-major [b][t]
  std::vector<int> targets;  // B, each in 0..C-1

  int token(int b, int t) const { return tokens[static_cast<size_t>(b) * T + t]; }
};

}  // namespace rnnlab
