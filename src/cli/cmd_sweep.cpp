// cmd_sweep.cpp — `rnnlab sweep`: the course's central experiment. Trains
// each chosen cell for a fixed budget of steps at several lengths T and
// several seeds, and reports held-out accuracy per (cell, T): every seed's
// value, the mean and the spread. JSON on stdout, progress on stderr.
#include <algorithm>
#include <cmath>
#include <iostream>
#include <sstream>

#include "common.hpp"

namespace rnnlab::cli {

namespace {
struct SweepArgs {
  TrainArgs train;
  std::vector<std::string> cells{"rnn", "lstm"};
  std::vector<int> lengths{5, 10, 20, 40};
  int seeds = 3, steps = 500, eval = 1000;
  bool quiet = false;
};
}  // namespace

void register_sweep(CLI::App& app, Runner& run) {
  auto* cmd = app.add_subcommand("sweep", "accuracy vs sequence length T for several cells and seeds (fixed budget)");
  auto a = std::make_shared<SweepArgs>();
  add_train_options(cmd, a->train);
  cmd->add_option("--cells", a->cells, "cells to compare")->delimiter(',')->capture_default_str();
  cmd->add_option("--lengths", a->lengths, "values of T")->delimiter(',')->capture_default_str();
  cmd->add_option("--seeds", a->seeds, "seeds per (cell, T): seed, seed+1, ...")->capture_default_str();
  cmd->add_option("--steps", a->steps, "training steps per run (the budget)")->capture_default_str();
  cmd->add_option("--eval", a->eval, "held-out sequences per run")->capture_default_str();
  cmd->add_flag("-q,--quiet", a->quiet, "no progress on stderr");
  cmd->callback([a, &run] {
    run = [a] {
      if (a->cells.empty() || a->lengths.empty()) throw UsageError("--cells and --lengths must not be empty");
      if (a->seeds < 1 || a->seeds > 100) throw UsageError("--seeds must be between 1 and 100");
      if (a->steps < 1 || a->steps > 10000000) throw UsageError("--steps must be between 1 and 10000000");
      if (a->eval < 1 || a->eval > 100000) throw UsageError("--eval must be between 1 and 100000");
      std::vector<TrainConfig> base;
      for (const auto& cell : a->cells) {
        TrainArgs t = a->train;
        t.cell = cell;
        for (int T : a->lengths) {
          t.cfg.T = T;
          base.push_back(finish_train_options(t));  // validates every (cell, T) before any training
        }
      }
      const int total = int(base.size()) * a->seeds;
      int done = 0;
      nlohmann::json points = nlohmann::json::array();
      for (const TrainConfig& cfg : base) {
        std::vector<double> acc;
        nlohmann::json runs = nlohmann::json::array();
        for (int s = 0; s < a->seeds; ++s) {
          TrainConfig c = cfg;
          c.seed = cfg.seed + std::uint64_t(s);
          const SweepPoint p = train_and_evaluate(c, a->steps, a->eval);
          acc.push_back(p.accuracy);
          runs.push_back({{"seed", c.seed}, {"accuracy", p.accuracy}, {"final_loss", p.final_loss}, {"finite", p.finite}});
          ++done;
          if (!a->quiet)
            std::cerr << "\rsweep " << done << "/" << total << "  " << cell_name(c.cell) << " T=" << c.T << " seed "
                      << c.seed << ": accuracy " << p.accuracy << "      " << std::flush;
        }
        double mean = 0;
        for (double x : acc) mean += x;
        mean /= double(acc.size());
        double var = 0;
        for (double x : acc) var += (x - mean) * (x - mean);
        const double sd = acc.size() > 1 ? std::sqrt(var / double(acc.size() - 1)) : 0.0;
        points.push_back({{"cell", cell_name(cfg.cell)}, {"T", cfg.T}, {"mean_accuracy", mean}, {"std_accuracy", sd},
                          {"min_accuracy", *std::min_element(acc.begin(), acc.end())},
                          {"max_accuracy", *std::max_element(acc.begin(), acc.end())}, {"runs", runs}});
      }
      if (!a->quiet) std::cerr << "\n";
      nlohmann::json out{{"task", a->train.cfg.task}, {"steps", a->steps}, {"seeds", a->seeds}, {"hidden", a->train.cfg.hidden},
                         {"batch", a->train.cfg.batch}, {"lr", a->train.cfg.optim.lr}, {"eval", a->eval}, {"points", points}};
      const std::string text = out.dump(2);
      std::cout << text << "\n";
      return 0;
    };
  });
}

}  // namespace rnnlab::cli
