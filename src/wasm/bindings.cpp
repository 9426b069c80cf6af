// bindings.cpp — the embind layer between the engine and JavaScript. It only
// translates: JS config objects to TrainConfig, results to plain JS objects
// and typed arrays (copied out of wasm memory at once), and failures to
// {__error: message} results that the JS API (web/js/api.mjs) throws as
// Error. No C++ exception and no JS exception crosses this boundary, so no
// C++ destructor is ever skipped and the module stays usable after a failure.
// Deliberately no model logic here: everything is computed by src/core.
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <cmath>
#include <memory>
#include <new>
#include <string>
#include <vector>

#include "core/gradcheck.hpp"
#include "core/param_count.hpp"
#include "core/state_json.hpp"
#include "core/trainer.hpp"

using emscripten::val;
using namespace rnnlab;

namespace {

// A bad value in a JS config: carried to the boundary, then returned as {__error}.
struct BadInput {
  std::string message;
};

val error_result(const std::string& message) {
  val r = val::object();
  r.set("__error", message);
  return r;
}

// Runs f, turning every failure into {__error}.
template <class F>
val guarded(F&& f) {
  std::string message;
  try {
    return f();
  } catch (const BadInput& e) {
    message = e.message;
  } catch (const std::bad_alloc&) {
    message = "out of memory: reduce T, the batch size or the hidden size";
  } catch (const std::exception& e) {
    message = std::string("internal error: ") + e.what();
  }
  return error_result(message);
}

std::string describe(const val& v) {
  if (v.isString()) return "\"" + v.as<std::string>() + "\"";
  return val::global("String")(v).as<std::string>();
}

bool has(const val& obj, const char* key) {
  return !obj.isUndefined() && !obj.isNull() && !obj[key].isUndefined() && !obj[key].isNull();
}

double get_number(const val& obj, const char* key, double def) {
  if (!has(obj, key)) return def;
  const val v = obj[key];
  if (!v.isNumber()) throw BadInput{std::string(key) + " must be a number (got " + describe(v) + ")"};
  const double x = v.as<double>();
  if (!std::isfinite(x)) throw BadInput{std::string(key) + " must be a finite number (got " + describe(v) + ")"};
  return x;
}

int get_int(const val& obj, const char* key, int def) {
  const double x = get_number(obj, key, def);
  if (x != std::floor(x) || std::abs(x) > 2e9)
    throw BadInput{std::string(key) + " must be an integer (got " + describe(obj[key]) + ")"};
  return int(x);
}

std::string get_string(const val& obj, const char* key, const std::string& def) {
  if (!has(obj, key)) return def;
  const val v = obj[key];
  if (!v.isString()) throw BadInput{std::string(key) + " must be a string (got " + describe(v) + ")"};
  return v.as<std::string>();
}

bool get_bool(const val& obj, const char* key, bool def) {
  if (!has(obj, key)) return def;
  const val v = obj[key];
  if (v.typeOf().as<std::string>() != "boolean")
    throw BadInput{std::string(key) + " must be true or false (got " + describe(v) + ")"};
  return v.as<bool>();
}

// The keys of contracts.md §5 plus optional extras (see README, JavaScript API).
TrainConfig train_config(const val& c, bool* use_double) {
  if (!c.isUndefined() && !c.isNull() && c.typeOf().as<std::string>() != "object")
    throw BadInput{"the config must be an object"};
  TrainConfig cfg;
  cfg.task = get_string(c, "task", cfg.task);
  const std::string cell = get_string(c, "cell", "lstm");
  if (!parse_cell(cell, &cfg.cell)) throw BadInput{"cell must be rnn, lstm, gru or peephole_lstm (got \"" + cell + "\")"};
  const Task* task = find_task(cfg.task);
  cfg.T = get_int(c, "T", task ? task->default_T : cfg.T);
  cfg.hidden = get_int(c, "hidden", cfg.hidden);
  cfg.embed = get_int(c, "embed", cfg.embed);
  cfg.batch = get_int(c, "batch", cfg.batch);
  const std::string optimizer = get_string(c, "optimizer", "adam");
  if (!parse_optim(optimizer, &cfg.optim.kind)) throw BadInput{"optimizer must be sgd, rmsprop or adam (got \"" + optimizer + "\")"};
  cfg.optim.lr = get_number(c, "lr", cfg.optim.lr);
  cfg.optim.momentum = get_number(c, "momentum", cfg.optim.momentum);
  cfg.optim.nesterov = get_bool(c, "nesterov", cfg.optim.nesterov);
  cfg.clip = get_number(c, "clip", cfg.clip);
  const double seed = get_number(c, "seed", double(cfg.seed));
  if (seed < 0 || seed != std::floor(seed) || seed > 9007199254740991.0)
    throw BadInput{"seed must be a non-negative integer (got " + describe(c["seed"]) + ")"};
  cfg.seed = std::uint64_t(seed);
  const std::string init = get_string(c, "init", "pytorch");
  if (!parse_init(init, &cfg.init.kind)) throw BadInput{"init must be pytorch, xavier or orthogonal (got \"" + init + "\")"};
  cfg.init.forget_bias = get_number(c, "forgetBias", cfg.init.forget_bias);
  cfg.init.recurrent_gain = get_number(c, "gain", cfg.init.recurrent_gain);
  cfg.diag.bptt_terms = get_bool(c, "bpttTerms", true);
  cfg.diag.gates = get_bool(c, "gates", true);
  cfg.diag.jacobians = get_bool(c, "jacobians", false);
  const std::string precision = get_string(c, "precision", "float32");
  if (precision != "float32" && precision != "float64")
    throw BadInput{"precision must be \"float32\" or \"float64\" (got \"" + precision + "\")"};
  if (use_double) *use_double = precision == "float64";
  const std::string err = validate(cfg);
  if (!err.empty()) throw BadInput{err};
  return cfg;
}

// The URL keys of a config (contracts.md §5) plus init and gain.
val config_js(const TrainConfig& c) {
  val o = val::object();
  o.set("cell", std::string(cell_name(c.cell)));
  o.set("task", c.task);
  o.set("T", c.T);
  o.set("hidden", c.hidden);
  o.set("embed", c.embed);
  o.set("batch", c.batch);
  o.set("lr", c.optim.lr);
  o.set("optimizer", std::string(optim_name(c.optim.kind)));
  o.set("clip", c.clip);
  o.set("seed", double(c.seed));
  o.set("init", std::string(init_name(c.init.kind)));
  o.set("gain", c.init.recurrent_gain);
  return o;
}

val f64(const std::vector<double>& v) {
  return val::global("Float64Array").new_(emscripten::typed_memory_view(v.size(), v.data()));
}

val i32(const std::vector<int>& v) {
  return val::global("Int32Array").new_(emscripten::typed_memory_view(v.size(), v.data()));
}

val diagnostics_js(const Diagnostics& d) {
  val o = val::object();
  o.set("dhNorms", f64(d.dh_norms));
  if (!d.dc_norms.empty()) o.set("dcNorms", f64(d.dc_norms));
  if (!d.bptt_terms.empty()) o.set("bpttTerms", f64(d.bptt_terms));
  val norms = val::object();
  for (const auto& t : d.grad_norms) norms.set(t.name, t.norm);
  o.set("gradNorms", norms);
  o.set("gradNorm", d.grad_norm);
  o.set("gradNormClipped", d.grad_norm_clipped);
  val gates = val::object();
  for (const auto& g : d.gates) {
    val gj = val::object();
    gj.set("mean", f64(g.mean));
    gj.set("fracLow", f64(g.frac_low));
    gj.set("fracHigh", f64(g.frac_high));
    gates.set(g.name, gj);
  }
  o.set("gates", gates);
  if (!d.cell_norms.empty()) o.set("cellNorms", f64(d.cell_norms));
  if (!d.jacobian_norms.empty()) {
    o.set("jacobianNorms", f64(d.jacobian_norms));
    o.set("jacobianProductNorms", f64(d.jacobian_product_norms));
  }
  return o;
}

val param_count_js(const ParamCount& pc) {
  val o = val::object();
  o.set("total", double(pc.total));
  o.set("formulaTotal", double(pc.formula_total));
  o.set("pytorchTotal", double(pc.pytorch_total));
  o.set("inputSize", pc.input_size);
  o.set("hiddenSize", pc.hidden_size);
  o.set("outputSize", pc.output_size);
  o.set("embedding", double(pc.embedding));
  val tensors = val::array();
  for (const auto& t : pc.tensors) {
    val tj = val::object();
    tj.set("name", t.name);
    val shape = val::array();
    for (int d : t.shape) shape.call<void>("push", d);
    tj.set("shape", shape);
    tj.set("count", double(t.count));
    tensors.call<void>("push", tj);
  }
  o.set("tensors", tensors);
  o.set("formulaLatex", pc.formula_latex);
  o.set("substitutedLatex", pc.substituted_latex);
  o.set("formulaText", pc.formula_text);
  return o;
}

val task_js(const Task& t) {
  val o = val::object();
  o.set("name", t.name);
  o.set("title", t.title);
  o.set("description", t.description);
  o.set("encoding", t.encoding);
  o.set("defaultT", t.default_T);
  o.set("minT", t.min_T);
  o.set("vocabSize", t.vocab_size(t.default_T));
  o.set("numClasses", t.num_classes(t.default_T));
  return o;
}

// One trainer, float32 (default) or float64.
class WasmTrainer {
 public:
  val configure(val config) {
    return guarded([&] {
      bool use_double = false;
      const TrainConfig cfg = train_config(config, &use_double);
      f_.reset();
      d_.reset();
      if (use_double)
        d_ = std::make_unique<Trainer<double>>(cfg);
      else
        f_ = std::make_unique<Trainer<float>>(cfg);
      return val::undefined();
    });
  }

