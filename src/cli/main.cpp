// main.cpp — the native CLI `rnnlab`: parses the subcommand and maps every
// failure to exit status 2 with one line on stderr (never a crash; control
// characters escaped, so a message is one line whatever it echoes). Commands
// print their output when it is complete, except `train`, which streams its
// JSON lines. The commands live in cmd_*.cpp, one file each.
#include <iostream>
#include <new>

#include "common.hpp"
#include "core/echo.hpp"

namespace {
// A message as one terminal-safe line of bounded length (echo.hpp).
std::string one_line(const std::string& msg) { return rnnlab::echo(msg, 2000); }
}  // namespace

int main(int argc, char** argv) {
  using namespace rnnlab::cli;
  CLI::App app{"rnnlab — train recurrent networks on toy sequence tasks and inspect their gradients"};
  app.require_subcommand(1);
  Runner run;
  register_train(app, run);
  register_grad(app, run);
  register_fit(app, run);
  register_sample(app, run);
  register_verify(app, run);
  register_count(app, run);
  register_gradcheck(app, run);
  register_tasks(app, run);
  register_batch(app, run);
  register_sweep(app, run);
  register_cells(app, run);
  register_config(app, run);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::string msg = e.what();
    std::cerr << "rnnlab: " << (msg.empty() ? "bad arguments" : one_line(msg)) << " (see rnnlab --help)\n";
    return 2;
  }
  try {
    return run();
  } catch (const UsageError& e) {
    std::cerr << "rnnlab: " << one_line(e.what()) << "\n";
    return 2;
  } catch (const std::bad_alloc&) {
    std::cerr << "rnnlab: out of memory: reduce T, the batch size or the hidden size\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "rnnlab: internal error: " << one_line(e.what()) << "\n";
    return 3;
  }
}
