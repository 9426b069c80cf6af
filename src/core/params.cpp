// params.cpp — the parameter layout of each cell (see params.hpp for names).
#include "params.hpp"

namespace rnnlab {

std::vector<TensorSpec> param_layout(const ModelConfig& cfg, ParamIndex* index) {
  const int H = cfg.hidden_size, G = cell_gates(cfg.cell), N = cfg.input_size();
  const int C = cfg.num_classes;
  ParamIndex idx;
  std::vector<TensorSpec> specs;
  auto add = [&](const char* name, int rows, int cols, bool is_vector) {
    TensorSpec s;
    s.name = name;
    s.rows = rows;
    s.cols = cols;
    s.is_vector = is_vector;
    specs.push_back(s);
    return int(specs.size()) - 1;
  };
  if (cfg.embedding_dim > 0) idx.embedding = add("embedding.weight", cfg.vocab_size, cfg.embedding_dim, false);
  idx.w_ih = add("rnn.weight_ih_l0", G * H, N, false);
  if (cfg.cell == CellKind::PeepholeLstm)
    idx.w_rec = add("rnn.weight_ch_l0", 3 * H, H, false);
  else
    idx.w_rec = add("rnn.weight_hh_l0", G * H, H, false);
  idx.bias = add("rnn.bias_l0", G * H, 1, true);
  if (cfg.cell == CellKind::Gru) idx.bias_hn = add("rnn.bias_hn_l0", H, 1, true);
  idx.head_w = add("head.weight", C, H, false);
  idx.head_b = add("head.bias", C, 1, true);
  std::size_t off = 0;
  for (auto& s : specs) {
    s.offset = off;
    off += s.size();
  }
  if (index) *index = idx;
  return specs;
}

}  // namespace rnnlab
