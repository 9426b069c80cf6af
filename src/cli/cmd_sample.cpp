// cmd_sample.cpp — `rnnlab sample --state S [--prime TEXT] --length N
// [--temperature X] [--seed S]`: the N characters a text model generates
// after the prime, then a newline (docs/cli.md; the computation is
// src/core/sample.hpp, reached through ops.hpp sample()).
#include <iostream>

#include "common.hpp"
#include "core/ops.hpp"

namespace rnnlab::cli {

void register_sample(CLI::App& app, Runner& run) {
  auto* cmd = app.add_subcommand("sample", "generate text from a text model (a state with a vocab)");
  struct Args {
    std::string state;
    SampleOptions opts;
  };
  auto a = std::make_shared<Args>();
  cmd->add_option("--state", a->state, "model state JSON of a text model (train --task text --save)")->required();
  cmd->add_option("--prime", a->opts.prime, "text fed to the model first (its characters must be in the vocab)");
  cmd->add_option("--length", a->opts.length, "characters to generate")->required();
  cmd->add_option("--temperature", a->opts.temperature, "sample from softmax(logits / X); 0 = the most likely")
      ->capture_default_str();
  cmd->add_option("--seed", a->opts.seed, "seed of the draws")->capture_default_str();
  cmd->callback([a, &run] {
    run = [a] {
      std::string text;
      const OpError e = sample(read_file(a->state), a->opts, &text);
      if (e.failed()) throw_op_error(e, a->state, "");
      std::cout << text << '\n' << std::flush;
      return 0;
    };
  });
}

}  // namespace rnnlab::cli
