// cmd_gradcheck.cpp — `rnnlab gradcheck`: central finite differences against
// backpropagation through time for every tensor of a freshly initialised
// model on one task batch, in float64 (src/core/ops.hpp gradcheck()).
// Exit 1 if the error exceeds --tol.
#include "common.hpp"

namespace rnnlab::cli {

void register_gradcheck(CLI::App& app, Runner& run) {
  auto* cmd = app.add_subcommand("gradcheck", "finite-difference check of every gradient tensor (float64)");
  struct Args {
    TrainArgs train;
    GradcheckOptions opts;
    double tol = 1e-6;
  };
  auto a = std::make_shared<Args>();
  // A small model by default: every entry is checked.
  a->train.defaults = {{"T", ConfigValue::of_text("8")}, {"hidden", ConfigValue::of_text("8")},
                       {"batch", ConfigValue::of_text("4")}};
  add_train_options(cmd, a->train);
  cmd->add_option("--eps", a->opts.eps, "finite-difference step")->capture_default_str();
  cmd->add_option("--max-per-tensor", a->opts.max_per_tensor, "entries checked per tensor (0 = all)")
      ->capture_default_str();
  cmd->add_option("--tensor", a->opts.tensor, "check only this tensor (its name, e.g. rnn.weight_hh_l0)");
  cmd->add_option("--tol", a->tol, "fail (exit 1) above this max relative error")->capture_default_str();
  cmd->callback([a, &run] {
    run = [a] {
      const OpError e = validate(a->opts);
      if (e.failed()) throw UsageError(e.message);
      const TrainConfig cfg = finish_train_options(a->train).config;
      const GradcheckResult r = gradcheck(cfg, {}, a->opts);
      if (!r.error.empty()) throw UsageError(r.error);
      JsonWriter w;
      w.string("cell", cell_name(cfg.cell));
      write_gradcheck(r, a->opts, w);
      w.number("tolerance", a->tol);
      w.boolean("passed", r.max_rel_error <= a->tol);
      print_json(w.root(), 2);
      return r.max_rel_error <= a->tol ? 0 : 1;
    };
  });
}

}  // namespace rnnlab::cli
