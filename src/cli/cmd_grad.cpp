// cmd_grad.cpp — `rnnlab grad --state S --batch B`: loss, every gradient under
// the state's names, and the per-step gradient norms, in float64 (contracts.md §4).
#include <iostream>

#include "common.hpp"
#include "core/model.hpp"
#include "core/state_json.hpp"

namespace rnnlab::cli {

namespace {
struct GradArgs {
  std::string state, batch;
  bool jacobians = false;
};

}  // namespace

void load_state_and_batch(const std::string& state_path, const std::string& batch_path, ModelConfig* cfg,
                          std::vector<double>* params, Batch* batch) {
  std::string err = parse_state(read_file(state_path), cfg, params);
  if (!err.empty()) throw UsageError(state_path + ": " + err);
  err = parse_batch(read_file(batch_path), batch);
  if (!err.empty()) throw UsageError(batch_path + ": " + err);
  err = validate_batch(*cfg, *batch, sizeof(double));
  if (!err.empty()) throw UsageError(batch_path + ": " + err);
}

void register_grad(CLI::App& app, Runner& run) {
  auto* cmd = app.add_subcommand("grad", "loss, gradients and per-step gradient norms of a state on a batch (float64)");
  auto args = std::make_shared<GradArgs>();
  cmd->add_option("--state", args->state, "model state JSON (rnnlab-state/1)")->required();
  cmd->add_option("--batch", args->batch, "batch JSON {\"tokens\": [[...]], \"targets\": [...]}")->required();
  cmd->add_flag("--jacobians", args->jacobians, "also the spectral norms of the state Jacobians (sequence 0)");
  cmd->callback([args, &run] {
    run = [args] {
      ModelConfig cfg;
      std::vector<double> flat;
      Batch batch;
      load_state_and_batch(args->state, args->batch, &cfg, &flat, &batch);
      Model<double> model(cfg);
      model.params().data = flat;
      DiagnosticsOptions opts;
      opts.gates = false;
      opts.jacobians = args->jacobians;
      if (args->jacobians && model.cell().state_size() > 512)
        throw UsageError("--jacobians is limited to a state size of 512");
      Diagnostics d;
      const double loss = model.forward(batch);
      model.backward(opts, d);
      nlohmann::json out;
      out["loss"] = loss;
      nlohmann::json grads = nlohmann::json::object();
      for (const auto& t : to_state_tensors(cfg, model.grads().data, true))
        grads[t.name] = {{"shape", t.shape}, {"data", t.data}};
      out["grads"] = grads;
      out["dh_norms"] = d.dh_norms;
      if (cell_has_c(cfg.cell)) out["dc_norms"] = d.dc_norms;
      out["bptt_terms"] = d.bptt_terms;
      out["grad_norm"] = d.grad_norm;
      if (args->jacobians) {
        out["jacobian_norms"] = d.jacobian_norms;
        out["jacobian_product_norms"] = d.jacobian_product_norms;
      }
      const std::string text = out.dump();
      std::cout << text << "\n";
      return 0;
    };
  });
}

}  // namespace rnnlab::cli
