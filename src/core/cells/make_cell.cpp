// make_cell.cpp — the one place that maps a CellKind to its implementation.
#include "gru.hpp"
#include "lstm.hpp"
#include "peephole_lstm.hpp"
#include "rnn.hpp"

namespace rnnlab {

template <class S>
std::unique_ptr<Cell<S>> make_cell(CellKind kind, int H) {
  switch (kind) {
    case CellKind::Rnn: return std::make_unique<RnnCell<S>>(H);
    case CellKind::Lstm: return std::make_unique<LstmCell<S>>(H);
    case CellKind::Gru: return std::make_unique<GruCell<S>>(H);
    case CellKind::PeepholeLstm: return std::make_unique<PeepholeLstmCell<S>>(H);
  }
  return nullptr;
}

template std::unique_ptr<Cell<float>> make_cell<float>(CellKind, int);
template std::unique_ptr<Cell<double>> make_cell<double>(CellKind, int);

}  // namespace rnnlab
