// text.cpp — UTF-8 decoding, the vocabulary and the windows of text.hpp.
#include "text.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include "echo.hpp"
#include "limits.hpp"

namespace rnnlab {

std::string split_utf8(const std::string& text, const char* what, std::vector<std::string>* chars,
                       std::vector<std::uint32_t>* code_points) {
  if (chars) chars->clear();
  if (code_points) code_points->clear();
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  std::size_t i = 0;
  auto bad = [&](std::size_t at, const char* why) {
    return std::string(what) + " is not valid UTF-8: " + why + " at byte " + std::to_string(at) +
           " (counting from 0)";
  };
  while (i < n) {
    const unsigned char c = s[i];
    int len;
    std::uint32_t cp;
    if (c < 0x80) { len = 1; cp = c; }
    else if (c >= 0xC2 && c <= 0xDF) { len = 2; cp = c & 0x1F; }
    else if (c >= 0xE0 && c <= 0xEF) { len = 3; cp = c & 0x0F; }
    else if (c >= 0xF0 && c <= 0xF4) { len = 4; cp = c & 0x07; }
    else return bad(i, c >= 0x80 && c < 0xC0 ? "a continuation byte with no lead byte" : "a byte that cannot start a character");
    if (i + std::size_t(len) > n) return bad(i, "a character cut off by the end of the text");
    for (int k = 1; k < len; ++k) {
      const unsigned char cc = s[i + std::size_t(k)];
      if ((cc & 0xC0) != 0x80) return bad(i + std::size_t(k), "a missing continuation byte");
      cp = (cp << 6) | (cc & 0x3F);
    }
    // Overlong forms, surrogates and values above U+10FFFF.
    if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) || (cp >= 0xD800 && cp <= 0xDFFF))
      return bad(i, "an overlong or out-of-range character");
    if (chars) chars->push_back(text.substr(i, std::size_t(len)));
    if (code_points) code_points->push_back(cp);
    i += std::size_t(len);
  }
  return "";
}

std::string parse_text(const std::string& text, TextCorpus* out) {
  if (text.size() > kMaxTextBytes)
    return "the text is " + std::to_string(text.size()) + " bytes, over the limit of " + std::to_string(kMaxTextBytes) +
           " (" + mib_text(kMaxTextBytes) + ")";
  std::string body = text;
  if (body.size() >= 3 && body.compare(0, 3, "\xEF\xBB\xBF") == 0) body.erase(0, 3);  // a byte-order mark
  if (body.empty()) return "the text is empty";
  std::vector<std::string> chars;
  std::vector<std::uint32_t> cps;
  if (std::string e = split_utf8(body, "the text", &chars, &cps); !e.empty()) return e;
  std::map<std::uint32_t, std::string> distinct;
  for (std::size_t k = 0; k < chars.size(); ++k) distinct.emplace(cps[k], chars[k]);
  if (distinct.size() > std::size_t(kMaxTextVocab))
    return "the text has " + std::to_string(distinct.size()) + " distinct characters, more than the limit of " +
           std::to_string(kMaxTextVocab);
  TextCorpus c;
  std::map<std::uint32_t, int> index;
  for (const auto& [cp, ch] : distinct) {
    index[cp] = int(c.vocab.size());
    c.vocab.push_back(ch);
  }
  c.tokens.reserve(cps.size());
  std::vector<double> count(c.vocab.size(), 0.0);
  for (std::uint32_t cp : cps) {
    const int k = index[cp];
    c.tokens.push_back(k);
    count[std::size_t(k)] += 1;
  }
  const double n = double(c.tokens.size());
  for (double k : count)
    if (k > 0) c.unigram_entropy -= (k / n) * std::log(k / n);
  *out = std::move(c);
  return "";
}

std::string check_text_length(const TextCorpus& corpus, int T) {
  if (corpus.tokens.size() >= std::size_t(T) + 1) return "";
  return "the text has " + std::to_string(corpus.tokens.size()) + " characters; T = " + std::to_string(T) +
         " needs at least " + std::to_string(T + 1) + " (T inputs and the character after them)";
}

Batch TextCorpus::windows(Rng& rng, int T, int B) const {
  Batch b;
  b.B = B;
  b.T = T;
  b.per_step = true;
  b.tokens.resize(std::size_t(B) * std::size_t(T));
  b.targets.resize(std::size_t(B) * std::size_t(T));
  const std::uint64_t starts = std::uint64_t(tokens.size()) - std::uint64_t(T);  // 0 .. n-T-1
  for (int r = 0; r < B; ++r) {
    const std::size_t s = std::size_t(rng.next_u64() % starts);
    for (int t = 0; t < T; ++t) {
      b.tokens[std::size_t(r) * T + t] = tokens[s + std::size_t(t)];
      b.targets[std::size_t(r) * T + t] = tokens[s + std::size_t(t) + 1];
    }
  }
  return b;
}

}  // namespace rnnlab
