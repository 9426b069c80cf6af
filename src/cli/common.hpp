// common.hpp — what the CLI commands share: the error type that becomes
// "exit 2 + one line on stderr", file reading, the training options, and the
// JSON form of diagnostics. The commands build their whole stdout in memory
// and print it at the end, so a failure never leaves partial output.
#pragma once
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

#include "core/diagnostics.hpp"
#include "core/batch.hpp"
#include "core/trainer.hpp"

namespace rnnlab::cli {

// Thrown by commands for bad input; main prints "rnnlab: <what>" and exits 2.
struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

std::string read_file(const std::string& path);

// String-valued options parsed after CLI11 has run.
struct TrainArgs {
  TrainConfig cfg;
  std::string cell = "lstm", optimizer = "adam", init = "pytorch";
};
void add_train_options(CLI::App* app, TrainArgs& args);
// Parses the names, validates, and throws UsageError naming the bad option.
TrainConfig finish_train_options(TrainArgs& args);

// Reads and validates a state file and a batch file (float64 caches);
// errors name the file and the field.
void load_state_and_batch(const std::string& state_path, const std::string& batch_path, ModelConfig* cfg,
                          std::vector<double>* params, Batch* batch);

nlohmann::json diagnostics_json(const Diagnostics& d);

// Registers a subcommand's run function; main calls the chosen one.
using Runner = std::function<int()>;
void register_train(CLI::App& app, Runner& run);
void register_grad(CLI::App& app, Runner& run);
void register_fit(CLI::App& app, Runner& run);
void register_count(CLI::App& app, Runner& run);
void register_gradcheck(CLI::App& app, Runner& run);
void register_tasks(CLI::App& app, Runner& run);
void register_batch(CLI::App& app, Runner& run);
void register_sweep(CLI::App& app, Runner& run);

}  // namespace rnnlab::cli
