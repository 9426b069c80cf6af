// test_config.cpp — tests for src/core/config.cpp: one parser for every face.
// References: the defaults written out from the documented table
// (docs/config.md), hand-written inputs with the messages they must give,
// and the round trip of format_number through strtod.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>

#include "core/config.hpp"

using namespace rnnlab;

namespace {
ConfigInput text(std::initializer_list<std::pair<const char*, const char*>> kv) {
  ConfigInput in;
  for (const auto& [k, v] : kv) in[k] = ConfigValue::of_text(v);
  return in;
}
}  // namespace

TEST(Config, EmptyInputGivesTheDocumentedDefaults) {
  const ConfigParse p = parse_train_config({}, Face::Js);
  ASSERT_TRUE(p.ok()) << p.first_error();
  const TrainConfig& c = p.config;
  EXPECT_EQ(c.task, "binary_palindrome");
  EXPECT_EQ(c.cell, CellKind::Lstm);
  EXPECT_EQ(c.T, find_task("binary_palindrome")->default_T);  // the task's, not a fixed 20
  EXPECT_EQ(c.hidden, 32);
  EXPECT_EQ(c.embed, 0);
  EXPECT_EQ(c.batch, 32);
  EXPECT_EQ(c.optim.kind, OptimKind::Adam);
  EXPECT_EQ(c.optim.lr, 0.01);
  EXPECT_EQ(c.clip, 1.0);
  EXPECT_EQ(c.seed, 1u);
  EXPECT_FALSE(p.float64);
}

TEST(Config, TaskWithoutTTakesItsOwnDefaultT) {
  for (const Task& t : task_registry()) {
    ConfigInput in;
    in["task"] = ConfigValue::of_text(t.name);
    const ConfigParse p = parse_train_config(in, Face::Cli);
    ASSERT_TRUE(p.ok()) << t.name << ": " << p.first_error();
    EXPECT_EQ(p.config.T, t.default_T) << t.name;
  }
}

TEST(Config, TextAndNumbersMeanTheSame) {
  ConfigInput js;
  js["T"] = ConfigValue::of_number(12);
  js["lr"] = ConfigValue::of_number(0.003);
  js["cell"] = ConfigValue::of_text("gru");
  js["nesterov"] = ConfigValue::of_bool(true);
  js["momentum"] = ConfigValue::of_number(0.9);
  js["optimizer"] = ConfigValue::of_text("sgd");
  const ConfigParse a = parse_train_config(js, Face::Js);
  const ConfigParse b = parse_train_config(
      text({{"T", "12"}, {"lr", "0.003"}, {"cell", "gru"}, {"nesterov", "true"}, {"momentum", "0.9"}, {"optimizer", "sgd"}}),
      Face::Cli);
  ASSERT_TRUE(a.ok() && b.ok()) << a.first_error() << b.first_error();
  EXPECT_EQ(a.config.T, 12);
  EXPECT_EQ(b.config.T, 12);
  EXPECT_EQ(a.config.optim.lr, b.config.optim.lr);
  EXPECT_EQ(a.config.cell, CellKind::Gru);
  EXPECT_TRUE(b.config.optim.nesterov);
}

TEST(Config, EveryBadKeyAtOnceEachAtItsDefault) {
  const ConfigParse p = parse_train_config(
      text({{"cell", "cnn"}, {"T", "0"}, {"hidden", "-3"}, {"lr", "abc"}, {"seed", "-5"}, {"batch", "16"}}), Face::Js);
  ASSERT_EQ(p.errors.size(), 5u);
  // In the documented key order, each naming its key.
  EXPECT_EQ(p.errors[0].key, "cell");
  EXPECT_EQ(p.errors[0].message, "cell must be rnn, lstm, gru or peephole_lstm (got \"cnn\")");
  EXPECT_EQ(p.errors[1].key, "T");
  EXPECT_NE(p.errors[1].message.find("T must be at least 1"), std::string::npos);
  EXPECT_EQ(p.errors[2].key, "hidden");
  EXPECT_EQ(p.errors[2].message, "hidden size must be between 1 and 4096 (got -3)");
  EXPECT_EQ(p.errors[3].key, "lr");
  EXPECT_EQ(p.errors[3].message, "lr must be a number (got \"abc\")");
  EXPECT_EQ(p.errors[4].key, "seed");
  EXPECT_EQ(p.errors[4].message, "seed must be a non-negative integer (got \"-5\")");
  // The good key is kept, the bad ones are at their defaults.
  EXPECT_EQ(p.config.batch, 16);
  EXPECT_EQ(p.config.cell, CellKind::Lstm);
  EXPECT_EQ(p.config.hidden, 32);
  EXPECT_EQ(p.config.optim.lr, 0.01);
}

