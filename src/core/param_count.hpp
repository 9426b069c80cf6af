// param_count.hpp — the number of parameters of a model, three ways:
// summed over the engine's real tensors, from the analytic formula of each
// cell, and under PyTorch's convention (two bias vectors per gate); plus the
// formula as LaTeX, with and without the current sizes substituted.
//
// Formulas (N_in = V one-hot or E with an embedding, N_h = H, N_out = C;
// one bias per gate, as in the course notes, with the output layer OUTSIDE
// the gate factor — the notes' typeset parenthesis wrongly swallows it):
//   rnn            N_h N_in + N_h^2 + N_h + N_out N_h + N_out
//   lstm           4 (N_h N_in + N_h^2 + N_h) + N_out N_h + N_out
//   gru            3 (N_h N_in + N_h^2 + N_h) + N_h + N_out N_h + N_out   (+N_h: PyTorch's b_hn)
//   peephole_lstm  4 (N_h N_in + N_h) + 3 N_h^2 + N_out N_h + N_out        (no recurrence into g)
//   + V E for the embedding table when E > 0.
//   With L layers, layers 2..L read N_h values: + (L - 1) times the
//   recurrent part with N_in = N_h.
#pragma once
#include <string>
#include <vector>

#include "model_config.hpp"

namespace rnnlab {

struct TensorCount {
  std::string name;
  std::vector<int> shape;
  long long count = 0;
};

struct ParamCount {
  long long total = 0;          // sum over the engine's tensors
  long long formula_total = 0;  // the analytic formula, evaluated independently
  long long pytorch_total = 0;  // with PyTorch's two bias vectors per gate
  int input_size = 0, hidden_size = 0, output_size = 0;  // N_in, N_h, N_out
  long long embedding = 0;      // V*E, included in the totals
  std::vector<TensorCount> tensors;
  std::string formula_latex;      // symbolic
  std::string substituted_latex;  // with numbers, "= total"
  std::string formula_text;       // plain text, for the CLI
};

// cfg must pass validate().
ParamCount count_params(const ModelConfig& cfg);

// The analytic formula alone (used by count_params and by the tests).
long long formula_count(CellKind cell, long long n_in, long long n_h, long long n_out, long long vocab,
                        long long embed, long long layers = 1);

// "Match parameters": the hidden size in 1..kMaxHidden whose total count for
// cfg's cell, input, embedding and classes is closest to target (the smaller
// H on a tie). The count grows with H, so a bisection finds it.
struct HiddenMatch {
  int hidden = 1;
  long long total = 0;
};
HiddenMatch match_hidden(ModelConfig cfg, long long target);

}  // namespace rnnlab
