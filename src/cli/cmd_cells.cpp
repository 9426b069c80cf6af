// cmd_cells.cpp — `rnnlab cells`: every cell's descriptor as JSON (name,
// gates and activations, state, tensors, PyTorch module, formula, BPTT
// equation; src/core/cells/descriptor.hpp).
#include "common.hpp"

namespace rnnlab::cli {

void register_cells(CLI::App& app, Runner& run) {
  auto* cmd = app.add_subcommand("cells", "the recurrent cells and what they are (JSON)");
  cmd->callback([&run] {
    run = [] {
      JsonWriter w;
      w.begin_array("cells");
      for (const CellDescriptor* d : cell_registry()) {
        w.begin_object({});
        write_cell(*d, w);
        w.end_object();
      }
      w.end_array();
      print_json(w.root()["cells"], 2);
      return 0;
    };
  });
}

}  // namespace rnnlab::cli
