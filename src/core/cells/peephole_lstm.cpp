// peephole_lstm.cpp — the peephole LSTM's descriptor and factory; the
// equations and the code live in peephole_lstm.hpp. Instantiated for float
// and double in its own translation unit (the cells compile in parallel).
#include "peephole_lstm.hpp"

namespace rnnlab {

const CellDescriptor& peephole_lstm_descriptor() {
  static const CellDescriptor d = [] {
    CellDescriptor c;
    c.kind = CellKind::PeepholeLstm;
    c.name = "peephole_lstm";
    c.title = "Peephole LSTM";
    c.short_title = "Peephole";
    c.long_title = "peephole LSTM";
    c.pytorch_module = "";  // no PyTorch twin
    c.gate_blocks = 4;
    // g reads only the input (no recurrence) and is a sigmoid, as in the course assignment.
    c.gates = {{"i", "input gate", Activation::Sigmoid},
               {"f", "forget gate", Activation::Sigmoid},
               {"g", "input modulation", Activation::Sigmoid},
               {"o", "output gate", Activation::Sigmoid}};
    c.has_cell_state = true;
    c.state_blocks = 1;  // s = c: the gates read c(t-1) only
    c.state_symbol = "c";
    c.recurrent_symbol = "W_{ch}";
    c.recurrent_source = "c";
    c.tensors = {{"weight_ih", TensorRole::InputWeight, 4, Dim::In},
                 {"weight_ch", TensorRole::RecurrentWeight, 3, Dim::Hidden},
                 {"bias", TensorRole::Bias, 4, Dim::One}};
    c.pytorch_extra_bias_blocks = 4;  // counted in PyTorch's two-bias convention
    c.formula = {{4, {{Dim::Hidden, Dim::In}, {Dim::Hidden, Dim::One}}}, {3, {{Dim::Hidden, Dim::Hidden}}}};
    c.equations_text =
        "i = sigmoid(W_ix x + W_ih c(t-1) + b_i)  f = sigmoid(W_fx x + W_fh c(t-1) + b_f)\n"
        "g = sigmoid(W_cx x + b_c)  o = sigmoid(W_ox x + W_oh c(t-1) + b_o)\n"
        "c(t) = g*i + c(t-1)*f\nh(t) = tanh(c(t))*o";
    c.make_float = &make_cell_as<PeepholeLstmCell, float>;
    c.make_double = &make_cell_as<PeepholeLstmCell, double>;
    return c;
  }();
  return d;
}

}  // namespace rnnlab
