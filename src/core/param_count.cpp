// param_count.cpp — see param_count.hpp for the formulas; each cell's own
// formula is its descriptor's (cells/descriptor.hpp).
#include "param_count.hpp"

#include <cstdlib>

#include "cells/descriptor.hpp"
#include "params.hpp"

namespace rnnlab {

namespace {
std::string n(long long v) { return std::to_string(v); }

long long size_of(Dim d, long long n_in, long long n_h) { return d == Dim::In ? n_in : d == Dim::Hidden ? n_h : 1; }

// A monomial in three spellings: LaTeX symbols, LaTeX numbers, plain text.
struct Spelled {
  std::string sym, num, text;
};
Spelled spell(std::pair<Dim, Dim> m, long long I, long long H) {
  const std::string in = "N_{\\text{in}}";
  if (m.second == Dim::One) return {"N_h", n(H), "N_h"};
  if (m.second == Dim::Hidden) return {"N_h^2", n(H) + "^2", "N_h^2"};
  return {"N_h " + in, n(H) + " \\cdot " + n(I), "N_h*N_in"};
}
}  // namespace

long long formula_count(CellKind cell, long long n_in, long long n_h, long long n_out, long long vocab,
                        long long embed, long long layers) {
  long long total = n_out * n_h + n_out + (embed > 0 ? vocab * embed : 0);
  for (long long k = 0; k < layers; ++k) {
    const long long in = k == 0 ? n_in : n_h;  // upper layers read the layer below
    for (const FormulaGroup& g : describe(cell).formula) {
      long long sum = 0;
      for (const auto& m : g.monomials) sum += size_of(m.first, in, n_h) * size_of(m.second, in, n_h);
      total += g.coef * sum;
    }
  }
  return total;
}

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
  const CellDescriptor& desc = describe(cfg.cell);
  const long long I = pc.input_size, H = pc.hidden_size, O = pc.output_size;
  const long long V = cfg.vocab_size, E = cfg.embedding_dim;
  pc.embedding = E > 0 ? V * E : 0;
  const long long L = cfg.num_layers;
  pc.formula_total = formula_count(cfg.cell, I, H, O, V, E, L);
  // PyTorch keeps bias_ih and bias_hh: more bias entries than the engine's one per gate.
  pc.pytorch_total = pc.total + desc.pytorch_extra_bias_blocks * H * L;

  // The recurrent part, spelled from the descriptor's formula groups:
  // "4\,(a + b + c)" for a group of several terms, "3 N_h^2" for one term.
  // Spelled twice with L > 1: layer 1 (N_in), and layers 2..L (N_in = N_h).
  std::string body, body_n, text, up, up_n, up_text;
  for (int upper = 0; upper <= (L > 1 ? 1 : 0); ++upper)
  for (const FormulaGroup& g : desc.formula) {
    std::string sym, num, txt;
    for (std::size_t k = 0; k < g.monomials.size(); ++k) {
      auto mono = g.monomials[k];
      if (upper && mono.first == Dim::In) mono.first = Dim::Hidden;
      if (upper && mono.second == Dim::In) mono.second = Dim::Hidden;
      const Spelled sp = spell(mono, I, H);
      const char* plus = k ? " + " : "";
      sym += plus + sp.sym;
      num += plus + sp.num;
      txt += plus + sp.text;
    }
    const bool several = g.monomials.size() > 1;
    if (g.coef != 1) {
      sym = n(g.coef) + (several ? "\\,(" + sym + ")" : " " + sym);
      num = n(g.coef) + (several ? "\\,(" + num + ")" : " \\cdot " + num);
      txt = n(g.coef) + (several ? " (" + txt + ")" : " " + txt);
    }
    std::string& b = upper ? up : body;
    const char* plus = b.empty() ? "" : " + ";
    b += plus + sym;
    (upper ? up_n : body_n) += plus + num;
    (upper ? up_text : text) += plus + txt;
  }
  if (L > 1) {
    body += " + (L - 1)\\,\\big(" + up + "\\big)";
    body_n += " + (" + n(L) + " - 1)\\,\\big(" + up_n + "\\big)";
    text += " + (L-1) (" + up_text + ")";
  }
  const std::string head = " + N_{\\text{out}} N_h + N_{\\text{out}}";
  const std::string head_n = " + " + n(O) + " \\cdot " + n(H) + " + " + n(O);
  const std::string emb = E > 0 ? " + V E" : "";
  const std::string emb_n = E > 0 ? " + " + n(V) + " \\cdot " + n(E) : "";
  pc.formula_latex = "N_{\\text{total}} = " + body + head + emb;
  pc.substituted_latex = "N_{\\text{total}} = " + body_n + head_n + emb_n + " = " + n(pc.formula_total);
  pc.formula_text = "N_total = " + text + " + N_out*N_h + N_out" + (E > 0 ? " + V*E" : "") +
                    "  with N_in=" + n(I) + ", N_h=" + n(H) + ", N_out=" + n(O) + (L > 1 ? ", L=" + n(L) : "") +
                    (E > 0 ? ", V=" + n(V) + ", E=" + n(E) : "") + "  = " + n(pc.formula_total);
  return pc;
}

}  // namespace rnnlab

namespace rnnlab {

HiddenMatch match_hidden(ModelConfig cfg, long long target) {
  const long long V = cfg.vocab_size, E = cfg.embedding_dim, C = cfg.num_classes;
  const long long n_in = E > 0 ? E : V;
  auto total = [&](int H) { return formula_count(cfg.cell, n_in, H, C, V, E, cfg.num_layers); };
  int lo = 1, hi = kMaxHidden;  // the first H with total(H) >= target, or kMaxHidden
  while (lo < hi) {
    const int mid = lo + (hi - lo) / 2;
    if (total(mid) >= target) hi = mid;
    else lo = mid + 1;
  }
  HiddenMatch m{lo, total(lo)};
  if (lo > 1 && std::llabs(total(lo - 1) - target) <= std::llabs(m.total - target)) m = {lo - 1, total(lo - 1)};
  return m;
}

}  // namespace rnnlab
