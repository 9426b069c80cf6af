// ops.cpp — see ops.hpp.
#include "ops.hpp"

#include <algorithm>
#include <cmath>

#include "cells/descriptor.hpp"
#include "echo.hpp"
#include "limits.hpp"

namespace rnnlab {

OpError grad(const std::string& state_text, const std::string& batch_text, const GradOptions& opts, GradResult* out) {
  std::vector<double> flat;
  Batch batch;
  std::string err = parse_state(state_text, &out->model, &flat);
  if (!err.empty()) return {"state", err};
  err = parse_batch(batch_text, &batch);
  if (!err.empty()) return {"batch", err};
  err = validate_batch(out->model, batch, sizeof(double));
  if (!err.empty()) return {"batch", err};
  const int state = describe(out->model.cell).state_size(out->model.hidden_size) * out->model.num_layers;
  if (opts.jacobians && state > kMaxJacobianState)
    return {"", "jacobians are limited to a state size of " + std::to_string(kMaxJacobianState) + " (this model's " +
                    (out->model.num_layers > 1 ? "stacked " : "") + "state has " + std::to_string(state) + ")"};
  Model<double> model(out->model);
  model.params().data.assign(flat.begin(), flat.end());
  DiagnosticsOptions d;
  d.gates = false;
  d.jacobians = opts.jacobians;
  out->loss = model.forward(batch);
  model.backward(d, out->diag);
  out->grads = to_state_tensors(out->model, model.grads().data, true);
  return {};
}

OpError sample(const std::string& state_text, const SampleOptions& opts, std::string* out) {
  ModelConfig cfg;
  std::vector<double> flat;
  std::string err = parse_state(state_text, &cfg, &flat);
  if (!err.empty()) return {"state", err};
  if (!(err = validate_sample(cfg, opts)).empty()) return {cfg.vocab.empty() ? "state" : "", err};
  *out = sample_text(cfg, flat, opts);
  return {};
}

std::string state_mismatch(const ModelConfig& s, const ModelConfig& m) {
  if (s.cell == m.cell && s.vocab_size == m.vocab_size && s.embedding_dim == m.embedding_dim &&
      s.hidden_size == m.hidden_size && s.num_classes == m.num_classes && s.num_layers == m.num_layers) {
    // A text model's characters must be the trainer's (the same V is not enough).
    if (!m.vocab.empty() && !s.vocab.empty() && s.vocab != m.vocab)
      return m.classes.empty()
                 ? "its vocab (the characters of the text it was trained on) differs from this trainer's text"
                 : "its vocab (the tokens of the sequences it was trained on) differs from this trainer's sequences";
    if (!m.classes.empty() && !s.classes.empty() && s.classes != m.classes)
      return "its classes (the labels of the sequences it was trained on) differ from this trainer's";
    return "";
  }
  const bool layers = s.num_layers != 1 || m.num_layers != 1;
  auto what = [layers](const ModelConfig& c) {
    return std::string(cell_name(c.cell)) + " with V=" + std::to_string(c.vocab_size) + ", E=" +
           std::to_string(c.embedding_dim) + ", H=" + std::to_string(c.hidden_size) + ", C=" +
           std::to_string(c.num_classes) + (layers ? ", L=" + std::to_string(c.num_layers) : "");
  };
  return "it is for a " + what(s) + "; this trainer is a " + what(m);
}

OpError validate(const GradcheckOptions& opts) {
  if (!(opts.eps > 0 && opts.eps < 1)) return {"", "eps must be in (0, 1) (got " + format_number(opts.eps) + ")"};
  if (opts.max_per_tensor < 0) return {"", "maxPerTensor must be >= 0"};
  return {};
}

GradcheckResult gradcheck(const TrainConfig& cfg, const std::vector<double>& params, const GradcheckOptions& opts) {
  Trainer<double> trainer(cfg);  // a fresh seeded model in float64
  if (!params.empty()) (void)trainer.set_params(params);  // float64 holds every finite parsed value
  Rng rng(cfg.seed);
  const Batch batch = generate_batch(cfg, rng, cfg.T, cfg.batch);
  return gradcheck(trainer.model(), batch, opts);
}

// ---- sweep ----

namespace {
// "5, 10,20" -> {5, 10, 20}; false on anything else.
bool parse_int_list(const std::string& s, std::vector<int>* out) {
  out->clear();
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && (s[i] == ' ' || s[i] == ',')) ++i;
    if (i == s.size()) break;
    std::size_t used = 0;
    long long v = 0;
    try {
      v = std::stoll(s.substr(i), &used);
    } catch (...) {
      return false;
    }
    if (v < -2000000000 || v > 2000000000) return false;
    out->push_back(int(v));
    i += used;
    if (i < s.size() && s[i] != ',' && s[i] != ' ') return false;
  }
  return true;
}
std::vector<std::string> split_names(const std::string& s) {
  std::vector<std::string> out;
  std::string cur;
  for (char ch : s + ",") {
    if (ch == ',' || ch == ' ') {
      if (!cur.empty()) out.push_back(cur);
      cur.clear();
    } else {
      cur += ch;
    }
  }
  return out;
}
}  // namespace

