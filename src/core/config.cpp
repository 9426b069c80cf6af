// config.cpp — see config.hpp. The checks run key by key, in the order of
// config_keys(); a bad key keeps its default and adds one issue.
#include "config.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "cells/descriptor.hpp"
#include "echo.hpp"

namespace rnnlab {

std::string format_number(double x) {
  if (std::isnan(x)) return "NaN";
  if (std::isinf(x)) return x > 0 ? "Infinity" : "-Infinity";
  // The fewest significant digits that read back exactly; written without
  // an exponent where JavaScript's Number#toString would (1e-6 <= |x| < 1e21).
  int prec = 1;
  char buf[64];
  for (; prec <= 17; ++prec) {
    std::snprintf(buf, sizeof buf, "%.*g", prec, x);
    if (std::strtod(buf, nullptr) == x) break;
  }
  const double a = std::abs(x);
  if (x == 0 || a < 1e-6 || a >= 1e21) {
    // JavaScript's exponent form: 1e-7, 1e+300 (no leading zeros in the exponent).
    std::string s = buf;
    const auto e = s.find('e');
    if (e != std::string::npos) {
      std::size_t d = e + 2;
      while (d + 1 < s.size() && s[d] == '0') s.erase(d, 1);
    }
    return s;
  }
  const int int_digits = int(std::floor(std::log10(a))) + 1;  // may be <= 0
  const int decimals = std::max(0, prec - int_digits);
  std::snprintf(buf, sizeof buf, "%.*f", decimals, x);
  return buf;
}

const std::vector<ConfigKey>& config_keys() {
  static const std::vector<ConfigKey> keys = {
      {"task", "--task", "string", "binary_palindrome", "toy task (see 'rnnlab tasks')"},
      {"cell", "--cell", "string", "lstm", "the recurrent cell (see 'rnnlab cells')"},
      {"T", "-T,--T", "integer", "", "sequence length: tokens the network reads (default: the task's)"},
      {"hidden", "--hidden", "integer", "32", "hidden size H"},
      {"embed", "--embed", "integer", "0", "embedding size E (0 = one-hot input)"},
      {"layers", "--layers", "integer", "1", "recurrent layers L in the stack (1 to 4)"},
      {"text", "--text", "string", "", "the task 'text': the text to model (CLI: a UTF-8 file)"},
      {"sequences", "--sequences", "string", "",
       "the task 'sequences': labelled sequences, CSV or JSON (CLI: a file; docs/sequences-format.md)"},
      {"batch", "--batch", "integer", "32", "batch size B"},
      {"optimizer", "--optimizer", "string", "adam", "sgd | rmsprop | adam"},
      {"lr", "--lr", "number", "0.01", "learning rate"},
      {"momentum", "--momentum", "number", "0", "momentum (sgd, rmsprop)"},
      {"nesterov", "--nesterov", "boolean", "false", "Nesterov momentum (sgd)"},
      {"clip", "--clip", "number", "1", "max global gradient norm (0 = off)"},
      {"seed", "--seed", "integer", "1", "seed of data and initialisation"},
      {"init", "--init", "string", "pytorch", "pytorch | xavier | orthogonal"},
      {"forgetBias", "--forget-bias", "number", "0", "added to the forget-gate bias (lstm, peephole_lstm)"},
      {"gain", "--gain", "number", "1", "multiplies the recurrent weights after initialisation"},
      // Set by the CLI commands' own flags (train --no-terms, --jacobians, --double), not as options.
      {"bpttTerms", "", "boolean", "true", "report the per-step terms of the BPTT sum"},
      {"gates", "", "boolean", "true", "report gate activations"},
      {"jacobians", "", "boolean", "false", "report spectral norms of the state Jacobians"},
      {"units", "", "boolean", "false", "report per-unit traces of h, c and the gates"},
      {"precision", "", "string", "float32", "float32 | float64"},
  };
  return keys;
}

namespace {

class Reader {
 public:
  Reader(const ConfigInput& in, Face face, std::vector<ConfigIssue>& errors) : in_(in), face_(face), errors_(errors) {}

  // The key as the face spells it.
  std::string name(const std::string& key) const {
    if (face_ == Face::Js) return key;
    for (const ConfigKey& k : config_keys())
      if (k.key == key && !k.cli_option.empty()) {
        const auto comma = k.cli_option.rfind(',');
        return comma == std::string::npos ? k.cli_option : k.cli_option.substr(comma + 1);
      }
    return key;
  }
  std::string quote(const std::string& s) const {
    return face_ == Face::Js ? "\"" + echo(s) + "\"" : "'" + echo(s) + "'";
  }
  std::string shown(const ConfigValue& v) const {
    switch (v.kind) {
      case ConfigValue::Text: return quote(v.text);
      case ConfigValue::Number: return format_number(v.number);
      case ConfigValue::Bool: return v.flag ? "true" : "false";
      case ConfigValue::Other: return echo(v.text);
    }
    return "?";
  }
  const ConfigValue* get(const std::string& key) const {
    const auto it = in_.find(key);
    return it == in_.end() ? nullptr : &it->second;
  }
  bool has(const std::string& key) const { return get(key) != nullptr; }
  void fail(const std::string& key, const std::string& message) { errors_.push_back({key, message}); }
  bool failed(const std::string& key) const {
    for (const auto& e : errors_)
      if (e.key == key) return true;
    return false;
  }

