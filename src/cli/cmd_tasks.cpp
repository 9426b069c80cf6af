// cmd_tasks.cpp — `rnnlab tasks`: the task registry as JSON (name, encoding,
// sizes at the default length).
#include <iostream>

#include "common.hpp"

namespace rnnlab::cli {

void register_tasks(CLI::App& app, Runner& run) {
  auto* cmd = app.add_subcommand("tasks", "list the toy tasks and their encodings");
  cmd->callback([&run] {
    run = [] {
      nlohmann::json arr = nlohmann::json::array();
      for (const Task& t : task_registry())
        arr.push_back({{"name", t.name}, {"title", t.title}, {"description", t.description},
                       {"encoding", t.encoding}, {"default_T", t.default_T}, {"min_T", t.min_T},
                       {"vocab_size", t.vocab_size(t.default_T)}, {"num_classes", t.num_classes(t.default_T)}});
      std::cout << arr.dump(2) << "\n";
      return 0;
    };
  });
}

}  // namespace rnnlab::cli
