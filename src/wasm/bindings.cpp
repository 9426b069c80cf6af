// bindings.cpp — the embind layer between the engine and JavaScript. It only
// translates: JS values to the core's ConfigInput, results to plain JS
// objects and typed arrays (copied out of wasm memory at once) through the
// core's one schema (src/core/schema.hpp), and failures to {__error: message}
// results that the JS API (web/js/api/core_api.mjs) throws as Error. No C++
// exception and no JS exception crosses this boundary, so no C++ destructor
// is ever skipped and the module stays usable after a failure.
// Deliberately no model logic here: every operation is src/core's
// (config.hpp, ops.hpp, trainer.hpp); docs/js-api.md describes the API.
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <cmath>
#include <memory>
#include <new>
#include <string>
#include <vector>

#include "core/echo.hpp"
#include "core/assignment.hpp"
#include "core/ops.hpp"
#include "core/report.hpp"
#include "core/schema.hpp"

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
  return error_result(echo(message, 2000));  // one line, bounded (echo.hpp)
}

std::string describe(const val& v) {
  if (v.isString()) return "\"" + echo(v.as<std::string>()) + "\"";
  return val::global("String")(v).as<std::string>();
}

// A count from JS (a double, so that 2**32 + 3 does not wrap to 3 as an int
// parameter would): an integer in [lo, hi], else BadInput naming it.
int count_arg(double n, const std::string& what, long long lo, long long hi) {
  if (!(n == std::floor(n)) || n < double(lo) || n > double(hi))
    throw BadInput{what + " must be an integer between " + std::to_string(lo) + " and " + std::to_string(hi) +
                   " (got " + format_number(n) + ")"};
  return int(n);
}

bool is_object(const val& v) { return !v.isUndefined() && !v.isNull() && v.typeOf().as<std::string>() == "object"; }

// An array of numbers and strings as "a,b,c" (what JS's join gives), read
// without calling into its elements; any other element makes it "an array".
std::string joined(const val& a) {
  const int n = a["length"].as<int>();
  std::string out;
  for (int i = 0; i < n; ++i) {
    const val e = a[i];
    const std::string type = e.typeOf().as<std::string>();
    if (i) out += ",";
    if (type == "string") out += e.as<std::string>();
    else if (type == "number") out += format_number(e.as<double>());
    else if (!e.isUndefined() && !e.isNull()) return "an array";
  }
  return out;
}

// A JS object to the core's key-value input: numbers, strings and booleans
// as they are, arrays as comma-separated text, null/undefined as absent.
ConfigInput to_input(const val& obj, const char* what) {
  ConfigInput in;
  if (obj.isUndefined() || obj.isNull()) return in;
  if (!is_object(obj)) throw BadInput{std::string(what) + " must be an object"};
  const val keys = val::global("Object").call<val>("keys", obj);
  const int n = keys["length"].as<int>();
  for (int i = 0; i < n; ++i) {
    const std::string key = keys[i].as<std::string>();
    const val v = obj[key];
    const std::string type = v.typeOf().as<std::string>();
    if (v.isUndefined() || v.isNull()) continue;
    if (type == "number") in[key] = ConfigValue::of_number(v.as<double>());
    else if (type == "string") in[key] = ConfigValue::of_text(v.as<std::string>());
    else if (type == "boolean") in[key] = ConfigValue::of_bool(v.as<bool>());
    else if (val::global("Array").call<bool>("isArray", v)) in[key] = ConfigValue::of_text(joined(v));
    else in[key] = ConfigValue{ConfigValue::Other, describe(v), 0, false};  // the JS API passes stand-ins (core_api.mjs)
  }
  return in;
}

ConfigParse train_config(const val& c) {
  ConfigParse p = parse_train_config(to_input(c, "the config"), Face::Js);
  if (!p.ok()) {
    std::string msg;
    for (const auto& e : p.errors) msg += (msg.empty() ? "" : "; ") + e.message;
    throw BadInput{msg};
  }
  return p;
}