  // A number (JS number, or text that is entirely one); false after reporting.
  bool number(const std::string& key, double* out) {
    const ConfigValue* v = get(key);
    if (!v) return false;
    double x = 0;
    if (v->kind == ConfigValue::Number) {
      x = v->number;
    } else if (v->kind == ConfigValue::Text && !v->text.empty()) {
      char* end = nullptr;
      x = std::strtod(v->text.c_str(), &end);
      if (*end != '\0') return fail(key, name(key) + " must be a number (got " + shown(*v) + ")"), false;
    } else {
      return fail(key, name(key) + " must be a number (got " + shown(*v) + ")"), false;
    }
    if (!std::isfinite(x)) return fail(key, name(key) + " must be a finite number (got " + shown(*v) + ")"), false;
    *out = x;
    return true;
  }
  bool integer(const std::string& key, long long* out, double max_abs = 2e9) {
    double x = 0;
    std::vector<ConfigIssue> quiet;  // a type failure gets the integer's own sentence
    if (!Reader(in_, face_, quiet).number(key, &x)) {
      const ConfigValue* v = get(key);
      if (!v) return false;  // absent: the default stands
      const bool infinite = !quiet.empty() && quiet.back().message.find("finite") != std::string::npos;
      return fail(key, infinite ? quiet.back().message : name(key) + " must be an integer (got " + shown(*v) + ")"), false;
    }
    if (x != std::floor(x) || std::abs(x) > max_abs)
      return fail(key, name(key) + " must be an integer (got " + shown(*get(key)) + ")"), false;
    *out = (long long)x;
    return true;
  }
  bool text(const std::string& key, std::string* out) {
    const ConfigValue* v = get(key);
    if (!v) return false;
    if (v->kind != ConfigValue::Text) return fail(key, name(key) + " must be a string (got " + shown(*v) + ")"), false;
    *out = v->text;
    return true;
  }
  bool boolean(const std::string& key, bool* out) {
    const ConfigValue* v = get(key);
    if (!v) return false;
    if (v->kind == ConfigValue::Bool) return *out = v->flag, true;
    if (v->kind == ConfigValue::Text && (v->text == "true" || v->text == "1")) return *out = true, true;
    if (v->kind == ConfigValue::Text && (v->text == "false" || v->text == "0")) return *out = false, true;
    return fail(key, name(key) + " must be true or false (got " + shown(*v) + ")"), false;
  }
  // A string from a closed list; `names` is the sentence "a, b or c".
  template <class Parse>
  void choice(const std::string& key, const std::string& names, Parse parse) {
    std::string s;
    if (!text(key, &s)) return;
    if (!parse(s)) fail(key, name(key) + " must be " + names + " (got " + quote(s) + ")");
  }