  val step(int n) {
    return guarded([&] {
      if (n < 1 || n > 1000000) throw BadInput{"step(n) needs 1 <= n <= 1000000 (got " + std::to_string(n) + ")"};
      return dispatch([&](auto& t) {
        StepMetrics m;
        for (int k = 0; k < n; ++k) {
          m = t.step();
          if (!m.finite) break;
        }
        val o = val::object();
        o.set("step", double(m.step));
        o.set("loss", m.loss);
        o.set("accuracy", m.accuracy);
        o.set("finite", m.finite);
        o.set("diagnostics", diagnostics_js(m.diag));
        return o;
      });
    });
  }

  val paramCount() {
    return guarded([&] { return dispatch([&](auto& t) { return param_count_js(count_params(t.model().config())); }); });
  }

  val samples(int n) {
    return guarded([&] {
      if (n < 1 || n > 1000) throw BadInput{"samples(n) needs 1 <= n <= 1000"};
      return dispatch([&](auto& t) {
        val arr = val::array();
        for (const Sample& s : t.samples(n)) {
          val o = val::object();
          o.set("tokens", i32(s.tokens));
          o.set("target", s.target);
          o.set("prediction", s.prediction);
          o.set("probs", f64(s.probs));
          arr.call<void>("push", o);
        }
        return arr;
      });
    });
  }

