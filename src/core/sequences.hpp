// sequences.hpp — the reader's own labelled sequences as a classification
// task ("sequences"): a CSV or JSON file of (sequence, label) pairs parsed
// into tokens and classes, split into training and held-out items, and
// batches of items left-padded to T.
//
// parse_sequences is the boundary: every refusal is one sentence that names
// the line (and the field) it is about. Does no I/O.
//
// The two forms (docs/sequences-format.md):
//   CSV   one item a line, `sequence,label`; an optional header line
//         `sequence,label`; fields may be "quoted" ("" is a quote inside).
//   JSON  an array of objects {"sequence": ..., "label": ...}; a sequence is
//         a string or an array of tokens (strings or integers), a label a
//         string or an integer.
// A sequence written as a string is split at whitespace when it holds any,
// else into its characters: "0 1 1" and "011" are both the tokens 0, 1, 1;
// "up down up" is three tokens.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "batch.hpp"
#include "rng.hpp"

namespace rnnlab {

// The largest file, the most items, tokens in a sequence, distinct tokens
// (with the padding token), classes, and bytes in one token or label.
constexpr std::uint64_t kMaxSequencesBytes = std::uint64_t(16) << 20;  // 16 MiB
constexpr int kMaxSequenceItems = 100000;
constexpr int kMaxSequenceLength = 10000;
constexpr int kMaxSequenceVocab = 1024;
constexpr int kMaxSequenceClasses = 256;
constexpr std::size_t kMaxTokenBytes = 64;
// Values a JSON file may hold (items, their fields, tokens and labels): the
// parsed tree costs about 100 bytes a value, so this bounds it near 200 MB.
constexpr std::uint64_t kMaxSequenceJsonValues = 2000000;
// Files of this many items on are split: every fifth item of each class (its
// 5th, 10th, ... in file order) is held out for evaluation, so every class
// keeps its first four for training; fewer items are all used for both.
constexpr int kMinItemsToHoldOut = 10;

struct LabelledSequences {
  // Token k's text; token 0 is the padding token, "" (no token of the file is
  // empty). The others in numeric order when every token is an integer, else
  // in code-point order.
  std::vector<std::string> vocab;
  std::vector<std::string> classes;     // class k's label, ordered as the tokens are
  std::vector<std::vector<int>> items;  // each item's tokens (1..V-1), unpadded
  std::vector<int> labels;              // each item's class
  std::vector<int> lines;               // each item's line in the file (from 1)
  std::vector<int> train, held_out;     // indices into items, increasing; held_out may be empty
  int longest = 0;                      // tokens of the longest item
  int longest_line = 0;                 // its line

  // B items drawn uniformly (with replacement) from the training items, or
  // from the held-out ones (all items when none are held out), each
  // left-padded with token 0 to T. Precondition: T >= longest.
  Batch draw(Rng& rng, int T, int B, bool held_out_items) const;
};

// Parses the file's text into *out; "" on success, else the message.
std::string parse_sequences(const std::string& text, LabelledSequences* out);

// "" when T >= the longest item, else the message (naming its line).
std::string check_sequences_length(const LabelledSequences& set, int T);

}  // namespace rnnlab
