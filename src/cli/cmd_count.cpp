// cmd_count.cpp — `rnnlab count`: the parameter count of a model, summed over
// the engine's tensors, from the formula, and in PyTorch's convention.
#include <iostream>

#include "common.hpp"
#include "core/param_count.hpp"

namespace rnnlab::cli {

namespace {
struct CountArgs {
  std::string cell = "lstm", task;
  int vocab = 0, classes = 0, T = 20, hidden = 64, embed = 0;
  bool text = false;
};
}  // namespace

void register_count(CLI::App& app, Runner& run) {
  auto* cmd = app.add_subcommand("count", "parameter count and formula of a model");
  auto a = std::make_shared<CountArgs>();
  cmd->add_option("--cell", a->cell, "the recurrent cell (see 'rnnlab cells')")->capture_default_str();
  cmd->add_option("--task", a->task, "take V and C from this task at length T (default binary_palindrome)");
  cmd->add_option("-T,--T", a->T, "sequence length (for tasks whose sizes depend on it)")->capture_default_str();
  cmd->add_option("--vocab", a->vocab, "vocabulary size V (instead of --task)");
  cmd->add_option("--classes", a->classes, "number of classes C (instead of --task)");
  cmd->add_option("--hidden", a->hidden, "hidden size H")->capture_default_str();
  cmd->add_option("--embed", a->embed, "embedding size E (0 = one-hot)")->capture_default_str();
  cmd->add_flag("--text", a->text, "print the formula as one line of text instead of JSON");
  cmd->callback([a, &run] {
    run = [a] {
      ModelConfig cfg;
      if (!parse_cell(a->cell, &cfg.cell)) throw UsageError("--cell must be " + cell_names_sentence() + " (got '" + a->cell + "')");
      if (a->vocab > 0 || a->classes > 0) {
        if (!a->task.empty()) throw UsageError("give either --task or --vocab and --classes, not both");
        if (a->vocab <= 0 || a->classes <= 0) throw UsageError("--vocab and --classes go together, both positive");
        cfg.vocab_size = a->vocab;
        cfg.num_classes = a->classes;
      } else {
        const std::string task = a->task.empty() ? "binary_palindrome" : a->task;
        const std::string err = validate_task_args(task, a->T, 1);
        if (!err.empty()) throw UsageError(err);
        cfg.vocab_size = find_task(task)->vocab_size(a->T);
        cfg.num_classes = find_task(task)->num_classes(a->T);
      }
      cfg.hidden_size = a->hidden;
      cfg.embedding_dim = a->embed;
      const std::string err = validate(cfg);
      if (!err.empty()) throw UsageError(err);
      const ParamCount pc = count_params(cfg);
      if (a->text) {
        std::cout << pc.formula_text << "\n";
        return 0;
      }
      nlohmann::json j;
      j["cell"] = cell_name(cfg.cell);
      j["total"] = pc.total;
      j["formula_total"] = pc.formula_total;
      j["pytorch_total"] = pc.pytorch_total;
      j["input_size"] = pc.input_size;
      j["hidden_size"] = pc.hidden_size;
      j["output_size"] = pc.output_size;
      j["embedding"] = pc.embedding;
      nlohmann::json tensors = nlohmann::json::array();
      for (const auto& t : pc.tensors) tensors.push_back({{"name", t.name}, {"shape", t.shape}, {"count", t.count}});
      j["tensors"] = tensors;
      j["formula_latex"] = pc.formula_latex;
      j["substituted_latex"] = pc.substituted_latex;
      j["formula_text"] = pc.formula_text;
      const std::string text = j.dump(2);
      std::cout << text << "\n";
      return 0;
    };
  });
}

}  // namespace rnnlab::cli
