// text.hpp — a text as a character-level language-modelling task: the UTF-8
// text decoded into characters, its vocabulary (the distinct characters, in
// code-point order), the text as tokens, and batches of random windows whose
// targets are the next character at every step.
//
// parse_text is the boundary: every refusal is one sentence naming the
// problem (and, for bad UTF-8, the byte). Does no I/O.
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "batch.hpp"
#include "rng.hpp"

namespace rnnlab {

// The largest text and the most distinct characters a text model takes.
constexpr std::uint64_t kMaxTextBytes = std::uint64_t(16) << 20;  // 16 MiB
constexpr int kMaxTextVocab = 1024;

struct TextCorpus {
  std::vector<std::string> vocab;  // token k's character (its UTF-8 bytes), in code-point order
  std::vector<int> tokens;         // the text, one token per character
  double unigram_entropy = 0;      // -sum_k p_k ln p_k over the characters, in nats

  // B windows of T + 1 consecutive characters, each starting at a uniform
  // position: tokens = the first T, per-step targets = the last T (the next
  // character at every step). Precondition: tokens.size() >= T + 1.
  Batch windows(Rng& rng, int T, int B) const;
};

// Decodes text (UTF-8, without a byte-order mark or with one, which is
// skipped) into *out; "" on success, else the message.
std::string parse_text(const std::string& text, TextCorpus* out);

// "" when the text is long enough for T (at least T + 1 characters), else the message.
std::string check_text_length(const TextCorpus& corpus, int T);

// Splits UTF-8 text into characters; "" or the message naming the byte
// (`what` names the text in it: "the text", "the prime"). With chars null it
// only checks.
std::string split_utf8(const std::string& text, const char* what, std::vector<std::string>* chars,
                       std::vector<std::uint32_t>* code_points = nullptr);

}  // namespace rnnlab
