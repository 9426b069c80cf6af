// param_count.cpp — see param_count.hpp for the formulas.
#include "param_count.hpp"

#include "params.hpp"

namespace rnnlab {

long long formula_count(CellKind cell, long long n_in, long long n_h, long long n_out, long long vocab,
                        long long embed) {
  const long long head = n_out * n_h + n_out;
  const long long emb = embed > 0 ? vocab * embed : 0;
  switch (cell) {
    case CellKind::Rnn: return n_h * n_in + n_h * n_h + n_h + head + emb;
    case CellKind::Lstm: return 4 * (n_h * n_in + n_h * n_h + n_h) + head + emb;
    case CellKind::Gru: return 3 * (n_h * n_in + n_h * n_h + n_h) + n_h + head + emb;
    case CellKind::PeepholeLstm: return 4 * (n_h * n_in + n_h) + 3 * n_h * n_h + head + emb;
  }
  return 0;
}

namespace {
std::string n(long long v) { return std::to_string(v); }
}  // namespace

ParamCount count_params(const ModelConfig& cfg) {
  ParamCount pc;
  pc.input_size = cfg.input_size();
  pc.hidden_size = cfg.hidden_size;
  pc.output_size = cfg.num_classes;
  for (const auto& s : param_layout(cfg)) {
    TensorCount tc;
    tc.name = s.name;
    tc.shape = s.is_vector ? std::vector<int>{s.rows} : std::vector<int>{s.rows, s.cols};
    tc.count = (long long)s.size();
    pc.total += tc.count;
    pc.tensors.push_back(tc);
  }
  const long long I = pc.input_size, H = pc.hidden_size, O = pc.output_size;
  const long long V = cfg.vocab_size, E = cfg.embedding_dim;
  pc.embedding = E > 0 ? V * E : 0;
  pc.formula_total = formula_count(cfg.cell, I, H, O, V, E);
  const long long G = cell_gates(cfg.cell);
  // PyTorch keeps bias_ih and bias_hh: G*H more (gru's b_hn is already one of them).
  pc.pytorch_total = pc.total + (cfg.cell == CellKind::Gru ? 2 * H : G * H);

  const std::string head = " + N_{\\text{out}} N_h + N_{\\text{out}}";
  const std::string head_n = " + " + n(O) + " \\cdot " + n(H) + " + " + n(O);
  const std::string emb = E > 0 ? " + V E" : "";
  const std::string emb_n = E > 0 ? " + " + n(V) + " \\cdot " + n(E) : "";
  const std::string in = "N_{\\text{in}}";
  std::string body, body_n, text;
  switch (cfg.cell) {
    case CellKind::Rnn:
      body = "N_h " + in + " + N_h^2 + N_h";
      body_n = n(H) + " \\cdot " + n(I) + " + " + n(H) + "^2 + " + n(H);
      text = "N_h*N_in + N_h^2 + N_h";
      break;
    case CellKind::Lstm:
      body = "4\\,(N_h " + in + " + N_h^2 + N_h)";
      body_n = "4\\,(" + n(H) + " \\cdot " + n(I) + " + " + n(H) + "^2 + " + n(H) + ")";
      text = "4 (N_h*N_in + N_h^2 + N_h)";
      break;
    case CellKind::Gru:
      body = "3\\,(N_h " + in + " + N_h^2 + N_h) + N_h";
      body_n = "3\\,(" + n(H) + " \\cdot " + n(I) + " + " + n(H) + "^2 + " + n(H) + ") + " + n(H);
      text = "3 (N_h*N_in + N_h^2 + N_h) + N_h";
      break;
    case CellKind::PeepholeLstm:
      body = "4\\,(N_h " + in + " + N_h) + 3 N_h^2";
      body_n = "4\\,(" + n(H) + " \\cdot " + n(I) + " + " + n(H) + ") + 3 \\cdot " + n(H) + "^2";
      text = "4 (N_h*N_in + N_h) + 3 N_h^2";
      break;
  }
  pc.formula_latex = "N_{\\text{total}} = " + body + head + emb;
  pc.substituted_latex = "N_{\\text{total}} = " + body_n + head_n + emb_n + " = " + n(pc.formula_total);
  pc.formula_text = "N_total = " + text + " + N_out*N_h + N_out" + (E > 0 ? " + V*E" : "") +
                    "  with N_in=" + n(I) + ", N_h=" + n(H) + ", N_out=" + n(O) +
                    (E > 0 ? ", V=" + n(V) + ", E=" + n(E) : "") + "  = " + n(pc.formula_total);
  return pc;
}

}  // namespace rnnlab
