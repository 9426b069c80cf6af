// test_ops.cpp — tests for src/core/ops.cpp (grad, gradcheck, the sweep) and
// the gradient's verdict (src/core/diagnostics.cpp). References: the model
// run directly (grad), hand-computed statistics of the runs (the sweep),
// and hand-made norm profiles (the verdict rule of diagnostics.hpp).
#include <gtest/gtest.h>

#include <cmath>
#include <thread>

#include "core/ops.hpp"
#include "core/schema.hpp"

using namespace rnnlab;

namespace {
std::string tiny_state() {
  ModelConfig m;
  m.cell = CellKind::Gru;
  m.vocab_size = 3;
  m.hidden_size = 4;
  Model<double> model(m);
  Rng rng(5);
  model.init(rng);
  return dump_state(m, model.params().data);
}
}  // namespace

TEST(GradOp, EqualsTheModelRunDirectly) {
  const std::string state = tiny_state();
  const std::string batch = R"({"tokens": [[0, 1, 2, 1], [2, 2, 0, 1]], "targets": [1, 0]})";
  GradResult r;
  ASSERT_FALSE(grad(state, batch, {}, &r).failed());
  ModelConfig m;
  std::vector<double> flat;
  Batch b;
  ASSERT_EQ(parse_state(state, &m, &flat), "");
  ASSERT_EQ(parse_batch(batch, &b), "");
  Model<double> model(m);
  model.params().data.assign(flat.begin(), flat.end());
  const double loss = model.forward(b);
  DiagnosticsOptions o;
  o.gates = false;
  Diagnostics d;
  model.backward(o, d);
  EXPECT_EQ(r.loss, loss);
  EXPECT_EQ(r.diag.dh_norms, d.dh_norms);
  const auto want = to_state_tensors(m, model.grads().data, true);
  ASSERT_EQ(r.grads.size(), want.size());
  for (std::size_t i = 0; i < want.size(); ++i) {
    EXPECT_EQ(r.grads[i].name, want[i].name);
    EXPECT_EQ(r.grads[i].data, want[i].data);
  }
}

TEST(GradOp, FailuresNameTheInput) {
  GradResult r;
  OpError e = grad("{not json", "{}", {}, &r);
  EXPECT_EQ(e.input, "state");
  EXPECT_NE(e.message.find("malformed JSON"), std::string::npos);
  e = grad(tiny_state(), R"({"tokens": [[0, 7]], "targets": [0]})", {}, &r);
  EXPECT_EQ(e.input, "batch");
  EXPECT_NE(e.message.find("tokens[0][1] = 7 is out of range 0..2"), std::string::npos);
}

TEST(GradcheckOp, RefusesBadOptionsAndPassesOnEveryCell) {
  GradcheckOptions o;
  o.eps = 2;
  EXPECT_TRUE(validate(o).failed());
  o.eps = 1e-5;
  EXPECT_FALSE(validate(o).failed());
  for (const CellDescriptor* d : cell_registry()) {
    TrainConfig c;
    c.cell = d->kind;
    c.T = 6;
    c.hidden = 5;
    c.batch = 3;
    ASSERT_EQ(validate(c), "");
    const GradcheckResult r = gradcheck(c, {}, o);
    EXPECT_LT(r.max_rel_error, 1e-6) << d->name;
  }
}

TEST(SweepSpec, DefaultsAndEveryBadKey) {
  const SweepSpecParse ok = parse_sweep_spec({}, Face::Js);
  EXPECT_TRUE(ok.errors.empty());
  EXPECT_EQ(ok.spec.seeds, 3);
  EXPECT_EQ(ok.spec.steps, 500);
  EXPECT_EQ(ok.spec.eval, 500);
  ConfigInput in;
  in["cells"] = ConfigValue::of_text("rnn,transformer");
  in["lengths"] = ConfigValue::of_text("5, x");
  in["seeds"] = ConfigValue::of_number(0);
  in["steps"] = ConfigValue::of_text("10");
  const SweepSpecParse bad = parse_sweep_spec(in, Face::Cli);
  ASSERT_EQ(bad.errors.size(), 3u);
  EXPECT_EQ(bad.errors[0].message, "--cell must be rnn, lstm, gru or peephole_lstm (got 'transformer')");
  EXPECT_EQ(bad.errors[1].message, "--lengths must be a comma-separated list of whole numbers (got '5, x')");
  EXPECT_EQ(bad.errors[2].message, "--seeds must be a whole number between 1 and 100 (got 0)");
  EXPECT_EQ(bad.spec.steps, 10);
}

