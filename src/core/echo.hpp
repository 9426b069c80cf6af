// echo.hpp — input quoted back in a message. Every message is one line that
// is safe to print on a terminal: control characters (C0, DEL and C1, the
// last as UTF-8 \xc2\x80..\x9f) are written as escapes (\n, \t, \r, \xHH),
// and so are U+2028/U+2029 (\u2028, \u2029), which some displays break at;
// and what is echoed is capped at kMaxEcho bytes (cut at a UTF-8 boundary,
// "..." marks the cut).
#pragma once
#include <cstddef>
#include <string>

namespace rnnlab {

constexpr std::size_t kMaxEcho = 80;

// s with its control characters escaped; the whole of it.
inline std::string escape_controls(const std::string& s) {
  static const char* hex = "0123456789abcdef";
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == '\n') out += "\\n";
    else if (c == '\t') out += "\\t";
    else if (c == '\r') out += "\\r";
    else if (c < 0x20 || c == 0x7f) out += std::string("\\x") + hex[c >> 4] + hex[c & 15];
    else if (c == 0xc2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) >= 0x80 &&
             static_cast<unsigned char>(s[i + 1]) <= 0x9f) {
      const unsigned char d = static_cast<unsigned char>(s[++i]);
      out += std::string("\\xc2\\x") + hex[d >> 4] + hex[d & 15];
    } else if (c == 0xe2 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
               (static_cast<unsigned char>(s[i + 2]) == 0xa8 || static_cast<unsigned char>(s[i + 2]) == 0xa9)) {
      out += static_cast<unsigned char>(s[i + 2]) == 0xa8 ? "\\u2028" : "\\u2029";  // line/paragraph separator
      i += 2;
    } else out += char(c);
  }
  return out;
}

// What a message quotes of the input: escaped, and at most `max` bytes of it.
inline std::string echo(const std::string& s, std::size_t max = kMaxEcho) {
  if (s.size() <= max) return escape_controls(s);
  std::size_t cut = max;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xc0) == 0x80) --cut;  // not inside a UTF-8 character
  return escape_controls(s.substr(0, cut)) + "...";
}

}  // namespace rnnlab
