// common.hpp — what the CLI commands share: the error type that becomes
// "exit 2 + one line on stderr", file reading, the training options (parsed
// by the core's src/core/config.hpp), and printing. The commands build their whole stdout in memory
// and print it at the end, so a failure never leaves partial output.
#pragma once
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

#include <map>

#include "core/config.hpp"
#include "core/ops.hpp"
#include "core/schema.hpp"

namespace rnnlab::cli {

// Thrown by commands for bad input; main prints "rnnlab: <what>" and exits 2.
struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Reads a file; UsageError "<path>: cannot open file" when it cannot.
// At most max_bytes (the JSON limit by default).
std::string read_file(const std::string& path, std::uint64_t max_bytes = kMaxJsonBytes);
// Throws UsageError (exit 2) unless a file can be written at path: call it
// before long work, so a bad --save path fails at once.
void check_writable(const std::string& path);
// Writes text to path + ".tmp", then renames it over path (a reader never
// sees half a file); throws UsageError naming the path on failure.
void write_file(const std::string& path, const std::string& text);

// The training options of src/core/config.hpp, registered as text options
// (--task, --cell, -T, --hidden, ...) and handed to the core's one parser.
struct TrainArgs {
  std::map<std::string, std::string> text;  // canonical key -> value as typed
  std::map<std::string, CLI::Option*> options;
  bool nesterov = false;
  ConfigInput extra;     // set by the command (e.g. --double -> precision)
  ConfigInput defaults;  // the command's own defaults for keys not given (gradcheck's small model)
};
void add_train_options(CLI::App* app, TrainArgs& args);
// The values given on the command line (plus extra and defaults), as the core's input.
ConfigInput train_input(const TrainArgs& args);
// Parses with the core; throws UsageError with every message ("; "-separated).
ConfigParse finish_train_options(const TrainArgs& args);
// Throws UsageError listing the issues, when there are any.
void throw_if_bad(const std::vector<ConfigIssue>& errors);

// An operation's failure as a UsageError, naming the file it concerns.
[[noreturn]] void throw_op_error(const OpError& e, const std::string& state_path, const std::string& batch_path);

// Prints a JSON value on stdout as one text (never a partial stdout).
void print_json(const nlohmann::json& j, int indent = -1);

// Registers a subcommand's run function; main calls the chosen one.
using Runner = std::function<int()>;
void register_train(CLI::App& app, Runner& run);
void register_grad(CLI::App& app, Runner& run);
void register_fit(CLI::App& app, Runner& run);
void register_sample(CLI::App& app, Runner& run);
void register_verify(CLI::App& app, Runner& run);
void register_count(CLI::App& app, Runner& run);
void register_gradcheck(CLI::App& app, Runner& run);
void register_tasks(CLI::App& app, Runner& run);
void register_batch(CLI::App& app, Runner& run);
void register_sweep(CLI::App& app, Runner& run);
void register_cells(CLI::App& app, Runner& run);
void register_config(CLI::App& app, Runner& run);

}  // namespace rnnlab::cli
