// cmd_sweep.cpp — `rnnlab sweep`: the course's central experiment. Trains
// each chosen cell for a fixed budget of steps at several lengths T and
// several seeds, and reports held-out accuracy per (cell, T): every seed's
// value, the mean and the spread (src/core/ops.hpp Sweep). JSON on stdout,
// progress on stderr.
#include <iostream>

#include "common.hpp"

namespace rnnlab::cli {

void register_sweep(CLI::App& app, Runner& run) {
  auto* cmd = app.add_subcommand("sweep", "accuracy vs sequence length T for several cells and seeds (fixed budget)");
  struct Args {
    TrainArgs train;
    std::map<std::string, std::string> text;
    std::map<std::string, CLI::Option*> options;
    bool quiet = false;
  };
  auto a = std::make_shared<Args>();
  add_train_options(cmd, a->train);
  const SweepSpec def;
  struct Opt {
    const char* key;
    const char* flag;
    const char* help;
    std::string shown;
  };
  std::string cells, lengths;
  for (CellKind c : def.cells) cells += (cells.empty() ? "" : ",") + std::string(cell_name(c));
  for (int T : def.lengths) lengths += (lengths.empty() ? "" : ",") + std::to_string(T);
  for (const Opt& o : {Opt{"cells", "--cells", "cells to compare", cells}, Opt{"lengths", "--lengths", "values of T", lengths},
                       Opt{"seeds", "--seeds", "seeds per (cell, T): seed, seed+1, ...", std::to_string(def.seeds)},
                       Opt{"steps", "--steps", "training steps per run (the budget)", std::to_string(def.steps)},
                       Opt{"eval", "--eval", "held-out sequences per run", std::to_string(def.eval)}})
    a->options[o.key] = cmd->add_option(o.flag, a->text[o.key], o.help)->default_str(o.shown);
  cmd->add_flag("-q,--quiet", a->quiet, "no progress on stderr");
  cmd->callback([a, &run] {
    run = [a] {
      ConfigInput in;
      for (const auto& [key, opt] : a->options)
        if (opt->count() > 0) in[key] = ConfigValue::of_text(a->text.at(key));
      const SweepSpecParse spec = parse_sweep_spec(in, Face::Cli);
      throw_if_bad(spec.errors);
      const TrainConfig base = finish_train_options(a->train).config;
      const std::string err = Sweep::validate(base, spec.spec);
      if (!err.empty()) throw UsageError(err);
      Sweep sweep(base, spec.spec);
      while (!sweep.finished()) {
        const SweepRun& r = sweep.next();
        if (!a->quiet)
          std::cerr << "\rsweep " << sweep.done() << "/" << sweep.total() << "  " << cell_name(r.cell) << " T=" << r.T
                    << " seed " << r.seed << ": accuracy " << r.point.accuracy << "      " << std::flush;
      }
      if (!a->quiet) std::cerr << "\n";
      JsonWriter w;
      write_sweep(sweep, w);
      print_json(w.root(), 2);
      return 0;
    };
  });
}

}  // namespace rnnlab::cli