  val evaluate(int n) {
    return guarded([&] {
      if (n < 1 || n > 100000) throw BadInput{"evaluate(n) needs 1 <= n <= 100000"};
      return dispatch([&](auto& t) { return val(t.evaluate(n)); });
    });
  }

  val stateDict() {
    return guarded([&] {
      return dispatch([&](auto& t) {
        const auto& p = t.model().params().data;
        const std::vector<double> flat(p.begin(), p.end());
        return val(dump_state(t.model().config(), flat));
      });
    });
  }

  val loadStateDict(std::string text) {
    return guarded([&] {
      ModelConfig cfg;
      std::vector<double> flat;
      const std::string err = parse_state(text, &cfg, &flat);
      if (!err.empty()) throw BadInput{"state: " + err};
      return dispatch([&](auto& t) {
        const ModelConfig& mine = t.model().config();
        if (cfg.cell != mine.cell || cfg.vocab_size != mine.vocab_size || cfg.embedding_dim != mine.embedding_dim ||
            cfg.hidden_size != mine.hidden_size || cfg.num_classes != mine.num_classes)
          throw BadInput{std::string("state: it is for a ") + cell_name(cfg.cell) + " with V=" +
                         std::to_string(cfg.vocab_size) + ", E=" + std::to_string(cfg.embedding_dim) +
                         ", H=" + std::to_string(cfg.hidden_size) + ", C=" + std::to_string(cfg.num_classes) +
                         "; this trainer is a " + cell_name(mine.cell) + " with V=" + std::to_string(mine.vocab_size) +
                         ", E=" + std::to_string(mine.embedding_dim) + ", H=" + std::to_string(mine.hidden_size) +
                         ", C=" + std::to_string(mine.num_classes)};
        t.set_params(flat);
        return val::undefined();
      });
    });
  }

