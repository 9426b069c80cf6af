// fuzz_sequences.cpp — libFuzzer harness for rnnlab::parse_sequences (the
// reader's labelled sequences of the task "sequences", src/core/sequences.hpp).
// The input is the file's bytes (CSV or JSON).
//
// Invariants (any failure aborts; see tests/fuzz/README.md):
//   - parse_sequences never throws or crashes; a refusal is one
//     check_message() message;
//   - a success: vocab[0] is the padding token "", the other entries are
//     distinct and non-empty, 2 <= C <= kMaxSequenceClasses distinct labels,
//     every item non-empty with tokens in 1..V-1 and a class in 0..C-1, the
//     lines never decrease (a JSON line may hold several items), train and
//     held_out partition the items, every class has training items and
//     (from kMinItemsToHoldOut items on) a fifth of its items held out, and longest is the longest;
//   - draws at T = longest are left-padded items of the right pool.
#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "core/sequences.hpp"
#include "fuzz_common.hpp"

using namespace rnnlab;
using rnnlab_fuzz::check_message;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  LabelledSequences s;
  const std::string err = parse_sequences(text, &s);
  if (!err.empty()) {
    check_message(err, "parse_sequences");
    return 0;
  }
  const std::size_t V = s.vocab.size(), C = s.classes.size(), n = s.items.size();
  FUZZ_CHECK(V >= 2 && V <= std::size_t(kMaxSequenceVocab), "V = " + std::to_string(V));
  FUZZ_CHECK(s.vocab[0].empty(), "token 0 is not the padding token");
  FUZZ_CHECK(std::set<std::string>(s.vocab.begin(), s.vocab.end()).size() == V, "vocab entries repeat");
  FUZZ_CHECK(C >= 2 && C <= std::size_t(kMaxSequenceClasses), "C = " + std::to_string(C));
  FUZZ_CHECK(std::set<std::string>(s.classes.begin(), s.classes.end()).size() == C, "classes repeat");
  FUZZ_CHECK(n >= 1 && n <= std::size_t(kMaxSequenceItems), "items " + std::to_string(n));
  FUZZ_CHECK(s.labels.size() == n && s.lines.size() == n, "labels or lines not one per item");
  int longest = 0;
  for (std::size_t k = 0; k < n; ++k) {
    FUZZ_CHECK(!s.items[k].empty() && s.items[k].size() <= std::size_t(kMaxSequenceLength), "item length");
    for (int t : s.items[k]) FUZZ_CHECK(t >= 1 && std::size_t(t) < V, "token " + std::to_string(t));
    FUZZ_CHECK(s.labels[k] >= 0 && std::size_t(s.labels[k]) < C, "label " + std::to_string(s.labels[k]));
    FUZZ_CHECK(s.lines[k] >= 1 && (k == 0 || s.lines[k] >= s.lines[k - 1]), "lines decrease");  // JSON: several items a line
    longest = std::max(longest, int(s.items[k].size()));
  }
  FUZZ_CHECK(longest == s.longest, "longest");
  FUZZ_CHECK(s.train.size() + s.held_out.size() == n, "train + held out != items");
  // Every class keeps training items, and about a fifth of each is held out (none below 10 items).
  std::vector<int> train_of(C, 0), held_of(C, 0);
  for (int k : s.train) ++train_of[std::size_t(s.labels[std::size_t(k)])];
  for (int k : s.held_out) ++held_of[std::size_t(s.labels[std::size_t(k)])];
  FUZZ_CHECK(n >= std::size_t(kMinItemsToHoldOut) || s.held_out.empty(), "held out below 10 items");
  for (std::size_t c = 0; c < C; ++c) {
    FUZZ_CHECK(train_of[c] >= 1, "class " + std::to_string(c) + " has no training item");
    if (n >= std::size_t(kMinItemsToHoldOut))
      FUZZ_CHECK(held_of[c] == (train_of[c] + held_of[c]) / 5, "class " + std::to_string(c) + " holds out not a fifth");
  }
  FUZZ_CHECK(check_sequences_length(s, s.longest).empty() && !check_sequences_length(s, s.longest - 1).empty(),
             "check_sequences_length");
  if (std::uint64_t(s.longest) * 4 <= 4000000) {
    Rng rng(size);
    for (bool held : {false, true}) {
      const Batch b = s.draw(rng, s.longest, 4, held);
      const bool from_held = held && !s.held_out.empty();
      for (int r = 0; r < b.B; ++r) {
        bool found = false;
        for (int k : from_held ? s.held_out : s.train) {
          const std::vector<int>& it = s.items[std::size_t(k)];
          const int pad = s.longest - int(it.size());
          bool same = s.labels[std::size_t(k)] == b.targets[std::size_t(r)];
          for (int t = 0; same && t < s.longest; ++t) same = b.token(r, t) == (t < pad ? 0 : it[std::size_t(t - pad)]);
          if (same) { found = true; break; }
        }
        FUZZ_CHECK(found, "a drawn row is no padded item of its pool");
      }
    }
  }
  return 0;
}
