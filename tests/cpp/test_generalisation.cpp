// test_generalisation.cpp — tests for the sweep's test lengths (src/core/ops.cpp
// parse_sweep_spec, Sweep::validate/add/stats; src/core/trainer.cpp
// evaluate(n, T), train_and_evaluate) and for the trainer on the per-step
// tasks (evaluate, samples, chance_level). References: the trainer run
// directly, statistics recomputed by hand, the task registry's chance.
// Deliberately not: whether models generalise (that is what the sweep measures).
#include <gtest/gtest.h>

#include <cmath>

#include "core/ops.hpp"
#include "core/schema.hpp"

using namespace rnnlab;

namespace {
TrainConfig small(const std::string& task, int T) {
  TrainConfig c;
  c.task = task;
  c.T = T;
  c.hidden = 8;
  c.batch = 16;
  c.seed = 3;
  return c;
}
}  // namespace

TEST(SweepTestLengths, ParsedForEachFace) {
  ConfigInput in;
  in["testLengths"] = ConfigValue::of_text("40, 60");
  const SweepSpecParse ok = parse_sweep_spec(in, Face::Cli);
  ASSERT_TRUE(ok.errors.empty());
  EXPECT_EQ(ok.spec.test_lengths, (std::vector<int>{40, 60}));
  EXPECT_TRUE(parse_sweep_spec({}, Face::Js).spec.test_lengths.empty());
  in["testLengths"] = ConfigValue::of_text("");  // none, as when absent
  EXPECT_TRUE(parse_sweep_spec(in, Face::Js).errors.empty());
  in["testLengths"] = ConfigValue::of_text("40,x");
  const SweepSpecParse cli = parse_sweep_spec(in, Face::Cli), js = parse_sweep_spec(in, Face::Js);
  ASSERT_EQ(cli.errors.size(), 1u);
  EXPECT_EQ(cli.errors[0].key, "testLengths");
  EXPECT_EQ(cli.errors[0].message, "--test-lengths must be a comma-separated list of whole numbers (got '40,x')");
  ASSERT_EQ(js.errors.size(), 1u);
  EXPECT_EQ(js.errors[0].message, "testLengths must be a comma-separated list of whole numbers (got \"40,x\")");
  std::string many;
  for (int i = 0; i < 33; ++i) many += std::to_string(10 + i) + ",";
  in["testLengths"] = ConfigValue::of_text(many);
  const SweepSpecParse too_many = parse_sweep_spec(in, Face::Cli);
  ASSERT_EQ(too_many.errors.size(), 1u);
  EXPECT_EQ(too_many.errors[0].message, "--test-lengths may hold at most 32 lengths (got 33)");
}

TEST(SweepTestLengths, RefusesATaskWhoseSizesDependOnTAndLengthsBelowMinT) {
  SweepSpec spec;
  spec.cells = {CellKind::Lstm};
  spec.lengths = {5};
  spec.test_lengths = {10};
  EXPECT_EQ(Sweep::validate(small("random_combination", 5), spec),
            "test lengths need a task whose vocabulary and classes do not depend on T: 'random_combination' has "
            "V=6, C=6 at T=5 but V=11, C=11 at T=10");
  spec.lengths = {12};
  spec.test_lengths = {20, 8};
  EXPECT_EQ(Sweep::validate(small("embedded_reber", 12), spec),
            "test length 8: T must be at least 9 for task 'embedded_reber' (got 8)");
  spec.test_lengths = {63};
  EXPECT_NE(Sweep::validate(small("baum_sweet", 12), spec).find("test length 63: T must be at most 62"), std::string::npos);
  spec.test_lengths = {9, 40};
  EXPECT_EQ(Sweep::validate(small("embedded_reber", 12), spec), "");
}

// By construction: evaluate(n, T) draws from the same held-out stream as
// evaluate(n), at T, so at the training T the two are the same sequences.
TEST(SweepTestLengths, TheTestAccuracyAtTheTrainingTIsTheHeldOutAccuracy) {
  const TrainConfig c = small("parity", 5);
  const SweepPoint p = train_and_evaluate(c, 30, 200, {5, 10, 20});
  ASSERT_EQ(p.test.size(), 3u);
  EXPECT_EQ(p.test[0].T, 5);
  EXPECT_EQ(p.test[0].accuracy, p.accuracy);
  EXPECT_EQ(p.test[2].T, 20);
  for (const auto& t : p.test) {
    EXPECT_GE(t.accuracy, 0.0);
    EXPECT_LE(t.accuracy, 1.0);
  }
  // The same model, trained again: its evaluate at each length.
  Trainer<float> trainer(c);
  for (int s = 0; s < 30; ++s) trainer.step();
  EXPECT_EQ(trainer.evaluate(200, 5), trainer.evaluate(200));
  EXPECT_EQ(trainer.evaluate(200, 10), p.test[1].accuracy);
  EXPECT_EQ(trainer.evaluate(200, 20), p.test[2].accuracy);
}