TEST(Config, TheCliFaceSpellsKeysAsOptionsAndQuotesWithApostrophes) {
  const ConfigParse p = parse_train_config(text({{"cell", "cnn"}, {"forgetBias", "200"}, {"lr", "x"}}), Face::Cli);
  ASSERT_EQ(p.errors.size(), 3u);
  EXPECT_EQ(p.errors[0].message, "--cell must be rnn, lstm, gru or peephole_lstm (got 'cnn')");
  EXPECT_EQ(p.errors[1].message, "--lr must be a number (got 'x')");
  EXPECT_EQ(p.errors[2].message, "--forget-bias must be a number in [-100, 100] (got 200)");
}

TEST(Config, TypeErrorsAndNonFiniteNumbers) {
  ConfigInput in;
  in["hidden"] = ConfigValue::of_number(1.5);
  in["lr"] = ConfigValue::of_number(NAN);
  in["task"] = ConfigValue::of_number(3);
  in["gates"] = ConfigValue::of_text("maybe");
  const ConfigParse p = parse_train_config(in, Face::Js);
  ASSERT_EQ(p.errors.size(), 4u);
  EXPECT_EQ(p.errors[0].message, "task must be a string (got 3)");
  EXPECT_EQ(p.errors[1].message, "hidden must be an integer (got 1.5)");
  EXPECT_EQ(p.errors[2].message, "lr must be a finite number (got NaN)");
  EXPECT_EQ(p.errors[3].message, "gates must be true or false (got \"maybe\")");
}

TEST(Config, SizesTogetherAreOneMessageWithoutAKey) {
  const ConfigParse p = parse_train_config(text({{"T", "100000"}, {"batch", "1000"}, {"hidden", "512"}}), Face::Js);
  ASSERT_EQ(p.errors.size(), 1u);
  EXPECT_EQ(p.errors[0].key, "");
  EXPECT_NE(p.errors[0].message.find("too large: the training caches would need"), std::string::npos);
}

TEST(Config, CacheBytesDoNotWrapAt4GiB) {
  // 2^32 bytes exactly: would be 0 in 32-bit arithmetic (wasm32's size_t).
  ModelConfig m;
  m.cell = CellKind::Rnn;
  m.vocab_size = 2;
  m.embedding_dim = 24;
  m.hidden_size = 100;
  m.num_classes = 2;
  EXPECT_EQ(cache_bytes(m, 512, 1024, 8), std::uint64_t(1) << 32);
}

TEST(Config, JacobianLimitUsesTheCellsStateSize) {
  // LSTM: s = [h; c] has 2H entries, so H = 300 is over the limit of 512; the GRU's H = 300 is not.
  ConfigInput in = text({{"hidden", "300"}, {"jacobians", "true"}});
  EXPECT_FALSE(parse_train_config(in, Face::Js).ok());
  in["cell"] = ConfigValue::of_text("gru");
  EXPECT_TRUE(parse_train_config(in, Face::Js).ok());
}

TEST(FormatNumber, ShortestTextThatRoundTrips) {
  EXPECT_EQ(format_number(0.1), "0.1");
  EXPECT_EQ(format_number(1e9), "1000000000");
  EXPECT_EQ(format_number(200), "200");
  EXPECT_EQ(format_number(-3), "-3");
  EXPECT_EQ(format_number(0.003), "0.003");
  EXPECT_EQ(format_number(1e-7), "1e-7");
  EXPECT_EQ(format_number(1e300), "1e+300");
  EXPECT_EQ(format_number(NAN), "NaN");
  EXPECT_EQ(format_number(-INFINITY), "-Infinity");
  for (double x : {0.1 + 0.2, 1.0 / 3, 123456.789, 6.02214076e23, 2.5e-5, -0.0009765625})
    EXPECT_EQ(std::strtod(format_number(x).c_str(), nullptr), x) << format_number(x);
}

TEST(Config, AnIntegerKeyGivenTextSaysInteger) {
  const ConfigParse p = parse_train_config(text({{"T", "abc"}, {"batch", "1e400"}}), Face::Cli);
  ASSERT_EQ(p.errors.size(), 2u);
  EXPECT_EQ(p.errors[0].message, "--T must be an integer (got 'abc')");
  EXPECT_EQ(p.errors[1].message, "--batch must be a finite number (got '1e400')");
}
