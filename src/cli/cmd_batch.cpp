// cmd_batch.cpp — `rnnlab batch`: one batch of a task from a seed, as batch
// JSON (docs/batch-format.md). The same generator and seed give the same batch in
// the wasm module (generateBatch), which the determinism tests compare.
#include <iostream>

#include "common.hpp"

namespace rnnlab::cli {

namespace {
struct BatchArgs {
  std::string task = "binary_palindrome";
  int T = 20, batch = 8;
  std::uint64_t seed = 1;
};
}  // namespace

void register_batch(CLI::App& app, Runner& run) {
  auto* cmd = app.add_subcommand("batch", "print one batch of a task (batch JSON) drawn from a seed");
  auto a = std::make_shared<BatchArgs>();
  cmd->add_option("--task", a->task, "toy task (see 'rnnlab tasks')")->capture_default_str();
  cmd->add_option("-T,--T", a->T, "tokens per sequence")->capture_default_str();
  cmd->add_option("--batch", a->batch, "number of sequences")->capture_default_str();
  cmd->add_option("--seed", a->seed, "seed")->capture_default_str();
  cmd->callback([a, &run] {
    run = [a] {
      const std::string err = validate_generator_args(a->task, a->T, a->batch);
      if (!err.empty()) throw UsageError(err);
      Rng rng(a->seed);
      const Batch b = find_task(a->task)->generate(rng, a->T, a->batch);
      nlohmann::json rows = nlohmann::json::array();
      for (int i = 0; i < b.B; ++i)
        rows.push_back(std::vector<int>(b.tokens.begin() + std::size_t(i) * b.T, b.tokens.begin() + std::size_t(i + 1) * b.T));
      nlohmann::json targets = b.targets;
      if (b.per_step) {  // contracts §3: B rows of T, -1 where nothing is predicted
        targets = nlohmann::json::array();
        for (int i = 0; i < b.B; ++i)
          targets.push_back(std::vector<int>(b.targets.begin() + std::size_t(i) * b.T, b.targets.begin() + std::size_t(i + 1) * b.T));
      }
      const std::string text = nlohmann::json{{"tokens", rows}, {"targets", targets}}.dump();
      std::cout << text << "\n";
      return 0;
    };
  });
}

}  // namespace rnnlab::cli
