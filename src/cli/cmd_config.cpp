// cmd_config.cpp — `rnnlab config [training options]`: the configuration
// those options give, every default filled in, as the engine will use it
// (src/core/config.hpp; the JS API's normalizeConfig() gives the same).
// Bad options: exit 2 with every message, as for `train`.
#include "common.hpp"

namespace rnnlab::cli {

void register_config(CLI::App& app, Runner& run) {
  auto* cmd = app.add_subcommand("config", "the normalised training configuration, defaults filled in (JSON)");
  auto a = std::make_shared<TrainArgs>();
  add_train_options(cmd, *a);
  cmd->callback([a, &run] {
    run = [a] {
      const ConfigParse p = finish_train_options(*a);
      JsonWriter w;
      write_config(p.config, p.float64, w);
      print_json(w.root(), 2);
      return 0;
    };
  });
}

}  // namespace rnnlab::cli
