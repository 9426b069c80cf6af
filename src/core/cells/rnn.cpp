// rnn.cpp — instantiates RnnCell for float and double in its own translation
// unit (the cells compile in parallel); the equations live in rnn.hpp.
#include "rnn.hpp"

namespace rnnlab {

template <class S>
std::unique_ptr<Cell<S>> make_rnn_cell(int H) {
  return std::make_unique<RnnCell<S>>(H);
}

template std::unique_ptr<Cell<float>> make_rnn_cell<float>(int);
template std::unique_ptr<Cell<double>> make_rnn_cell<double>(int);

}  // namespace rnnlab