// The core's schema written as JS values: camelCase keys (snake_case for the
// contract's grad()), Float64Array for number arrays.
class ValWriter {
 public:
  explicit ValWriter(bool camel = true) : camel_(camel) { stack_.push_back(val::object()); }
  val root() const { return stack_.front(); }

  void number(const Key& k, double x) { put(k, val(x)); }
  void integer(const Key& k, long long x) { put(k, val(double(x))); }
  void boolean(const Key& k, bool x) { put(k, val(x)); }
  void string(const Key& k, const std::string& x) { put(k, val(x)); }
  void numbers(const Key& k, const std::vector<double>& x) { put(k, f64(x)); }
  void integers(const Key& k, const std::vector<int>& x) {
    val a = val::array();
    for (int v : x) a.call<void>("push", v);
    put(k, a);
  }
  void begin_object(const Key& k) { stack_.push_back(put(k, val::object())); }
  void end_object() { stack_.pop_back(); }
  void begin_array(const Key& k) { stack_.push_back(put(k, val::array())); }
  void end_array() { stack_.pop_back(); }

  static val f64(const std::vector<double>& v) {
    return val::global("Float64Array").new_(emscripten::typed_memory_view(v.size(), v.data()));
  }

 private:
  val put(const Key& k, val v) {
    val& top = stack_.back();
    if (val::global("Array").call<bool>("isArray", top)) top.call<void>("push", v);
    else top.set(camel_ ? k.camel : k.snake, v);
    return v;
  }
  bool camel_;
  std::vector<val> stack_;
};

template <class F>
val written(F&& f, bool camel = true) {
  ValWriter w(camel);
  f(w);
  return w.root();
}

val i32(const std::vector<int>& v) {
  return val::global("Int32Array").new_(emscripten::typed_memory_view(v.size(), v.data()));
}

// One trainer, float32 (default) or float64.
class WasmTrainer {
 public:
  val configure(val config) {
    return guarded([&] {
      const ConfigParse p = train_config(config);
      f_.reset();
      d_.reset();
      if (p.float64)
        d_ = std::make_unique<Trainer<double>>(p.config);
      else
        f_ = std::make_unique<Trainer<float>>(p.config);
      chance_ = chance_level(p.config);
      // The run report keeps the task's data as given (the text or the sequences file).
      const Task* task = find_task(p.config.task);
      const char* key = task->needs_text ? "text" : task->needs_sequences ? "sequences" : nullptr;
      recorder_.begin(p.config, p.float64, key && config[key].isString() ? config[key].as<std::string>() : "");
      return val::undefined();
    });
  }

  val step(double steps) {
    return guarded([&] {
      if (!(steps >= 1 && steps <= 1000000))
        throw BadInput{"step(n) needs 1 <= n <= 1000000 (got " + format_number(steps) + ")"};
      const int n = count_arg(steps, "step(n)", 1, 1000000);
      return dispatch([&](auto& t) {
        StepMetrics m;
        std::vector<double> losses, accuracies, grad_norms, grad_norms_clipped;  // every step of this call (per-step history)
        losses.reserve(std::size_t(n));
        accuracies.reserve(std::size_t(n));
        for (int k = 0; k < n; ++k) {
          m = t.step(k == n - 1);  // the on-demand diagnostics of the reported step only
          recorder_.after_step(m, t);
          losses.push_back(m.loss);
          accuracies.push_back(m.accuracy);
          grad_norms.push_back(m.diag.grad_norm);
          grad_norms_clipped.push_back(m.diag.grad_norm_clipped);
          if (!m.finite || m.divergence.diverged()) break;  // the caller pauses and explains
        }
        val o = val::object();
        val history = val::object();
        history.set("loss", ValWriter::f64(losses));
        history.set("accuracy", ValWriter::f64(accuracies));
        history.set("gradNorm", ValWriter::f64(grad_norms));
        history.set("gradNormClipped", ValWriter::f64(grad_norms_clipped));
        o.set("history", history);
        o.set("step", double(m.step));
        o.set("loss", m.loss);
        o.set("accuracy", m.accuracy);
        o.set("finite", m.finite);
        o.set("diagnostics", written([&](ValWriter& w) { write_diagnostics(m.diag, w); }));
        o.set("diverged", m.divergence.diverged() ? written([&](ValWriter& w) { write_divergence(m.divergence, w); })
                                                  : val::null());
        return o;
      });
    });
  }

