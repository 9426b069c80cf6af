// cmd_sweep.cpp — `rnnlab sweep`: the course's central experiment. Trains
// each chosen cell for a fixed budget of steps at several lengths T and
// several seeds, and reports held-out accuracy per (cell, T): every seed's
// value, the mean and the spread (src/core/ops.hpp Sweep); with
// --test-lengths, also each model's accuracy at other lengths. JSON on
// stdout, progress on stderr.
//
// Spread over cores and machines (docs/cli.md "sweep"):
//   --jobs N        N threads, each training whole runs (Sweep::run is
//                   independent of the others); the output is --jobs 1's
//   --shard K/N     only the runs k with k mod N = K-1, as JSON lines: a
//                   header with the settings, then one line per run
//   --merge FILES   the shards' runs, checked to be one sweep's, and the
//                   table the unsharded sweep prints
#include <atomic>
#include <cmath>
#include <fstream>
#include <iostream>
#include <mutex>
#include <sstream>
#include <thread>

#include "common.hpp"
#include "core/echo.hpp"

namespace rnnlab::cli {

namespace {

constexpr const char* kShardFormat = "rnnlab-sweep-shard/1";
constexpr int kMaxJobs = 256;

// A ConfigInput as JSON ({key: [kind, value]}) and back, so a shard's header
// rebuilds the very input the sweep was parsed from.
nlohmann::json input_json(const ConfigInput& in) {
  nlohmann::json j = nlohmann::json::object();
  for (const auto& [key, v] : in) {
    if (v.kind == ConfigValue::Number) j[key] = {"number", v.number};
    else if (v.kind == ConfigValue::Bool) j[key] = {"bool", v.flag};
    else j[key] = {"text", v.text};
  }
  return j;
}

bool input_from_json(const nlohmann::json& j, ConfigInput* out) {
  if (!j.is_object()) return false;
  for (const auto& [key, v] : j.items()) {
    if (!v.is_array() || v.size() != 2 || !v[0].is_string()) return false;
    const std::string kind = v[0].get<std::string>();
    if (kind == "number" && v[1].is_number()) (*out)[key] = ConfigValue::of_number(v[1].get<double>());
    else if (kind == "bool" && v[1].is_boolean()) (*out)[key] = ConfigValue::of_bool(v[1].get<bool>());
    else if (kind == "text" && v[1].is_string()) (*out)[key] = ConfigValue::of_text(v[1].get<std::string>());
    else return false;
  }
  return true;
}

nlohmann::json run_json(int index, const SweepRun& r) {
  nlohmann::json j = {{"type", "run"},           {"index", index},
                      {"cell", cell_name(r.cell)}, {"T", r.T},
                      {"seed", r.seed},          {"accuracy", r.point.accuracy},
                      {"final_loss", r.point.final_loss}, {"finite", r.point.finite},
                      {"steps", r.point.steps}};
  if (!r.point.test.empty()) {  // with --test-lengths: [{"T", "accuracy"}] in their order
    j["test"] = nlohmann::json::array();
    for (const auto& t : r.point.test) j["test"].push_back({{"T", t.T}, {"accuracy", t.accuracy}});
  }
  return j;
}

// Runs the indices `todo` on `jobs` threads; results[i] is run todo[i].
std::vector<SweepRun> run_all(const Sweep& sweep, const std::vector<int>& todo, int jobs, bool quiet) {
  std::vector<SweepRun> results(todo.size());
  std::atomic<std::size_t> next{0};
  std::mutex progress;
  std::size_t finished = 0;
  auto worker = [&] {
    for (;;) {
      const std::size_t i = next.fetch_add(1);
      if (i >= todo.size()) return;
      results[i] = sweep.run(todo[i]);
      const std::lock_guard<std::mutex> lock(progress);
      ++finished;
      if (!quiet)
        std::cerr << "\rsweep " << finished << "/" << todo.size() << "  " << cell_name(results[i].cell)
                  << " T=" << results[i].T << " seed " << results[i].seed << ": accuracy " << results[i].point.accuracy
                  << "      " << std::flush;
    }
  };
  const int n = std::max(1, std::min<int>(jobs, int(todo.size())));
  std::vector<std::thread> pool;
  for (int t = 1; t < n; ++t) pool.emplace_back(worker);
  worker();
  for (auto& t : pool) t.join();
  if (!quiet) std::cerr << "\n";
  return results;
}

// "K/N" with 1 <= K <= N <= total's bound.
void parse_shard(const std::string& text, int* k, int* n) {
  const auto slash = text.find('/');
  auto number = [&](const std::string& s, int* out) {
    if (s.empty() || s.size() > 6 || s.find_first_not_of("0123456789") != std::string::npos) return false;
    *out = std::stoi(s);
    return true;
  };
  if (slash == std::string::npos || !number(text.substr(0, slash), k) || !number(text.substr(slash + 1), n) || *n < 1 ||
      *k < 1 || *k > *n)
    throw UsageError("--shard must be K/N with 1 <= K <= N (got '" + echo(text) + "')");
}

struct Shard {
  std::string path;
  nlohmann::json header;
  std::vector<std::pair<int, SweepRun>> runs;
};

Shard read_shard(const std::string& path) {
  Shard s;
  s.path = path;
  std::istringstream in(read_file(path));
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (line.empty()) continue;
    const std::string at = echo(path) + ":" + std::to_string(number) + ": ";
    nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
    if (s.header.is_null()) {
      if (j.is_discarded() || !j.is_object() || j.value("format", "") != kShardFormat)
        throw UsageError(at + "not a sweep shard (its first line must be the header with \"format\": \"" +
                         kShardFormat + "\", as rnnlab sweep --shard writes)");
      s.header = j;
      continue;
    }
    if (j.is_discarded() || !j.is_object()) throw UsageError(at + "not a JSON object");
    SweepRun r;
    CellKind cell;
    try {
      if (j.at("type") != "run" || !parse_cell(j.at("cell").get<std::string>(), &cell)) throw std::exception();
      r.cell = cell;
      r.T = j.at("T").get<int>();
      r.seed = j.at("seed").get<std::uint64_t>();
      r.point.accuracy = j.at("accuracy").get<double>();
      r.point.final_loss = j.at("final_loss").is_null() ? std::nan("") : j.at("final_loss").get<double>();
      r.point.finite = j.at("finite").get<bool>();
      r.point.steps = j.at("steps").get<long>();
      if (j.contains("test"))  // checked against the sweep's test lengths by Sweep::add
        for (const auto& t : j.at("test")) r.point.test.push_back({t.at("T").get<int>(), t.at("accuracy").get<double>()});
      s.runs.push_back({j.at("index").get<int>(), r});
    } catch (const std::exception&) {
      throw UsageError(at + "not a run line (type, index, cell, T, seed, accuracy, final_loss, finite, steps, and test "
                            "with --test-lengths)");
    }
  }
  if (s.header.is_null()) throw UsageError(echo(path) + ": empty: not a sweep shard");
  return s;
}

int merge(const std::vector<std::string>& files) {
  std::vector<Shard> shards;
  for (const std::string& f : files) shards.push_back(read_shard(f));
  const nlohmann::json& first = shards[0].header;
  auto settings = [](const nlohmann::json& h) { return nlohmann::json{h.value("options", nlohmann::json()), h.value("sweep", nlohmann::json()), h.value("of", 0), h.value("total", 0)}; };
  for (const Shard& s : shards)
    if (settings(s.header) != settings(first))
      throw UsageError(echo(s.path) + ": a shard of another sweep than " + echo(shards[0].path) +
                       " (its options, sweep spec or shard count differ)");
  const int of = first.value("of", 0);
  std::vector<int> seen(std::size_t(std::max(of, 0)) + 1, 0);
  for (const Shard& s : shards) {
    const int k = s.header.value("shard", 0);
    if (k < 1 || k > of) throw UsageError(echo(s.path) + ": shard number " + std::to_string(k) + " is not in 1.." + std::to_string(of));
    if (seen[std::size_t(k)]++) throw UsageError(echo(s.path) + ": shard " + std::to_string(k) + "/" + std::to_string(of) + " is given twice");
  }
  for (int k = 1; k <= of; ++k)
    if (!seen[std::size_t(k)]) throw UsageError("shard " + std::to_string(k) + "/" + std::to_string(of) + " is missing");
  ConfigInput train_in, spec_in;
  if (!input_from_json(first.value("options", nlohmann::json()), &train_in) ||
      !input_from_json(first.value("sweep", nlohmann::json()), &spec_in))
    throw UsageError(echo(shards[0].path) + ":1: the header's options are malformed");
  const ConfigParse cfg = parse_train_config(train_in, Face::Cli);
  throw_if_bad(cfg.errors);
  const SweepSpecParse spec = parse_sweep_spec(spec_in, Face::Cli);
  throw_if_bad(spec.errors);
  const std::string err = Sweep::validate(cfg.config, spec.spec);
  if (!err.empty()) throw UsageError(err);
  Sweep sweep(cfg.config, spec.spec);
  std::vector<const SweepRun*> runs(std::size_t(sweep.total()), nullptr);
  for (const Shard& s : shards)
    for (const auto& [index, r] : s.runs) {
      if (index < 0 || index >= sweep.total() || index % of != s.header.value("shard", 0) - 1)
        throw UsageError(echo(s.path) + ": run " + std::to_string(index) + " does not belong to shard " +
                         std::to_string(s.header.value("shard", 0)) + "/" + std::to_string(of));
      if (runs[std::size_t(index)]) throw UsageError(echo(s.path) + ": run " + std::to_string(index) + " is given twice");
      runs[std::size_t(index)] = &r;
    }
  for (int k = 0; k < sweep.total(); ++k) {
    if (!runs[std::size_t(k)])
      throw UsageError("run " + std::to_string(k) + " (shard " + std::to_string(k % of + 1) + "/" + std::to_string(of) +
                       ") is missing: that shard stopped early");
    const std::string e = sweep.add(*runs[std::size_t(k)]);
    if (!e.empty()) throw UsageError("shard " + std::to_string(k % of + 1) + "/" + std::to_string(of) + ": " + e);
  }
  JsonWriter w;
  write_sweep(sweep, w);
  print_json(w.root(), 2);
  return 0;
}

}  // namespace

