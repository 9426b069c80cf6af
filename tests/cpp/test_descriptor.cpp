// test_descriptor.cpp — tests for src/core/cells/descriptor.hpp and
// registry.cpp: every cell's descriptor agrees with what its code does.
// References: the shapes the model really allocates (ParamSet), the gate
// activations the forward pass really produces (ranges of the traces), the
// state size of the cell object, and PyTorch's documented gate orders.
#include <gtest/gtest.h>

#include "core/cells/cell.hpp"
#include "core/cells/descriptor.hpp"
#include "core/schema.hpp"
#include "core/trainer.hpp"

using namespace rnnlab;

TEST(Descriptor, NamesRoundTripAndTheRegistryListsEveryCellOnce) {
  ASSERT_GE(cell_registry().size(), 4u);  // rnn, lstm, gru, peephole_lstm and any added since
  std::string sentence;
  for (const CellDescriptor* d : cell_registry()) {
    CellKind k;
    ASSERT_TRUE(parse_cell(d->name, &k));
    EXPECT_EQ(k, d->kind);
    EXPECT_EQ(&describe(k), d);
    EXPECT_EQ(find_cell(d->name), d);
    EXPECT_FALSE(d->title.empty());
    EXPECT_FALSE(d->short_title.empty());
    for (const CellDescriptor* other : cell_registry())
      if (other != d) EXPECT_NE(other->kind, d->kind) << d->name << " and " << other->name << " share a kind";
    const bool last = d == cell_registry().back();
    sentence += (sentence.empty() ? "" : last ? " or " : ", ") + d->name;
  }
  EXPECT_EQ(find_cell("transformer"), nullptr);
  EXPECT_EQ(cell_names_sentence(), sentence);
  EXPECT_EQ(cell_names_sentence().rfind("rnn, lstm, gru", 0), 0u);
}

TEST(Descriptor, GateOrderIsPyTorchs) {
  auto names = [](CellKind k) {
    std::string s;
    for (const GateInfo& g : describe(k).gates) s += g.name;
    return s;
  };
  EXPECT_EQ(names(CellKind::Rnn), "");
  EXPECT_EQ(names(CellKind::Lstm), "ifgo");
  EXPECT_EQ(names(CellKind::Gru), "rzn");
  EXPECT_EQ(names(CellKind::PeepholeLstm), "ifgo");
}

TEST(Descriptor, StateSizeIsTheCellObjects) {
  for (const CellDescriptor* d : cell_registry()) {
    const auto cell = make_cell<double>(d->kind, 7);
    EXPECT_EQ(cell->state_size(), d->state_size(7)) << d->name;
  }
}

TEST(Descriptor, ActivationsMatchTheRangeOfTheTraces) {
  // A sigmoid gate's mean lies in (0, 1); a tanh gate's can be negative. With
  // large random weights every tanh gate goes below 0 somewhere and no sigmoid does.
  for (const CellDescriptor* d : cell_registry()) {
    if (d->gates.empty()) continue;
    TrainConfig c;
    c.cell = d->kind;
    c.T = 12;
    c.hidden = 16;
    c.init.kind = InitKind::Xavier;
    c.init.recurrent_gain = 3;
    Trainer<double> t(c);
    const StepMetrics m = t.step();
    ASSERT_EQ(m.diag.gates.size(), d->gates.size());
    for (std::size_t k = 0; k < d->gates.size(); ++k) {
      const GateTrace& tr = m.diag.gates[k];
      EXPECT_EQ(tr.name, d->gates[k].name);
      EXPECT_EQ(tr.activation, activation_name(d->gates[k].activation));
      for (double x : tr.mean) EXPECT_TRUE(x > -1 && x < 1);
      if (d->gates[k].activation == Activation::Sigmoid)
        for (double x : tr.mean) EXPECT_GT(x, 0) << d->name << " gate " << tr.name;
    }
  }
}

TEST(Descriptor, TensorRulesAreTheLayout) {
  for (const CellDescriptor* d : cell_registry()) {
    ModelConfig m;
    m.cell = d->kind;
    m.vocab_size = 5;
    m.hidden_size = 6;
    m.num_classes = 3;
    const ParamSet<double> p(m);
    for (const TensorRule& r : d->tensors) {
      const int i = p.find("rnn." + r.name + "_l0");
      ASSERT_GE(i, 0) << d->name << " " << r.name;
      EXPECT_EQ(p.specs[i].rows, r.row_blocks * 6);
      EXPECT_EQ(p.specs[i].cols, r.cols == Dim::In ? 5 : r.cols == Dim::Hidden ? 6 : 1);
    }
    EXPECT_EQ(p.specs[p.index.layers[0].w_ih].rows, d->gate_blocks * 6);
  }
}

TEST(Descriptor, JsonHasTheFieldsTheFrontEndsRead) {
  JsonWriter w(true);
  write_cell(describe(CellKind::PeepholeLstm), w);
  const auto& j = w.root();
  EXPECT_EQ(j["name"], "peephole_lstm");
  EXPECT_EQ(j["recurrentTensor"], "rnn.weight_ch_l0");
  EXPECT_EQ(j["gates"][2]["activation"], "sigmoid");
  EXPECT_EQ(j["hasCellState"], true);
  EXPECT_EQ(j["pytorchModule"], "");
  EXPECT_NE(j["bpttLatex"].get<std::string>().find("W_{ch}"), std::string::npos);
}
