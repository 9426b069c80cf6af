// config.hpp — a training configuration from key-value pairs, with ONE set of
// keys, defaults, limits and messages for every front end: the CLI (values
// as text, keys spelled as options: --forget-bias) and the JS API / page
// (values as JS numbers, strings or booleans, keys spelled forgetBias).
//
// Every bad key is reported at once, each with the key it concerns; a bad
// key falls back to its default, so a front end can show every message and
// still run the rest of the user's settings. Keys are listed in
// docs/config.md. Does no I/O.
#pragma once
#include <map>
#include <string>
#include <vector>

#include "trainer.hpp"

namespace rnnlab {

// A value as a front end hands it over.
struct ConfigValue {
  enum Kind { Text, Number, Bool, Other } kind = Text;
  std::string text;   // Text; for Other: how to show it in a message
  double number = 0;  // Number
  bool flag = false;  // Bool
  static ConfigValue of_text(std::string s) { return {Text, std::move(s), 0, false}; }
  static ConfigValue of_number(double x) { return {Number, "", x, false}; }
  static ConfigValue of_bool(bool b) { return {Bool, "", 0, b}; }
};
// Keyed by the canonical key (the JS spelling: "T", "forgetBias", ...).
using ConfigInput = std::map<std::string, ConfigValue>;

// How keys and quoted values are spelled in messages.
enum class Face { Js, Cli };

struct ConfigKey {
  std::string key;         // canonical (JS / URL) spelling
  std::string cli_option;  // "--forget-bias"
  std::string type;        // "integer", "number", "string", "boolean"
  std::string default_text;  // "" when it depends on the task (T)
  std::string help;
};
// Every key, in the order of the docs and `rnnlab config --help`.
const std::vector<ConfigKey>& config_keys();

struct ConfigIssue {
  std::string key;      // the canonical key it concerns ("" when several)
  std::string message;  // one sentence, the key spelled for the face
};

struct ConfigParse {
  TrainConfig config;       // every key that was bad holds its default
  bool float64 = false;     // precision
  std::vector<ConfigIssue> errors;
  bool ok() const { return errors.empty(); }
  std::string first_error() const { return errors.empty() ? "" : errors.front().message; }
};

// Unknown keys are ignored (front ends pass their own extras).
ConfigParse parse_train_config(const ConfigInput& in, Face face);

// The shortest decimal text that reads back as the same double, written as
// JavaScript's Number#toString would: "0.1", "1000000000", "1e-7", "1e+300".
std::string format_number(double x);

}  // namespace rnnlab
