// descriptor.hpp — what a cell IS, in one place: its name and title, its
// gates and their activations, whether it has a cell state, the size of its
// recurrent state, its tensors per layer, the PyTorch module it matches, its
// parameter-count formula and its BPTT equation. Everything that asks "what
// is this cell?" (params, param_count, state_json, trainer, gate traces, the
// CLI's `rnnlab cells`, the JS API's cells(), the page) reads this.
//
// Each cell's .cpp file defines its descriptor next to its factory (its
// .hpp declares it); cells/registry.cpp lists them. Adding a cell = one new
// cells/<name>.{hpp,cpp}, its lines in registry.cpp, its CellKind value in
// model_config.hpp and its .cpp in CMakeLists.txt (docs/extending.md).
// Does no I/O.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "../model_config.hpp"

namespace rnnlab {

template <class S>
class Cell;

enum class Activation { Sigmoid, Tanh };
const char* activation_name(Activation a);  // "sigmoid", "tanh"

struct GateInfo {
  std::string name;   // "i", "f", "g", "o", "r", "z", "n": the block's letter in the notes
  std::string title;  // "input gate", ...
  Activation activation = Activation::Sigmoid;
  // Saturation thresholds for the gate traces: sigmoid 0.05 / 0.95, tanh -0.95 / 0.95.
  double low() const { return activation == Activation::Tanh ? -0.95 : 0.05; }
  double high() const { return 0.95; }
};

// A dimension of a tensor, as a multiple of H or one of the model's sizes.
enum class Dim { In, Hidden, One };

// The role a per-layer tensor plays (the model and the initialiser look tensors up by role).
enum class TensorRole { InputWeight, RecurrentWeight, Bias, HiddenBiasN };

struct TensorRule {
  std::string name;     // engine name without prefix and layer suffix: "weight_ih" -> rnn.weight_ih_l0
  TensorRole role;
  int row_blocks = 1;   // rows = row_blocks * H
  Dim cols = Dim::One;  // One: a vector of rows entries
};

// One term of the parameter formula: coef * (sum of monomials), each monomial
// the product of two sizes (Dim::One as the second factor means just N_h).
struct FormulaGroup {
  int coef = 1;
  std::vector<std::pair<Dim, Dim>> monomials;
};

struct CellDescriptor {
  CellKind kind = CellKind::Rnn;
  std::string name;            // "lstm": the config and URL value
  std::string title;           // "LSTM": for labels
  std::string short_title;     // "Peephole": where space is tight (segmented buttons, legends)
  std::string long_title;      // "long short-term memory (LSTM)"
  std::string pytorch_module;  // "torch.nn.LSTM", or "" when PyTorch has no twin
  int gate_blocks = 1;         // G: blocks of the input projection W_ih (G*H rows)
  std::vector<GateInfo> gates; // in block order; empty for the vanilla RNN
  bool has_cell_state = false; // c(t) separate from h(t)
  int state_blocks = 1;        // the recurrent state s(t) has state_blocks * H entries
  std::string state_symbol;    // "h", "[h; c]", "c": what s(t) is
  std::string recurrent_symbol;  // "W_{hh}" or "W_{ch}" (LaTeX)
  std::string recurrent_source;  // "h" or "c": what the recurrent weight multiplies
  std::vector<TensorRule> tensors;  // per layer, in layout order
  // PyTorch's convention has this many more bias entries per H (two biases per gate).
  int pytorch_extra_bias_blocks = 0;
  std::vector<FormulaGroup> formula;  // recurrent part; the head and the embedding are added by param_count
  std::string equations_text;     // one line per equation, plain text

  std::unique_ptr<Cell<float>> (*make_float)(int H) = nullptr;
  std::unique_ptr<Cell<double>> (*make_double)(int H) = nullptr;

  // Index of the tensor with this role in `tensors`, or -1.
  int tensor_index(TensorRole role) const;
  int state_size(int H) const { return state_blocks * H; }
};

// Every cell, in the order they are listed (cells/registry.cpp).
const std::vector<const CellDescriptor*>& cell_registry();
// The descriptor of a kind (always exists).
const CellDescriptor& describe(CellKind kind);
// The descriptor of a name, or nullptr.
const CellDescriptor* find_cell(const std::string& name);
// "rnn, lstm, gru or peephole_lstm", for messages.
std::string cell_names_sentence();
// dL(T)/dW_rec as the course notes' sum over time of term(i), in LaTeX.
std::string bptt_latex(const CellDescriptor& d);

}  // namespace rnnlab
