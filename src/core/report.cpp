// report.cpp — writing a run report and replaying it (report.hpp).
#include "report.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>

#include <nlohmann/json.hpp>

#include "assignment.hpp"
#include "config.hpp"
#include "schema.hpp"
#include "state_json.hpp"
#include "version.hpp"

namespace rnnlab {

using nlohmann::json;

// ---- base64 (RFC 4648, padded) ------------------------------------------------

namespace {

constexpr char kB64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

std::string base64(const std::vector<unsigned char>& in) {
  std::string out;
  out.reserve((in.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 3 <= in.size(); i += 3) {
    const unsigned v = (in[i] << 16) | (in[i + 1] << 8) | in[i + 2];
    out += kB64[v >> 18];
    out += kB64[(v >> 12) & 63];
    out += kB64[(v >> 6) & 63];
    out += kB64[v & 63];
  }
  if (i + 1 == in.size()) {
    const unsigned v = in[i] << 16;
    out += kB64[v >> 18];
    out += kB64[(v >> 12) & 63];
    out += "==";
  } else if (i + 2 == in.size()) {
    const unsigned v = (in[i] << 16) | (in[i + 1] << 8);
    out += kB64[v >> 18];
    out += kB64[(v >> 12) & 63];
    out += kB64[(v >> 6) & 63];
    out += '=';
  }
  return out;
}

// false if `in` is not padded base64.
bool unbase64(const std::string& in, std::vector<unsigned char>* out) {
  if (in.size() % 4 != 0) return false;
  int value[256];
  std::fill(value, value + 256, -1);
  for (int k = 0; k < 64; ++k) value[(unsigned char)kB64[k]] = k;
  out->clear();
  out->reserve(in.size() / 4 * 3);
  for (std::size_t i = 0; i < in.size(); i += 4) {
    const bool last = i + 4 == in.size();
    const int pad = last ? (in[i + 3] == '=') + (in[i + 2] == '=') : 0;
    if (pad == 1 && in[i + 2] == '=') return false;  // "x=y=" is not base64
    int v[4];
    for (int k = 0; k < 4 - pad; ++k)
      if ((v[k] = value[(unsigned char)in[i + k]]) < 0) return false;
    for (int k = 4 - pad; k < 4; ++k) v[k] = 0;
    const unsigned word = (unsigned(v[0]) << 18) | (unsigned(v[1]) << 12) | (unsigned(v[2]) << 6) | unsigned(v[3]);
    out->push_back((unsigned char)(word >> 16));
    if (pad < 2) out->push_back((unsigned char)(word >> 8));
    if (pad < 1) out->push_back((unsigned char)word);
  }
  return true;
}

// Little-endian bytes of trivially copyable values (x86 and wasm are both little-endian).
template <class T>
void put_bytes(std::vector<unsigned char>& out, const T* p, std::size_t n) {
  const auto* b = reinterpret_cast<const unsigned char*>(p);
  out.insert(out.end(), b, b + n * sizeof(T));
}

template <class T>
void get_bytes(const unsigned char*& in, T* p, std::size_t n) {
  std::memcpy(p, in, n * sizeof(T));
  in += n * sizeof(T);
}

}  // namespace

template <class S>
std::string encode_checkpoint(const TrainerCheckpoint<S>& c) {
  std::vector<unsigned char> bytes;
  const std::size_t n = c.params.size();
  bytes.reserve(3 * n * sizeof(S) + 5 * 8);
  put_bytes(bytes, c.params.data(), n);
  put_bytes(bytes, c.m.data(), n);
  put_bytes(bytes, c.v.data(), n);
  const std::int64_t t = c.optim_t;
  put_bytes(bytes, &t, 1);
  put_bytes(bytes, c.data_rng, 4);
  return base64(bytes);
}

template <class S>
std::string decode_checkpoint(const std::string& b64, std::size_t n, long step, TrainerCheckpoint<S>* out,
                              bool* wrong_size) {
  std::vector<unsigned char> bytes;
  if (wrong_size) *wrong_size = false;
  if (!unbase64(b64, &bytes)) return "is not base64";
  const std::size_t want = 3 * n * sizeof(S) + 5 * 8;
  if (wrong_size) *wrong_size = bytes.size() != want;
  if (bytes.size() != want)
    return "holds " + std::to_string(bytes.size()) + " bytes, not the " + std::to_string(want) + " of a " +
           std::to_string(n) + "-parameter " + (sizeof(S) == 4 ? "float32" : "float64") + " trainer";
  const unsigned char* p = bytes.data();
  out->step = step;
  out->params.resize(n);
  out->m.resize(n);
  out->v.resize(n);
  get_bytes(p, out->params.data(), n);
  get_bytes(p, out->m.data(), n);
  get_bytes(p, out->v.data(), n);
  std::int64_t t = 0;
  get_bytes(p, &t, 1);
  out->optim_t = long(t);
  get_bytes(p, out->data_rng, 4);
  return "";
}

namespace {

template <class V>
double l2(const V& v) {
  double s = 0;
  for (auto x : v) s += double(x) * double(x);
  return std::sqrt(s);
}

// A number as JSON: null for NaN and the infinities (JSON has none).
json num(double x) { return std::isfinite(x) ? json(x) : json(nullptr); }

json config_json(const TrainConfig& cfg, bool float64, const std::string& data) {
  JsonWriter w(true);
  write_config(cfg, float64, w);
  json c = w.root();
  const Task* task = find_task(cfg.task);
  if (task && task->needs_text) c["text"] = data;
  if (task && task->needs_sequences) c["sequences"] = data;
  return c;
}

}  // namespace

// ---- recording ------------------------------------------------------------------

void ReportRecorder::begin(const TrainConfig& cfg, bool float64, std::string data) {
  cfg_ = cfg;
  float64_ = float64;
  data_ = std::move(data);
  replayable_ = true;
  interval_ = kReportFirstInterval;
  checkpoints_.clear();
  have_last_ = false;
}

template <class S>
void ReportRecorder::with_state(ReportCheckpoint& c, const Trainer<S>& t) {
  const TrainerCheckpoint<S> state = t.checkpoint();
  c.param_norm = l2(state.params);
  c.state = encode_checkpoint(state);
}

template <class S>
void ReportRecorder::after_step(const StepMetrics& m, const Trainer<S>& t) {
  if (!replayable_) return;
  // The metrics of every step; the state only at a checkpoint (the last
  // step's is taken when the report is written).
  last_ = ReportCheckpoint{m.step, m.loss, m.accuracy, m.diag.grad_norm, m.diag.grad_norm_clipped, 0, m.finite, ""};
  have_last_ = true;
  if (m.step % interval_ != 0) return;
  with_state(last_, t);
  checkpoints_.push_back(last_);
  if (int(checkpoints_.size()) > kReportMaxCheckpoints) {
    interval_ *= 2;
    std::vector<ReportCheckpoint> kept;
    for (auto& c : checkpoints_)
      if (c.step % interval_ == 0) kept.push_back(std::move(c));
    checkpoints_ = std::move(kept);
  }
}

template <class S>
std::string ReportRecorder::write(Trainer<S>& t, const std::string& extras_json, std::string* error) {
  error->clear();
  if (!replayable_) {
    *error = "this run started from loaded weights, so it cannot be replayed from its seed: reset the run and train it from step 0 to export a report";
    return "";
  }
  if (t.steps() == 0 || !have_last_) {
    *error = "nothing to report yet: train at least one step";
    return "";
  }
  if (last_.step != t.steps()) {
    *error = "the report lost track of this run (it saw step " + std::to_string(last_.step) + ", the trainer is at step " +
             std::to_string(t.steps()) + "): reset the run";
    return "";
  }
  json extras = json::object();
  if (!extras_json.empty()) {
    const std::string e = parse_json(extras_json, &extras, 1000000);
    if (!e.empty()) {
      *error = "the report's extras: " + e;
      return "";
    }
    if (!extras.is_object()) {
      *error = "the report's extras must be a JSON object";
      return "";
    }
    for (const auto& kv : extras.items())
      if (kv.key() != "assignment" && kv.key() != "answers") {
        *error = "the report's extras: unknown key '" + kv.key() + "' (known: assignment, answers)";
        return "";
      }
  }
  std::vector<ReportCheckpoint> cps = checkpoints_;
  if (cps.empty() || cps.back().step != t.steps()) {
    ReportCheckpoint c = last_;
    with_state(c, t);
    cps.push_back(std::move(c));
  }
  json r = json::object();
  r["format"] = kReportFormat;
  r["engine"] = {{"version", kEngineVersion}, {"build", kEngineBuild}};
  r["config"] = config_json(cfg_, float64_, data_);
  r["precision"] = float64_ ? "float64" : "float32";
  r["seed"] = cfg_.seed;
  r["steps"] = t.steps();
  const ReportCheckpoint& end = cps.back();
  r["final"] = {{"step", end.step},
                {"loss", num(end.loss)},
                {"accuracy", num(end.accuracy)},
                {"paramNorm", num(end.param_norm)},
                {"heldOutSequences", kReportHeldOut},
                {"heldOutAccuracy", num(t.evaluate(kReportHeldOut))}};
  json list = json::array();
  for (const ReportCheckpoint& c : cps)
    list.push_back({{"step", c.step},
                    {"loss", num(c.loss)},
                    {"accuracy", num(c.accuracy)},
                    {"gradNorm", num(c.grad_norm)},
                    {"gradNormClipped", num(c.grad_norm_clipped)},
                    {"paramNorm", num(c.param_norm)},
                    {"finite", c.finite},
                    {"state", c.state}});
  r["checkpoints"] = std::move(list);
  for (const auto& kv : extras.items()) r[kv.key()] = kv.value();
  return r.dump(-1, ' ', false, json::error_handler_t::replace);
}

// ---- tolerances -----------------------------------------------------------------

// The base covers what is not chaotic (one rounding per operation, summed
// in other orders); the drift term what is (docs/report-format.md has the
// measurements, bench/report_agreement.mjs makes them).
Tolerance base_tolerance(bool float64) { return float64 ? Tolerance{1e-9, 1e-12} : Tolerance{1e-4, 1e-6}; }
double drift_nudge(bool float64) { return float64 ? 0x1p-52 : 0x1p-23; }
long accuracy_tolerance_count(bool float64) { return float64 ? 0 : 1; }

// ---- verification ---------------------------------------------------------------

namespace {

struct Bad {  // a malformed report (exit 2)
  std::string message;
};
struct Differs {  // a genuine-looking report whose numbers the replay does not give (exit 1)
  std::string field, message;
};

std::string describe(const json& v) {
  std::string s = v.dump(-1, ' ', false, json::error_handler_t::replace);
  return s.size() > 40 ? s.substr(0, 37) + "..." : s;
}

const json& member(const json& o, const std::string& key, const std::string& where) {
  if (!o.is_object() || !o.contains(key)) throw Bad{where + key + " is missing"};
  return o.at(key);
}

double number_at(const json& o, const std::string& key, const std::string& where) {
  const json& v = member(o, key, where);
  if (v.is_null()) return std::numeric_limits<double>::quiet_NaN();  // NaN or an infinity, written as null
  if (!v.is_number()) throw Bad{where + key + " must be a number (got " + describe(v) + ")"};
  return v.get<double>();
}

long integer_at(const json& o, const std::string& key, const std::string& where, long lo, long hi) {
  const json& v = member(o, key, where);
  if (!v.is_number_integer() || v.get<long long>() < lo || v.get<long long>() > hi)
    throw Bad{where + key + " must be an integer in " + std::to_string(lo) + ".." + std::to_string(hi) + " (got " +
              describe(v) + ")"};
  return long(v.get<long long>());
}

std::string text_of(const json& v) {
  return v.is_string() ? v.get<std::string>() : describe(v);
}

// Two significant digits, for the verdict's summary.
std::string brief(double x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2g", x);
  return buf;
}

bool agrees(double x, double y, Tolerance t) {
  if (!std::isfinite(x) || !std::isfinite(y)) return std::isnan(x) == std::isnan(y) && (std::isnan(x) || x == y);
  return std::abs(x - y) <= t.abs + t.rel * std::max(std::abs(x), std::abs(y));
}

double rel_dev(double x, double y) {
  if (!std::isfinite(x) || !std::isfinite(y)) return 0;
  const double scale = std::max(std::abs(x), std::abs(y));
  return scale > 0 ? std::abs(x - y) / scale : 0;
}

ConfigInput config_input(const json& c) {
  ConfigInput in;
  for (const auto& kv : c.items()) {
    const json& v = kv.value();
    if (v.is_number()) in[kv.key()] = ConfigValue::of_number(v.get<double>());
    else if (v.is_string()) in[kv.key()] = ConfigValue::of_text(v.get<std::string>());
    else if (v.is_boolean()) in[kv.key()] = ConfigValue::of_bool(v.get<bool>());
    // arrays (classes) are derived from the data: checked below
  }
  return in;
}

template <class S>
class Replay {
 public:
  Replay(const TrainConfig& cfg, bool float64, VerifyResult* r)
      : t_(cfg), u_(cfg), float64_(float64), base_(base_tolerance(float64)), r_(r) {}

