// cmd_tasks.cpp — `rnnlab tasks`: the task registry as JSON, one object per
// task written by write_task (schema.hpp, the fields tasks() has in JS):
// name, encoding, sizes, chance and solved at the default length.
#include <iostream>

#include "common.hpp"

namespace rnnlab::cli {

void register_tasks(CLI::App& app, Runner& run) {
  auto* cmd = app.add_subcommand("tasks", "list the toy tasks and their encodings");
  cmd->callback([&run] {
    run = [] {
      nlohmann::json arr = nlohmann::json::array();
      for (const Task& t : task_registry()) {
        JsonWriter w;
        write_task(t, w);
        arr.push_back(w.root());
      }
      std::cout << arr.dump(2) << "\n";
      return 0;
    };
  });
}

}  // namespace rnnlab::cli
