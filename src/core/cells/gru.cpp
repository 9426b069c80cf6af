// gru.cpp — instantiates GruCell for float and double in its own translation
// unit (the cells compile in parallel); the equations live in gru.hpp.
#include "gru.hpp"

namespace rnnlab {

template <class S>
std::unique_ptr<Cell<S>> make_gru_cell(int H) {
  return std::make_unique<GruCell<S>>(H);
}

template std::unique_ptr<Cell<float>> make_gru_cell<float>(int);
template std::unique_ptr<Cell<double>> make_gru_cell<double>(int);

}  // namespace rnnlab
