// common.cpp — see common.hpp.
#include "common.hpp"

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "core/echo.hpp"
#include "core/limits.hpp"

namespace rnnlab::cli {

void check_writable(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) throw UsageError(echo(path) + ": is a directory, not a file");
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::app);
    if (!out) throw UsageError(echo(path) + ": cannot write here (" + echo(tmp) + " cannot be created)");
  }
  std::filesystem::remove(tmp, ec);
}

void write_file(const std::string& path, const std::string& text) {
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << text << '\n';
    out.flush();
    if (!out) throw UsageError(echo(path) + ": cannot write the file");
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) throw UsageError(echo(path) + ": cannot write the file (" + ec.message() + ")");
}

std::string read_file(const std::string& path, std::uint64_t max_bytes) {
  // Only a regular file of bounded size: a directory would read as empty
  // text, and a FIFO or device could block or never end.
  std::error_code ec;
  const auto st = std::filesystem::status(path, ec);
  if (ec || !std::filesystem::exists(st)) throw UsageError(echo(path) + ": cannot open file (no such file)");
  if (std::filesystem::is_directory(st)) throw UsageError(echo(path) + ": is a directory, not a file");
  if (!std::filesystem::is_regular_file(st)) throw UsageError(echo(path) + ": is not a regular file");
  const std::uintmax_t size = std::filesystem::file_size(path, ec);
  if (!ec && size > max_bytes)
    throw UsageError(echo(path) + ": the file is " + std::to_string(size) + " bytes, over the limit of " +
                     std::to_string(max_bytes) + " (" + mib_text(max_bytes) + ")");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw UsageError(echo(path) + ": cannot open file");
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) throw UsageError(echo(path) + ": cannot read file");
  return ss.str();
}

// Keys the commands set through their own flags rather than as text options.
static bool is_command_flag(const std::string& key) {
  return key == "nesterov" || key == "bpttTerms" || key == "gates" || key == "jacobians" || key == "units" || key == "precision";
}

void add_train_options(CLI::App* app, TrainArgs& a) {
  for (const ConfigKey& k : config_keys()) {
    if (is_command_flag(k.key) || k.cli_option.empty()) continue;
    auto def = a.defaults.find(k.key);
    std::string shown = def != a.defaults.end() ? def->second.text : k.default_text;
    auto* opt = app->add_option(k.cli_option, a.text[k.key], k.help);
    opt->type_name(k.type == "integer" ? "INT" : k.type == "number" ? "FLOAT" : "TEXT");
    if (!shown.empty()) opt->default_str(shown);
    a.options[k.key] = opt;
  }
  app->add_flag("--nesterov", a.nesterov, "Nesterov momentum (sgd)");
}

ConfigInput train_input(const TrainArgs& a) {
  ConfigInput in = a.defaults;
  for (const auto& [key, opt] : a.options)
    if (opt->count() > 0) in[key] = ConfigValue::of_text(a.text.at(key));
  // --text and --sequences name files; the core's keys hold their text.
  if (auto it = in.find("text"); it != in.end() && it->second.kind == ConfigValue::Text)
    it->second.text = read_file(it->second.text, kMaxTextBytes);
  if (auto it = in.find("sequences"); it != in.end() && it->second.kind == ConfigValue::Text)
    it->second.text = read_file(it->second.text, kMaxSequencesBytes);
  if (a.nesterov) in["nesterov"] = ConfigValue::of_bool(true);
  for (const auto& [key, v] : a.extra) in[key] = v;
  return in;
}

void throw_if_bad(const std::vector<ConfigIssue>& errors) {
  if (errors.empty()) return;
  std::string msg;
  for (const ConfigIssue& e : errors) msg += (msg.empty() ? "" : "; ") + e.message;
  throw UsageError(msg);
}

ConfigParse finish_train_options(const TrainArgs& a) {
  ConfigParse p = parse_train_config(train_input(a), Face::Cli);
  // A bad text or sequences file is the file's: name it.
  for (ConfigIssue& e : p.errors)
    for (const char* file_key : {"text", "sequences"})
      if (e.key == file_key && a.options.count(file_key) && a.options.at(file_key)->count() > 0)
        e.message = echo(a.text.at(file_key)) + ": " + e.message;
  throw_if_bad(p.errors);
  return p;
}

void throw_op_error(const OpError& e, const std::string& state_path, const std::string& batch_path) {
  const std::string& file = e.input == "state" ? state_path : e.input == "batch" ? batch_path : "";
  throw UsageError(file.empty() ? e.message : file + ": " + e.message);
}

void print_json(const nlohmann::json& j, int indent) {
  const std::string text = j.dump(indent);
  std::cout << text << "\n";
}

}  // namespace rnnlab::cli
