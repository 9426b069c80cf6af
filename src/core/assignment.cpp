// assignment.cpp — reading a teacher's assignment file (assignment.hpp).
#include "assignment.hpp"

#include <algorithm>
#include <map>

#include "config.hpp"
#include "echo.hpp"
#include "schema.hpp"
#include "state_json.hpp"

namespace rnnlab {

using nlohmann::json;

namespace {

// The line each value of a JSON text starts on, keyed by its path
// ("/config/T", "/prompts/2"; "" for the root). Run on text nlohmann has
// already parsed, so it only follows strings and nesting.
std::map<std::string, int> value_lines(const std::string& text) {
  std::map<std::string, int> lines;
  struct Level {
    bool object;
    std::string path, key;
    long index = -1;
  };
  std::vector<Level> stack;
  int line = 1;
  bool expect_key = false;
  auto value_path = [&]() -> std::string {
    if (stack.empty()) return "";
    const Level& l = stack.back();
    return l.path + "/" + (l.object ? l.key : std::to_string(l.index));
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\n') {
      ++line;
      continue;
    }
    if (c == ' ' || c == '\t' || c == '\r' || c == ':') continue;
    if (c == ',') {
      if (!stack.empty() && stack.back().object) expect_key = true;
      else if (!stack.empty()) ++stack.back().index;
      continue;
    }
    if (c == '}' || c == ']') {
      stack.pop_back();
      expect_key = false;
      continue;
    }
    if (c == '"' && expect_key) {  // a key: read it
      std::string key;
      for (++i; i < text.size() && text[i] != '"'; ++i) {
        if (text[i] == '\\' && i + 1 < text.size()) ++i;
        key += text[i];
      }
      stack.back().key = key;
      expect_key = false;
      continue;
    }
    // A value starts here.
    const std::string path = value_path();
    lines.emplace(path, line);
    if (c == '{' || c == '[') {
      Level l{c == '{', path, "", c == '[' ? 0 : -1};
      stack.push_back(l);
      expect_key = c == '{';
      // an empty array holds no element 0: harmless, nothing is recorded for it
    } else if (c == '"') {
      for (++i; i < text.size() && text[i] != '"'; ++i) {
        if (text[i] == '\\') ++i;
        else if (text[i] == '\n') ++line;
      }
    } else {
      while (i + 1 < text.size() && std::string(",}] \t\r\n").find(text[i + 1]) == std::string::npos) ++i;
    }
  }
  return lines;
}

bool known_key(const std::string& key) {
  if (key == "corpus") return true;  // the page's shipped texts (its URL key)
  for (const ConfigKey& k : config_keys())
    if (k.key == key) return true;
  return false;
}

std::string quoted(const std::string& s) { return "'" + echo(s, 60) + "'"; }

}  // namespace

