// test_report.cpp — a run report and its replay (src/core/report.hpp):
//  - a trainer restored from a checkpoint makes exactly the steps the
//    original makes (every cell, both precisions, Adam and SGD with momentum);
//  - checkpoints survive base64 bit for bit; a truncated one is refused;
//  - the checkpoint schedule keeps at most kReportMaxCheckpoints + 1, the
//    last at the final step, evenly spaced;
//  - a report of a native run verifies as genuine with no deviation at all
//    (the same arithmetic); changing one number, the config or a state makes
//    it "differs" naming the field; broken JSON, a wrong format or a short
//    state is "malformed"; a run from loaded weights writes no report.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "core/config.hpp"
#include "core/report.hpp"

using namespace rnnlab;
using nlohmann::json;

namespace {

TrainConfig small(CellKind cell, OptimKind opt = OptimKind::Adam) {
  TrainConfig c;
  c.cell = cell;
  c.task = "binary_palindrome";
  c.T = 6;
  c.hidden = 8;
  c.batch = 8;
  c.optim.kind = opt;
  if (opt == OptimKind::Sgd) c.optim.momentum = 0.9;
  c.seed = 7;
  return c;
}

template <class S>
std::string run_report(const TrainConfig& cfg, int steps, const std::string& extras = "") {
  Trainer<S> t(cfg);
  ReportRecorder rec;
  rec.begin(cfg, sizeof(S) == 8, "");
  for (int k = 0; k < steps; ++k) rec.after_step(t.step(k % 7 == 0), t);
  std::string error;
  const std::string text = rec.write(t, extras, &error);
  EXPECT_EQ(error, "");
  return text;
}

template <class S>
void restored_trainer_continues_exactly(CellKind cell, OptimKind opt) {
  const TrainConfig cfg = small(cell, opt);
  Trainer<S> a(cfg), b(cfg), c(cfg);
  for (int k = 0; k < 40; ++k) a.step(false);
  for (int k = 0; k < 25; ++k) b.step(false);
  TrainerCheckpoint<S> saved;
  ASSERT_EQ(decode_checkpoint(encode_checkpoint(b.checkpoint()), b.model().params().size(), 25, &saved), "");
  ASSERT_EQ(c.restore(saved), "");
  EXPECT_EQ(c.steps(), 25);
  for (int k = 0; k < 15; ++k) c.step(false);
  const auto& pa = a.model().params().data;
  const auto& pc = c.model().params().data;
  ASSERT_EQ(pa.size(), pc.size());
  for (std::size_t i = 0; i < pa.size(); ++i) ASSERT_EQ(pa[i], pc[i]) << "entry " << i;
  EXPECT_EQ(a.checkpoint().m, c.checkpoint().m);
  EXPECT_EQ(a.checkpoint().v, c.checkpoint().v);
}

TEST(Report, ARestoredTrainerMakesTheOriginalsSteps) {
  for (CellKind cell : {CellKind::Rnn, CellKind::Lstm, CellKind::Gru, CellKind::PeepholeLstm}) {
    restored_trainer_continues_exactly<float>(cell, OptimKind::Adam);
    restored_trainer_continues_exactly<double>(cell, OptimKind::Adam);
  }
  restored_trainer_continues_exactly<float>(CellKind::Lstm, OptimKind::Sgd);
  restored_trainer_continues_exactly<float>(CellKind::Gru, OptimKind::RmsProp);
}

TEST(Report, CheckpointBytesAreExactAndChecked) {
  Trainer<float> t(small(CellKind::Gru));
  for (int k = 0; k < 3; ++k) t.step(false);
  const TrainerCheckpoint<float> c = t.checkpoint();
  const std::string b64 = encode_checkpoint(c);
  TrainerCheckpoint<float> back;
  ASSERT_EQ(decode_checkpoint(b64, c.params.size(), 3, &back), "");
  EXPECT_EQ(back.params, c.params);
  EXPECT_EQ(back.m, c.m);
  EXPECT_EQ(back.v, c.v);
  EXPECT_EQ(back.optim_t, 3);
  for (int k = 0; k < 4; ++k) EXPECT_EQ(back.data_rng[k], c.data_rng[k]);
  EXPECT_NE(decode_checkpoint(b64.substr(0, b64.size() - 4), c.params.size(), 3, &back), "");
  EXPECT_NE(decode_checkpoint(b64, c.params.size() + 1, 3, &back), "");
  EXPECT_NE(decode_checkpoint("not*base64==", c.params.size(), 3, &back), "");
  TrainerCheckpoint<float> wrong = c;
  wrong.params.pop_back();
  EXPECT_NE(t.restore(wrong), "");
}

TEST(Report, CheckpointsAreFewAndEvenlySpaced) {
  const json r = json::parse(run_report<float>(small(CellKind::Rnn), 1010));
  const auto& cps = r.at("checkpoints");
  ASSERT_LE(cps.size(), std::size_t(kReportMaxCheckpoints + 1));
  ASSERT_GE(cps.size(), std::size_t(kReportMaxCheckpoints / 2));
  EXPECT_EQ(cps.back().at("step"), 1010);
  const long every = cps[0].at("step").get<long>();
  for (std::size_t k = 0; k + 1 < cps.size(); ++k) EXPECT_EQ(cps[k].at("step").get<long>(), long(k + 1) * every);
  EXPECT_LE(every, 1010 / 4);
  EXPECT_EQ(r.at("steps"), 1010);
  EXPECT_EQ(r.at("precision"), "float32");
  EXPECT_EQ(r.at("final").at("loss"), cps.back().at("loss"));
}

TEST(Report, ANativeRunVerifiesWithNoDeviation) {
  for (CellKind cell : {CellKind::Rnn, CellKind::Lstm, CellKind::Gru, CellKind::PeepholeLstm}) {
    const std::string text = run_report<float>(small(cell), 130);
    long segments = 0;
    const VerifyResult r = verify_report(text, [&](long, long) { ++segments; });
    EXPECT_EQ(r.status, VerifyResult::Genuine) << r.message;
    EXPECT_EQ(r.steps, 130);
    EXPECT_EQ(r.worst_metric, 0);
    EXPECT_EQ(r.worst_state, 0);
    EXPECT_EQ(segments, long(json::parse(text).at("checkpoints").size()));
  }
  const VerifyResult d = verify_report(run_report<double>(small(CellKind::Lstm), 60));
  EXPECT_EQ(d.status, VerifyResult::Genuine) << d.message;
  EXPECT_EQ(d.precision, "float64");
}

VerifyResult verify_changed(const std::string& text, const std::function<void(json&)>& change) {
  json r = json::parse(text);
  change(r);
  return verify_report(r.dump());
}

TEST(Report, OneChangedNumberIsCaughtAndNamed) {
  const std::string text = run_report<float>(small(CellKind::Lstm), 80, R"({"answers":["a"],"assignment":{"title":"x"}})");
  EXPECT_EQ(json::parse(text).at("answers"), json::array({"a"}));
  struct Case {
    std::function<void(json&)> change;
    std::string field;
  } cases[] = {
      {[](json& r) { r["checkpoints"][1]["loss"] = r["checkpoints"][1]["loss"].get<double>() * 1.5; }, "checkpoints[1].loss"},
      {[](json& r) { r["checkpoints"][0]["gradNorm"] = r["checkpoints"][0]["gradNorm"].get<double>() + 1; }, "checkpoints[0].gradNorm"},
      {[](json& r) { r["final"]["heldOutAccuracy"] = r["final"]["heldOutAccuracy"].get<double>() > 0.5 ? 0.1 : 0.9; }, "final.heldOutAccuracy"},
      {[](json& r) { r["final"]["accuracy"] = r["final"]["accuracy"] == 1.0 ? 0.5 : 1.0; }, "final.accuracy"},
      {[](json& r) { r["config"]["lr"] = 0.05; }, "checkpoints[0]."},  // the replay follows the stated lr
      {[](json& r) { r["config"]["vocabSize"] = 9; }, "config.vocabSize"},
      {[](json& r) { r["seed"] = 8; }, "seed"},
      {[](json& r) { r["precision"] = "float64"; }, "precision"},
  };
  for (const Case& c : cases) {
    const VerifyResult r = verify_changed(text, c.change);
    EXPECT_EQ(r.status, VerifyResult::Differs) << c.field << ": " << r.message;
    if (c.field.back() == '.') EXPECT_EQ(r.field.rfind(c.field, 0), 0u) << r.field << ": " << r.message;
    else EXPECT_EQ(r.field, c.field) << r.message;
  }
  // Another run's state at a checkpoint (the same sizes, another seed).
  TrainConfig other = small(CellKind::Lstm);
  other.seed = 8;
  const json o = json::parse(run_report<float>(other, 80));
  const VerifyResult r = verify_changed(text, [&](json& j) { j["checkpoints"][0]["state"] = o["checkpoints"][0]["state"]; });
  EXPECT_EQ(r.status, VerifyResult::Differs) << r.message;
  EXPECT_EQ(r.field.rfind("checkpoints[0].", 0), 0u) << r.field;
}

TEST(Report, MalformedReportsSaySo) {
  const std::string text = run_report<float>(small(CellKind::Gru), 30);
  EXPECT_EQ(verify_report("{").status, VerifyResult::Malformed);
  EXPECT_EQ(verify_report("[]").status, VerifyResult::Malformed);
  for (auto change : std::vector<std::function<void(json&)>>{
           [](json& r) { r["format"] = "rnnlab-report/9"; },
           [](json& r) { r.erase("checkpoints"); },
           [](json& r) { r["checkpoints"][0]["state"] = "AA*A"; },
           [](json& r) { r["checkpoints"][0]["step"] = 0; },
           [](json& r) { r["steps"] = "many"; },
           [](json& r) { r["config"]["T"] = -3; },
           [](json& r) { r["checkpoints"][0]["loss"] = "low"; },
       }) {
    const VerifyResult r = verify_changed(text, change);
    EXPECT_EQ(r.status, VerifyResult::Malformed) << r.message;
    EXPECT_FALSE(r.message.empty());
  }
}

TEST(Report, ARunFromLoadedWeightsWritesNoReport) {
  const TrainConfig cfg = small(CellKind::Rnn);
  Trainer<float> t(cfg);
  ReportRecorder rec;
  rec.begin(cfg, false, "");
  std::string error;
  EXPECT_EQ(rec.write(t, "", &error), "");
  EXPECT_NE(error.find("train at least one step"), std::string::npos) << error;
  rec.after_step(t.step(), t);
  rec.imported();
  rec.after_step(t.step(), t);
  EXPECT_EQ(rec.write(t, "", &error), "");
  EXPECT_NE(error.find("loaded weights"), std::string::npos) << error;
  rec.begin(cfg, false, "");
  EXPECT_EQ(rec.write(t, R"({"grade": 1})", &error), "");  // nothing recorded since begin
}

TEST(Report, ATextRunCarriesItsTextAndVerifies) {
  ConfigInput in;
  in["task"] = ConfigValue::of_text("text");
  in["text"] = ConfigValue::of_text("abcabcabd abcabcabd the cat sat on the mat. ");
  in["T"] = ConfigValue::of_number(8);
  in["hidden"] = ConfigValue::of_number(8);
  in["batch"] = ConfigValue::of_number(4);
  const ConfigParse p = parse_train_config(in, Face::Js);
  ASSERT_TRUE(p.ok()) << p.first_error();
  Trainer<float> t(p.config);
  ReportRecorder rec;
  rec.begin(p.config, false, in["text"].text);
  for (int k = 0; k < 40; ++k) rec.after_step(t.step(false), t);
  std::string error;
  const std::string text = rec.write(t, "", &error);
  ASSERT_EQ(error, "");
  EXPECT_EQ(json::parse(text).at("config").at("text"), in["text"].text);
  const VerifyResult r = verify_report(text);
  EXPECT_EQ(r.status, VerifyResult::Genuine) << r.message;
  const VerifyResult changed = verify_changed(text, [](json& j) { j["config"]["text"] = "abcabcabd abcabcabd the dog sat on the mat. "; });
  EXPECT_NE(changed.status, VerifyResult::Genuine);
}

}  // namespace
