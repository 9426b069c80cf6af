// config_input.hpp — the fuzz bytes as a ConfigInput (src/core/config.hpp),
// shared by fuzz_config and fuzz_sweep.
//
// Lines "key=value" ('\n'-separated; a later line for the same key replaces
// an earlier one; a line without '=' is skipped). The key is taken as
// written, or "$N" means the N-th of `keys` (modulo their number). The
// value's first byte picks its kind:
//   '#'  Number: strtod of the rest ("#1e400" is Infinity, "#nan" NaN, "#-0")
//   '!'  Number: the next 8 bytes as the raw bits of a double
//   '?'  Bool: true when the rest starts with 't' or '1'
//   '@'  Other (an object or function in JS): the rest is how it is shown
//   '%'  Text, percent-decoded ("%0a" is a newline, which a line cannot hold)
//   else Text: the whole value (what the CLI always passes)
#pragma once
#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "core/config.hpp"

namespace rnnlab_fuzz {

inline rnnlab::ConfigInput read_config_input(const std::string& text, const std::vector<std::string>& keys) {
  using rnnlab::ConfigValue;
  rnnlab::ConfigInput in;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string::npos) end = text.size();
    const std::string line = text.substr(pos, end - pos);
    pos = end + 1;
    const std::size_t eq = line.find('=');
    if (eq == std::string::npos) continue;
    std::string key = line.substr(0, eq);
    const std::string v = line.substr(eq + 1);
    if (key.size() >= 2 && key[0] == '$' && !keys.empty()) key = keys[std::strtoul(key.c_str() + 1, nullptr, 10) % keys.size()];
    ConfigValue value;
    if (!v.empty() && v[0] == '#') {
      value = ConfigValue::of_number(std::strtod(v.c_str() + 1, nullptr));
    } else if (!v.empty() && v[0] == '!') {
      char raw[8] = {0};
      std::memcpy(raw, v.data() + 1, std::min<std::size_t>(8, v.size() - 1));
      double x = 0;
      std::memcpy(&x, raw, 8);
      value = ConfigValue::of_number(x);
    } else if (!v.empty() && v[0] == '?') {
      value = ConfigValue::of_bool(v.size() > 1 && (v[1] == 't' || v[1] == '1'));
    } else if (!v.empty() && v[0] == '%') {
      std::string t;
      for (std::size_t i = 1; i < v.size(); ++i) {
        if (v[i] == '%' && i + 2 < v.size() && std::isxdigit((unsigned char)v[i + 1]) && std::isxdigit((unsigned char)v[i + 2])) {
          t += char(std::strtoul(v.substr(i + 1, 2).c_str(), nullptr, 16));
          i += 2;
        } else {
          t += v[i];
        }
      }
      value = ConfigValue::of_text(t);
    } else if (!v.empty() && v[0] == '@') {
      value.kind = ConfigValue::Other;
      value.text = v.substr(1);
    } else {
      value = ConfigValue::of_text(v);
    }
    in[key] = value;
  }
  return in;
}

// The canonical keys of config_keys(), for "$N".
inline const std::vector<std::string>& train_keys() {
  static const std::vector<std::string> keys = [] {
    std::vector<std::string> k;
    for (const auto& c : rnnlab::config_keys()) k.push_back(c.key);
    return k;
  }();
  return keys;
}

}  // namespace rnnlab_fuzz
