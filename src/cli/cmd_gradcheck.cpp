// cmd_gradcheck.cpp — `rnnlab gradcheck`: central finite differences against
// backpropagation through time for every tensor of a freshly initialised
// model on one task batch, in float64. Exit 1 if the error exceeds --tol.
#include <iostream>

#include "common.hpp"
#include "core/gradcheck.hpp"

namespace rnnlab::cli {

namespace {
struct GradcheckArgs {
  TrainArgs train;
  GradcheckOptions opts;
  double tol = 1e-6;
};
}  // namespace

void register_gradcheck(CLI::App& app, Runner& run) {
  auto* cmd = app.add_subcommand("gradcheck", "finite-difference check of every gradient tensor (float64)");
  auto a = std::make_shared<GradcheckArgs>();
  a->train.cfg.T = 8;
  a->train.cfg.hidden = 8;
  a->train.cfg.batch = 4;
  add_train_options(cmd, a->train);
  cmd->add_option("--eps", a->opts.eps, "finite-difference step")->capture_default_str();
  cmd->add_option("--max-per-tensor", a->opts.max_per_tensor, "entries checked per tensor (0 = all)")
      ->capture_default_str();
  cmd->add_option("--tol", a->tol, "fail (exit 1) above this max relative error")->capture_default_str();
  cmd->callback([a, &run] {
    run = [a] {
      if (!(a->opts.eps > 0 && a->opts.eps < 1)) throw UsageError("--eps must be in (0, 1)");
      if (a->opts.max_per_tensor < 0) throw UsageError("--max-per-tensor must be >= 0");
      const TrainConfig cfg = finish_train_options(a->train);
      Trainer<double> trainer(cfg);
      Rng rng(cfg.seed);
      const Batch batch = trainer.task().generate(rng, cfg.T, cfg.batch);
      const GradcheckResult r = gradcheck(trainer.model(), batch, a->opts);
      nlohmann::json j;
      j["cell"] = cell_name(cfg.cell);
      j["loss"] = r.loss;
      j["max_rel_error"] = r.max_rel_error;
      j["tolerance"] = a->tol;
      j["eps"] = a->opts.eps;
      j["floor"] = a->opts.floor;
      nlohmann::json tensors = nlohmann::json::array();
      for (const auto& t : r.tensors)
        tensors.push_back({{"name", t.name}, {"checked", t.checked}, {"max_rel_error", t.max_rel_error},
                           {"max_abs_error", t.max_abs_error}});
      j["tensors"] = tensors;
      j["passed"] = r.max_rel_error <= a->tol;
      const std::string text = j.dump(2);
      std::cout << text << "\n";
      return r.max_rel_error <= a->tol ? 0 : 1;
    };
  });
}

}  // namespace rnnlab::cli
