// lstm.cpp — instantiates LstmCell for float and double in its own translation
// unit (the cells compile in parallel); the equations live in lstm.hpp.
#include "lstm.hpp"

namespace rnnlab {

template <class S>
std::unique_ptr<Cell<S>> make_lstm_cell(int H) {
  return std::make_unique<LstmCell<S>>(H);
}

template std::unique_ptr<Cell<float>> make_lstm_cell<float>(int);
template std::unique_ptr<Cell<double>> make_lstm_cell<double>(int);

}  // namespace rnnlab
