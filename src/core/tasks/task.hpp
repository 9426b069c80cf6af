// task.hpp — the interface every toy sequence task implements, and the
// registry (name -> task) that the CLI, the wasm bindings, the page and the
// tests all read. There is no second list of tasks anywhere else.
//
// A task is a pure generator: (rng, T, B) -> Batch. T is always the number of
// tokens the network reads (the unroll length). Tasks do no I/O.
#pragma once
#include <limits>
#include <string>
#include <vector>

#include "../batch.hpp"
#include "../rng.hpp"

namespace rnnlab {

struct Task {
  std::string name;         // registry key, e.g. "binary_palindrome"
  std::string title;        // human name, e.g. "Binary palindrome"
  std::string description;  // one or two sentences: what is predicted from what
  std::string encoding;     // vocabulary, padding token and classes, in words
  int default_T = 10;       // a length that makes a good first impression
  int min_T = 1;            // smallest T the task accepts

  // Vocabulary size V and number of classes C for a given T (some tasks,
  // like random_combination, grow with T).
  int (*vocab_size)(int T) = nullptr;
  int (*num_classes)(int T) = nullptr;

  // Fills a batch of B sequences of T tokens. Preconditions (checked by
  // validate_task_args): T >= min_T, B >= 1. Null for the text task.
  Batch (*generate)(Rng& rng, int T, int B) = nullptr;

  // Whether the batches carry a target at every step (batch.hpp per_step;
  // -1 where there is nothing to predict), accuracy then over the counted ones.
  bool per_step = false;
  // The accuracy of the best answer that ignores the input (the most
  // frequent class's share; per step: over the counted targets) at T. Null
  // where it depends on data the task does not know (the text task).
  double (*chance)(int T) = nullptr;
  // The held-out accuracy above which the task counts as solved, chosen per
  // task (see each file); NaN where none applies (the text task).
  double solved = std::numeric_limits<double>::quiet_NaN();

  // The text task ("text"): its data is the reader's text (TrainConfig::text,
  // text.hpp), so vocab_size and num_classes are the text's, and its batches
  // come from TextCorpus::windows (targets at every step).
  bool needs_text = false;
  // The task "sequences": its data is the reader's labelled sequences
  // (TrainConfig::sequences, sequences.hpp), so vocab_size and num_classes
  // are theirs, and its batches are drawn from them.
  bool needs_sequences = false;
  // Whether generate() makes the batches (false for "text" and "sequences").
  bool generates() const { return !needs_text && !needs_sequences; }
};

// All tasks with a generator of their own, in display order.
const std::vector<Task>& task_registry();
// The task "text" (tasks/text.cpp): its batches are windows of the reader's
// text, so it is not in task_registry() (whose every entry generates).
const Task& the_text_task();
// The task "sequences" (tasks/sequences.cpp): likewise outside task_registry().
const Task& the_sequences_task();

// The task with that name (the registry's, "text" or "sequences"), or nullptr.
const Task* find_task(const std::string& name);

// "" if (task, T, B) are acceptable, else a message naming the bad value.
std::string validate_task_args(const std::string& name, int T, int B);
// validate_task_args, and "" only for a task with a generator of its own
// (not the text or sequences task, whose batches need their data): for
// `rnnlab batch` and generateBatch().
std::string validate_generator_args(const std::string& name, int T, int B);

}  // namespace rnnlab
