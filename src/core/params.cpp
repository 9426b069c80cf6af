// params.cpp — the parameter layout of each cell, from its descriptor
// (cells/descriptor.hpp; see params.hpp for the names).
#include "params.hpp"

#include "cells/descriptor.hpp"

namespace rnnlab {

std::vector<TensorSpec> param_layout(const ModelConfig& cfg, ParamIndex* index) {
  const int H = cfg.hidden_size, N = cfg.input_size();
  const int C = cfg.num_classes;
  ParamIndex idx;
  std::vector<TensorSpec> specs;
  auto add = [&](const std::string& name, int rows, int cols, bool is_vector) {
    TensorSpec s;
    s.name = name;
    s.rows = rows;
    s.cols = cols;
    s.is_vector = is_vector;
    specs.push_back(s);
    return int(specs.size()) - 1;
  };
  if (cfg.embedding_dim > 0) idx.embedding = add("embedding.weight", cfg.vocab_size, cfg.embedding_dim, false);
  const CellDescriptor& desc = describe(cfg.cell);
  for (int k = 0; k < cfg.num_layers; ++k) {
    LayerIndex li;
    for (const TensorRule& r : desc.tensors) {
      const std::string name = "rnn." + r.name + "_l" + std::to_string(k);
      const int in = k == 0 ? N : H;  // layer k >= 1 reads h of layer k-1
      const int cols = r.cols == Dim::In ? in : r.cols == Dim::Hidden ? H : 1;
      const int i = add(name.c_str(), r.row_blocks * H, cols, r.cols == Dim::One);
      switch (r.role) {
        case TensorRole::InputWeight: li.w_ih = i; break;
        case TensorRole::RecurrentWeight: li.w_rec = i; break;
        case TensorRole::Bias: li.bias = i; break;
        case TensorRole::HiddenBiasN: li.bias_hn = i; break;
      }
    }
    idx.layers.push_back(li);
  }
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