TEST(Sweep, RunsEveryCellLengthAndSeedInOrderWithTheirStatistics) {
  TrainConfig base;
  base.hidden = 6;
  base.batch = 8;
  base.seed = 4;
  SweepSpec spec;
  spec.cells = {CellKind::Rnn, CellKind::Gru};
  spec.lengths = {3, 5};
  spec.seeds = 3;
  spec.steps = 15;
  spec.eval = 64;
  ASSERT_EQ(Sweep::validate(base, spec), "");
  Sweep s(base, spec);
  EXPECT_EQ(s.total(), 12);
  std::vector<SweepRun> runs;
  while (!s.finished()) runs.push_back(s.next());
  ASSERT_EQ(runs.size(), 12u);
  EXPECT_EQ(runs[0].cell, CellKind::Rnn);
  EXPECT_EQ(runs[0].T, 3);
  EXPECT_EQ(runs[0].seed, 4u);
  EXPECT_EQ(runs[2].seed, 6u);
  EXPECT_EQ(runs[3].T, 5);
  EXPECT_EQ(runs[6].cell, CellKind::Gru);
  // Each run is the same as training that one config on its own.
  TrainConfig one = base;
  one.cell = CellKind::Gru;
  one.T = 5;
  one.seed = 5;
  EXPECT_EQ(train_and_evaluate(one, 15, 64).accuracy, runs[10].point.accuracy);
  const auto stats = s.stats();
  ASSERT_EQ(stats.size(), 4u);
  for (std::size_t i = 0; i < stats.size(); ++i) {
    const double a = runs[3 * i].point.accuracy, b = runs[3 * i + 1].point.accuracy, c = runs[3 * i + 2].point.accuracy;
    const double mean = (a + b + c) / 3;
    const double sd = std::sqrt(((a - mean) * (a - mean) + (b - mean) * (b - mean) + (c - mean) * (c - mean)) / 2);
    EXPECT_NEAR(stats[i].mean, mean, 1e-15);
    EXPECT_NEAR(stats[i].sd, sd, 1e-15);
    EXPECT_EQ(stats[i].min, std::min({a, b, c}));
    EXPECT_EQ(stats[i].max, std::max({a, b, c}));
  }
}

TEST(Sweep, ABadLengthIsRefusedBeforeAnyTraining) {
  TrainConfig base;
  SweepSpec spec;
  spec.lengths = {5, 0};
  EXPECT_NE(Sweep::validate(base, spec).find("T must be at least 1"), std::string::npos);
}

TEST(Verdict, TheStatedRuleOnHandMadeProfiles) {
  auto verdict = [](double first, double last, double grad_norm) {
    Diagnostics d;
    d.dh_norms = {first, 0.5, last};
    d.grad_norm = grad_norm;
    classify_gradient(d);
    return d.verdict;
  };
  EXPECT_EQ(verdict(1e-5, 1e-1, 0.1), "vanishes");   // -4 decades
  EXPECT_EQ(verdict(1e-3, 1e-1, 0.1), "vanishes");   // exactly -2
  EXPECT_EQ(verdict(2e-3, 1e-1, 0.1), "fades");      // -1.7
  EXPECT_EQ(verdict(0.05, 0.1, 0.1), "flows");       // -0.3
  EXPECT_EQ(verdict(0.4, 0.1, 0.1), "grows");        // +0.6
  EXPECT_EQ(verdict(50, 0.1, 0.5), "grows");         // +2.7 but bounded: an LSTM carrying the first token
  EXPECT_EQ(verdict(50, 0.1, 12), "explodes");       // +2.7 and a large whole gradient
  EXPECT_EQ(verdict(5, 0.1, 12), "grows");           // +1.7: not 100x
  EXPECT_EQ(verdict(NAN, 0.1, 1), "explodes");
  EXPECT_EQ(verdict(0, 0.1, 0.1), "vanishes");       // nothing reaches t = 1
  Diagnostics d;
  d.dh_norms = {1e-4, 1e-1};
  classify_gradient(d);
  EXPECT_NEAR(d.verdict_decades, -3, 1e-12);
}

TEST(Verdict, FilledByEveryBackwardPass) {
  TrainConfig c;
  c.cell = CellKind::Rnn;
  c.T = 16;
  Trainer<float> t(c);
  const StepMetrics m = t.step();
  EXPECT_FALSE(m.diag.verdict.empty());
  EXPECT_NEAR(m.diag.verdict_decades, std::log10(m.diag.dh_norms.front() / m.diag.dh_norms.back()), 1e-9);
}

TEST(Schema, JsonWriterWritesSnakeOrCamel) {
  Diagnostics d;
  d.dh_norms = {1, 2};
  d.grad_norm = 3;
  classify_gradient(d);
  JsonWriter snake, camel(true);
  write_diagnostics(d, snake);
  write_diagnostics(d, camel);
  EXPECT_TRUE(snake.root().contains("dh_norms"));
  EXPECT_TRUE(snake.root().contains("verdict_decades"));
  EXPECT_TRUE(camel.root().contains("dhNorms"));
  EXPECT_TRUE(camel.root().contains("gradNormClipped"));
  EXPECT_FALSE(camel.root().contains("dc_norms"));  // no cell state, no field
}

// Sweep::run(k) computes run k alone (from several threads at once, as
// `rnnlab sweep --jobs` does): added in order they are next()'s runs exactly,
// and add() refuses a run that is not the next one.
TEST(Sweep, RunKFromThreadsEqualsNextAndAddChecksTheOrder) {
  TrainConfig base;
  base.hidden = 6;
  SweepSpec spec;
  spec.cells = {CellKind::Rnn, CellKind::Gru};
  spec.lengths = {4, 6};
  spec.seeds = 2;
  spec.steps = 20;
  spec.eval = 40;
  Sweep serial(base, spec), parallel(base, spec);
  while (!serial.finished()) serial.next();
  std::vector<SweepRun> runs(std::size_t(parallel.total()));
  std::vector<std::thread> pool;
  for (int k = 0; k < parallel.total(); ++k) pool.emplace_back([&, k] { runs[std::size_t(k)] = parallel.run(k); });
  for (auto& t : pool) t.join();
  EXPECT_NE(parallel.add(runs[1]), "") << "run 1 is not the next run";
  for (const SweepRun& r : runs) ASSERT_EQ(parallel.add(r), "");
  EXPECT_NE(parallel.add(runs[0]).find("the sweep is complete"), std::string::npos);
  JsonWriter a, b;
  write_sweep(serial, a);
  write_sweep(parallel, b);
  EXPECT_EQ(a.root().dump(), b.root().dump());
}
