// peephole_lstm.cpp — instantiates PeepholeLstmCell for float and double in its own translation
// unit (the cells compile in parallel); the equations live in peephole_lstm.hpp.
#include "peephole_lstm.hpp"

namespace rnnlab {

template <class S>
std::unique_ptr<Cell<S>> make_peephole_lstm_cell(int H) {
  return std::make_unique<PeepholeLstmCell<S>>(H);
}

template std::unique_ptr<Cell<float>> make_peephole_lstm_cell<float>(int);
template std::unique_ptr<Cell<double>> make_peephole_lstm_cell<double>(int);

}  // namespace rnnlab