  // A what-if branch: W_rec times gain on the latest batch (Trainer::what_if).
  val whatIf(val opts) {
    return guarded([&] {
      const ConfigInput in = to_input(opts, "the options");
      double gain = 1;
      if (auto it = in.find("gain"); it != in.end()) {
        if (it->second.kind != ConfigValue::Number || !std::isfinite(it->second.number))
          throw BadInput{"gain must be a finite number"};
        gain = it->second.number;
      }
      for (const auto& kv : in)
        if (kv.first != "gain") throw BadInput{"whatIf: unknown option '" + echo(kv.first) + "' (known: gain)"};
      return dispatch([&](auto& t) {
        std::string error;
        const WhatIf w = t.what_if(gain, &error);
        if (!error.empty()) throw BadInput{error};
        val o = val::object();
        o.set("gain", w.gain);
        o.set("loss", w.loss);
        o.set("diagnostics", written([&](ValWriter& wr) { write_diagnostics(w.diag, wr); }));
        return o;
      });
    });
  }

  val paramCount() {
    return guarded([&] {
      return dispatch([&](auto& t) {
        return written([&](ValWriter& w) { write_param_count(count_params(t.model().config()), w); });
      });
    });
  }

  val samples(double count) {
    return guarded([&] {
      const int n = count_arg(count, "samples(n)", 1, kMaxSamples);
      return dispatch([&](auto& t) {
        val arr = val::array();
        for (const Sample& s : t.samples(n)) {
          val o = val::object();
          o.set("tokens", i32(s.tokens));
          o.set("target", s.target);
          o.set("prediction", s.prediction);
          o.set("probs", ValWriter::f64(s.probs));
          arr.call<void>("push", o);
        }
        return arr;
      });
    });
  }

