// lstm.cpp — the LSTM's descriptor and factory; the equations and the code
// live in lstm.hpp. Instantiated for float and double in its own
// translation unit (the cells compile in parallel).
#include "lstm.hpp"

namespace rnnlab {

const CellDescriptor& lstm_descriptor() {
  static const CellDescriptor d = [] {
    CellDescriptor c;
    c.kind = CellKind::Lstm;
    c.name = "lstm";
    c.title = "LSTM";
    c.short_title = "LSTM";
    c.long_title = "LSTM";
    c.pytorch_module = "torch.nn.LSTM";
    c.gate_blocks = 4;
    c.gates = {{"i", "input gate", Activation::Sigmoid},
               {"f", "forget gate", Activation::Sigmoid},
               {"g", "input modulation", Activation::Tanh},
               {"o", "output gate", Activation::Sigmoid}};
    c.has_cell_state = true;
    c.state_blocks = 2;
    c.state_symbol = "[h; c]";
    c.recurrent_symbol = "W_{hh}";
    c.recurrent_source = "h";
    c.tensors = {{"weight_ih", TensorRole::InputWeight, 4, Dim::In},
                 {"weight_hh", TensorRole::RecurrentWeight, 4, Dim::Hidden},
                 {"bias", TensorRole::Bias, 4, Dim::One}};
    c.pytorch_extra_bias_blocks = 4;
    c.formula = {{4, {{Dim::Hidden, Dim::In}, {Dim::Hidden, Dim::Hidden}, {Dim::Hidden, Dim::One}}}};
    c.equations_text =
        "i = sigmoid(a_i)  f = sigmoid(a_f)  g = tanh(a_g)  o = sigmoid(a_o),  a = W_ih x(t) + W_hh h(t-1) + b\n"
        "c(t) = g*i + c(t-1)*f\nh(t) = tanh(c(t))*o";
    c.make_float = &make_cell_as<LstmCell, float>;
    c.make_double = &make_cell_as<LstmCell, double>;
    return c;
  }();
  return d;
}

}  // namespace rnnlab
