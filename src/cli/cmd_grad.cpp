// cmd_grad.cpp — `rnnlab grad --state S --batch B`: loss, every gradient under
// the state's names, and the per-step gradient norms, in float64
// (docs/cli.md; the computation is src/core/ops.hpp grad()).
#include "common.hpp"

namespace rnnlab::cli {

void register_grad(CLI::App& app, Runner& run) {
  auto* cmd = app.add_subcommand("grad", "loss, gradients and per-step gradient norms of a state on a batch (float64)");
  struct Args {
    std::string state, batch;
    GradOptions opts;
  };
  auto a = std::make_shared<Args>();
  cmd->add_option("--state", a->state, "model state JSON (rnnlab-state/1)")->required();
  cmd->add_option("--batch", a->batch, "batch JSON {\"tokens\": [[...]], \"targets\": [...]}")->required();
  cmd->add_flag("--jacobians", a->opts.jacobians, "also the spectral norms of the state Jacobians (sequence 0)");
  cmd->callback([a, &run] {
    run = [a] {
      GradResult r;
      const OpError e = grad(read_file(a->state), read_file(a->batch), a->opts, &r);
      if (e.failed()) throw_op_error(e, a->state, a->batch);
      JsonWriter w;
      write_grad(r, w);
      print_json(w.root());
      return 0;
    };
  });
}

}  // namespace rnnlab::cli
