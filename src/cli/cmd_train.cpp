// cmd_train.cpp — `rnnlab train`: trains on a task and prints one JSON line
// per reported step (metrics and diagnostics), then a summary line; a
// progress line on stderr. Each line is written as soon as it is made
// (memory stays flat however many steps are printed). Stops early, with exit
// status 1 and a message, if the loss or a gradient becomes NaN/Inf.
// --save writes the state (rnnlab-state/1) when training ends, also when it
// stops at a NaN (then the weights of the last sound step: no NaN update is made).
#include <chrono>
#include <iostream>

#include "common.hpp"
#include "core/state_json.hpp"

namespace rnnlab::cli {

namespace {
struct TrainCmdArgs {
  TrainArgs train;
  int steps = 500, every = 1, eval = kDefaultEvalSequences;
  bool use_double = false, jacobians = false, quiet = false, no_terms = false;
  std::string save;
};

template <class S>
int run_train(const TrainConfig& cfg, const TrainCmdArgs& a) {
  Trainer<S> trainer(cfg);
  auto save = [&] {
    if (a.save.empty()) return;
    const auto& p = trainer.model().params().data;
    write_file(a.save, dump_state(trainer.model().config(), std::vector<double>(p.begin(), p.end())));
    if (!a.quiet) std::cerr << "rnnlab: saved the state to " << a.save << "\n";
  };
  auto emit = [](const std::string& line) { std::cout << line << '\n' << std::flush; };
  using clock = std::chrono::steady_clock;
  const auto start = clock::now();
  auto last_report = start - std::chrono::seconds(1);
  StepMetrics m;
  for (int s = 1; s <= a.steps; ++s) {
    const bool report = s % a.every == 0 || s == a.steps;
    m = trainer.step(report);
    if (report || !m.finite) {
      JsonWriter w;
      w.string("type", "step");
      w.integer("step", m.step);
      w.number("loss", m.loss);
      w.number("accuracy", m.accuracy);
      write_diagnostics(m.diag, w);
      if (m.divergence.diverged()) {
        w.begin_object("diverged");
        write_divergence(m.divergence, w);
        w.end_object();
      }
      emit(w.root().dump());
    }
    // The loss and gradient rules (divergence.hpp): a warning, and training goes on.
    if (m.finite && m.divergence.diverged())
      std::cerr << (a.quiet ? "" : "\n") << "rnnlab: warning at step " << s << ": " << m.divergence.message << "\n";
    const auto now = clock::now();
    if (!a.quiet && (now - last_report > std::chrono::milliseconds(250) || s == a.steps)) {
      last_report = now;
      std::cerr << "\rstep " << s << "/" << a.steps << "  loss " << m.loss << "  accuracy " << m.accuracy << "   "
                << std::flush;
    }
    if (!m.finite) {
      if (!a.quiet) std::cerr << "\n";
      std::cerr << "rnnlab: training diverged at step " << s
                << " (loss or gradient is NaN/Inf): lower the learning rate or enable --clip\n";
      save();
      return 1;
    }
  }
  if (!a.quiet) std::cerr << "\n";
  const double secs = std::chrono::duration<double>(clock::now() - start).count();
  nlohmann::json summary;
  summary["type"] = "summary";
  summary["steps"] = a.steps;
  summary["final_loss"] = m.loss;
  summary["eval_accuracy"] = a.eval > 0 ? trainer.evaluate(a.eval) : 0.0;
  summary["eval_sequences"] = a.eval;
  summary["seconds"] = secs;
  emit(summary.dump());
  save();
  return 0;
}
}  // namespace

void register_train(CLI::App& app, Runner& run) {
  auto* cmd = app.add_subcommand("train", "train on a toy task; JSON lines of metrics and diagnostics per step");
  auto a = std::make_shared<TrainCmdArgs>();
  add_train_options(cmd, a->train);
  cmd->add_option("--steps", a->steps, "training steps")->capture_default_str();
  cmd->add_option("--every", a->every, "print every N-th step")->capture_default_str();
  cmd->add_option("--eval", a->eval, "held-out sequences for the final accuracy (0 = none)")->capture_default_str();
  cmd->add_flag("--double", a->use_double, "train in float64 (default float32)");
  cmd->add_flag("--jacobians", a->jacobians, "also report spectral norms of the state Jacobians");
  cmd->add_flag("--no-terms", a->no_terms, "skip the per-step BPTT terms (a little faster)");
  cmd->add_flag("-q,--quiet", a->quiet, "no progress line on stderr");
  cmd->add_option("--save", a->save, "write the trained state (rnnlab-state/1 JSON) to this file at the end");
  cmd->callback([a, &run] {
    run = [a] {
      if (a->steps < 1 || a->steps > 100000000) throw UsageError("--steps must be between 1 and 100000000");
      if (a->every < 1) throw UsageError("--every must be at least 1");
      if (a->eval < 0 || a->eval > kMaxEvalSequences)
        throw UsageError("--eval must be between 0 (none) and " + std::to_string(kMaxEvalSequences) + " (got " +
                         std::to_string(a->eval) + ")");
      a->train.extra["jacobians"] = ConfigValue::of_bool(a->jacobians);
      a->train.extra["bpttTerms"] = ConfigValue::of_bool(!a->no_terms);
      if (a->use_double) a->train.extra["precision"] = ConfigValue::of_text("float64");
      const TrainConfig cfg = finish_train_options(a->train).config;
      if (!a->save.empty()) check_writable(a->save);
      return a->use_double ? run_train<double>(cfg, *a) : run_train<float>(cfg, *a);
    };
  });
}

}  // namespace rnnlab::cli
