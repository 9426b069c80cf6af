// state_json.cpp — state and batch JSON (see state_json.hpp), on nlohmann::json.
#include "state_json.hpp"

#include <cmath>
#include <nlohmann/json.hpp>

#include "cells/descriptor.hpp"
#include "echo.hpp"
#include "limits.hpp"

namespace rnnlab {

using nlohmann::json;

namespace {

// Parses JSON text like json::parse, but when a number does not fit a double
// (1e999 is valid JSON that nlohmann refuses with "number overflow"), the
// message names the field that holds it, e.g. "tensors.head.weight.data[3]";
// and it stops at kMaxJsonDepth levels of nesting and at a number of values
// (each costs about 16 bytes in the tree, whatever its length in the text).
class PathTrackingSax : public nlohmann::detail::json_sax_dom_parser<json> {
  using Base = nlohmann::detail::json_sax_dom_parser<json>;
  struct Frame {
    bool array;
    std::string key;
    long index;
  };
  std::vector<Frame> frames_;

  std::uint64_t values_ = 0, max_values_;

  // false stops the parse: more values than any valid input holds.
  bool before_value() {
    if (!frames_.empty() && frames_.back().array) ++frames_.back().index;
    if (++values_ <= max_values_) return true;
    too_many_values = true;
    return false;
  }

 public:
  PathTrackingSax(json& result, std::uint64_t max_values) : Base(result, true), max_values_(max_values) {}
  std::string failed_path;
  bool nested_too_deep = false, too_many_values = false;

  // The path of the value being parsed now (or about to be, on an error).
  std::string path(bool next) const {
    std::string out;
    for (std::size_t k = 0; k < frames_.size(); ++k) {
      const Frame& f = frames_[k];
      if (f.array) {
        const long i = f.index + ((next && k + 1 == frames_.size()) ? 1 : 0);
        out += "[" + std::to_string(i) + "]";
      } else if (!f.key.empty()) {
        out += (out.empty() ? "" : ".") + f.key;
      }
    }
    return out;
  }

