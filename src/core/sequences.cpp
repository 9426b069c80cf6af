// sequences.cpp — the CSV and JSON readers, the vocabulary and classes, the
// held-out split and the padded batches of sequences.hpp.
#include "sequences.hpp"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>

#include "echo.hpp"
#include "limits.hpp"
#include "state_json.hpp"
#include "text.hpp"

namespace rnnlab {

namespace {

using nlohmann::json;

struct RawItem {
  std::vector<std::string> tokens;
  std::string label;
  int line = 0;
};

std::string where(int line, const char* field = nullptr) {
  std::string s = "line " + std::to_string(line);
  if (field) s += std::string(", field ") + field;
  return s + ": ";
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v'; }

std::string trim(const std::string& s) {
  std::size_t a = 0, b = s.size();
  while (a < b && is_space(s[a])) ++a;
  while (b > a && is_space(s[b - 1])) --b;
  return s.substr(a, b - a);
}

// A token or label: at most kMaxTokenBytes bytes.
std::string check_piece(const std::string& s, const char* what, int line, const char* field) {
  if (s.size() <= kMaxTokenBytes) return "";
  return where(line, field) + what + " of " + std::to_string(s.size()) + " bytes, more than the limit of " +
         std::to_string(kMaxTokenBytes);
}

// A sequence written as text: split at whitespace when it holds any, else
// into its characters (the file is valid UTF-8 by now).
std::string tokenize(const std::string& text, int line, std::vector<std::string>* out) {
  out->clear();
  const std::string s = trim(text);
  if (s.empty()) return where(line, "sequence") + "empty";
  const std::string too_long = where(line, "sequence") + "more than " + std::to_string(kMaxSequenceLength) +
                               " tokens, the limit";
  if (std::any_of(s.begin(), s.end(), is_space)) {
    std::size_t i = 0;
    while (i < s.size()) {
      while (i < s.size() && is_space(s[i])) ++i;
      std::size_t j = i;
      while (j < s.size() && !is_space(s[j])) ++j;
      if (j > i) {
        if (out->size() == std::size_t(kMaxSequenceLength)) return too_long;  // before holding more
        out->push_back(s.substr(i, j - i));
      }
      i = j;
    }
  } else {
    // At most 4 bytes a character: more bytes than that are more characters
    // than the limit, refused before they are split into strings.
    if (s.size() > 4 * std::size_t(kMaxSequenceLength)) return too_long;
    if (std::string e = split_utf8(s, "the sequence", out); !e.empty()) return where(line, "sequence") + e;
    if (out->size() > std::size_t(kMaxSequenceLength)) return too_long;
  }
  for (const std::string& t : *out)
    if (std::string e = check_piece(t, "a token", line, "sequence"); !e.empty()) return e;
  return "";
}

// One CSV line's fields ("quoted" fields may hold commas; "" is a quote).
std::string split_csv(const std::string& line, std::vector<std::string>* fields) {
  fields->clear();
  const std::size_t n = line.size();
  std::size_t i = 0;
  for (;;) {
    std::string cur;
    while (i < n && (line[i] == ' ' || line[i] == '\t')) ++i;
    if (i < n && line[i] == '"') {
      for (++i;; ++i) {
        if (i >= n) return "a quote that is never closed on its line (a quoted field may not span lines)";
        if (line[i] == '"') {
          if (i + 1 < n && line[i + 1] == '"') {
            cur += '"';
            ++i;
          } else {
            ++i;
            break;
          }
        } else {
          cur += line[i];
        }
      }
      while (i < n && (line[i] == ' ' || line[i] == '\t')) ++i;
      if (i < n && line[i] != ',') return "text after a closing quote (a field is either quoted whole or not at all)";
    } else {
      while (i < n && line[i] != ',') {
        if (line[i] == '"') return "a quote inside an unquoted field (quote the whole field, and double the quote)";
        cur += line[i++];
      }
      cur = trim(cur);
    }
    fields->push_back(cur);
    if (i >= n) return "";
    ++i;  // the comma
  }
}

std::string lower(std::string s) {
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = char(c - 'A' + 'a');
  return s;
}

std::string read_csv(const std::string& text, std::vector<RawItem>* items) {
  std::size_t start = 0;
  int line = 0;
  bool first = true;
  std::vector<std::string> fields;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    ++line;
    std::string row = text.substr(start, end - start);
    start = end + 1;
    if (!row.empty() && row.back() == '\r') row.pop_back();
    if (trim(row).empty()) {
      if (end == text.size()) break;
      continue;
    }
    if (std::string e = split_utf8(row, "the line", nullptr); !e.empty()) return where(line) + e;
    if (std::string e = split_csv(row, &fields); !e.empty()) return where(line) + e;
    if (first && fields.size() == 2 && lower(fields[0]) == "sequence" && lower(fields[1]) == "label") {
      first = false;  // the header
      continue;
    }
    first = false;
    if (fields.size() != 2)
      return where(line) + std::to_string(fields.size()) +
             (fields.size() == 1 ? " field" : " fields") +
             ", expected 2: sequence,label (quote a field that holds a comma)";
    RawItem item;
    item.line = line;
    if (std::string e = tokenize(fields[0], line, &item.tokens); !e.empty()) return e;
    item.label = trim(fields[1]);  // quoted or not, as JSON's
    if (item.label.empty()) return where(line, "label") + "empty";
    if (std::string e = check_piece(item.label, "a label", line, "label"); !e.empty()) return e;
    if (items->size() >= std::size_t(kMaxSequenceItems))
      return where(line) + "more than " + std::to_string(kMaxSequenceItems) + " sequences, the limit";
    items->push_back(std::move(item));
    if (end == text.size()) break;
  }
  return "";
}

int line_of(const std::string& text, std::size_t byte) {
  return 1 + int(std::count(text.begin(), text.begin() + std::ptrdiff_t(std::min(byte, text.size())), '\n'));
}

// The line on which each element of the top-level array starts (the text
// parsed as JSON already, so it is well formed).
std::vector<int> element_lines(const std::string& text) {
  std::vector<int> lines;
  int depth = 0, line = 1;
  bool in_string = false, escaped = false, expect = false;
  for (char ch : text) {
    if (ch == '\n') ++line;
    if (in_string) {
      if (escaped) escaped = false;
      else if (ch == '\\') escaped = true;
      else if (ch == '"') in_string = false;
      continue;
    }
    if (is_space(ch)) continue;
    if (depth == 1 && expect && ch != ']') {
      lines.push_back(line);
      expect = false;
    }
    if (ch == '"') in_string = true;
    else if (ch == '[' || ch == '{') {
      if (depth == 0) expect = true;
      ++depth;
    } else if (ch == ']' || ch == '}') {
      --depth;
    } else if (ch == ',' && depth == 1) {
      expect = true;
    }
  }
  return lines;
}

// A JSON token or label: a string, or an integer written in decimal.
bool json_piece(const json& v, std::string* out) {
  if (v.is_string()) *out = v.get<std::string>();
  else if (v.is_number_integer()) *out = v.is_number_unsigned() ? std::to_string(v.get<std::uint64_t>()) : std::to_string(v.get<std::int64_t>());
  else return false;
  return true;
}

std::string kind_of(const json& v) {
  if (v.is_number_float()) return "a number not written as an integer";
  if (v.is_object() || v.is_array()) return std::string("an ") + v.type_name();
  return std::string("a ") + v.type_name();
}

std::string read_json(const std::string& text, std::vector<RawItem>* items) {
  json doc;
  std::size_t byte = 0;
  if (std::string e = parse_json(text, &doc, kMaxSequenceJsonValues, &byte); !e.empty()) {
    if (byte == 0) return "the JSON: " + e;  // too deep, or a number out of range (named by its field)
    if (const std::size_t p = e.find("syntax error"); p != std::string::npos) e = e.substr(p);
    return where(line_of(text, byte - 1)) + "not valid JSON: " + e;
  }
  if (!doc.is_array())
    return "the JSON must be an array of objects {\"sequence\": ..., \"label\": ...} (got " + kind_of(doc) + ")";
  if (doc.size() > std::size_t(kMaxSequenceItems))
    return "the JSON holds " + std::to_string(doc.size()) + " sequences, more than the limit of " +
           std::to_string(kMaxSequenceItems);
  const std::vector<int> lines = element_lines(text);
  for (std::size_t k = 0; k < doc.size(); ++k) {
    const json& v = doc[k];
    const int line = k < lines.size() ? lines[k] : 0;
    const std::string item_no = " (item " + std::to_string(k + 1) + ")";
    auto at = [&](const char* field) {
      return "line " + std::to_string(line) + item_no + (field ? std::string(", field ") + field : "") + ": ";
    };
    if (!v.is_object()) return at(nullptr) + "expected an object with the fields sequence and label (got " + kind_of(v) + ")";
    for (auto it = v.begin(); it != v.end(); ++it)
      if (it.key() != "sequence" && it.key() != "label")
        return at(nullptr) + "unknown field '" + echo(it.key()) + "' (the fields are sequence and label)";
    RawItem item;
    item.line = line;
    if (!v.contains("sequence")) return at("sequence") + "missing";
    const json& s = v["sequence"];
    if (s.is_string()) {
      if (std::string e = tokenize(s.get<std::string>(), line, &item.tokens); !e.empty())
        return at("sequence") + e.substr(where(line, "sequence").size());
    } else if (s.is_array()) {
      if (s.empty()) return at("sequence") + "empty";
      if (s.size() > std::size_t(kMaxSequenceLength))
        return at("sequence") + std::to_string(s.size()) + " tokens, more than the limit of " +
               std::to_string(kMaxSequenceLength);
      for (std::size_t t = 0; t < s.size(); ++t) {
        std::string tok;
        if (!json_piece(s[t], &tok))
          return at("sequence") + "token " + std::to_string(t + 1) + " must be a string or an integer (got " +
                 kind_of(s[t]) + ")";
        if (trim(tok).empty()) return at("sequence") + "token " + std::to_string(t + 1) + " is empty";
        if (std::string e = check_piece(tok, "a token", line, "sequence"); !e.empty())
          return at("sequence") + e.substr(where(line, "sequence").size());
        item.tokens.push_back(std::move(tok));
      }
    } else {
      return at("sequence") + "must be a string or an array of tokens (got " + kind_of(s) + ")";
    }
    if (!v.contains("label")) return at("label") + "missing";
    if (!json_piece(v["label"], &item.label))
      return at("label") + "must be a string or an integer (got " + kind_of(v["label"]) + ")";
    item.label = trim(item.label);
    if (item.label.empty()) return at("label") + "empty";
    if (std::string e = check_piece(item.label, "a label", line, "label"); !e.empty())
      return at("label") + e.substr(where(line, "label").size());
    items->push_back(std::move(item));
  }
  return "";
}

// An integer of at most 18 digits (so that it fits a long long).
bool small_integer(const std::string& s, long long* v) {
  const std::size_t sign = !s.empty() && s[0] == '-' ? 1 : 0;
  if (s.size() == sign || s.size() - sign > 18) return false;
  for (std::size_t i = sign; i < s.size(); ++i)
    if (s[i] < '0' || s[i] > '9') return false;
  *v = std::stoll(s);
  return true;
}

// The distinct strings in numeric order when all are integers (ties, as
// "01" and "1", by text), else in byte order (code-point order for UTF-8).
std::vector<std::string> ordered(const std::vector<std::string>& distinct) {
  std::vector<std::string> out = distinct;
  std::vector<long long> values(out.size());
  bool numeric = true;
  for (std::size_t k = 0; k < out.size() && numeric; ++k) numeric = small_integer(out[k], &values[k]);
  if (numeric) {
    std::vector<std::size_t> order(out.size());
    for (std::size_t k = 0; k < order.size(); ++k) order[k] = k;
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      return values[a] != values[b] ? values[a] < values[b] : out[a] < out[b];
    });
    std::vector<std::string> sorted;
    for (std::size_t k : order) sorted.push_back(out[k]);
    return sorted;
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<std::string> distinct_of(const std::map<std::string, int>& seen) {
  std::vector<std::string> v;
  for (const auto& kv : seen) v.push_back(kv.first);
  return v;
}

}  // namespace

std::string parse_sequences(const std::string& text, LabelledSequences* out) {
  if (text.size() > kMaxSequencesBytes)
    return "the file is " + std::to_string(text.size()) + " bytes, over the limit of " +
           std::to_string(kMaxSequencesBytes) + " (" + mib_text(kMaxSequencesBytes) + ")";
  std::string body = text;
  if (body.size() >= 3 && body.compare(0, 3, "\xEF\xBB\xBF") == 0) body.erase(0, 3);  // a byte-order mark
  const std::size_t first = body.find_first_not_of(" \t\r\n\f\v");
  if (first == std::string::npos) return "the file is empty: it holds no sequences";
  std::vector<RawItem> raw;
  std::string e = body[first] == '[' || body[first] == '{' ? read_json(body, &raw) : read_csv(body, &raw);
  if (!e.empty()) return e;
  if (raw.empty()) return "the file holds no sequences (only a header or blank lines)";

  std::map<std::string, int> tokens, labels;
  for (const RawItem& r : raw) {
    for (const std::string& t : r.tokens) tokens.emplace(t, 0);
    labels.emplace(r.label, 0);
  }
  if (tokens.size() + 1 > std::size_t(kMaxSequenceVocab))
    return "the sequences have " + std::to_string(tokens.size()) + " distinct tokens, more than the limit of " +
           std::to_string(kMaxSequenceVocab - 1) + " (with the padding token, " + std::to_string(kMaxSequenceVocab) + ")";
  if (labels.size() > std::size_t(kMaxSequenceClasses))
    return "the sequences have " + std::to_string(labels.size()) + " distinct labels, more than the limit of " +
           std::to_string(kMaxSequenceClasses);
  if (labels.size() < 2)
    return "every sequence has the label '" + echo(raw[0].label) + "': a classifier needs at least 2 classes";

  LabelledSequences s;
  s.vocab.push_back("");  // the padding token
  for (const std::string& t : ordered(distinct_of(tokens))) {
    tokens[t] = int(s.vocab.size());
    s.vocab.push_back(t);
  }
  for (const std::string& l : ordered(distinct_of(labels))) {
    labels[l] = int(s.classes.size());
    s.classes.push_back(l);
  }
  const bool split = raw.size() >= std::size_t(kMinItemsToHoldOut);
  std::vector<int> seen_of_class(s.classes.size(), 0);  // items of each class so far
  for (std::size_t k = 0; k < raw.size(); ++k) {
    std::vector<int> ids;
    ids.reserve(raw[k].tokens.size());
    for (const std::string& t : raw[k].tokens) ids.push_back(tokens.at(t));
    if (int(ids.size()) > s.longest) {
      s.longest = int(ids.size());
      s.longest_line = raw[k].line;
    }
    s.items.push_back(std::move(ids));
    const int label = labels.at(raw[k].label);
    s.labels.push_back(label);
    s.lines.push_back(raw[k].line);
    // Every fifth item of each class: every class keeps its first four for training.
    (split && ++seen_of_class[std::size_t(label)] % 5 == 0 ? s.held_out : s.train).push_back(int(k));
  }
  *out = std::move(s);
  return "";
}

std::string check_sequences_length(const LabelledSequences& set, int T) {
  if (T >= set.longest) return "";
  return "the longest sequence (line " + std::to_string(set.longest_line) + ") has " + std::to_string(set.longest) +
         " tokens; T = " + std::to_string(T) + " must be at least that (shorter sequences are left-padded to T)";
}

Batch LabelledSequences::draw(Rng& rng, int T, int B, bool held_out_items) const {
  const std::vector<int>& pool = held_out_items && !held_out.empty() ? held_out : train;
  Batch b;
  b.B = B;
  b.T = T;
  b.tokens.assign(std::size_t(B) * std::size_t(T), 0);
  b.targets.assign(std::size_t(B), 0);
  for (int r = 0; r < B; ++r) {
    const int k = pool[std::size_t(rng.below_int(int(pool.size())))];
    const std::vector<int>& item = items[std::size_t(k)];
    int* row = b.tokens.data() + std::size_t(r) * std::size_t(T);
    std::copy(item.begin(), item.end(), row + (T - int(item.size())));
    b.targets[std::size_t(r)] = labels[std::size_t(k)];
  }
  return b;
}

}  // namespace rnnlab
