// all_tasks.hpp — the factory of every toy task, one per tasks/*.cpp file,
// and the little that those files share. Only registry.cpp (and the task
// files themselves) include this; everyone else goes through task.hpp.
// Deliberately not: a second list of tasks (the order lives in registry.cpp)
// or anything a caller needs to run a task.
#pragma once
#include <cstddef>

#include "task.hpp"

namespace rnnlab {

Task binary_palindrome_task();   // binary_palindrome.cpp
Task palindrome_task();          // palindrome.cpp
Task recall_first_task();        // recall_first.cpp
Task parity_task();              // parity.cpp
Task baum_sweet_task();          // baum_sweet.cpp
Task random_combination_task();  // random_combination.cpp
Task embedded_reber_task();      // embedded_reber.cpp
Task distracted_recall_task();   // distracted_recall.cpp
Task copy_task();                // copy.cpp
Task dyck_task();                // dyck.cpp
Task text_task();                // text.cpp
Task sequences_task();           // sequences.cpp

// baum_sweet draws n from [0, 2^T) in a 64-bit word, so T has a ceiling of
// its own; validate_task_args (registry.cpp) enforces it.
constexpr int kBaumSweetMaxT = 62;

// A zero-filled batch of B sequences of T tokens, ready for a generator.
inline Batch new_batch(int T, int B) {
  Batch batch;
  batch.B = B;
  batch.T = T;
  batch.tokens.assign(static_cast<std::size_t>(B) * static_cast<std::size_t>(T), 0);
  batch.targets.assign(static_cast<std::size_t>(B), 0);
  return batch;
}

}  // namespace rnnlab