 private:
  const ConfigInput& in_;
  Face face_;
  std::vector<ConfigIssue>& errors_;
};

std::string range(const char* what, long long v, long long lo, long long hi, const char* lo_note = "") {
  if (v >= lo && v <= hi) return "";
  return std::string(what) + " must be between " + std::to_string(lo) + lo_note + " and " + std::to_string(hi) +
         " (got " + std::to_string(v) + ")";
}

}  // namespace

ConfigParse parse_train_config(const ConfigInput& in, Face face) {
  ConfigParse out;
  TrainConfig& c = out.config;
  Reader r(in, face, out.errors);
  long long n = 0;
  double x = 0;

  std::string task;
  if (r.text("task", &task)) {
    if (find_task(task))
      c.task = task;
    else
      r.fail("task", validate_task_args(task, 1, 1));
  }
  r.choice("cell", cell_names_sentence(), [&](const std::string& s) { return parse_cell(s, &c.cell); });
  c.T = find_task(c.task)->default_T;
  const bool T_given = r.has("T");
  if (r.integer("T", &n)) {
    const std::string e = validate_task_args(c.task, int(n), 1);
    if (e.empty()) c.T = int(n); else r.fail("T", e);
  }
  if (r.integer("hidden", &n)) {
    const std::string e = range("hidden size", n, 1, kMaxHidden);
    if (e.empty()) c.hidden = int(n); else r.fail("hidden", e);
  }
  if (r.integer("embed", &n)) {
    const std::string e = range("embedding size", n, 0, kMaxEmbedding, " (one-hot)");
    if (e.empty()) c.embed = int(n); else r.fail("embed", e);
  }
  if (r.integer("layers", &n)) {
    const std::string e = range("layers", n, 1, kMaxLayers);
    if (e.empty()) c.layers = int(n); else r.fail("layers", e);
  }
  if (r.integer("batch", &n)) {
    const std::string e = n < 1 ? "batch size must be at least 1 (got " + std::to_string(n) + ")"
                                : validate_task_args(c.task, c.T, int(std::min<long long>(n, 2000000000)));
    if (e.empty()) c.batch = int(n); else r.fail("batch", e);
  }
  r.choice("optimizer", "sgd, rmsprop or adam", [&](const std::string& s) { return parse_optim(s, &c.optim.kind); });
  if (r.number("lr", &x)) {
    if (x > 0 && x <= 100) c.optim.lr = x;
    else r.fail("lr", "learning rate must be a number in (0, 100] (got " + format_number(x) + ")");
  }
  if (r.number("momentum", &x)) {
    if (x >= 0 && x < 1) c.optim.momentum = x;
    else r.fail("momentum", "momentum must be in [0, 1) (got " + format_number(x) + ")");
  }
  r.boolean("nesterov", &c.optim.nesterov);
  if (c.optim.nesterov && c.optim.momentum <= 0 && !r.failed("momentum")) {
    r.fail("nesterov", "nesterov needs momentum > 0");
    c.optim.nesterov = false;
  }
  if (r.number("clip", &x)) {
    if (x >= 0) c.clip = x;
    else r.fail("clip", "clip must be a non-negative number (0 = off) (got " + format_number(x) + ")");
  }
  if (const ConfigValue* v = r.get("seed")) {
    std::vector<ConfigIssue> quiet;  // any failure gets the key's one sentence below
    double sx = 0;
    if (Reader(in, face, quiet).number("seed", &sx) && sx >= 0 && sx == std::floor(sx) && sx <= 9007199254740991.0)
      c.seed = std::uint64_t(sx);
    else
      r.fail("seed", "seed must be a non-negative integer (got " + r.shown(*v) + ")");
  }
  r.choice("init", "pytorch, xavier or orthogonal", [&](const std::string& s) { return parse_init(s, &c.init.kind); });
  if (r.number("forgetBias", &x)) {
    if (std::abs(x) <= 100) c.init.forget_bias = x;
    else r.fail("forgetBias", r.name("forgetBias") + " must be a number in [-100, 100] (got " + format_number(x) + ")");
  }
  if (r.number("gain", &x)) {
    if (x > 0 && x <= 100) c.init.recurrent_gain = x;
    else r.fail("gain", "gain must be a number in (0, 100] (got " + format_number(x) + ")");
  }
  // The text task's data: the text itself (the CLI reads --text FILE into it).
  std::string text;
  if (r.text("text", &text)) {
    auto corpus = std::make_shared<TextCorpus>();
    const std::string e = parse_text(text, corpus.get());
    if (!e.empty()) r.fail("text", e);
    else if (find_task(c.task)->needs_text && !r.failed("T") && !(text = check_text_length(*corpus, c.T)).empty())
      r.fail("text", text);
    else c.text = std::move(corpus);
  } else if (find_task(c.task)->needs_text && !r.failed("text")) {
    // Keyed to task: the key that asks for a text (text itself is absent).
    r.fail("task", "the task 'text' needs a text: " +
                       std::string(face == Face::Cli ? "--text FILE (a UTF-8 file)" : "the key text (a string)"));
  }
  // The sequences task's data: the file's text (the CLI reads --sequences FILE
  // into it). Without T, T is the longest sequence's length.
  std::string seqs;
  if (r.text("sequences", &seqs)) {
    auto set = std::make_shared<LabelledSequences>();
    std::string e = parse_sequences(seqs, set.get());
    if (!e.empty()) {
      r.fail("sequences", e);
    } else if (find_task(c.task)->needs_sequences) {
      if (!T_given) c.T = set->longest;
      if (!r.failed("T") && !(e = check_sequences_length(*set, c.T)).empty()) r.fail("T", e);
      c.sequences = std::move(set);
    }
  } else if (find_task(c.task)->needs_sequences && !r.failed("sequences")) {
    r.fail("task", "the task 'sequences' needs the reader's sequences: " +
                       std::string(face == Face::Cli ? "--sequences FILE (CSV or JSON)" : "the key sequences (the text of a CSV or JSON file)"));
  }
  r.boolean("bpttTerms", &c.diag.bptt_terms);
  r.boolean("gates", &c.diag.gates);
  r.boolean("jacobians", &c.diag.jacobians);
  r.boolean("units", &c.diag.units);
  std::string precision;
  if (r.text("precision", &precision)) {
    if (precision == "float32" || precision == "float64") out.float64 = precision == "float64";
    else r.fail("precision", r.name("precision") + " must be " + r.quote("float32") + " or " + r.quote("float64") +
                             " (got " + r.quote(precision) + ")");
  }
  // What concerns several keys at once (sizes together, the Jacobian limit).
  if (out.errors.empty()) {
    const std::string e = validate(c);
    if (!e.empty()) out.errors.push_back({"", e});
  }
  return out;
}

}  // namespace rnnlab
