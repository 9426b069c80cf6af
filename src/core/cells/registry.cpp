// registry.cpp — the list of cells (one line each) and the lookups over it.
// The descriptors themselves live beside each cell's equations (rnn.cpp, ...).
#include "cell.hpp"

namespace rnnlab {

// The cells, each defined in its own cells/<name>.cpp.
const CellDescriptor& rnn_descriptor();
const CellDescriptor& lstm_descriptor();
const CellDescriptor& gru_descriptor();
const CellDescriptor& peephole_lstm_descriptor();

const std::vector<const CellDescriptor*>& cell_registry() {
  static const std::vector<const CellDescriptor*> cells = {
      &rnn_descriptor(),
      &lstm_descriptor(),
      &gru_descriptor(),
      &peephole_lstm_descriptor(),
  };
  return cells;
}

const CellDescriptor& describe(CellKind kind) {
  for (const CellDescriptor* d : cell_registry())
    if (d->kind == kind) return *d;
  return *cell_registry().front();  // unreachable: every CellKind has an entry
}

const CellDescriptor* find_cell(const std::string& name) {
  for (const CellDescriptor* d : cell_registry())
    if (d->name == name) return d;
  return nullptr;
}

std::string cell_names_sentence() {
  const auto& cells = cell_registry();
  std::string s;
  for (std::size_t i = 0; i < cells.size(); ++i)
    s += (i == 0 ? "" : i + 1 == cells.size() ? " or " : ", ") + cells[i]->name;
  return s;
}

std::string bptt_latex(const CellDescriptor& d) {
  const std::string& W = d.recurrent_symbol;
  const std::string& s = d.recurrent_source;
  return "\\frac{\\partial L(T)}{\\partial " + W + "} = \\sum_{i=1}^{T} \\underbrace{\\frac{\\partial L(T)}{\\partial " + s +
         "(T)} \\Big(\\prod_{j=i+1}^{T} \\frac{\\partial " + s + "(j)}{\\partial " + s +
         "(j-1)}\\Big) \\frac{\\partial^{+} " + s + "(i)}{\\partial " + W + "}}_{\\text{term}(i)}";
}

const char* activation_name(Activation a) { return a == Activation::Tanh ? "tanh" : "sigmoid"; }

int CellDescriptor::tensor_index(TensorRole role) const {
  for (std::size_t i = 0; i < tensors.size(); ++i)
    if (tensors[i].role == role) return int(i);
  return -1;
}

template <>
std::unique_ptr<Cell<float>> make_cell<float>(CellKind kind, int H) {
  return describe(kind).make_float(H);
}
template <>
std::unique_ptr<Cell<double>> make_cell<double>(CellKind kind, int H) {
  return describe(kind).make_double(H);
}

}  // namespace rnnlab