  void run(const json& report, const VerifyProgress& progress) {
    const json& cps = member(report, "checkpoints", "");
    if (!cps.is_array() || cps.empty()) throw Bad{"checkpoints must be a non-empty array"};
    const long steps = integer_at(report, "steps", "", 1, 1000000000L);
    const std::size_t n = t_.model().params().size();
    // Read every checkpoint first: a malformed report is malformed before any training.
    std::vector<TrainerCheckpoint<S>> states(cps.size() + 1);
    states[0] = t_.checkpoint();  // step 0: the seed's initialisation, made here
    long prev = 0;
    for (std::size_t k = 0; k < cps.size(); ++k) {
      const std::string where = "checkpoints[" + std::to_string(k) + "].";
      const long step = integer_at(cps[k], "step", where, 1, steps);
      if (step <= prev) throw Bad{where + "step must be larger than the one before (got " + std::to_string(step) + ")"};
      prev = step;
      const json& st = member(cps[k], "state", where);
      if (!st.is_string()) throw Bad{where + "state must be a string (base64)"};
      bool wrong_size = false;
      const std::string e = decode_checkpoint(st.get<std::string>(), n, step, &states[k + 1], &wrong_size);
      // A state that does not fit the config: a report of another model, or a config changed by hand.
      if (wrong_size) throw Differs{where + "state", where + "state " + e + " (what the report's config describes)"};
      if (!e.empty()) throw Bad{where + "state " + e};
      for (const char* key : {"loss", "accuracy", "gradNorm", "gradNormClipped", "paramNorm"}) number_at(cps[k], key, where);
      if (!member(cps[k], "finite", where).is_boolean()) throw Bad{where + "finite must be true or false"};
    }
    if (prev != steps)
      throw Bad{"the last checkpoint must be at the final step " + std::to_string(steps) + " (it is at " + std::to_string(prev) + ")"};

    for (std::size_t k = 0; k < cps.size(); ++k) {
      const std::string where = "checkpoints[" + std::to_string(k) + "].";
      const TrainerCheckpoint<S>& from = states[k];
      const TrainerCheckpoint<S>& want = states[k + 1];
      if (progress) progress(from.step, want.step);
      for (Trainer<S>* t : {&t_, &u_}) {
        const std::string e = t->restore(from);
        if (!e.empty()) throw Bad{"checkpoints[" + std::to_string(k - 1) + "].state: " + e};
      }
      // The replay, and its nudged twin: one rounding of noise after every step.
      StepMetrics m, mu;
      Rng noise(0x5eedULL + std::uint64_t(k));
      while (t_.steps() < want.step) {
        m = t_.step(false);
        mu = u_.step(false);
        nudge(u_, noise);
      }
      r_->steps += want.step - from.step;
      const json& c = cps[k];
      const TrainerCheckpoint<S> got = t_.checkpoint(), twin = u_.checkpoint();
      drift(from.step, want.step, got.params, twin.params);
      compare(where + "loss", number_at(c, "loss", where), m.loss, mu.loss);
      compare(where + "gradNorm", number_at(c, "gradNorm", where), m.diag.grad_norm, mu.diag.grad_norm);
      compare(where + "gradNormClipped", number_at(c, "gradNormClipped", where), m.diag.grad_norm_clipped,
              mu.diag.grad_norm_clipped);
      compare_accuracy(where + "accuracy", number_at(c, "accuracy", where), m.accuracy, mu.accuracy);
      if (c.at("finite").get<bool>() != m.finite && m.finite == mu.finite)
        throw Differs{where + "finite", where + "finite: the report says " + (m.finite ? "false" : "true") + ", the replay " +
                                            (m.finite ? "true" : "false")};
      if (got.optim_t != want.optim_t)
        throw Differs{where + "state", where + "state: the optimizer made " + std::to_string(want.optim_t) +
                                           " updates in the report, " + std::to_string(got.optim_t) + " in the replay"};
      if (!std::equal(got.data_rng, got.data_rng + 4, want.data_rng))
        throw Differs{where + "state", where + "state: the data stream is not where the replay's is"};
      compare_buffer(where + "state (parameters)", want.params, got.params, twin.params);
      compare_buffer(where + "state (first moments)", want.m, got.m, twin.m);
      compare_buffer(where + "state (second moments)", want.v, got.v, twin.v);
      const double norm = l2(want.params);
      compare(where + "paramNorm", number_at(c, "paramNorm", where), norm, norm);
    }
    // The final metrics: the last checkpoint's, and the held-out accuracy of its state.
    const json& fin = member(report, "final", "");
    const json& last = cps.back();
    integer_at(fin, "step", "final.", steps, steps);
    for (const char* key : {"loss", "accuracy", "paramNorm"}) {
      const double x = number_at(fin, key, "final."), y = number_at(last, key, "");
      if (!(x == y || (std::isnan(x) && std::isnan(y))))
        throw Differs{std::string("final.") + key, std::string("final.") + key + " is not the last checkpoint's " + key};
    }
    const long heldn = integer_at(fin, "heldOutSequences", "final.", kReportHeldOut, kReportHeldOut);
    const std::string e = t_.restore(states.back());
    if (!e.empty()) throw Bad{"the last checkpoint's state: " + e};
    const double held = t_.evaluate(int(heldn));
    const double reported = number_at(fin, "heldOutAccuracy", "final.");
    // The same weights: only a prediction on the edge of its decision may go the other way.
    if (!(std::abs(reported - held) * double(heldn) <= double(accuracy_tolerance_count(float64_)) + 1 + 1e-9))
      throw Differs{"final.heldOutAccuracy", "final.heldOutAccuracy: the report says " + format_number(reported) +
                                                 ", the replay gives " + format_number(held)};
  }