  bool null() { return before_value() && Base::null(); }
  bool boolean(bool v) { return before_value() && Base::boolean(v); }
  bool number_integer(json::number_integer_t v) { return before_value() && Base::number_integer(v); }
  bool number_unsigned(json::number_unsigned_t v) { return before_value() && Base::number_unsigned(v); }
  bool number_float(json::number_float_t v, const json::string_t& s) { return before_value() && Base::number_float(v, s); }
  bool string(json::string_t& v) { return before_value() && Base::string(v); }
  bool binary(json::binary_t& v) { return before_value() && Base::binary(v); }
  // Deeper than kMaxJsonDepth stops the parse (no valid state or batch is
  // nested more than 4 levels): a bound on the memory nesting costs.
  bool too_deep() {
    if (frames_.size() < std::size_t(kMaxJsonDepth)) return false;
    failed_path = path(false);
    nested_too_deep = true;
    return true;
  }
  bool start_object(std::size_t n) {
    if (!before_value() || too_deep()) return false;
    frames_.push_back({false, "", -1});
    return Base::start_object(n);
  }
  bool key(json::string_t& k) {
    frames_.back().key = k;
    return Base::key(k);
  }
  bool end_object() {
    frames_.pop_back();
    return Base::end_object();
  }
  bool start_array(std::size_t n) {
    if (!before_value() || too_deep()) return false;
    frames_.push_back({true, "", -1});
    return Base::start_array(n);
  }
  bool end_array() {
    frames_.pop_back();
    return Base::end_array();
  }
  template <class Exception>
  bool parse_error(std::size_t pos, const std::string& token, const Exception& ex) {
    failed_path = path(true);
    return Base::parse_error(pos, token, ex);
  }
};

}  // namespace

std::string parse_json(const std::string& text, json* out, std::uint64_t max_values, std::size_t* error_byte) {
  if (text.size() > kMaxJsonBytes)
    return "the JSON text is " + std::to_string(text.size()) + " bytes, over the limit of " +
           std::to_string(kMaxJsonBytes) + " (" + mib_text(kMaxJsonBytes) + ")";
  json result;
  PathTrackingSax sax(result, max_values);
  try {
    if (!json::sax_parse(text, &sax)) {
      if (sax.nested_too_deep)
        return "JSON nested deeper than " + std::to_string(kMaxJsonDepth) + " levels (at '" + echo(sax.failed_path) + "')";
      if (sax.too_many_values)
        return "the JSON holds more than " + std::to_string(max_values) + " values, more than any input within the limits";
    }
  } catch (const json::out_of_range& e) {
    if (e.id == 406) return "field '" + echo(sax.failed_path) + "' is not a finite number";
    return "malformed JSON: " + echo(e.what(), 4 * kMaxEcho);
  } catch (const json::parse_error& e) {
    if (error_byte) *error_byte = e.byte;
    return "malformed JSON: " + echo(e.what(), 4 * kMaxEcho);
  } catch (const json::exception& e) {
    return "malformed JSON: " + echo(e.what(), 4 * kMaxEcho);
  }
  *out = std::move(result);
  return "";
}

namespace {

std::string shape_str(const std::vector<int>& s) {
  std::string out = "[";
  for (std::size_t i = 0; i < s.size(); ++i) out += (i ? ", " : "") + std::to_string(s[i]);
  return out + "]";
}

// The state's tensors for a config: name, shape, and how each maps onto the
// engine layout. Rows [row0, row0+rows) of engine tensor `engine` (vector
// tensors: entries).
struct StateSlot {
  std::string name;
  std::vector<int> shape;
  int engine = -1;
  enum Kind { Copy, BiasIh, BiasHh } kind = Copy;
  int layer = 0;  // for BiasHh: which layer's bias it adds to
};

std::vector<StateSlot> state_slots(const ModelConfig& cfg, const std::vector<TensorSpec>& specs) {
  ParamIndex ix;
  param_layout(cfg, &ix);
  std::vector<StateSlot> slots;
  const int GH = cell_gates(cfg.cell) * cfg.hidden_size;
  const bool two_biases = !describe(cfg.cell).pytorch_module.empty();
  for (std::size_t i = 0; i < specs.size(); ++i) {
    const auto& s = specs[i];
    bool done = false;
    for (int k = 0; k < cfg.num_layers && !done; ++k) {
      const LayerIndex& li = ix.layers[std::size_t(k)];
      const std::string suffix = "_l" + std::to_string(k);
      if (int(i) == li.bias_hn) done = true;  // inside gru's bias_hh_lK
      else if (int(i) == li.bias && two_biases) {  // PyTorch's two biases
        slots.push_back({"rnn.bias_ih" + suffix, {GH}, int(i), StateSlot::BiasIh, k});
        slots.push_back({"rnn.bias_hh" + suffix, {GH}, int(i), StateSlot::BiasHh, k});
        done = true;
      }
    }
    if (done) continue;
    slots.push_back({s.name, s.is_vector ? std::vector<int>{s.rows} : std::vector<int>{s.rows, s.cols}, int(i),
                     StateSlot::Copy, 0});
  }
  return slots;
}

bool read_int(const json& j, const char* key, int* out, std::string* err) {
  if (!j.contains(key)) {
    *err = std::string("missing field '") + key + "'";
    return false;
  }
  const json& v = j.at(key);
  if (!v.is_number_integer()) {
    *err = std::string("field '") + key + "' must be an integer";
    return false;
  }
  const long long x = v.get<long long>();
  if (x < -1000000000LL || x > 1000000000LL || (v.is_number_unsigned() && v.get<unsigned long long>() > 1000000000ULL)) {
    *err = std::string("field '") + key + "' is out of range";
    return false;
  }
  *out = int(x);
  return true;
}

}  // namespace

// The most values valid inputs hold. A state: the parameters of the largest
// model within kMaxModelBytes (4 float64 buffers of them), plus PyTorch's
// second bias and the keys and shapes. A batch: every token needs at least
// 11 float64 of training cache (N + 4GH + 6H with N, G, H >= 1), so at most
// kMaxCacheBytes / 88 tokens, plus one row and one target per sequence.
constexpr std::uint64_t kMaxStateValues = kMaxModelBytes / (4 * sizeof(double)) + 100000;
constexpr std::uint64_t kMaxBatchValues = kMaxCacheBytes / (11 * sizeof(double)) + 3 * std::uint64_t(kMaxBatch);

std::string parse_state(const std::string& text, ModelConfig* cfg_out, std::vector<double>* params) {
  json j;
  if (std::string err = parse_json(text, &j, kMaxStateValues); !err.empty()) return err;
  if (!j.is_object()) return "the state must be a JSON object";
  if (!j.contains("format") || j["format"] != "rnnlab-state/1")
    return "field 'format' must be \"rnnlab-state/1\"";
  ModelConfig cfg;
  if (!j.contains("cell") || !j["cell"].is_string()) return "missing field 'cell'";
  if (!parse_cell(j["cell"].get<std::string>(), &cfg.cell))
    return "field 'cell' must be one of " + cell_names_sentence() + " (got \"" + echo(j["cell"].get<std::string>()) + "\")";
  std::string err;
  if (!read_int(j, "vocab_size", &cfg.vocab_size, &err)) return err;
  if (!read_int(j, "hidden_size", &cfg.hidden_size, &err)) return err;
  if (!read_int(j, "num_classes", &cfg.num_classes, &err)) return err;
  if (j.contains("embedding_dim")) {
    if (!read_int(j, "embedding_dim", &cfg.embedding_dim, &err)) return err;
  } else {
    cfg.embedding_dim = 0;
  }
  if (j.contains("num_layers")) {
    if (!read_int(j, "num_layers", &cfg.num_layers, &err)) return err;
  }
  if (j.contains("vocab")) {
    const json& v = j["vocab"];
    if (!v.is_array()) return "field 'vocab' must be an array of strings (the text of each token)";
    for (std::size_t k = 0; k < v.size(); ++k) {
      if (!v[k].is_string() || v[k].get<std::string>().size() > 64)
        return "field 'vocab[" + std::to_string(k) + "]' must be a string of at most 64 bytes";
      cfg.vocab.push_back(v[k].get<std::string>());
    }
  }
  if (j.contains("classes")) {
    const json& v = j["classes"];
    if (!v.is_array()) return "field 'classes' must be an array of strings (the label of each class)";
    for (std::size_t k = 0; k < v.size(); ++k) {
      if (!v[k].is_string() || v[k].get<std::string>().size() > 64)
        return "field 'classes[" + std::to_string(k) + "]' must be a string of at most 64 bytes";
      cfg.classes.push_back(v[k].get<std::string>());
    }
  }
  if (!(err = validate(cfg)).empty()) return err;
  if (!j.contains("tensors") || !j["tensors"].is_object()) return "missing object field 'tensors'";
  const json& tensors = j["tensors"];

  const auto specs = param_layout(cfg);
  const auto slots = state_slots(cfg, specs);
  // First every tensor's presence, shape and count: the flat buffer is
  // allocated only once the text is known to hold all of its numbers.
  for (const auto& slot : slots) {
    const std::string where = "tensors." + slot.name;
    if (!tensors.contains(slot.name)) return "missing tensor '" + slot.name + "' (field 'tensors')";
    const json& t = tensors[slot.name];
    if (!t.is_object() || !t.contains("shape") || !t.contains("data"))
      return "field '" + where + "' must be an object with 'shape' and 'data'";
    std::vector<int> shape;
    if (!t["shape"].is_array()) return "field '" + where + ".shape' must be an array";
    bool fits = t["shape"].size() <= 2;
    for (const auto& d : t["shape"]) {
      if (!d.is_number_integer()) return "field '" + where + ".shape' must hold integers";
      const long long x = d.get<long long>();
      fits = fits && x >= 0 && x <= 1000000000LL && (!d.is_number_unsigned() || d.get<unsigned long long>() <= 1000000000ULL);
      shape.push_back(fits ? int(x) : -1);
    }
    if (!fits || shape != slot.shape)
      return "field '" + where + ".shape': expected " + shape_str(slot.shape) + " for this cell and sizes, got " +
             (fits ? shape_str(shape) : echo(t["shape"].dump()));
    std::size_t count = 1;
    for (int d : shape) count *= std::size_t(d);
    const json& data = t["data"];
    if (!data.is_array() || data.size() != count)
      return "field '" + where + ".data' must be an array of " + std::to_string(count) + " numbers";
    for (std::size_t k = 0; k < count; ++k)
      if (!data[k].is_number()) return "field '" + where + ".data[" + std::to_string(k) + "]' is not a number";
  }
  std::size_t total = 0;
  for (const auto& s : specs) total += s.size();
  std::vector<double> flat(total, 0.0);
  std::vector<std::vector<double>> bias_hh(std::size_t(cfg.num_layers));  // gru: the n block goes to bias_hn
  for (const auto& slot : slots) {
    const std::string where = "tensors." + slot.name;
    const json& data = tensors[slot.name]["data"];
    const std::size_t count = data.size();
    std::vector<double> values(count);
    for (std::size_t k = 0; k < count; ++k) {
      values[k] = data[k].get<double>();
      if (!std::isfinite(values[k]))
        return "field '" + where + ".data[" + std::to_string(k) + "]' is not a finite number";
    }
    const auto& spec = specs[slot.engine];
    double* dst = flat.data() + spec.offset;
    if (slot.kind == StateSlot::BiasHh) {
      bias_hh[std::size_t(slot.layer)] = values;
      continue;
    }
    for (std::size_t k = 0; k < count; ++k) dst[k] = values[k];
  }
  for (auto it = tensors.begin(); it != tensors.end(); ++it) {
    bool known = false;
    for (const auto& slot : slots) known = known || slot.name == it.key();
    if (!known) return "unexpected tensor '" + echo(it.key()) + "' for cell " + cell_name(cfg.cell) +
                       (cfg.embedding_dim == 0 && it.key() == "embedding.weight" ? " with embedding_dim 0" : "") +
                       (cfg.num_layers == 1 && it.key().find("_l1") != std::string::npos ? " with num_layers 1" : "");
  }
  ParamIndex ix;
  param_layout(cfg, &ix);
  for (int layer = 0; layer < cfg.num_layers; ++layer) {
    const std::vector<double>& hh = bias_hh[std::size_t(layer)];
    if (hh.empty()) continue;
    const LayerIndex& li = ix.layers[std::size_t(layer)];
    const std::string suffix = "_l" + std::to_string(layer);
    double* b = flat.data() + specs[li.bias].offset;
    const int H = cfg.hidden_size;
    const bool has_hn = li.bias_hn >= 0;  // the GRU keeps b_hn apart (it sits inside r*(...))
    const std::size_t summed = has_hn ? std::size_t(2 * H) : hh.size();
    for (std::size_t k = 0; k < summed; ++k) {
      b[k] += hh[k];
      if (!std::isfinite(b[k]))  // two finite halves can overflow together (1e308 + 1e308)
        return "fields 'tensors.rnn.bias_ih" + suffix + ".data[" + std::to_string(k) + "]' + 'tensors.rnn.bias_hh" +
               suffix + ".data[" + std::to_string(k) + "]' overflow: their sum is not a finite number";
    }
    if (has_hn) {
      double* bhn = flat.data() + specs[li.bias_hn].offset;
      for (int k = 0; k < H; ++k) bhn[k] = hh[2 * H + k];
    }
  }
  *cfg_out = cfg;
  *params = std::move(flat);
  return "";
}

std::vector<NamedTensor> to_state_tensors(const ModelConfig& cfg, const std::vector<double>& flat,
                                          bool as_gradient) {
  ParamIndex ix;
  const auto specs = param_layout(cfg, &ix);
  std::vector<NamedTensor> out;
  const int H = cfg.hidden_size;
  for (const auto& slot : state_slots(cfg, specs)) {
    const auto& spec = specs[slot.engine];
    NamedTensor t{slot.name, slot.shape, {}};
    const double* src = flat.data() + spec.offset;
    t.data.assign(src, src + spec.size());
    if (slot.kind == StateSlot::BiasHh) {
      if (!as_gradient) std::fill(t.data.begin(), t.data.end(), 0.0);
      const int bias_hn = ix.layers[std::size_t(slot.layer)].bias_hn;
      if (bias_hn >= 0) {
        if (as_gradient) std::fill(t.data.begin() + 2 * H, t.data.end(), 0.0);
        const double* bhn = flat.data() + specs[bias_hn].offset;
        for (int k = 0; k < H; ++k) t.data[2 * H + k] = bhn[k];
      }
    }
    out.push_back(std::move(t));
  }
  return out;
}

namespace {
json tensors_json(const std::vector<NamedTensor>& tensors) {
  json obj = json::object();
  for (const auto& t : tensors) obj[t.name] = {{"shape", t.shape}, {"data", t.data}};
  return obj;
}
}  // namespace

std::string dump_tensors(const std::vector<NamedTensor>& tensors) { return tensors_json(tensors).dump(); }

std::string dump_state(const ModelConfig& cfg, const std::vector<double>& params) {
  json j;
  j["format"] = "rnnlab-state/1";
  j["cell"] = cell_name(cfg.cell);
  j["vocab_size"] = cfg.vocab_size;
  j["embedding_dim"] = cfg.embedding_dim;
  j["hidden_size"] = cfg.hidden_size;
  j["num_classes"] = cfg.num_classes;
  if (cfg.num_layers != 1) j["num_layers"] = cfg.num_layers;
  if (!cfg.vocab.empty()) j["vocab"] = cfg.vocab;
  if (!cfg.classes.empty()) j["classes"] = cfg.classes;
  j["tensors"] = tensors_json(to_state_tensors(cfg, params, false));
  return j.dump();
}

std::string parse_batch(const std::string& text, Batch* out) {
  json j;
  if (std::string err = parse_json(text, &j, kMaxBatchValues); !err.empty()) return err;
  if (!j.is_object()) return "the batch must be a JSON object";
  if (!j.contains("tokens") || !j["tokens"].is_array() || j["tokens"].empty())
    return "field 'tokens' must be a non-empty array of rows";
  if (!j.contains("targets") || !j["targets"].is_array()) return "field 'targets' must be an array";
  const json& rows = j["tokens"];
  Batch b;
  b.B = int(rows.size());
  if (b.B > kMaxBatch) return "field 'tokens' has more than " + std::to_string(kMaxBatch) + " rows";
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const std::string where = "tokens[" + std::to_string(r) + "]";
    if (!rows[r].is_array() || rows[r].empty()) return "field '" + where + "' must be a non-empty array";
    if (r == 0) {
      if (rows[0].size() > std::size_t(kMaxSteps)) return "field 'tokens[0]' is longer than " + std::to_string(kMaxSteps);
      b.T = int(rows[0].size());
    }
    if (rows[r].size() != std::size_t(b.T))
      return "field '" + where + "' has " + std::to_string(rows[r].size()) + " tokens; row 0 has " +
             std::to_string(b.T) + " (rows must have equal length)";
    for (std::size_t t = 0; t < rows[r].size(); ++t) {
      const json& v = rows[r][t];
      if (!v.is_number_integer() || v.get<long long>() < 0 || v.get<long long>() > 2000000000LL)
        return "field '" + where + "[" + std::to_string(t) + "]' must be a non-negative integer token";
      b.tokens.push_back(int(v.get<long long>()));
    }
  }
  const json& targets = j["targets"];
  if (targets.size() != rows.size())
    return "field 'targets' has " + std::to_string(targets.size()) + " entries; 'tokens' has " +
           std::to_string(rows.size()) + " rows";
  // A flat list: one class per sequence. A list of rows: one target per step, -1 = no loss there.
  b.per_step = !targets.empty() && targets[0].is_array();
  for (std::size_t r = 0; r < targets.size(); ++r) {
    const json& v = targets[r];
    const std::string where = "targets[" + std::to_string(r) + "]";
    if (!b.per_step) {
      if (!v.is_number_integer() || v.get<long long>() < 0 || v.get<long long>() > 2000000000LL)
        return "field '" + where + "' must be a non-negative integer class" +
               (v.is_array() ? " (targets[0] is a number, so every entry must be one; or make every entry a row)" : "");
      b.targets.push_back(int(v.get<long long>()));
      continue;
    }
    if (!v.is_array())
      return "field '" + where + "' must be a row of " + std::to_string(b.T) +
             " per-step targets (targets[0] is a row, so every entry must be one)";
    if (v.size() != std::size_t(b.T))
      return "field '" + where + "' has " + std::to_string(v.size()) + " per-step targets; 'tokens[" +
             std::to_string(r) + "]' has " + std::to_string(b.T) + " tokens";
    for (std::size_t t = 0; t < v.size(); ++t) {
      const json& x = v[t];
      if (!x.is_number_integer() || x.get<long long>() < -1 || x.get<long long>() > 2000000000LL)
        return "field '" + where + "[" + std::to_string(t) + "]' must be an integer class, or -1 for no loss at this step";
      b.targets.push_back(int(x.get<long long>()));
    }
  }
  *out = std::move(b);
  return "";
}

}  // namespace rnnlab