TEST(SweepTestLengths, StatisticsPerTestLengthAndAddChecksThem) {
  TrainConfig base = small("parity", 4);
  SweepSpec spec;
  spec.cells = {CellKind::Rnn};
  spec.lengths = {3, 4};
  spec.seeds = 3;
  spec.steps = 10;
  spec.eval = 50;
  spec.test_lengths = {8, 3};
  ASSERT_EQ(Sweep::validate(base, spec), "");
  Sweep s(base, spec);
  std::vector<SweepRun> runs;
  while (!s.finished()) runs.push_back(s.next());
  const auto stats = s.stats();
  ASSERT_EQ(stats.size(), 2u);
  for (std::size_t i = 0; i < 2; ++i) {
    ASSERT_EQ(stats[i].test.size(), 2u);
    for (std::size_t j = 0; j < 2; ++j) {
      const SweepTestStats& t = stats[i].test[j];
      EXPECT_EQ(t.T, spec.test_lengths[j]);
      const double a = runs[3 * i].point.test[j].accuracy, b = runs[3 * i + 1].point.test[j].accuracy,
                   c = runs[3 * i + 2].point.test[j].accuracy;
      const double mean = (a + b + c) / 3;
      const double sd = std::sqrt(((a - mean) * (a - mean) + (b - mean) * (b - mean) + (c - mean) * (c - mean)) / 2);
      EXPECT_NEAR(t.acc.mean, mean, 1e-15);
      EXPECT_NEAR(t.acc.sd, sd, 1e-15);
      EXPECT_EQ(t.acc.min, std::min({a, b, c}));
      EXPECT_EQ(t.acc.max, std::max({a, b, c}));
      EXPECT_EQ(t.chance, 0.5);
    }
  }
  // Trained at 3, tested at 3: the run's own accuracy.
  EXPECT_EQ(runs[0].point.test[1].accuracy, runs[0].point.accuracy);
  // A run without (or with other) test lengths does not fit this sweep.
  Sweep other(base, spec);
  SweepRun r = other.run(0);
  r.point.test.pop_back();
  EXPECT_EQ(other.add(r), "run 0 was tested at lengths [8], not the sweep's test lengths");
  r = other.run(0);
  EXPECT_EQ(other.add(r), "");
  // The written result: points carry test, runs carry test, solved beside chance.
  JsonWriter w;
  write_sweep(s, w);
  const nlohmann::json& j = w.root();
  EXPECT_EQ(j["test_lengths"], nlohmann::json({8, 3}));
  EXPECT_EQ(j["solved"], 0.99);
  EXPECT_EQ(j["points"][0]["solved"], 0.99);
  EXPECT_EQ(j["points"][0]["test"][0]["T"], 8);
  EXPECT_EQ(j["points"][0]["test"][0]["mean_accuracy"], stats[0].test[0].acc.mean);
  EXPECT_EQ(j["points"][1]["runs"][2]["test"][1]["accuracy"], runs[5].point.test[1].accuracy);
}

TEST(PerStepTasks, EvaluateSamplesAndChanceCountOnlyTheTargetsThatAreNotMinusOne) {
  for (const char* name : {"copy", "distracted_recall"}) {
    SCOPED_TRACE(name);
    const TrainConfig c = small(name, 12);
    ASSERT_EQ(validate(c), "");
    EXPECT_EQ(chance_level(c), 0.25);  // the task's own
    Trainer<double> trainer(c);
    const StepMetrics m = trainer.step();
    EXPECT_TRUE(std::isfinite(m.loss));
    // Accuracy over the counted targets: a multiple of 1/(n x counted per row).
    const int per_row = std::string(name) == "copy" ? 3 : 2;
    const double acc = trainer.evaluate(100);
    EXPECT_GE(acc, 0.0);
    EXPECT_LE(acc, 1.0);
    EXPECT_NEAR(acc * 100 * per_row, std::round(acc * 100 * per_row), 1e-9);
    // samples() shows the last step's target, never a -1.
    const auto samples = trainer.samples(5);
    for (const Sample& s : samples) {
      ASSERT_EQ(int(s.tokens.size()), 12);
      EXPECT_GE(s.target, 0) << "the last step has a target";
      EXPECT_LT(s.target, 4);
    }
  }
}

TEST(Tasks, ChanceLevelIsTheRegistrysAtEachT) {
  for (const Task& task : task_registry()) {
    for (int T : {task.min_T, task.default_T}) {
      TrainConfig c = small(task.name, T);
      EXPECT_EQ(chance_level(c), task.chance(T)) << task.name << " T=" << T;
    }
  }
}
