// schema.hpp — the ONE field list of every result a front end writes: step
// diagnostics, grad, gradcheck, the sweep, cell descriptors, configs and
// parameter counts. Each write_* walks a result and calls a writer; the CLI
// writes JSON through JsonWriter (below), the bindings write JS objects
// through their own writer (src/wasm/bindings.cpp). A field is added here,
// once, and appears in both. Keys come in two spellings: snake_case (JSON,
// the CLI, contracts §4) and camelCase (the JS API's step diagnostics);
// each writer picks one. Field meanings: docs/diagnostics.md, docs/cli.md.
//
// A writer W provides:
//   number(Key, double)  integer(Key, long long)  boolean(Key, bool)
//   string(Key, std::string)  numbers(Key, std::vector<double>)
//   integers(Key, std::vector<int>)
//   begin_object(Key) / end_object()  begin_array(Key) / end_array()
// Inside an array, elements are written with an empty Key.
#pragma once
#include <cmath>
#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cells/descriptor.hpp"
#include "config.hpp"
#include "diagnostics.hpp"
#include "ops.hpp"
#include "param_count.hpp"
#include "tasks/task.hpp"

namespace rnnlab {

struct Key {
  std::string snake, camel;
  Key() = default;
  Key(const char* both) : snake(both), camel(both) {}
  Key(std::string both) : snake(both), camel(std::move(both)) {}
  Key(const char* s, const char* c) : snake(s), camel(c) {}
};

template <class W>
void write_diagnostics(const Diagnostics& d, W& w) {
  w.numbers({"dh_norms", "dhNorms"}, d.dh_norms);
  if (!d.dc_norms.empty()) w.numbers({"dc_norms", "dcNorms"}, d.dc_norms);
  if (!d.bptt_terms.empty()) w.numbers({"bptt_terms", "bpttTerms"}, d.bptt_terms);
  auto by_layer = [&](Key key, const std::vector<std::vector<double>>& v) {
    if (v.empty()) return;
    w.begin_array(key);
    for (const auto& layer : v) w.numbers("", layer);
    w.end_array();
  };
  by_layer({"dh_norms_by_layer", "dhNormsByLayer"}, d.dh_norms_by_layer);
  by_layer({"dc_norms_by_layer", "dcNormsByLayer"}, d.dc_norms_by_layer);
  by_layer({"bptt_terms_by_layer", "bpttTermsByLayer"}, d.bptt_terms_by_layer);
  w.begin_object({"grad_norms", "gradNorms"});
  for (const auto& t : d.grad_norms) w.number(t.name, t.norm);
  w.end_object();
  w.number({"grad_norm", "gradNorm"}, d.grad_norm);
  w.number({"grad_norm_clipped", "gradNormClipped"}, d.grad_norm_clipped);
  w.begin_object("gates");
  for (const auto& g : d.gates) {
    w.begin_object(g.name);
    w.string("activation", g.activation);
    w.numbers("mean", g.mean);
    w.numbers({"frac_low", "fracLow"}, g.frac_low);
    w.numbers({"frac_high", "fracHigh"}, g.frac_high);
    w.number({"time_mean", "timeMean"}, g.time_mean);
    w.number({"time_frac_low", "timeFracLow"}, g.time_frac_low);
    w.number({"time_frac_high", "timeFracHigh"}, g.time_frac_high);
    w.end_object();
  }
  w.end_object();
  if (!d.cell_norms.empty()) w.numbers({"cell_norms", "cellNorms"}, d.cell_norms);
  if (!d.jacobian_norms.empty()) {
    w.numbers({"jacobian_norms", "jacobianNorms"}, d.jacobian_norms);
    w.numbers({"jacobian_product_norms", "jacobianProductNorms"}, d.jacobian_product_norms);
    w.numbers({"jacobian_to_T_norms", "jacobianToTNorms"}, d.jacobian_to_T_norms);
  }
  if (!d.jacobian_bounds.empty()) w.numbers({"jacobian_bounds", "jacobianBounds"}, d.jacobian_bounds);
  if (!d.term_factors.norms.empty()) {
    w.begin_object({"term_factors", "termFactors"});
    w.number({"dl_dh_T", "dLdhT"}, d.term_factors.dl_dh_T);
    w.numbers({"partial_norms", "partialNorms"}, d.term_factors.partial_norms);
    w.numbers("bounds", d.term_factors.bounds);
    w.numbers("norms", d.term_factors.norms);
    w.end_object();
  }
  if (std::isfinite(d.recurrent_sigma_max)) {
    w.number({"recurrent_sigma_max", "recurrentSigmaMax"}, d.recurrent_sigma_max);
    w.string({"recurrent_tensor", "recurrentTensor"}, d.recurrent_tensor);
  }
  if (d.has_units) {
    // T arrays of H numbers each, per matrix.
    auto rows = [&](const Key& k, const std::vector<double>& flat) {
      w.begin_array(k);
      for (int t = 0; t < d.units_T; ++t)
        w.numbers("", std::vector<double>(flat.begin() + std::ptrdiff_t(t) * d.units_H,
                                          flat.begin() + std::ptrdiff_t(t + 1) * d.units_H));
      w.end_array();
    };
    w.begin_object("units");
    for (const auto* u : {&d.units_first, &d.units_mean}) {
      w.begin_object(u == &d.units_first ? "first" : "mean");
      rows("h", u->h);
      if (!u->c.empty()) rows("c", u->c);
      w.begin_object("gates");
      for (const auto& g : u->gates) rows(g.first, g.second);
      w.end_object();
      w.end_object();
    }
    w.end_object();
  } else if (!d.units_omitted.empty()) {
    w.string({"units_omitted", "unitsOmitted"}, d.units_omitted);
  }
  if (!d.verdict.empty()) {
    w.string("verdict", d.verdict);
    w.number({"verdict_decades", "verdictDecades"}, d.verdict_decades);
  }
}

// The divergence rule's verdict (divergence.hpp), as an object.
template <class W>
void write_divergence(const Divergence& d, W& w) {
  w.string("rule", d.rule);
  w.string("message", d.message);
  w.integer("window", d.window);
  w.number({"loss_start", "lossStart"}, d.loss_start);
  w.number({"loss_now", "lossNow"}, d.loss_now);
  w.number({"grad_start", "gradStart"}, d.grad_start);
  w.number({"grad_now", "gradNow"}, d.grad_now);
}

// contracts §4: loss, grads under the state's names, then the diagnostics.
template <class W>
void write_grad(const GradResult& r, W& w) {
  w.number("loss", r.loss);
  w.begin_object("grads");
  for (const auto& t : r.grads) {
    w.begin_object(t.name);
    w.integers("shape", t.shape);
    w.numbers("data", t.data);
    w.end_object();
  }
  w.end_object();
  write_diagnostics(r.diag, w);
}

template <class W>
void write_gradcheck(const GradcheckResult& r, const GradcheckOptions& o, W& w) {
  w.number("loss", r.loss);
  w.number({"max_rel_error", "maxRelError"}, r.max_rel_error);
  w.number("eps", o.eps);
  w.number("floor", o.floor);
  w.begin_array("tensors");
  for (const auto& t : r.tensors) {
    w.begin_object({});
    w.string("name", t.name);
    w.integer("checked", t.checked);
    w.number({"max_rel_error", "maxRelError"}, t.max_rel_error);
    w.number({"max_abs_error", "maxAbsError"}, t.max_abs_error);
    w.end_object();
  }
  w.end_array();
}

template <class W>
void write_sweep_run(const SweepRun& r, W& w) {
  w.string("cell", cell_name(r.cell));
  w.integer("T", r.T);
  w.integer("seed", (long long)r.seed);
  w.number("accuracy", r.point.accuracy);
  w.number({"final_loss", "finalLoss"}, r.point.final_loss);
  w.boolean("finite", r.point.finite);
  if (!r.point.test.empty()) {  // only with test lengths: [{T, accuracy}] in their order
    w.begin_array("test");
    for (const auto& t : r.point.test) {
      w.begin_object({});
      w.integer("T", t.T);
      w.number("accuracy", t.accuracy);
      w.end_object();
    }
    w.end_array();
  }
}

// A sweep's spec (defaults when written from SweepSpec{}) and the limits.
template <class W>
void write_sweep_spec(const SweepSpec& spec, W& w) {
  w.begin_array("cells");
  for (CellKind c : spec.cells) w.string({}, cell_name(c));
  w.end_array();
  w.integers("lengths", spec.lengths);
  w.integer("seeds", spec.seeds);
  w.integer("steps", spec.steps);
  w.integer("eval", spec.eval);
  w.integers({"test_lengths", "testLengths"}, spec.test_lengths);
  w.integer({"max_seeds", "maxSeeds"}, kMaxSweepSeeds);
  w.integer({"max_steps", "maxSteps"}, kMaxSweepSteps);
  w.integer({"max_eval", "maxEval"}, kMaxSweepEval);
  w.integer({"max_models", "maxModels"}, kMaxSweepModels);
  w.integer({"max_test_lengths", "maxTestLengths"}, kMaxSweepTestLengths);
}

template <class W>
void write_sweep(const Sweep& s, W& w) {
  const SweepSpec& spec = s.spec();
  w.string("task", s.base().task);
  w.begin_array("cells");
  for (CellKind c : spec.cells) w.string({}, cell_name(c));
  w.end_array();
  w.integers("lengths", spec.lengths);
  w.integer("steps", spec.steps);
  w.integer("seeds", spec.seeds);
  w.integer("hidden", s.base().hidden);
  w.integer("batch", s.base().batch);
  w.number("lr", s.base().optim.lr);
  w.integer("eval", spec.eval);
  w.integer("done", s.done());
  w.integer("total", s.total());
  // The chance level at each length, aligned with `lengths` (it depends on T for some tasks).
  std::vector<double> chances;
  for (int T : spec.lengths) {
    TrainConfig c = s.base();
    c.T = T;
    chances.push_back(chance_level(c));
  }
  w.numbers("chances", chances);
  w.number("chance", chance_level(s.base()));  // at the base configuration's T (docs/cli.md)
  // The task's accuracy threshold of "solved" (absent for the text task).
  const double solved = find_task(s.base().task)->solved;
  if (std::isfinite(solved)) w.number("solved", solved);
  if (!spec.test_lengths.empty()) {
    w.integers({"test_lengths", "testLengths"}, spec.test_lengths);
    std::vector<double> test_chances;  // aligned with test_lengths
    for (int T : spec.test_lengths) {
      TrainConfig c = s.base();
      c.T = T;
      test_chances.push_back(chance_level(c));
    }
    w.numbers({"test_chances", "testChances"}, test_chances);
  }
  w.begin_array("points");
  for (const SweepStats& p : s.stats()) {
    w.begin_object({});
    w.string("cell", cell_name(p.cell));
    w.integer("T", p.T);
    w.number({"mean_accuracy", "meanAccuracy"}, p.mean);
    w.number({"std_accuracy", "stdAccuracy"}, p.sd);
    w.number({"min_accuracy", "minAccuracy"}, p.min);
    w.number({"max_accuracy", "maxAccuracy"}, p.max);
    w.number("chance", p.chance);
    if (std::isfinite(solved)) w.number("solved", solved);
    if (!p.test.empty()) {  // per test length, over the same runs: trained at T, tested at test[j].T
      w.begin_array("test");
      for (const SweepTestStats& t : p.test) {
        w.begin_object({});
        w.integer("T", t.T);
        w.number({"mean_accuracy", "meanAccuracy"}, t.acc.mean);
        w.number({"std_accuracy", "stdAccuracy"}, t.acc.sd);
        w.number({"min_accuracy", "minAccuracy"}, t.acc.min);
        w.number({"max_accuracy", "maxAccuracy"}, t.acc.max);
        w.number("chance", t.chance);
        w.end_object();
      }
      w.end_array();
    }
    w.begin_array("runs");
    for (const SweepRun& r : p.runs) {
      w.begin_object({});
      write_sweep_run(r, w);
      w.end_object();
    }
    w.end_array();
    w.end_object();
  }
  w.end_array();
}

template <class W>
void write_cell(const CellDescriptor& d, W& w) {
  w.string("name", d.name);
  w.string("title", d.title);
  w.string({"short_title", "shortTitle"}, d.short_title);
  w.string({"long_title", "longTitle"}, d.long_title);
  w.string({"pytorch_module", "pytorchModule"}, d.pytorch_module);
  w.integer({"gate_blocks", "gateBlocks"}, d.gate_blocks);
  w.begin_array("gates");
  for (const GateInfo& g : d.gates) {
    w.begin_object({});
    w.string("name", g.name);
    w.string("title", g.title);
    w.string("activation", activation_name(g.activation));
    w.number({"saturated_below", "saturatedBelow"}, g.low());
    w.number({"saturated_above", "saturatedAbove"}, g.high());
    w.end_object();
  }
  w.end_array();
  w.boolean({"has_cell_state", "hasCellState"}, d.has_cell_state);
  w.integer({"state_blocks", "stateBlocks"}, d.state_blocks);
  w.string({"state_symbol", "stateSymbol"}, d.state_symbol);
  w.string({"recurrent_tensor", "recurrentTensor"}, "rnn." + d.tensors[std::size_t(d.tensor_index(TensorRole::RecurrentWeight))].name + "_l0");
  w.string({"recurrent_symbol", "recurrentSymbol"}, d.recurrent_symbol);
  w.string({"recurrent_source", "recurrentSource"}, d.recurrent_source);
  w.begin_array("tensors");
  for (const TensorRule& t : d.tensors) {
    w.begin_object({});
    w.string("name", "rnn." + t.name + "_l0");
    const std::string rows = t.row_blocks == 1 ? "H" : std::to_string(t.row_blocks) + "H";
    w.begin_array("shape");
    w.string({}, rows);
    if (t.cols != Dim::One) w.string({}, t.cols == Dim::In ? "N_in" : "H");
    w.end_array();
    w.end_object();
  }
  w.end_array();
  // The symbolic formula of a model with this cell, one-hot input.
  ModelConfig m;
  m.cell = d.kind;
  const ParamCount pc = count_params(m);
  w.string({"formula_latex", "formulaLatex"}, pc.formula_latex);
  w.string({"bptt_latex", "bpttLatex"}, bptt_latex(d));
  w.string({"equations", "equations"}, d.equations_text);
}

template <class W>
void write_task(const Task& t, W& w) {
  w.string("name", t.name);
  w.string("title", t.title);
  w.string("description", t.description);
  w.string("encoding", t.encoding);
  w.integer({"default_T", "defaultT"}, t.default_T);
  w.integer({"min_T", "minT"}, t.min_T);
  w.integer({"vocab_size", "vocabSize"}, t.vocab_size(t.default_T));
  w.integer({"num_classes", "numClasses"}, t.num_classes(t.default_T));
  if (t.needs_text) w.boolean({"needs_text", "needsText"}, true);  // V and C are the text's (0 here)
  if (t.per_step) w.boolean({"per_step", "perStep"}, true);         // targets at some steps, -1 elsewhere
  // At default_T; absent for the text task (its chance is the text's, and no threshold applies).
  if (t.chance) w.number("chance", t.chance(t.default_T));
  if (std::isfinite(t.solved)) w.number("solved", t.solved);
}

// The URL keys of a config (the page's contract) plus the extras.
template <class W>
void write_config(const TrainConfig& c, bool float64, W& w) {
  w.string("cell", cell_name(c.cell));
  w.string("task", c.task);
  w.integer("T", c.T);
  w.integer("hidden", c.hidden);
  w.integer("embed", c.embed);
  w.integer("layers", c.layers);
  w.integer("batch", c.batch);
  w.number("lr", c.optim.lr);
  w.string("optimizer", optim_name(c.optim.kind));
  w.number("momentum", c.optim.momentum);
  w.boolean("nesterov", c.optim.nesterov);
  w.number("clip", c.clip);
  w.integer("seed", (long long)c.seed);
  w.string("init", init_name(c.init.kind));
  w.number({"forget_bias", "forgetBias"}, c.init.forget_bias);
  w.number("gain", c.init.recurrent_gain);
  w.boolean({"bptt_terms", "bpttTerms"}, c.diag.bptt_terms);
  w.boolean("gates", c.diag.gates);
  w.boolean("jacobians", c.diag.jacobians);
  w.boolean("units", c.diag.units);
  w.string("precision", float64 ? "float64" : "float32");
  const ModelConfig m = model_config(c);
  w.integer({"vocab_size", "vocabSize"}, m.vocab_size);
  w.integer({"num_classes", "numClasses"}, m.num_classes);
  if (c.text && find_task(c.task)->needs_text) {  // the text itself is not echoed: its size and entropy
    w.integer({"text_chars", "textChars"}, (long long)c.text->tokens.size());
    w.number({"text_entropy", "textEntropy"}, c.text->unigram_entropy);
  }
  if (c.sequences && find_task(c.task)->needs_sequences) {  // the sequences are not echoed: their counts and labels
    w.integer({"sequence_count", "sequenceCount"}, (long long)c.sequences->items.size());
    w.integer({"held_out_count", "heldOutCount"}, (long long)c.sequences->held_out.size());
    w.integer({"longest_sequence", "longestSequence"}, c.sequences->longest);
    w.begin_array("classes");
    for (const std::string& label : c.sequences->classes) w.string({}, label);
    w.end_array();
  }
}

template <class W>
void write_config_errors(const std::vector<ConfigIssue>& errors, W& w) {
  w.begin_array("errors");
  for (const ConfigIssue& e : errors) {
    w.begin_object({});
    w.string("key", e.key);
    w.string("message", e.message);
    w.end_object();
  }
  w.end_array();
}

template <class W>
void write_param_count(const ParamCount& pc, W& w) {
  w.integer("total", pc.total);
  w.integer({"formula_total", "formulaTotal"}, pc.formula_total);
  w.integer({"pytorch_total", "pytorchTotal"}, pc.pytorch_total);
  w.integer({"input_size", "inputSize"}, pc.input_size);
  w.integer({"hidden_size", "hiddenSize"}, pc.hidden_size);
  w.integer({"output_size", "outputSize"}, pc.output_size);
  w.integer("embedding", pc.embedding);
  w.begin_array("tensors");
  for (const auto& t : pc.tensors) {
    w.begin_object({});
    w.string("name", t.name);
    w.integers("shape", t.shape);
    w.integer("count", t.count);
    w.end_object();
  }
  w.end_array();
  w.string({"formula_latex", "formulaLatex"}, pc.formula_latex);
  w.string({"substituted_latex", "substitutedLatex"}, pc.substituted_latex);
  w.string({"formula_text", "formulaText"}, pc.formula_text);
}

// Writes into a nlohmann::json value, snake_case or camelCase keys.
class JsonWriter {
 public:
  explicit JsonWriter(bool camel = false) : camel_(camel) { stack_.push_back(&root_); }
  nlohmann::json& root() { return root_; }

  void number(const Key& k, double x) { put(k, x); }
  void integer(const Key& k, long long x) { put(k, x); }
  void boolean(const Key& k, bool x) { put(k, x); }
  void string(const Key& k, const std::string& x) { put(k, x); }
  void numbers(const Key& k, const std::vector<double>& x) { put(k, x); }
  void integers(const Key& k, const std::vector<int>& x) { put(k, x); }
  void begin_object(const Key& k) { stack_.push_back(&put(k, nlohmann::json::object())); }
  void end_object() { stack_.pop_back(); }
  void begin_array(const Key& k) { stack_.push_back(&put(k, nlohmann::json::array())); }
  void end_array() { stack_.pop_back(); }

 private:
  template <class V>
  nlohmann::json& put(const Key& k, V&& v) {
    nlohmann::json& top = *stack_.back();
    if (top.is_array()) {
      top.push_back(std::forward<V>(v));
      return top.back();
    }
    nlohmann::json& slot = top[camel_ ? k.camel : k.snake];
    slot = std::forward<V>(v);
    return slot;
  }
  bool camel_;
  nlohmann::json root_ = nlohmann::json::object();
  std::vector<nlohmann::json*> stack_;
};

}  // namespace rnnlab
