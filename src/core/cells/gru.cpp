// gru.cpp — the GRU's descriptor and factory; the equations and the code
// live in gru.hpp. Instantiated for float and double in its own
// translation unit (the cells compile in parallel).
#include "gru.hpp"

namespace rnnlab {

const CellDescriptor& gru_descriptor() {
  static const CellDescriptor d = [] {
    CellDescriptor c;
    c.kind = CellKind::Gru;
    c.name = "gru";
    c.title = "GRU";
    c.short_title = "GRU";
    c.long_title = "GRU";
    c.pytorch_module = "torch.nn.GRU";
    c.gate_blocks = 3;
    c.gates = {{"r", "reset gate", Activation::Sigmoid},
               {"z", "update gate", Activation::Sigmoid},
               {"n", "new state", Activation::Tanh}};
    c.has_cell_state = false;
    c.state_blocks = 1;
    c.state_symbol = "h";
    c.recurrent_symbol = "W_{hh}";
    c.recurrent_source = "h";
    c.tensors = {{"weight_ih", TensorRole::InputWeight, 3, Dim::In},
                 {"weight_hh", TensorRole::RecurrentWeight, 3, Dim::Hidden},
                 {"bias", TensorRole::Bias, 3, Dim::One},
                 {"bias_hn", TensorRole::HiddenBiasN, 1, Dim::One}};
    // PyTorch's bias_ih and bias_hh are 6H; the engine keeps 3H + H (b_hn).
    c.pytorch_extra_bias_blocks = 2;
    c.formula = {{3, {{Dim::Hidden, Dim::In}, {Dim::Hidden, Dim::Hidden}, {Dim::Hidden, Dim::One}}},
                 {1, {{Dim::Hidden, Dim::One}}}};
    c.equations_text =
        "r = sigmoid(a_r)  z = sigmoid(a_z),  a = W_ih x(t) + W_hh h(t-1) + b\n"
        "n = tanh(W_in x(t) + b_n + r*(W_hn h(t-1) + b_hn))\nh(t) = (1-z)*n + z*h(t-1)";
    c.make_float = &make_cell_as<GruCell, float>;
    c.make_double = &make_cell_as<GruCell, double>;
    return c;
  }();
  return d;
}

}  // namespace rnnlab