void register_sweep(CLI::App& app, Runner& run) {
  auto* cmd = app.add_subcommand("sweep", "accuracy vs sequence length T for several cells and seeds (fixed budget)");
  struct Args {
    TrainArgs train;
    std::map<std::string, std::string> text;
    std::map<std::string, CLI::Option*> options;
    bool quiet = false;
    int jobs = 1;
    std::string shard;
    std::vector<std::string> merge;
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
                       Opt{"eval", "--eval", "held-out sequences per run", std::to_string(def.eval)},
                       Opt{"testLengths", "--test-lengths",
                           "also evaluate every model on --eval held-out sequences at each of these T (generalisation)", ""}})
    a->options[o.key] = cmd->add_option(o.flag, a->text[o.key], o.help)->default_str(o.shown);
  cmd->add_flag("-q,--quiet", a->quiet, "no progress on stderr");
  cmd->add_option("--jobs", a->jobs, "threads, each training whole runs (the output is --jobs 1's)")->capture_default_str();
  cmd->add_option("--shard", a->shard, "K/N: only the K-th of N shares of the runs, as JSON lines (for --merge)");
  auto* merge_opt = cmd->add_option("--merge", a->merge, "shard files (--shard): the table the unsharded sweep prints");
  cmd->callback([a, merge_opt, &run] {
    run = [a, merge_opt] {
      if (a->jobs < 1 || a->jobs > kMaxJobs)
        throw UsageError("--jobs must be between 1 and " + std::to_string(kMaxJobs) + " (got " + std::to_string(a->jobs) + ")");
      ConfigInput in;
      for (const auto& [key, opt] : a->options)
        if (opt->count() > 0) in[key] = ConfigValue::of_text(a->text.at(key));
      if (merge_opt->count() > 0) {
        bool other = !in.empty() || !a->shard.empty();
        for (const auto& [key, opt] : a->train.options) other = other || opt->count() > 0;
        if (other) throw UsageError("--merge takes every setting from the shards' headers: give it no other option");
        return merge(a->merge);
      }
      const SweepSpecParse spec = parse_sweep_spec(in, Face::Cli);
      throw_if_bad(spec.errors);
      const TrainConfig base = finish_train_options(a->train).config;
      const std::string err = Sweep::validate(base, spec.spec);
      if (!err.empty()) throw UsageError(err);
      Sweep sweep(base, spec.spec);
      int k = 1, n = 1;
      if (!a->shard.empty()) parse_shard(a->shard, &k, &n);
      std::vector<int> todo;
      for (int i = k - 1; i < sweep.total(); i += n) todo.push_back(i);
      const std::vector<SweepRun> results = run_all(sweep, todo, a->jobs, a->quiet);
      if (!a->shard.empty()) {
        nlohmann::json header = {{"type", "header"},         {"format", kShardFormat},
                                 {"shard", k},               {"of", n},
                                 {"total", sweep.total()},   {"options", input_json(train_input(a->train))},
                                 {"sweep", input_json(in)}};
        std::cout << header.dump() << "\n";
        for (std::size_t i = 0; i < todo.size(); ++i) std::cout << run_json(todo[i], results[i]).dump() << "\n";
        std::cout << std::flush;
        return 0;
      }
      for (const SweepRun& r : results) {
        const std::string e = sweep.add(r);
        if (!e.empty()) throw std::logic_error(e);
      }
      JsonWriter w;
      write_sweep(sweep, w);
      print_json(w.root(), 2);
      return 0;
    };
  });
}

}  // namespace rnnlab::cli
