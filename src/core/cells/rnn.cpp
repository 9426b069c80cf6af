// rnn.cpp — the vanilla RNN's descriptor and factory; the equations and the
// code live in rnn.hpp. Instantiated for float and double in its own
// translation unit (the cells compile in parallel).
#include "rnn.hpp"

namespace rnnlab {

const CellDescriptor& rnn_descriptor() {
  static const CellDescriptor d = [] {
    CellDescriptor c;
    c.kind = CellKind::Rnn;
    c.name = "rnn";
    c.title = "RNN";
    c.short_title = "RNN";
    c.long_title = "vanilla RNN (tanh)";
    c.pytorch_module = "torch.nn.RNN";
    c.gate_blocks = 1;
    c.has_cell_state = false;
    c.state_blocks = 1;
    c.state_symbol = "h";
    c.recurrent_symbol = "W_{hh}";
    c.recurrent_source = "h";
    c.tensors = {{"weight_ih", TensorRole::InputWeight, 1, Dim::In},
                 {"weight_hh", TensorRole::RecurrentWeight, 1, Dim::Hidden},
                 {"bias", TensorRole::Bias, 1, Dim::One}};
    c.pytorch_extra_bias_blocks = 1;
    c.formula = {{1, {{Dim::Hidden, Dim::In}, {Dim::Hidden, Dim::Hidden}, {Dim::Hidden, Dim::One}}}};
    c.equations_text = "a(t) = W_ih x(t) + W_hh h(t-1) + b\nh(t) = tanh(a(t))";
    c.make_float = &make_cell_as<RnnCell, float>;
    c.make_double = &make_cell_as<RnnCell, double>;
    return c;
  }();
  return d;
}

}  // namespace rnnlab
