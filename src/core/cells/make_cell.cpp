// make_cell.cpp — the one place that maps a CellKind to its implementation.
// Each cell is instantiated in its own .cpp (rnn.cpp, lstm.cpp, ...).
#include "cell.hpp"

namespace rnnlab {

template <class S> std::unique_ptr<Cell<S>> make_rnn_cell(int H);
template <class S> std::unique_ptr<Cell<S>> make_lstm_cell(int H);
template <class S> std::unique_ptr<Cell<S>> make_gru_cell(int H);
template <class S> std::unique_ptr<Cell<S>> make_peephole_lstm_cell(int H);

template <class S>
std::unique_ptr<Cell<S>> make_cell(CellKind kind, int H) {
  switch (kind) {
    case CellKind::Rnn: return make_rnn_cell<S>(H);
    case CellKind::Lstm: return make_lstm_cell<S>(H);
    case CellKind::Gru: return make_gru_cell<S>(H);
    case CellKind::PeepholeLstm: return make_peephole_lstm_cell<S>(H);
  }
  return nullptr;
}

template std::unique_ptr<Cell<float>> make_cell<float>(CellKind, int);
template std::unique_ptr<Cell<double>> make_cell<double>(CellKind, int);

}  // namespace rnnlab
