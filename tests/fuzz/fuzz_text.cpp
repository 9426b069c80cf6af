// fuzz_text.cpp — libFuzzer harness for rnnlab::parse_text (the text of the
// task "text", src/core/text.hpp) and the sampler's prime check. The input is
// the text's bytes.
//
// Invariants (any failure aborts; see tests/fuzz/README.md):
//   - parse_text never throws or crashes; a refusal is one check_message()
//     message;
//   - a success: 1 <= V <= kMaxTextVocab distinct vocab entries in strictly
//     increasing code-point order, every token in 0..V-1, the tokens'
//     characters concatenated give back the input (without a leading BOM),
//     and the unigram entropy is finite, >= 0 and <= ln V;
//   - windows of T = min(n - 1, 8) hold the next character at every step;
//   - split_utf8 agrees with parse_text on what is valid.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/text.hpp"
#include "fuzz_common.hpp"

using namespace rnnlab;
using rnnlab_fuzz::check_message;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  TextCorpus c;
  const std::string err = parse_text(text, &c);
  std::string body = text;
  if (body.size() >= 3 && body.compare(0, 3, "\xEF\xBB\xBF") == 0) body.erase(0, 3);
  std::vector<std::string> chars;
  std::vector<std::uint32_t> cps;
  const std::string split_err = split_utf8(body, "the text", &chars, &cps);
  if (!err.empty()) {
    check_message(err, "parse_text");
    FUZZ_CHECK(!split_err.empty() || body.empty() || err.find("distinct characters") != std::string::npos,
               "parse_text refused a text split_utf8 accepts: " + err);
    return 0;
  }
  FUZZ_CHECK(split_err.empty(), "split_utf8 refuses what parse_text accepted: " + split_err);
  const std::size_t V = c.vocab.size();
  FUZZ_CHECK(V >= 1 && V <= std::size_t(kMaxTextVocab), "V = " + std::to_string(V));
  std::string back;
  for (int k : c.tokens) {
    FUZZ_CHECK(k >= 0 && std::size_t(k) < V, "token " + std::to_string(k));
    back += c.vocab[std::size_t(k)];
  }
  FUZZ_CHECK(back == body, "the tokens do not spell the text");
  FUZZ_CHECK(c.tokens.size() == chars.size(), "one token per character");
  for (std::size_t k = 1; k < V; ++k) {
    std::vector<std::string> a, b;
    std::vector<std::uint32_t> ca, cb;
    split_utf8(c.vocab[k - 1], "v", &a, &ca);
    split_utf8(c.vocab[k], "v", &b, &cb);
    FUZZ_CHECK(ca.size() == 1 && cb.size() == 1 && ca[0] < cb[0], "vocab not in increasing code-point order");
  }
  FUZZ_CHECK(std::isfinite(c.unigram_entropy) && c.unigram_entropy >= 0 &&
                 c.unigram_entropy <= std::log(double(V)) + 1e-9,
             "entropy " + std::to_string(c.unigram_entropy));
  if (c.tokens.size() >= 2) {
    const int T = int(std::min<std::size_t>(c.tokens.size() - 1, 8));
    FUZZ_CHECK(check_text_length(c, T).empty(), "T = n - 1 refused");
    Rng rng(size);
    const Batch b = c.windows(rng, T, 3);
    for (int r = 0; r < b.B; ++r)
      for (int t = 0; t + 1 < T; ++t)
        FUZZ_CHECK(b.target(r, t) == b.token(r, t + 1), "a target is not the next character");
  }
  return 0;
}
