// test_param_count.cpp — tests for src/core/param_count.cpp (and the layout of
// src/core/params.cpp it sums over).
//
// References, all independent of the code under test: the closed-form count
// of each cell written out again below; the number of entries a
// ParamSet<double> actually allocates; PyTorch's own convention (bias_ih and
// bias_hh per gate block) written out from torch.nn.RNN/LSTM/GRU's
// documented shapes; and hand-computed examples. Also checks the LaTeX
// strings: the numbers are substituted, the result ends with "= total", and
// for the LSTM the output layer stays OUTSIDE the gate factor 4(...).
#include <gtest/gtest.h>

#include <string>

#include "core/param_count.hpp"
#include "core/params.hpp"
#include "core/rng.hpp"

using namespace rnnlab;

namespace {

const CellKind kCells[] = {CellKind::Rnn, CellKind::Lstm, CellKind::Gru, CellKind::PeepholeLstm};

// The count written out from the course formulas (one bias per gate; the
// GRU adds PyTorch's separate hidden bias of n; the peephole's g gate has no
// recurrence and its three other gates read c(t-1) through a 3H x H matrix).
long long closed_form(CellKind cell, long long V, long long E, long long H, long long C) {
  const long long N = E > 0 ? E : V;
  const long long emb = E > 0 ? V * E : 0;
  const long long head = C * H + C;
  switch (cell) {
    case CellKind::Rnn: return (H * N + H * H + H) + head + emb;
    case CellKind::Lstm: return 4 * (H * N + H * H + H) + head + emb;
    case CellKind::Gru: return 3 * (H * N + H * H + H) + H + head + emb;
    case CellKind::PeepholeLstm: return 4 * (H * N + H) + 3 * H * H + head + emb;
  }
  return -1;
}

// PyTorch's count, from the documented parameter shapes of torch.nn.RNN /
// LSTM / GRU (weight_ih [G*H, N], weight_hh [G*H, H], bias_ih [G*H],
// bias_hh [G*H]) plus nn.Linear(H, C) and nn.Embedding(V, E). The peephole
// LSTM has no twin; under the same convention it gets a second bias vector
// of 4H on top of its engine count.
long long pytorch_form(CellKind cell, long long V, long long E, long long H, long long C) {
  const long long N = E > 0 ? E : V;
  const long long emb = E > 0 ? V * E : 0;
  const long long linear = C * H + C;
  switch (cell) {
    case CellKind::Rnn: return (H * N + H * H + 2 * H) + linear + emb;
    case CellKind::Lstm: return (4 * H * N + 4 * H * H + 2 * 4 * H) + linear + emb;
    case CellKind::Gru: return (3 * H * N + 3 * H * H + 2 * 3 * H) + linear + emb;
    case CellKind::PeepholeLstm: return closed_form(cell, V, E, H, C) + 4 * H;
  }
  return -1;
}

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

bool ends_with(const std::string& s, const std::string& tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

}  // namespace

// ---- random sizes: four independent counts agree ------------------------------

TEST(ParamCount, AllWaysAgreeOverRandomSizes) {
  Rng rng(20240607);
  for (int combo = 0; combo < 200; ++combo) {
    const int V = 1 + rng.below_int(300), H = 1 + rng.below_int(300), C = 1 + rng.below_int(300);
    const int E_draw = 1 + rng.below_int(300);
    for (CellKind cell : kCells) {
      for (int E : {0, E_draw}) {
        ModelConfig cfg{cell, V, E, H, C};
        SCOPED_TRACE(std::string(cell_name(cell)) + " V=" + std::to_string(V) + " E=" + std::to_string(E) +
                     " H=" + std::to_string(H) + " C=" + std::to_string(C));
        ASSERT_EQ(validate(cfg), "");
        const ParamCount pc = count_params(cfg);
        const long long expect = closed_form(cell, V, E, H, C);
        const long long N = E > 0 ? E : V;
        EXPECT_EQ(pc.total, expect);
        EXPECT_EQ(pc.formula_total, expect);
        EXPECT_EQ(formula_count(cell, N, H, C, V, E), expect);
        EXPECT_EQ((long long)ParamSet<double>(cfg).data.size(), expect);
        EXPECT_EQ(pc.pytorch_total, pytorch_form(cell, V, E, H, C));
        // The brief's restatement: PyTorch adds a second bias of G*H (GRU: 2H,
        // since its b_hn is already an engine tensor).
        const long long extra = cell == CellKind::Gru ? 2LL * H : (long long)cell_gates(cell) * H;
        EXPECT_EQ(pc.pytorch_total, pc.total + extra);
        EXPECT_EQ(pc.input_size, N);
        EXPECT_EQ(pc.hidden_size, H);
        EXPECT_EQ(pc.output_size, C);
        EXPECT_EQ(pc.embedding, E > 0 ? (long long)V * E : 0LL);
        // Per-tensor counts: product of the shape, and they sum to the total.
        long long sum = 0;
        for (const auto& t : pc.tensors) {
          long long prod = 1;
          for (int d : t.shape) prod *= d;
          EXPECT_EQ(t.count, prod) << t.name;
          sum += t.count;
        }
        EXPECT_EQ(sum, expect);
        EXPECT_TRUE(ends_with(pc.substituted_latex, "= " + std::to_string(expect))) << pc.substituted_latex;
        EXPECT_TRUE(ends_with(pc.formula_text, "= " + std::to_string(expect))) << pc.formula_text;
      }
    }
  }
}

// The formula alone, at sizes where any coefficient mistake shows (distinct primes).
TEST(ParamCount, FormulaCountAtDistinctPrimes) {
  const long long N = 7, H = 11, C = 13, V = 17, E = 7;
  EXPECT_EQ(formula_count(CellKind::Rnn, N, H, C, V, 0), 77 + 121 + 11 + 143 + 13);
  EXPECT_EQ(formula_count(CellKind::Lstm, N, H, C, V, 0), 4 * (77 + 121 + 11) + 143 + 13);
  EXPECT_EQ(formula_count(CellKind::Gru, N, H, C, V, 0), 3 * (77 + 121 + 11) + 11 + 143 + 13);
  EXPECT_EQ(formula_count(CellKind::PeepholeLstm, N, H, C, V, 0), 4 * (77 + 11) + 3 * 121 + 143 + 13);
  // With an embedding table V x E = 17 x 7 = 119.
  EXPECT_EQ(formula_count(CellKind::Lstm, N, H, C, V, E), 4 * (77 + 121 + 11) + 143 + 13 + 119);
}

// ---- hand-checked examples ----------------------------------------------------

TEST(ParamCount, HandCheckedExamples) {
  struct Example {
    CellKind cell;
    int V, E, H, C;
    long long total, pytorch;
  };
  const Example examples[] = {
      // 4*(64*3 + 64*64 + 64) + 2*64 + 2 = 4*4352 + 130 = 17538;
      // torch: nn.LSTM(3, 64) = 768 + 16384 + 512 = 17664, + nn.Linear(64, 2) = 130 -> 17794.
      {CellKind::Lstm, 3, 0, 64, 2, 17538, 17794},
      // 16*3 + 256 + 16 + 2*16 + 2 = 354; torch: nn.RNN(3,16) = 48+256+32 = 336, +34 -> 370.
      {CellKind::Rnn, 3, 0, 16, 2, 354, 370},
      // 3*(48 + 256 + 16) + 16 + 34 = 1010; torch: nn.GRU(3,16) = 144+768+96 = 1008, +34 -> 1042.
      {CellKind::Gru, 3, 0, 16, 2, 1010, 1042},
      // 4*(48 + 16) + 3*256 + 34 = 256 + 768 + 34 = 1058; + a second 4H bias -> 1122.
      {CellKind::PeepholeLstm, 3, 0, 16, 2, 1058, 1122},
      // Embedding 10 x 8: 4*(32*8 + 1024 + 32) + 5*32 + 5 + 80 = 5248 + 165 + 80 = 5493; +128 -> 5621.
      {CellKind::Lstm, 10, 8, 32, 5, 5493, 5621},
      // All sizes 1: rnn 1 + 1 + 1 + 1 + 1 = 5.
      {CellKind::Rnn, 1, 0, 1, 1, 5, 6},
      // lstm: 4*(1+1+1) + 2 = 14; gru 3*3 + 1 + 2 = 12; peephole 4*2 + 3 + 2 = 13.
      {CellKind::Lstm, 1, 0, 1, 1, 14, 18},
      {CellKind::Gru, 1, 0, 1, 1, 12, 14},
      {CellKind::PeepholeLstm, 1, 0, 1, 1, 13, 17},
  };
  for (const auto& ex : examples) {
    ModelConfig cfg{ex.cell, ex.V, ex.E, ex.H, ex.C};
    const ParamCount pc = count_params(cfg);
    EXPECT_EQ(pc.total, ex.total) << cell_name(ex.cell) << " H=" << ex.H;
    EXPECT_EQ(pc.formula_total, ex.total) << cell_name(ex.cell) << " H=" << ex.H;
    EXPECT_EQ(pc.pytorch_total, ex.pytorch) << cell_name(ex.cell) << " H=" << ex.H;
  }
}

TEST(ParamCount, TensorNamesAndShapesForGru) {
  ModelConfig cfg{CellKind::Gru, 5, 4, 6, 3};
  const ParamCount pc = count_params(cfg);
  ASSERT_EQ(pc.tensors.size(), 7u);
  EXPECT_EQ(pc.tensors[0].name, "embedding.weight");
  EXPECT_EQ(pc.tensors[0].shape, (std::vector<int>{5, 4}));
  EXPECT_EQ(pc.tensors[1].name, "rnn.weight_ih_l0");
  EXPECT_EQ(pc.tensors[1].shape, (std::vector<int>{18, 4}));
  EXPECT_EQ(pc.tensors[2].name, "rnn.weight_hh_l0");
  EXPECT_EQ(pc.tensors[2].shape, (std::vector<int>{18, 6}));
  EXPECT_EQ(pc.tensors[3].name, "rnn.bias_l0");
  EXPECT_EQ(pc.tensors[3].shape, (std::vector<int>{18}));
  EXPECT_EQ(pc.tensors[4].name, "rnn.bias_hn_l0");
  EXPECT_EQ(pc.tensors[4].shape, (std::vector<int>{6}));
  EXPECT_EQ(pc.tensors[5].name, "head.weight");
  EXPECT_EQ(pc.tensors[5].shape, (std::vector<int>{3, 6}));
  EXPECT_EQ(pc.tensors[6].name, "head.bias");
  EXPECT_EQ(pc.tensors[6].shape, (std::vector<int>{3}));
}

TEST(ParamCount, PeepholeHasA3HByHRecurrentMatrix) {
  ModelConfig cfg{CellKind::PeepholeLstm, 4, 0, 5, 2};
  const ParamCount pc = count_params(cfg);
  bool found = false;
  for (const auto& t : pc.tensors)
    if (t.name == "rnn.weight_ch_l0") {
      found = true;
      EXPECT_EQ(t.shape, (std::vector<int>{15, 5}));
    }
  EXPECT_TRUE(found);
}

// ---- LaTeX ---------------------------------------------------------------------

TEST(ParamCountLatex, SubstitutedContainsTheSizesAndEndsWithTheTotal) {
  for (CellKind cell : kCells) {
    for (int E : {0, 9}) {
      ModelConfig cfg{cell, 23, E, 37, 5};
      const ParamCount pc = count_params(cfg);
      const std::string& s = pc.substituted_latex;
      SCOPED_TRACE(std::string(cell_name(cell)) + ": " + s);
      const long long N = E > 0 ? E : 23;
      EXPECT_TRUE(contains(s, "37")) << "N_h";
      EXPECT_TRUE(contains(s, std::to_string(N))) << "N_in";
      EXPECT_TRUE(contains(s, "5 \\cdot 37")) << "head N_out N_h";
      if (E > 0) {
        EXPECT_TRUE(contains(s, "23 \\cdot 9")) << "embedding V E";
      } else {
        EXPECT_FALSE(contains(s, "V")) << "no embedding term";
      }
      EXPECT_TRUE(ends_with(s, "= " + std::to_string(closed_form(cell, 23, E, 37, 5))));
      // The symbolic formula has no numbers substituted for the sizes.
      EXPECT_FALSE(contains(pc.formula_latex, "37"));
      EXPECT_TRUE(contains(pc.formula_latex, "N_h"));
      EXPECT_EQ(contains(pc.formula_latex, "V E"), E > 0);
    }
  }
}

TEST(ParamCountLatex, LstmHeadTermIsOutsideTheGateFactor) {
  ModelConfig cfg{CellKind::Lstm, 3, 0, 64, 2};
  const ParamCount pc = count_params(cfg);
  for (const std::string& s : {pc.formula_latex, pc.substituted_latex}) {
    SCOPED_TRACE(s);
    const auto open = s.find("4\\,(");
    ASSERT_NE(open, std::string::npos);
    const auto close = s.find(')', open);
    ASSERT_NE(close, std::string::npos);
    const std::string inside = s.substr(open, close - open);
    const std::string after = s.substr(close);
    // The head (N_out N_h + N_out, or 2 \cdot 64 + 2) follows the parenthesis.
    EXPECT_FALSE(contains(inside, "N_{\\text{out}}"));
    EXPECT_FALSE(contains(inside, "2 \\cdot 64"));
    EXPECT_TRUE(contains(after, "N_{\\text{out}} N_h") || contains(after, "2 \\cdot 64 + 2"));
  }
  EXPECT_TRUE(ends_with(pc.substituted_latex, "= 17538"));
  EXPECT_TRUE(contains(pc.substituted_latex, "4\\,(64 \\cdot 3 + 64^2 + 64)"));
}
