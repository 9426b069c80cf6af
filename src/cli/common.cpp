// common.cpp — see common.hpp.
#include "common.hpp"

#include <fstream>
#include <sstream>

namespace rnnlab::cli {

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw UsageError(path + ": cannot open file");
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) throw UsageError(path + ": cannot read file");
  return ss.str();
}

void add_train_options(CLI::App* app, TrainArgs& a) {
  TrainConfig& c = a.cfg;
  app->add_option("--task", c.task, "toy task (see 'rnnlab tasks')")->capture_default_str();
  app->add_option("--cell", a.cell, "rnn | lstm | gru | peephole_lstm")->capture_default_str();
  app->add_option("-T,--T", c.T, "sequence length: tokens the network reads")->capture_default_str();
  app->add_option("--hidden", c.hidden, "hidden size H")->capture_default_str();
  app->add_option("--embed", c.embed, "embedding size E (0 = one-hot input)")->capture_default_str();
  app->add_option("--batch", c.batch, "batch size B")->capture_default_str();
  app->add_option("--optimizer", a.optimizer, "sgd | rmsprop | adam")->capture_default_str();
  app->add_option("--lr", c.optim.lr, "learning rate")->capture_default_str();
  app->add_option("--momentum", c.optim.momentum, "momentum (sgd, rmsprop)")->capture_default_str();
  app->add_flag("--nesterov", c.optim.nesterov, "Nesterov momentum (sgd)");
  app->add_option("--clip", c.clip, "max global gradient norm (0 = off)")->capture_default_str();
  app->add_option("--seed", c.seed, "seed of data and initialisation")->capture_default_str();
  app->add_option("--init", a.init, "pytorch | xavier | orthogonal")->capture_default_str();
  app->add_option("--forget-bias", c.init.forget_bias, "added to the forget-gate bias (lstm, peephole_lstm)")
      ->capture_default_str();
  app->add_option("--gain", c.init.recurrent_gain, "multiplies the recurrent weights after initialisation")
      ->capture_default_str();
}

TrainConfig finish_train_options(TrainArgs& a) {
  TrainConfig c = a.cfg;
  if (!parse_cell(a.cell, &c.cell)) throw UsageError("--cell must be rnn, lstm, gru or peephole_lstm (got '" + a.cell + "')");
  if (!parse_optim(a.optimizer, &c.optim.kind))
    throw UsageError("--optimizer must be sgd, rmsprop or adam (got '" + a.optimizer + "')");
  if (!parse_init(a.init, &c.init.kind)) throw UsageError("--init must be pytorch, xavier or orthogonal (got '" + a.init + "')");
  const std::string err = validate(c);
  if (!err.empty()) throw UsageError(err);
  return c;
}

nlohmann::json diagnostics_json(const Diagnostics& d) {
  nlohmann::json j;
  j["dh_norms"] = d.dh_norms;
  if (!d.dc_norms.empty()) j["dc_norms"] = d.dc_norms;
  if (!d.bptt_terms.empty()) j["bptt_terms"] = d.bptt_terms;
  nlohmann::json norms = nlohmann::json::object();
  for (const auto& t : d.grad_norms) norms[t.name] = t.norm;
  j["grad_norms"] = norms;
  j["grad_norm"] = d.grad_norm;
  j["grad_norm_clipped"] = d.grad_norm_clipped;
  if (!d.gates.empty()) {
    nlohmann::json gates = nlohmann::json::object();
    for (const auto& g : d.gates)
      gates[g.name] = {{"mean", g.mean}, {"frac_low", g.frac_low}, {"frac_high", g.frac_high}};
    j["gates"] = gates;
  }
  if (!d.cell_norms.empty()) j["cell_norms"] = d.cell_norms;
  if (!d.jacobian_norms.empty()) {
    j["jacobian_norms"] = d.jacobian_norms;
    j["jacobian_product_norms"] = d.jacobian_product_norms;
  }
  return j;
}

}  // namespace rnnlab::cli
