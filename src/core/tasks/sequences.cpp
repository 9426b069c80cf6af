// sequences.cpp — the registry entry of the reader's own labelled sequences
// (a classification task). Their data and batches live in ../sequences.hpp
// (LabelledSequences); this file only describes the task.
#include "all_tasks.hpp"

namespace rnnlab {

namespace {
int from_sequences(int) { return 0; }  // the file's tokens and labels: TrainConfig::sequences
}  // namespace

Task sequences_task() {
  Task t;
  t.name = "sequences";
  t.title = "Your own sequences";
  t.description =
      "Classification of the reader's own sequences (a CSV or JSON file of sequence,label pairs): read a "
      "sequence, left-padded to T tokens, and predict its label.";
  t.encoding =
      "tokens are the file's distinct tokens after a padding token 0 (saved as the state's vocab); classes are "
      "its distinct labels (saved as the state's classes); every fifth sequence is held out when there are at "
      "least 10";
  t.default_T = 10;  // the config takes the longest sequence's length when T is not given
  t.min_T = 1;
  t.vocab_size = &from_sequences;
  t.num_classes = &from_sequences;
  t.needs_sequences = true;
  return t;
}

}  // namespace rnnlab