  val evaluate(double count) {
    return guarded([&] {
      const int n = count_arg(count, "evaluate(n)", 1, kMaxEvalSequences);
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
        const std::string mismatch = state_mismatch(cfg, t.model().config());
        if (!mismatch.empty()) throw BadInput{"state: " + mismatch};
        const std::string fit = t.set_params(flat);
        if (!fit.empty()) throw BadInput{"state: " + fit};
        recorder_.imported();
        return val::undefined();
      });
    });
  }

  val gradcheck(val opts) {
    return guarded([&] {
      const ConfigInput in = to_input(opts, "the options");
      GradcheckOptions go;
      go.max_per_tensor = 20;
      int B = 4;
      auto num = [&](const char* key, double* out) {
        auto it = in.find(key);
        if (it == in.end()) return;
        if (it->second.kind != ConfigValue::Number || !std::isfinite(it->second.number))
          throw BadInput{std::string(key) + " must be a finite number"};
        *out = it->second.number;
      };
      double mpt = go.max_per_tensor, b = B;
      num("eps", &go.eps);
      num("maxPerTensor", &mpt);
      num("batch", &b);
      if (auto it = in.find("tensor"); it != in.end()) {
        if (it->second.kind != ConfigValue::Text) throw BadInput{"tensor must be a tensor's name (a string)"};
        go.tensor = it->second.text;
      }
      go.max_per_tensor = count_arg(mpt, "maxPerTensor", 0, 2147483647LL);
      if (!(b >= 1 && b <= 1024)) throw BadInput{"batch must be between 1 and 1024 (got " + format_number(b) + ")"};
      B = count_arg(b, "batch", 1, 1024);
      const OpError e = validate(go);
      if (e.failed()) throw BadInput{e.message};
      return dispatch([&](auto& t) {
        TrainConfig cfg = t.config();
        cfg.batch = B;
        const auto& p = t.model().params().data;
        const GradcheckResult r = rnnlab::gradcheck(cfg, std::vector<double>(p.begin(), p.end()), go);
        if (!r.error.empty()) throw BadInput{r.error};
        return written([&](ValWriter& w) { write_gradcheck(r, go, w); });
      });
    });
  }

  // The run report (report.hpp) as JSON text; extras: "" or a JSON object
  // with `assignment` and `answers`.
  val report(std::string extras) {
    return guarded([&] {
      return dispatch([&](auto& t) {
        std::string error;
        const std::string text = recorder_.write(t, extras, &error);
        if (!error.empty()) throw BadInput{"report: " + error};
        return val(text);
      });
    });
  }

  val config() {
    return guarded([&] {
      return dispatch([&](auto& t) {
        val o = written([&](ValWriter& w) { write_config(t.config(), d_ != nullptr, w); });
        o.set("chance", chance_);
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
  double chance_ = 0;
  ReportRecorder recorder_;
};

// The sequence-length sweep, one model per next() call (src/core/ops.hpp).
class WasmSweep {
 public:
  val start(val config, val spec) {
    return guarded([&] {
      const ConfigParse base = train_config(config);
      const SweepSpecParse sp = parse_sweep_spec(to_input(spec, "the sweep"), Face::Js);
      if (!sp.errors.empty()) {
        std::string msg;
        for (const auto& e : sp.errors) msg += (msg.empty() ? "" : "; ") + e.message;
        throw BadInput{msg};
      }
      const std::string err = Sweep::validate(base.config, sp.spec);
      if (!err.empty()) throw BadInput{err};
      sweep_ = std::make_unique<Sweep>(base.config, sp.spec);
      return val::undefined();
    });
  }
  val next() {
    return guarded([&] {
      if (!sweep_) throw BadInput{"this sweep was not started"};
      if (sweep_->finished()) throw BadInput{"this sweep is finished"};
      const SweepRun& r = sweep_->next();
      return written([&](ValWriter& w) {
        write_sweep_run(r, w);
        w.integer("done", sweep_->done());
        w.integer("total", sweep_->total());
      });
    });
  }
  val result() {
    return guarded([&] {
      if (!sweep_) throw BadInput{"this sweep was not started"};
      return written([&](ValWriter& w) { write_sweep(*sweep_, w); });
    });
  }
  // For a pool of workers (the page's sweep), each holding a Sweep of the
  // same config and spec: run(k) trains run k of the grid order without
  // touching this sweep (Sweep::run); add(r) appends a run as run() wrote it,
  // in order (k = done()), so that add(run(done())) is next() exactly.
  val run(double k_arg) {
    return guarded([&] {
      if (!sweep_) throw BadInput{"this sweep was not started"};
      const int k = count_arg(k_arg, "run(k)", 0, sweep_->total() - 1);
      const SweepRun r = sweep_->run(k);
      return written([&](ValWriter& w) {
        write_sweep_run(r, w);
        w.integer("index", k);
        w.integer("steps", r.point.steps);
      });
    });
  }
  val add(val r) {
    return guarded([&] {
      if (!sweep_) throw BadInput{"this sweep was not started"};
      if (!is_object(r)) throw BadInput{"add(run): the run must be an object (as run(k) returns it)"};
      auto number = [&](const val& o, const char* key) {
        const val v = o[key];
        if (v.typeOf().as<std::string>() != "number") throw BadInput{std::string("add(run): ") + key + " must be a number"};
        return v.as<double>();
      };
      auto integer = [&](const val& o, const char* key, double hi) {
        const double x = number(o, key);
        if (!(x >= 0 && x <= hi && x == std::floor(x))) throw BadInput{std::string("add(run): ") + key + " must be a non-negative integer"};
        return x;
      };
      SweepRun run;
      if (!r["cell"].isString() || !parse_cell(r["cell"].as<std::string>(), &run.cell))
        throw BadInput{"add(run): cell must be a cell's name"};
      run.T = int(integer(r, "T", 2147483647.0));
      run.seed = std::uint64_t(integer(r, "seed", 9007199254740991.0));
      run.point.accuracy = number(r, "accuracy");
      run.point.final_loss = number(r, "finalLoss");
      if (r["finite"].typeOf().as<std::string>() != "boolean") throw BadInput{"add(run): finite must be true or false"};
      run.point.finite = r["finite"].as<bool>();
      run.point.steps = long(integer(r, "steps", 2147483647.0));
      const val test = r["test"];
      if (!test.isUndefined()) {
        if (!val::global("Array").call<bool>("isArray", test)) throw BadInput{"add(run): test must be an array"};
        const int n = test["length"].as<int>();
        for (int j = 0; j < n; ++j) {
          const val t = test[j];
          if (!is_object(t)) throw BadInput{"add(run): test must hold {T, accuracy} objects"};
          run.point.test.push_back({int(integer(t, "T", 2147483647.0)), number(t, "accuracy")});
        }
      }
      const std::string err = sweep_->add(run);
      if (!err.empty()) throw BadInput{"add(run): " + err};
      return val::undefined();
    });
  }

 private:
  std::unique_ptr<Sweep> sweep_;
};

// contracts §4 in float64: state and batch as JSON text.
val grad_js(std::string state_text, std::string batch_text, val opts) {
  return guarded([&] {
    GradOptions go;
    const ConfigInput in = to_input(opts, "the options");
    if (auto it = in.find("jacobians"); it != in.end()) {
      if (it->second.kind != ConfigValue::Bool) throw BadInput{"jacobians must be true or false"};
      go.jacobians = it->second.flag;
    }
    GradResult r;
    const OpError e = rnnlab::grad(state_text, batch_text, go, &r);
    if (e.failed()) throw BadInput{e.input.empty() ? e.message : e.input + ": " + e.message};
    return written([&](ValWriter& w) { write_grad(r, w); }, /*camel=*/false);
  });
}

// docs/cli.md `rnnlab sample`: the text a text model generates after the prime.
val sample_js(std::string state_text, val opts) {
  return guarded([&] {
    SampleOptions so;
    const ConfigInput in = to_input(opts, "the options");
    auto number = [&](const char* key, double* out) {
      auto it = in.find(key);
      if (it == in.end()) return false;
      if (it->second.kind != ConfigValue::Number) throw BadInput{std::string(key) + " must be a number"};
      *out = it->second.number;
      return true;
    };
    double x = 0;
    if (auto it = in.find("prime"); it != in.end()) {
      if (it->second.kind != ConfigValue::Text) throw BadInput{"prime must be a string"};
      so.prime = it->second.text;
    }
    if (number("length", &x)) {
      if (x != std::floor(x) || !(std::abs(x) <= 2e9)) throw BadInput{"length must be an integer (got " + format_number(x) + ")"};
      so.length = int(x);
    }
    if (number("temperature", &x)) so.temperature = x;
    if (number("seed", &x)) {
      if (!(x >= 0 && x == std::floor(x) && x <= 9007199254740991.0))
        throw BadInput{"seed must be a non-negative integer (got " + format_number(x) + ")"};
      so.seed = std::uint64_t(x);
    }
    std::string text;
    const OpError e = rnnlab::sample(state_text, so, &text);
    if (e.failed()) throw BadInput{e.input.empty() ? e.message : e.input + ": " + e.message};
    return val(text);
  });
}

val tasks() {
  return guarded([] {
    val arr = val::array();
    for (const Task& t : task_registry()) arr.call<void>("push", written([&](ValWriter& w) { write_task(t, w); }));
    return arr;
  });
}

val cells() {
  return guarded([] {
    val arr = val::array();
    for (const CellDescriptor* d : cell_registry())
      arr.call<void>("push", written([&](ValWriter& w) { write_cell(*d, w); }));
    return arr;
  });
}

// The sweep's defaults and limits.
val sweepDefaults() {
  return guarded([] { return written([](ValWriter& w) { write_sweep_spec(SweepSpec{}, w); }); });
}

// The parameter count a config implies, without building a trainer.
val paramCount(val config) {
  return guarded([&] {
    const ConfigParse p = train_config(config);
    return written([&](ValWriter& w) { write_param_count(count_params(model_config(p.config)), w); });
  });
}

// The hidden size whose parameter count for config is closest to target.
val matchHidden(val config, double target) {
  return guarded([&] {
    if (!(target >= 1 && target <= 9007199254740991.0) || target != std::floor(target))
      throw BadInput{"matchHidden: the target count must be a positive integer (got " + format_number(target) + ")"};
    const ConfigParse p = train_config(config);
    const HiddenMatch m = match_hidden(model_config(p.config), (long long)target);
    val o = val::object();
    o.set("hidden", m.hidden);
    o.set("paramCount", double(m.total));
    return o;
  });
}

// One batch of a task from Rng(seed): {tokens: Int32Array B*T (row-major), targets, B, T}.
val generateBatch(std::string task_name, double T_arg, double B_arg, double seed) {
  return guarded([&] {
    // Any int32 here; validate_task_args then names the task's own limits.
    const int T = count_arg(T_arg, "T", -2147483647LL, 2147483647LL);
    const int B = count_arg(B_arg, "batch", -2147483647LL, 2147483647LL);
    const std::string err = validate_generator_args(task_name, T, B);
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
val sweepPoint(val config, double steps_arg, double eval_arg) {
  return guarded([&] {
    const int steps = count_arg(steps_arg, "steps", 1, kMaxSweepSteps);
    const int eval_n = count_arg(eval_arg, "eval", 1, kMaxSweepEval);
    const SweepPoint p = train_and_evaluate(train_config(config).config, steps, eval_n);
    val o = val::object();
    o.set("accuracy", p.accuracy);
    o.set("finalLoss", p.final_loss);
    o.set("finite", p.finite);
    o.set("steps", double(p.steps));
    return o;
  });
}

// The config with every default filled in, or {__error} with every message.
val normalizeConfig(val config) {
  return guarded([&] {
    const ConfigParse p = train_config(config);
    return written([&](ValWriter& w) { write_config(p.config, p.float64, w); });
  });
}

// Every bad key at once: {config (bad keys at their defaults), errors: [{key, message}]}.
val checkConfig(val config) {
  return guarded([&] {
    const ConfigParse p = parse_train_config(to_input(config, "the config"), Face::Js);
    val o = val::object();
    o.set("config", written([&](ValWriter& w) { write_config(p.config, p.float64, w); }));
    val errors = written([&](ValWriter& w) { write_config_errors(p.errors, w); });
    o.set("errors", errors["errors"]);
    return o;
  });
}

// An assignment file (assignment.hpp): {assignment (normalized) | null, errors: [{line, message}]}, as JSON text.
std::string checkAssignment(std::string text) {
  Assignment a;
  const std::vector<AssignmentIssue> issues = parse_assignment(text, &a);
  nlohmann::json errors = nlohmann::json::array();
  for (const AssignmentIssue& i : issues) errors.push_back({{"line", i.line}, {"message", i.message}});
  const nlohmann::json o{{"assignment", issues.empty() ? assignment_json(a) : nlohmann::json(nullptr)}, {"errors", errors}};
  return o.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
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
      .function("gradcheck", &WasmTrainer::gradcheck)
      .function("whatIf", &WasmTrainer::whatIf)
      .function("config", &WasmTrainer::config)
      .function("report", &WasmTrainer::report);
  emscripten::class_<WasmSweep>("Sweep")
      .constructor<>()
      .function("start", &WasmSweep::start)
      .function("next", &WasmSweep::next)
      .function("result", &WasmSweep::result)
      .function("run", &WasmSweep::run)
      .function("add", &WasmSweep::add);
  emscripten::function("grad", &grad_js);
  emscripten::function("sample", &sample_js);
  emscripten::function("tasks", &tasks);
  emscripten::function("cells", &cells);
  emscripten::function("sweepDefaults", &sweepDefaults);
  emscripten::function("paramCount", &paramCount);
  emscripten::function("matchHidden", &matchHidden);
  emscripten::function("normalizeConfig", &normalizeConfig);
  emscripten::function("checkConfig", &checkConfig);
  emscripten::function("checkAssignment", &checkAssignment);
  emscripten::function("generateBatch", &generateBatch);
  emscripten::function("sweepPoint", &sweepPoint);
}
