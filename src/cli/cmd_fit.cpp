// cmd_fit.cpp — `rnnlab fit`: N optimizer steps of a state on one fixed batch,
// in float64, printing the final state JSON. The reference for comparing the
// optimizers and clipping with PyTorch's (tests/torch).
#include <iostream>

#include "common.hpp"
#include "core/model.hpp"
#include "core/optim.hpp"
#include "core/state_json.hpp"

namespace rnnlab::cli {

namespace {
struct FitArgs {
  std::string state, batch, optimizer = "adam";
  OptimConfig optim;
  double clip = 0;
  int steps = 1;
};
}  // namespace

void register_fit(CLI::App& app, Runner& run) {
  auto* cmd = app.add_subcommand("fit", "optimizer steps of a state on one batch (float64); prints the final state");
  auto a = std::make_shared<FitArgs>();
  cmd->add_option("--state", a->state, "model state JSON")->required();
  cmd->add_option("--batch", a->batch, "batch JSON")->required();
  cmd->add_option("--optimizer", a->optimizer, "sgd | rmsprop | adam")->capture_default_str();
  cmd->add_option("--lr", a->optim.lr, "learning rate")->capture_default_str();
  cmd->add_option("--momentum", a->optim.momentum, "momentum (sgd, rmsprop)")->capture_default_str();
  cmd->add_flag("--nesterov", a->optim.nesterov, "Nesterov momentum (sgd)");
  cmd->add_option("--clip", a->clip, "max global gradient norm (0 = off)")->capture_default_str();
  cmd->add_option("--steps", a->steps, "number of steps")->capture_default_str();
  cmd->callback([a, &run] {
    run = [a] {
      if (!parse_optim(a->optimizer, &a->optim.kind))
        throw UsageError("--optimizer must be sgd, rmsprop or adam (got '" + a->optimizer + "')");
      std::string err = validate(a->optim);
      if (!err.empty()) throw UsageError(err);
      if (a->steps < 0 || a->steps > 1000000) throw UsageError("--steps must be between 0 and 1000000");
      if (!(a->clip >= 0)) throw UsageError("--clip must be a non-negative number");
      ModelConfig cfg;
      std::vector<double> flat;
      Batch batch;
      err = parse_state(read_file(a->state), &cfg, &flat);
      if (!err.empty()) throw UsageError(a->state + ": " + err);
      err = parse_batch(read_file(a->batch), &batch);
      if (err.empty()) err = validate_batch(cfg, batch, sizeof(double));
      if (!err.empty()) throw UsageError(a->batch + ": " + err);
      Model<double> model(cfg);
      model.params().data.assign(flat.begin(), flat.end());
      Optimizer<double> opt(a->optim, flat.size());
      DiagnosticsOptions dopts;
      dopts.bptt_terms = dopts.gates = false;
      for (int s = 0; s < a->steps; ++s) {
        Diagnostics d;
        model.grads().zero();
        model.forward(batch);
        model.backward(dopts, d);
        clip_grad_norm(model.grads(), a->clip);
        opt.step(model.params().data, model.grads().data);
      }
      const std::string text = dump_state(cfg, model.params().data);
      std::cout << text << "\n";
      return 0;
    };
  });
}

}  // namespace rnnlab::cli