std::vector<AssignmentIssue> parse_assignment(const std::string& text, Assignment* out) {
  std::vector<AssignmentIssue> issues;
  if (text.size() > kMaxAssignmentBytes) {
    issues.push_back({0, "the assignment is " + std::to_string(text.size()) + " bytes, over the limit of " +
                             std::to_string(kMaxAssignmentBytes)});
    return issues;
  }
  json doc;
  std::size_t at = 0;
  const std::string e = parse_json(text, &doc, 100000, &at);
  if (!e.empty()) {
    const int line = at ? int(std::count(text.begin(), text.begin() + std::min(at - 1, text.size()), '\n')) + 1 : 0;
    issues.push_back({line, e});
    return issues;
  }
  if (!doc.is_object()) {
    issues.push_back({1, "an assignment is a JSON object {\"format\": \"rnnlab-assignment/1\", \"title\": ..., \"config\": {...}, \"prompts\": [...]}"});
    return issues;
  }
  const std::map<std::string, int> lines = value_lines(text);
  auto line_of = [&](const std::string& path) {
    auto it = lines.find(path);
    return it == lines.end() ? 1 : it->second;
  };
  auto fail = [&](const std::string& path, const std::string& msg) { issues.push_back({line_of(path), msg}); };

  Assignment a;
  for (const auto& kv : doc.items())
    if (kv.key() != "format" && kv.key() != "title" && kv.key() != "config" && kv.key() != "lock" && kv.key() != "view" &&
        kv.key() != "steps" && kv.key() != "prompts")
      fail("/" + kv.key(), "unknown field " + quoted(kv.key()) + " (known: format, title, config, lock, view, steps, prompts)");

  if (!doc.contains("format") || doc["format"] != kAssignmentFormat)
    fail("/format", std::string("format must be \"") + kAssignmentFormat + "\"" +
                        (doc.contains("format") ? " (got " + echo(doc["format"].dump(), 60) + ")" : " (it is missing)"));

  if (!doc.contains("title") || !doc["title"].is_string() || doc["title"].get<std::string>().empty())
    fail("/title", "title must be a non-empty string");
  else if (doc["title"].get<std::string>().size() > kMaxTitleBytes)
    fail("/title", "title must be at most " + std::to_string(kMaxTitleBytes) + " bytes");
  else a.title = doc["title"].get<std::string>();

  if (!doc.contains("config") || !doc["config"].is_object()) {
    fail("/config", "config must be an object of settings, e.g. {\"cell\": \"rnn\", \"T\": 16}");
  } else {
    a.config = doc["config"];
    ConfigInput in;
    for (const auto& kv : a.config.items()) {
      const std::string path = "/config/" + kv.key();
      if (!known_key(kv.key())) {
        fail(path, "config: unknown setting " + quoted(kv.key()));
        continue;
      }
      const json& v = kv.value();
      if (v.is_number()) in[kv.key()] = ConfigValue::of_number(v.get<double>());
      else if (v.is_string()) in[kv.key()] = ConfigValue::of_text(v.get<std::string>());
      else if (v.is_boolean()) in[kv.key()] = ConfigValue::of_bool(v.get<bool>());
      else fail(path, "config." + kv.key() + " must be a number, a string or true/false");
    }
    if (a.config.contains("corpus") && !a.config["corpus"].is_string()) fail("/config/corpus", "config.corpus must be a shipped text's name");
    const ConfigParse parsed = parse_train_config(in, Face::Js);
    for (const ConfigIssue& ci : parsed.errors)
      fail(ci.key.empty() ? "/config" : "/config/" + ci.key, "config: " + ci.message);
    JsonWriter w(true);
    write_config(parsed.config, parsed.float64, w);
    a.resolved = w.root();
  }

  if (doc.contains("lock")) {
    const json& l = doc["lock"];
    if (!l.is_array()) {
      fail("/lock", "lock must be an array of setting names, e.g. [\"cell\", \"T\"]");
    } else {
      for (std::size_t k = 0; k < l.size(); ++k) {
        const std::string path = "/lock/" + std::to_string(k);
        if (!l[k].is_string()) fail(path, "lock[" + std::to_string(k) + "] must be a setting's name");
        else if (!known_key(l[k].get<std::string>())) fail(path, "lock: unknown setting " + quoted(l[k].get<std::string>()));
        else a.lock.push_back(l[k].get<std::string>());
      }
    }
  } else {
    for (const auto& kv : a.config.items()) a.lock.push_back(kv.key());
  }

  if (doc.contains("view")) {
    if (!doc["view"].is_string()) fail("/view", "view must be a comma-separated list of panels, e.g. \"controls,grad,loss\"");
    else a.view = doc["view"].get<std::string>();
  }

  if (doc.contains("steps")) {
    const json& s = doc["steps"];
    if (!s.is_number_integer() || s.get<long long>() < 1 || s.get<long long>() > 10000000)
      fail("/steps", "steps must be a whole number between 1 and 10000000 (got " + echo(s.dump(), 40) + ")");
    else a.steps = long(s.get<long long>());
  }

  if (!doc.contains("prompts") || !doc["prompts"].is_array()) {
    fail("/prompts", "prompts must be an array of 1 to " + std::to_string(kMaxPrompts) + " questions (strings)");
  } else {
    const json& p = doc["prompts"];
    if (p.empty() || p.size() > std::size_t(kMaxPrompts))
      fail("/prompts", "prompts must hold 1 to " + std::to_string(kMaxPrompts) + " questions (got " + std::to_string(p.size()) + ")");
    for (std::size_t k = 0; k < p.size(); ++k) {
      const std::string path = "/prompts/" + std::to_string(k);
      if (!p[k].is_string() || p[k].get<std::string>().empty()) fail(path, "prompts[" + std::to_string(k) + "] must be a non-empty string");
      else if (p[k].get<std::string>().size() > kMaxPromptBytes)
        fail(path, "prompts[" + std::to_string(k) + "] must be at most " + std::to_string(kMaxPromptBytes) + " bytes");
      else a.prompts.push_back(p[k].get<std::string>());
    }
  }

  std::stable_sort(issues.begin(), issues.end(), [](const AssignmentIssue& x, const AssignmentIssue& y) { return x.line < y.line; });
  if (issues.empty() && out) *out = a;
  return issues;
}

json assignment_json(const Assignment& a) {
  return json{{"format", kAssignmentFormat}, {"title", a.title}, {"config", a.config}, {"lock", a.lock},
              {"view", a.view},           {"steps", a.steps}, {"prompts", a.prompts}};
}

std::string assignment_mismatch(const Assignment& a, const json& report_config) {
  for (const std::string& key : a.lock) {
    if (key == "corpus" || !a.resolved.contains(key)) continue;  // a shipped text's name is not in a report (its text is)
    const json& want = a.resolved[key];
    if (!report_config.contains(key)) return "config." + key + " is missing (the assignment locks it at " + want.dump() + ")";
    const json& got = report_config[key];
    const bool same = want.is_number() && got.is_number() ? want.get<double>() == got.get<double>() : want == got;
    if (!same) return "config." + key + ": the assignment locks it at " + want.dump() + ", the run used " + got.dump();
  }
  return "";
}

}  // namespace rnnlab
