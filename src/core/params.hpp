// params.hpp — all parameters of a model in one flat buffer, with named views.
//
// The optimizer, clipping, norms, the gradient check, serialization and the
// wasm export each loop once over `data`; the model reads named views.
// A second ParamSet with the same layout holds the gradients: backward ADDS
// into it, and the trainer zeroes it once per step (ParamSet::zero()).
//
// Engine tensor names (one bias per gate, as in the course notes):
//   embedding.weight  [V, E]    only when E > 0
//   rnn.weight_ih_lK  [G*H, N]  gate blocks in PyTorch order (lstm i,f,g,o; gru r,z,n);
//                               N = H for layers K >= 1 (they read the layer below)
//   rnn.weight_hh_lK  [G*H, H]  rnn, lstm, gru
//   rnn.weight_ch_lK  [3*H, H]  peephole_lstm only: gates i,f,o read c(t-1)
//   rnn.bias_lK       [G*H]     one bias per gate (PyTorch's bias_ih + bias_hh)
//   rnn.bias_hn_lK    [H]       gru only: PyTorch's separate hidden bias of n
// for each layer K = 0 .. num_layers-1, layer 0's four first, then layer 1's, ...
//   head.weight       [C, H]
//   head.bias         [C]
// state_json.cpp maps these to and from PyTorch's state_dict names.
#pragma once
#include <string>
#include <vector>

#include "model_config.hpp"
#include "tensor.hpp"

namespace rnnlab {

struct TensorSpec {
  std::string name;
  int rows = 0;               // first dimension
  int cols = 1;               // second dimension (1 for a vector)
  bool is_vector = false;     // shape [rows] rather than [rows, cols]
  std::size_t offset = 0;     // into the flat buffer
  std::size_t size() const { return std::size_t(rows) * std::size_t(cols); }
};

// Positions of each tensor in the layout (-1 when the model has none).
struct LayerIndex {
  int w_ih = -1, w_rec = -1, bias = -1, bias_hn = -1;
};
struct ParamIndex {
  int embedding = -1, head_w = -1, head_b = -1;
  std::vector<LayerIndex> layers;  // one per recurrent layer, layer 0 first
};

// The layout of a (validated) config: specs with offsets, in the order above.
std::vector<TensorSpec> param_layout(const ModelConfig& cfg, ParamIndex* index = nullptr);

template <class S>
struct ParamSet {
  std::vector<TensorSpec> specs;
  ParamIndex index;
  AlignedVector<S> data;  // aligned: see tensor.hpp

  ParamSet() = default;
  explicit ParamSet(const ModelConfig& cfg) {
    specs = param_layout(cfg, &index);
    std::size_t n = 0;
    for (const auto& s : specs) n += s.size();
    data.assign(n, S(0));
  }

  std::size_t size() const { return data.size(); }
  void zero() { std::fill(data.begin(), data.end(), S(0)); }

  MatMap<S> mat(int i) { return MatMap<S>(data.data() + specs[i].offset, specs[i].rows, specs[i].cols); }
  CMatMap<S> mat(int i) const {
    return CMatMap<S>(data.data() + specs[i].offset, specs[i].rows, specs[i].cols);
  }
  // A [rows]-vector viewed as a row vector.
  VecMap<S> vec(int i) { return VecMap<S>(data.data() + specs[i].offset, specs[i].rows); }
  CVecMap<S> vec(int i) const { return CVecMap<S>(data.data() + specs[i].offset, specs[i].rows); }

  int find(const std::string& name) const {
    for (std::size_t i = 0; i < specs.size(); ++i)
      if (specs[i].name == name) return int(i);
    return -1;
  }
};

}  // namespace rnnlab
