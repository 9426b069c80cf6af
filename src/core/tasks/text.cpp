// text.cpp — the registry entry of the character-level language-model task.
// Its data and batches live in ../text.hpp (TextCorpus); this file only
// describes it, so that `rnnlab tasks`, tasks() and the page list it.
#include "all_tasks.hpp"

namespace rnnlab {

namespace {
int from_text(int) { return 0; }  // the text's distinct characters: TrainConfig::text
}  // namespace

Task text_task() {
  Task t;
  t.name = "text";
  t.title = "Your own text";
  t.description =
      "A character-level language model: read T characters of the text and predict, at every step, the next one.";
  t.encoding =
      "tokens are the text's distinct characters (in code-point order, saved as the state's vocab); a target at "
      "every step (the next character); the loss is the mean over the T steps";
  t.default_T = 32;
  t.min_T = 1;
  t.vocab_size = &from_text;
  t.num_classes = &from_text;
  t.needs_text = true;
  t.per_step = true;  // the next character at every step
  // No chance nor solved: the best blind answer is the text's most frequent
  // character, and a language model has no accuracy that means "solved".
  return t;
}

}  // namespace rnnlab