 private:
  // Every parameter times (1 +- nudge): one rounding's worth of difference.
  void nudge(Trainer<S>& t, Rng& noise) {
    const S e = S(drift_nudge(float64_));
    for (auto& p : t.model().params().data) p *= (noise.next_u64() & 1) ? S(1) + e : S(1) - e;
  }

  void drift(long from, long to, const std::vector<S>& a, const std::vector<S>& b) {
    double scale = 0, diff = 0;
    for (std::size_t i = 0; i < a.size(); ++i) {
      scale = std::max(scale, std::abs(double(a[i])));
      diff = std::max(diff, std::abs(double(a[i]) - double(b[i])));
    }
    const double d = scale > 0 ? diff / scale : 0;
    if (d >= r_->worst_drift) {
      r_->worst_drift = d;
      r_->drift_from = from;
      r_->drift_to = to;
    }
  }

  void compare(const std::string& field, double reported, double replayed, double twin) {
    const double spread = std::isfinite(replayed) && std::isfinite(twin) ? std::abs(replayed - twin) : 0;
    const bool ok = (!std::isfinite(reported) || !std::isfinite(replayed))
                        ? (std::isnan(reported) == std::isnan(replayed) && (std::isnan(reported) || reported == replayed))
                        : std::abs(reported - replayed) <=
                              base_.abs + base_.rel * std::max(std::abs(reported), std::abs(replayed)) + kDriftFactor * spread;
    if (!ok)
      throw Differs{field, field + ": the report says " + format_number(reported) + ", the replay gives " +
                               format_number(replayed) + " (a replay one rounding apart gives " + format_number(twin) + ")"};
    r_->worst_metric = std::max(r_->worst_metric, rel_dev(reported, replayed));
  }

