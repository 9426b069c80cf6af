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
  model.params().data = flat;
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
      return "its vocab (the characters of the text it was trained on) differs from this trainer's text";
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
  return SweepRun{c.cell, c.T, c.seed, train_and_evaluate(c, spec_.steps, spec_.eval)};
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
  runs_.push_back(r);
  return "";
}

const SweepRun& Sweep::next() {
  (void)add(run(done()));
  return runs_.back();
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
    double sum = 0;
    st.min = st.max = st.runs[0].point.accuracy;
    for (const SweepRun& r : st.runs) {
      sum += r.point.accuracy;
      st.min = std::min(st.min, r.point.accuracy);
      st.max = std::max(st.max, r.point.accuracy);
    }
    const double n = double(st.runs.size());
    st.mean = sum / n;
    double var = 0;
    for (const SweepRun& r : st.runs) var += (r.point.accuracy - st.mean) * (r.point.accuracy - st.mean);
    st.sd = st.runs.size() > 1 ? std::sqrt(var / (n - 1)) : 0.0;
    out.push_back(st);
  }
  return out;
}

}  // namespace rnnlab
