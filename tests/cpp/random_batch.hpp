// random_batch.hpp — a batch of uniform random tokens and targets for the
// C++ tests (gradient checks, diagnostics, state JSON). Test helper only.
#pragma once
#include "core/batch.hpp"
#include "core/rng.hpp"

namespace rnnlab::testing_util {

inline Batch random_batch(Rng& rng, int V, int C, int B, int T) {
  Batch b;
  b.B = B;
  b.T = T;
  for (int k = 0; k < B * T; ++k) b.tokens.push_back(rng.below_int(V));
  for (int k = 0; k < B; ++k) b.targets.push_back(rng.below_int(C));
  return b;
}

}  // namespace rnnlab::testing_util