  void compare_accuracy(const std::string& field, double reported, double replayed, double twin) {
    const double counted = t_.model().counted();
    const double allowed = double(accuracy_tolerance_count(float64_)) + kDriftFactor * std::abs(replayed - twin) * counted;
    if (!(std::abs(reported - replayed) * counted <= allowed + 1e-9))
      throw Differs{field, field + ": the report says " + format_number(reported) + ", the replay gives " +
                               format_number(replayed)};
  }

  // Normwise: max |want - got| <= base.rel * max |want| + kDriftFactor * max |got - twin|.
  void compare_buffer(const std::string& field, const std::vector<S>& want, const std::vector<S>& got,
                      const std::vector<S>& twin) {
    double scale = 0, diff = 0, spread = 0;
    for (std::size_t i = 0; i < want.size(); ++i) {
      const double a = double(want[i]), b = double(got[i]);
      if (std::isnan(a) != std::isnan(b))
        throw Differs{field, field + ": entry " + std::to_string(i) + " is " + format_number(a) + " in the report, " +
                                 format_number(b) + " in the replay"};
      if (std::isnan(a)) continue;
      scale = std::max(scale, std::abs(a));
      diff = std::max(diff, std::abs(a - b));
      if (std::isfinite(double(twin[i]))) spread = std::max(spread, std::abs(b - double(twin[i])));
    }
    const double dev = scale > 0 ? diff / scale : diff;
    if (!(diff <= base_.abs + base_.rel * scale + kDriftFactor * spread))
      throw Differs{field, field + ": its largest entry differs from the replay's by " + format_number(dev) +
                               " of the largest entry (a replay one rounding apart: " +
                               format_number(scale > 0 ? spread / scale : spread) + ")"};
    r_->worst_state = std::max(r_->worst_state, dev);
  }