  val stateInfo(std::string text) {
    return guarded([&] {
      ModelConfig cfg;
      std::vector<double> flat;
      const std::string err = parse_state(text, &cfg, &flat);
      if (!err.empty()) throw BadInput{"state: " + err};
      val o = val::object();
      o.set("cell", std::string(cell_name(cfg.cell)));
      o.set("vocabSize", cfg.vocab_size);
      o.set("embed", cfg.embedding_dim);
      o.set("hidden", cfg.hidden_size);
      o.set("numClasses", cfg.num_classes);
      return o;
    });
  }

  val gradcheck(val opts) {
    return guarded([&] {
      GradcheckOptions go;
      go.eps = get_number(opts, "eps", go.eps);
      go.max_per_tensor = get_int(opts, "maxPerTensor", 20);
      const int B = get_int(opts, "batch", 4);
      if (!(go.eps > 0 && go.eps < 1)) throw BadInput{"eps must be in (0, 1)"};
      if (go.max_per_tensor < 0) throw BadInput{"maxPerTensor must be >= 0"};
      if (B < 1 || B > 1024) throw BadInput{"batch must be between 1 and 1024"};
      return dispatch([&](auto& t) {
        // Always float64: a copy of the current parameters in a double model.
        Model<double> model(t.model().config());
        const auto& p = t.model().params().data;
        for (std::size_t k = 0; k < p.size(); ++k) model.params().data[k] = double(p[k]);
        Rng rng(t.config().seed);
        const Batch batch = t.task().generate(rng, t.config().T, B);
        const GradcheckResult r = rnnlab::gradcheck(model, batch, go);
        val o = val::object();
        o.set("maxRelError", r.max_rel_error);
        o.set("loss", r.loss);
        val tensors = val::array();
        for (const auto& tc : r.tensors) {
          val tj = val::object();
          tj.set("name", tc.name);
          tj.set("checked", tc.checked);
          tj.set("maxRelError", tc.max_rel_error);
          tj.set("maxAbsError", tc.max_abs_error);
          tensors.call<void>("push", tj);
        }
        o.set("tensors", tensors);
        return o;
      });
    });
  }

  val config() {
    return guarded([&] {
      return dispatch([&](auto& t) {
        const TrainConfig& c = t.config();
        const ModelConfig m = t.model().config();
        val o = config_js(c);
        o.set("vocabSize", m.vocab_size);
        o.set("numClasses", m.num_classes);
        o.set("precision", std::string(d_ ? "float64" : "float32"));
        return o;
      });
    });
  }

 private:
  template <class F>
  val dispatch(F&& f) {
    if (f_) return f(*f_);
    if (d_) return f(*d_);
    throw BadInput{"this trainer is not configured (or was disposed)"};
  }

