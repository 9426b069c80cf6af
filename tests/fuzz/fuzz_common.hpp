// fuzz_common.hpp — what every harness of tests/fuzz checks about a message
// the engine returns, and how a broken invariant is reported: one line on
// stderr naming the invariant, then abort(), which libFuzzer records as a
// crash and saves the input (tests/fuzz/README.md).
#pragma once
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace rnnlab_fuzz {

// A message is quoted back to a terminal, a console or a page (echo.hpp):
// one line, no raw control characters, bounded even when it echoes input.
constexpr std::size_t kMaxMessageBytes = 4096;

[[noreturn]] inline void fail(const char* invariant, const std::string& detail) {
  // Printed escaped and capped, so that the report itself stays readable.
  std::string shown;
  for (std::size_t i = 0; i < detail.size() && i < 600; ++i) {
    const unsigned char c = static_cast<unsigned char>(detail[i]);
    if (c < 0x20 || c >= 0x7f) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      shown += buf;
    } else {
      shown += char(c);
    }
  }
  if (detail.size() > 600) shown += "...(" + std::to_string(detail.size()) + " bytes)";
  std::fprintf(stderr, "\nFUZZ INVARIANT BROKEN: %s\n  detail: %s\n", invariant, shown.c_str());
  std::abort();
}

#define FUZZ_CHECK(cond, detail)                              \
  do {                                                        \
    if (!(cond)) ::rnnlab_fuzz::fail(#cond, (detail));        \
  } while (0)

// One line, safe for a terminal, at most kMaxMessageBytes: no byte below
// 0x20 (so no '\n', '\r', ESC), no DEL, no UTF-8-encoded C1 control
// (\xc2\x80..\x9f), and not empty.
inline void check_message(const std::string& m, const char* what) {
  if (m.empty()) fail("message is not empty", what);
  if (m.size() > kMaxMessageBytes)
    fail("message is at most 4096 bytes", std::string(what) + " (" + std::to_string(m.size()) + " bytes): " + m);
  for (std::size_t i = 0; i < m.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(m[i]);
    if (c < 0x20 || c == 0x7f) fail("message has no control byte < 0x20 or DEL", std::string(what) + ": " + m);
    if (c == 0xc2 && i + 1 < m.size() && static_cast<unsigned char>(m[i + 1]) >= 0x80 &&
        static_cast<unsigned char>(m[i + 1]) <= 0x9f)
      fail("message has no C1 control (UTF-8 \\xc2\\x80..\\x9f)", std::string(what) + ": " + m);
  }
}

}  // namespace rnnlab_fuzz