  Trainer<S> t_, u_;
  bool float64_;
  Tolerance base_;
  VerifyResult* r_;
};

std::string tolerance_words(bool float64) {
  const Tolerance t = base_tolerance(float64);
  return "each number within " + format_number(t.rel) + " relative, plus " + format_number(kDriftFactor) +
         " times what a replay one rounding apart drifts over its segment; accuracies within " +
         std::to_string(accuracy_tolerance_count(float64)) + " target(s) plus that drift";
}

}  // namespace

VerifyResult verify_report(const std::string& text, const VerifyProgress& progress, const Assignment* assignment) {
  VerifyResult r;
  try {
    if (text.size() > kMaxReportBytes)
      throw Bad{"the report is " + std::to_string(text.size()) + " bytes, over the limit of " +
                std::to_string(kMaxReportBytes) + " bytes"};
    json report;
    const std::string e = parse_json(text, &report, 2000000);
    if (!e.empty()) throw Bad{e};
    if (!report.is_object()) throw Bad{"a report is a JSON object"};
    const json& format = member(report, "format", "");
    if (!format.is_string() || format.get<std::string>() != kReportFormat)
      throw Bad{"format must be \"" + std::string(kReportFormat) + "\" (got " + describe(format) + ")"};
    const json& cfgj = member(report, "config", "");
    if (!cfgj.is_object()) throw Bad{"config must be an object"};
    const ConfigParse p = parse_train_config(config_input(cfgj), Face::Js);
    if (!p.ok()) throw Bad{"config: " + p.first_error()};
    r.precision = p.float64 ? "float64" : "float32";
    r.tolerance = tolerance_words(p.float64);
    // Every number the report's config states is the one its settings imply.
    JsonWriter w(true);
    write_config(p.config, p.float64, w);
    for (const auto& kv : w.root().items()) {
      if (!cfgj.contains(kv.key())) throw Bad{"config." + kv.key() + " is missing"};
      // Numbers derived with a logarithm (textEntropy) may differ in the last digit between builds.
      if (cfgj.at(kv.key()) != kv.value() &&
          !(kv.value().is_number() && cfgj.at(kv.key()).is_number() &&
            agrees(cfgj.at(kv.key()).get<double>(), kv.value().get<double>(), Tolerance{1e-12, 0})))
        throw Differs{"config." + kv.key(), "config." + kv.key() + ": the report says " + describe(cfgj.at(kv.key())) +
                                                ", its settings give " + describe(kv.value())};
    }
    if (assignment) {
      const std::string m = assignment_mismatch(*assignment, cfgj);
      if (!m.empty()) throw Differs{m.substr(0, m.find_first_of(" :")), m};
    }
    const json& prec = member(report, "precision", "");
    if (text_of(prec) != r.precision)
      throw Differs{"precision", "precision: the report says " + describe(prec) + ", its config " + r.precision};
    const json& seed = member(report, "seed", "");
    if (!seed.is_number_unsigned() || seed.get<std::uint64_t>() != p.config.seed)
      throw Differs{"seed", "seed: the report says " + describe(seed) + ", its config " + std::to_string(p.config.seed)};
    if (p.float64) Replay<double>(p.config, true, &r).run(report, progress);
    else Replay<float>(p.config, false, &r).run(report, progress);
    r.status = VerifyResult::Genuine;
    const bool exact = r.worst_metric == 0 && r.worst_state == 0;
    r.message = "genuine: " + std::to_string(r.steps) + " steps replayed in " + r.precision +
                (exact ? ", every reported number and state reproduced bit for bit" : "") + "; largest deviation " +
                brief(r.worst_metric) + " (metrics), " + brief(r.worst_state) + " (state); largest drift " +
                brief(r.worst_drift) + " (steps " + std::to_string(r.drift_from) + " to " + std::to_string(r.drift_to) + ")";
    // Only a replay that is not exact leans on the drift: say how loosely it then checks.
    if (!exact && r.worst_drift > 0.01)
      r.message += ": between those steps training is chaotic, so they are checked only to about " +
                   brief(std::min(1.0, kDriftFactor * r.worst_drift)) + " of the weights";
  } catch (const Bad& b) {
    r.status = VerifyResult::Malformed;
    r.message = b.message;
  } catch (const Differs& d) {
    r.status = VerifyResult::Differs;
    r.field = d.field;
    r.message = d.message;
  }
  return r;
}

template std::string encode_checkpoint<float>(const TrainerCheckpoint<float>&);
template std::string encode_checkpoint<double>(const TrainerCheckpoint<double>&);
template std::string decode_checkpoint<float>(const std::string&, std::size_t, long, TrainerCheckpoint<float>*, bool*);
template std::string decode_checkpoint<double>(const std::string&, std::size_t, long, TrainerCheckpoint<double>*, bool*);
template void ReportRecorder::after_step<float>(const StepMetrics&, const Trainer<float>&);
template void ReportRecorder::after_step<double>(const StepMetrics&, const Trainer<double>&);
template std::string ReportRecorder::write<float>(Trainer<float>&, const std::string&, std::string*);
template std::string ReportRecorder::write<double>(Trainer<double>&, const std::string&, std::string*);

}  // namespace rnnlab