SweepSpecParse parse_sweep_spec(const ConfigInput& in, Face face) {
  SweepSpecParse out;
  SweepSpec& s = out.spec;
  auto name = [&](const char* js, const char* cli) { return std::string(face == Face::Js ? js : cli); };
  // Text or a number; anything else (a boolean, an object) is shown as what it is.
  auto text_of = [&](const ConfigValue& v) {
    return v.kind == ConfigValue::Text     ? v.text
           : v.kind == ConfigValue::Number ? format_number(v.number)
           : v.kind == ConfigValue::Bool   ? std::string(v.flag ? "true" : "false")
                                           : v.text;
  };
  if (auto it = in.find("cells"); it != in.end()) {
    const auto names = split_names(text_of(it->second));
    std::vector<CellKind> cells;
    for (const auto& n : names) {
      CellKind k;
      if (!parse_cell(n, &k)) {
        // The message of the config's own cell key, for the same face.
        const char* q = face == Face::Js ? "\"" : "'";
        out.errors.push_back({"cells", name("cell", "--cell") + " must be " + cell_names_sentence() + " (got " + q + echo(n) + q + ")"});
        cells.clear();
        break;
      }
      cells.push_back(k);
    }
    if (names.empty()) out.errors.push_back({"cells", name("cells", "--cells") + " must not be empty"});
    if (!cells.empty()) s.cells = cells;
  }
  if (auto it = in.find("lengths"); it != in.end()) {
    std::vector<int> lengths;
    const char* q = face == Face::Js ? "\"" : "'";
    if (!parse_int_list(text_of(it->second), &lengths) || lengths.empty())
      out.errors.push_back({"lengths", name("lengths", "--lengths") +
                                           " must be a comma-separated list of whole numbers (got " + q +
                                           echo(text_of(it->second)) + q + ")"});
    else
      s.lengths = lengths;
  }
  if (auto it = in.find("testLengths"); it != in.end()) {
    // An empty list means none, as when the key is absent; each length is
    // then checked against the task by Sweep::validate.
    std::vector<int> lengths;
    const char* q = face == Face::Js ? "\"" : "'";
    const std::string key = name("testLengths", "--test-lengths");
    if (!parse_int_list(text_of(it->second), &lengths))
      out.errors.push_back({"testLengths", key + " must be a comma-separated list of whole numbers (got " + q +
                                               echo(text_of(it->second)) + q + ")"});
    else if (lengths.size() > std::size_t(kMaxSweepTestLengths))
      out.errors.push_back({"testLengths", key + " may hold at most " + std::to_string(kMaxSweepTestLengths) +
                                               " lengths (got " + std::to_string(lengths.size()) + ")"});
    else
      s.test_lengths = lengths;
  }
  struct IntKey {
    const char* key;
    const char* cli;
    int* target;
    int lo, hi;
  };
  for (const IntKey& k : {IntKey{"seeds", "--seeds", &s.seeds, 1, kMaxSweepSeeds},
                          IntKey{"steps", "--steps", &s.steps, 1, kMaxSweepSteps},
                          IntKey{"eval", "--eval", &s.eval, 1, kMaxSweepEval}}) {
    auto it = in.find(k.key);
    if (it == in.end()) continue;
    const ConfigValue& v = it->second;
    double x = v.number;
    bool ok = v.kind == ConfigValue::Number;
    if (v.kind == ConfigValue::Text) {
      char* end = nullptr;
      x = std::strtod(v.text.c_str(), &end);
      ok = !v.text.empty() && *end == '\0';
    }
    if (ok && x == std::floor(x) && x >= k.lo && x <= k.hi)
      *k.target = int(x);
    else
      out.errors.push_back({k.key, name(k.key, k.cli) + " must be a whole number between " + std::to_string(k.lo) +
                                       " and " + std::to_string(k.hi) + " (got " + echo(text_of(v)) + ")"});
  }
  // In 64 bits (limits.hpp): size_t products wrap in wasm32 (100 x 32768 x 32768 = 0).
  const std::uint64_t models = product_sat({s.seeds, (long long)s.cells.size(), (long long)s.lengths.size()});
  if (out.errors.empty() && models > std::uint64_t(kMaxSweepModels))
    out.errors.push_back({"", "a sweep may train at most " + std::to_string(kMaxSweepModels) + " models (asked for " +
                                  std::to_string(models) + ")"});
  return out;
}