  std::unique_ptr<Trainer<float>> f_;
  std::unique_ptr<Trainer<double>> d_;
};

// contracts.md §4 in float64: state and batch as JSON text.
val grad(std::string state_text, std::string batch_text, val opts) {
  return guarded([&] {
    ModelConfig cfg;
    std::vector<double> flat;
    Batch batch;
    std::string err = parse_state(state_text, &cfg, &flat);
    if (!err.empty()) throw BadInput{"state: " + err};
    err = parse_batch(batch_text, &batch);
    if (!err.empty()) throw BadInput{"batch: " + err};
    err = validate_batch(cfg, batch, sizeof(double));
    if (!err.empty()) throw BadInput{"batch: " + err};
    Model<double> model(cfg);
    model.params().data = flat;
    DiagnosticsOptions dopts;
    dopts.gates = false;
    dopts.jacobians = get_bool(opts, "jacobians", false);
    if (dopts.jacobians && model.cell().state_size() > 512) throw BadInput{"jacobians are limited to a state size of 512"};
    Diagnostics d;
    const double loss = model.forward(batch);
    model.backward(dopts, d);
    val o = val::object();
    o.set("loss", loss);
    val grads = val::object();
    for (const auto& t : to_state_tensors(cfg, model.grads().data, true)) {
      val tj = val::object();
      val shape = val::array();
      for (int s : t.shape) shape.call<void>("push", s);
      tj.set("shape", shape);
      tj.set("data", f64(t.data));
      grads.set(t.name, tj);
    }
    o.set("grads", grads);
    o.set("dh_norms", f64(d.dh_norms));
    if (cell_has_c(cfg.cell)) o.set("dc_norms", f64(d.dc_norms));
    o.set("bptt_terms", f64(d.bptt_terms));
    o.set("grad_norm", d.grad_norm);
    if (dopts.jacobians) {
      o.set("jacobian_norms", f64(d.jacobian_norms));
      o.set("jacobian_product_norms", f64(d.jacobian_product_norms));
    }
    return o;
  });
}

val tasks() {
  return guarded([] {
    val arr = val::array();
    for (const Task& t : task_registry()) arr.call<void>("push", task_js(t));
    return arr;
  });
}

// The parameter count a config implies, without building a trainer.
val paramCount(val config) {
  return guarded([&] {
    const TrainConfig cfg = train_config(config, nullptr);
    return param_count_js(count_params(model_config(cfg)));
  });
}

// One batch of a task from Rng(seed): {tokens: Int32Array B*T (row-major), targets, B, T}.
val generateBatch(std::string task_name, int T, int B, double seed) {
  return guarded([&] {
    const std::string err = validate_task_args(task_name, T, B);
    if (!err.empty()) throw BadInput{err};
    if (!(seed >= 0) || seed != std::floor(seed) || seed > 9007199254740991.0)
      throw BadInput{"seed must be a non-negative integer"};
    Rng rng{std::uint64_t(seed)};
    const Batch b = find_task(task_name)->generate(rng, T, B);
    val o = val::object();
    o.set("B", b.B);
    o.set("T", b.T);
    o.set("tokens", i32(b.tokens));
    o.set("targets", i32(b.targets));
    return o;
  });
}

// One point of the sequence-length sweep: train a fresh model for `steps`
// steps, then held-out accuracy on eval_n sequences.
val sweepPoint(val config, int steps, int eval_n) {
  return guarded([&] {
    if (steps < 1 || steps > 10000000) throw BadInput{"steps must be between 1 and 10000000"};
    if (eval_n < 1 || eval_n > 100000) throw BadInput{"eval must be between 1 and 100000"};
    const TrainConfig cfg = train_config(config, nullptr);
    const SweepPoint p = train_and_evaluate(cfg, steps, eval_n);
    val o = val::object();
    o.set("accuracy", p.accuracy);
    o.set("finalLoss", p.final_loss);
    o.set("finite", p.finite);
    o.set("steps", double(p.steps));
    return o;
  });
}

// The config with every default filled in, or {__error}.
val normalizeConfig(val config) {
  return guarded([&] {
    return config_js(train_config(config, nullptr));
  });
}

}  // namespace

EMSCRIPTEN_BINDINGS(rnnlab) {
  emscripten::class_<WasmTrainer>("Trainer")
      .constructor<>()
      .function("configure", &WasmTrainer::configure)
      .function("step", &WasmTrainer::step)
      .function("paramCount", &WasmTrainer::paramCount)
      .function("samples", &WasmTrainer::samples)
      .function("evaluate", &WasmTrainer::evaluate)
      .function("stateDict", &WasmTrainer::stateDict)
      .function("loadStateDict", &WasmTrainer::loadStateDict)
      .function("stateInfo", &WasmTrainer::stateInfo)
      .function("gradcheck", &WasmTrainer::gradcheck)
      .function("config", &WasmTrainer::config);
  emscripten::function("grad", &grad);
  emscripten::function("tasks", &tasks);
  emscripten::function("paramCount", &paramCount);
  emscripten::function("normalizeConfig", &normalizeConfig);
  emscripten::function("generateBatch", &generateBatch);
  emscripten::function("sweepPoint", &sweepPoint);
}