std::string Sweep::validate(const TrainConfig& base, const SweepSpec& spec) {
  for (CellKind cell : spec.cells)
    for (int T : spec.lengths) {
      TrainConfig c = base;
      c.cell = cell;
      c.T = T;
      const std::string e = rnnlab::validate(c);
      if (!e.empty()) return e;
    }
  // Each test length must make a valid config of its own, and a model
  // trained at a point's T must be able to read it: the same V and C.
  for (CellKind cell : spec.cells)
    for (int T : spec.lengths)
      for (int test : spec.test_lengths) {
        TrainConfig train = base, c = base;
        train.cell = c.cell = cell;
        train.T = T;
        c.T = test;
        const std::string e = rnnlab::validate(c);
        if (!e.empty()) return "test length " + std::to_string(test) + ": " + e;
        const ModelConfig a = model_config(train), b = model_config(c);
        if (a.vocab_size != b.vocab_size || a.num_classes != b.num_classes)
          return "test lengths need a task whose vocabulary and classes do not depend on T: '" + base.task +
                 "' has V=" + std::to_string(a.vocab_size) + ", C=" + std::to_string(a.num_classes) + " at T=" +
                 std::to_string(T) + " but V=" + std::to_string(b.vocab_size) + ", C=" +
                 std::to_string(b.num_classes) + " at T=" + std::to_string(test);
      }
  return "";
}

Sweep::Sweep(const TrainConfig& base, const SweepSpec& spec) : base_(base), spec_(spec) {
  for (CellKind cell : spec.cells)
    for (int T : spec.lengths) {
      TrainConfig c = base;
      c.cell = cell;
      c.T = T;
      configs_.push_back(c);
    }
}

SweepRun Sweep::run(int k) const {
  TrainConfig c = configs_[std::size_t(k / spec_.seeds)];
  c.seed = base_.seed + std::uint64_t(k % spec_.seeds);
  return SweepRun{c.cell, c.T, c.seed, train_and_evaluate(c, spec_.steps, spec_.eval, spec_.test_lengths)};
}

std::string Sweep::add(const SweepRun& r) {
  const int k = done();
  if (k >= total()) return "the sweep is complete: " + std::to_string(total()) + " runs";
  const TrainConfig& c = configs_[std::size_t(k / spec_.seeds)];
  const std::uint64_t seed = base_.seed + std::uint64_t(k % spec_.seeds);
  if (r.cell != c.cell || r.T != c.T || r.seed != seed)
    return "run " + std::to_string(k) + " is " + cell_name(c.cell) + " T=" + std::to_string(c.T) + " seed " +
           std::to_string(seed) + ", not " + cell_name(r.cell) + " T=" + std::to_string(r.T) + " seed " +
           std::to_string(r.seed);
  bool same = r.point.test.size() == spec_.test_lengths.size();
  for (std::size_t j = 0; same && j < r.point.test.size(); ++j) same = r.point.test[j].T == spec_.test_lengths[j];
  if (!same) {
    std::string got;
    for (const auto& t : r.point.test) got += (got.empty() ? "" : ",") + std::to_string(t.T);
    return "run " + std::to_string(k) + " was tested at lengths [" + got + "], not the sweep's test lengths";
  }
  runs_.push_back(r);
  return "";
}

const SweepRun& Sweep::next() {
  (void)add(run(done()));
  return runs_.back();
}

AccuracyStats accuracy_stats(const std::vector<double>& a) {
  AccuracyStats st;
  double sum = 0;
  st.min = st.max = a[0];
  for (double x : a) {
    sum += x;
    st.min = std::min(st.min, x);
    st.max = std::max(st.max, x);
  }
  const double n = double(a.size());
  st.mean = sum / n;
  double var = 0;
  for (double x : a) var += (x - st.mean) * (x - st.mean);
  st.sd = a.size() > 1 ? std::sqrt(var / (n - 1)) : 0.0;
  return st;
}

std::vector<SweepStats> Sweep::stats() const {
  std::vector<SweepStats> out;
  for (std::size_t i = 0; i < configs_.size(); ++i) {
    SweepStats st;
    st.cell = configs_[i].cell;
    st.T = configs_[i].T;
    st.chance = chance_level(configs_[i]);
    for (std::size_t k = i * spec_.seeds; k < std::min(runs_.size(), (i + 1) * spec_.seeds); ++k)
      st.runs.push_back(runs_[k]);
    if (st.runs.empty()) continue;
    std::vector<double> acc;
    for (const SweepRun& r : st.runs) acc.push_back(r.point.accuracy);
    const AccuracyStats a = accuracy_stats(acc);
    st.mean = a.mean;
    st.sd = a.sd;
    st.min = a.min;
    st.max = a.max;
    for (std::size_t j = 0; j < spec_.test_lengths.size(); ++j) {
      SweepTestStats t;
      t.T = spec_.test_lengths[j];
      acc.clear();
      for (const SweepRun& r : st.runs) acc.push_back(r.point.test[j].accuracy);
      t.acc = accuracy_stats(acc);
      TrainConfig c = configs_[i];
      c.T = t.T;
      t.chance = chance_level(c);
      st.test.push_back(t);
    }
    out.push_back(st);
  }
  return out;
}

}  // namespace rnnlab
