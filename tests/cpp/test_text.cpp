// test_text.cpp — the text task and sampling (src/core/text.hpp,
// src/core/sample.hpp, the carried state of Model::carry_state):
//  - UTF-8 decoding against hand-written byte strings: every kind of bad
//    byte is refused with its byte offset; a byte-order mark is skipped;
//  - the vocabulary is the distinct characters in code-point order, the
//    unigram entropy is hand-computed, the limits refuse;
//  - windows: the targets are the next character of the text at every step;
//  - a carried state: feeding a sequence in pieces gives the logits of
//    feeding it whole (every cell, two layers);
//  - sampling: temperature 0 is the argmax of an independent forward pass;
//    the same seed gives the same text; bad options are refused.
#include <gtest/gtest.h>

#include <cmath>
#include <set>
#include <string>

#include "core/config.hpp"
#include "core/model.hpp"
#include "core/sample.hpp"
#include "core/text.hpp"

using namespace rnnlab;

namespace {

TEST(Text, VocabIsTheDistinctCharactersInCodePointOrder) {
  TextCorpus c;
  ASSERT_EQ(parse_text("b\xC3\xA9" "ab\xE2\x82\xAC", &c), "");  // b é a b €
  EXPECT_EQ(c.vocab, (std::vector<std::string>{"a", "b", "\xC3\xA9", "\xE2\x82\xAC"}));
  EXPECT_EQ(c.tokens, (std::vector<int>{1, 2, 0, 1, 3}));
  // p = (1, 2, 1, 1) / 5
  const double want = -(3 * 0.2 * std::log(0.2) + 0.4 * std::log(0.4));
  EXPECT_NEAR(c.unigram_entropy, want, 1e-15);
}

TEST(Text, AByteOrderMarkIsSkippedAndAFourByteCharacterIsOne) {
  TextCorpus c;
  ASSERT_EQ(parse_text("\xEF\xBB\xBFx\xF0\x9F\x90\xA6x", &c), "");  // BOM, x, bird, x
  EXPECT_EQ(c.tokens.size(), 3u);
  EXPECT_EQ(c.vocab.size(), 2u);
  EXPECT_NEAR(c.unigram_entropy, -(2.0 / 3 * std::log(2.0 / 3) + 1.0 / 3 * std::log(1.0 / 3)), 1e-15);
}

TEST(Text, BadUtf8NamesTheByte) {
  TextCorpus c;
  const std::pair<std::string, std::string> cases[] = {
      {"ab\xFF" "cd", "a byte that cannot start a character at byte 2"},
      {"a\x80", "a continuation byte with no lead byte at byte 1"},
      {"abc\xC3", "a character cut off by the end of the text at byte 3"},
      {"a\xC3(b", "a missing continuation byte at byte 2"},
      {"\xE0\x80\x80", "an overlong or out-of-range character at byte 0"},  // overlong NUL
      {"x\xC0\xAF", "a byte that cannot start a character at byte 1"},     // C0: always overlong
      {"\xED\xA0\x80", "an overlong or out-of-range character at byte 0"},  // a surrogate
      {"\xF4\x90\x80\x80", "an overlong or out-of-range character at byte 0"},  // above U+10FFFF
  };
  for (const auto& [bytes, why] : cases) {
    const std::string e = parse_text(bytes, &c);
    EXPECT_EQ(e, "the text is not valid UTF-8: " + why + " (counting from 0)") << e;
  }
}

TEST(Text, LimitsAndLength) {
  TextCorpus c;
  EXPECT_EQ(parse_text("", &c), "the text is empty");
  EXPECT_EQ(parse_text("\xEF\xBB\xBF", &c), "the text is empty");
  std::string many;
  for (int k = 0; k <= kMaxTextVocab; ++k) {  // kMaxTextVocab + 1 distinct two-byte and three-byte characters
    const int cp = 0x100 + k;
    if (cp < 0x800) many += char(0xC0 | (cp >> 6)), many += char(0x80 | (cp & 0x3F));
    else many += char(0xE0 | (cp >> 12)), many += char(0x80 | ((cp >> 6) & 0x3F)), many += char(0x80 | (cp & 0x3F));
  }
  EXPECT_EQ(parse_text(many, &c), "the text has 1025 distinct characters, more than the limit of 1024");
  EXPECT_NE(parse_text(std::string(kMaxTextBytes + 1, 'a'), &c).find("over the limit of 16777216"), std::string::npos);
  ASSERT_EQ(parse_text("abcd", &c), "");
  EXPECT_EQ(check_text_length(c, 3), "");
  EXPECT_EQ(check_text_length(c, 4), "the text has 4 characters; T = 4 needs at least 5 (T inputs and the character after them)");
}

TEST(Text, WindowsPredictTheNextCharacterAtEveryStep) {
  TextCorpus c;
  ASSERT_EQ(parse_text("abcdefghijklmnopqrstuvwxyz", &c), "");  // token k = letter k
  Rng rng(5);
  const Batch b = c.windows(rng, 6, 50);
  ASSERT_TRUE(b.per_step);
  std::set<int> starts;
  for (int r = 0; r < b.B; ++r) {
    const int s = b.token(r, 0);
    starts.insert(s);
    EXPECT_LE(s + 6, 25);  // the last target is inside the text
    for (int t = 0; t < 6; ++t) {
      EXPECT_EQ(b.token(r, t), s + t);
      EXPECT_EQ(b.target(r, t), s + t + 1);
    }
  }
  EXPECT_GT(starts.size(), 10u);  // uniform starts, not one window
  // The first and last windows are reachable (T = 25: only start 0).
  Rng rng2(6);
  EXPECT_EQ(c.windows(rng2, 25, 3).target(2, 24), 25);
}

ModelConfig small_model(CellKind cell, int layers) {
  ModelConfig cfg{cell, 4, 0, 5, 4, layers};
  cfg.vocab = {"a", "b", "c", "d"};
  return cfg;
}

Batch sequence(const std::vector<int>& tokens) {
  Batch b;
  b.B = 1;
  b.T = int(tokens.size());
  b.tokens = tokens;
  b.targets = {0};
  return b;
}

TEST(Text, ACarriedStateGivesTheLogitsOfTheWholeSequence) {
  for (CellKind cell : {CellKind::Rnn, CellKind::Lstm, CellKind::Gru, CellKind::PeepholeLstm}) {
    Model<double> model(small_model(cell, 2));
    Rng rng(9);
    model.init(rng);
    const std::vector<int> seq = {0, 3, 1, 1, 2, 0, 3};
    model.forward(sequence(seq));
    const Eigen::RowVectorXd whole = model.logits().row(0);
    // The same tokens as 3 + 1 + 3.
    model.forward(sequence({0, 3, 1}));
    model.carry_state();
    model.forward(sequence({1}));
    model.carry_state();
    model.forward(sequence({2, 0, 3}));
    EXPECT_LT((model.logits().row(0) - whole).norm(), 1e-13 * (1 + whole.norm())) << cell_name(cell);
    // reset_state starts from zero again.
    model.reset_state();
    model.forward(sequence(seq));
    EXPECT_EQ(model.logits().row(0), whole);
  }
}

TEST(Text, TemperatureZeroIsTheArgmaxOfAForwardPass) {
  const ModelConfig cfg = small_model(CellKind::Lstm, 1);
  Model<double> model(cfg);
  Rng rng(11);
  model.init(rng);
  SampleOptions o;
  o.prime = "cab";
  o.length = 6;
  o.temperature = 0;
  ASSERT_EQ(validate_sample(cfg, o), "");
  const std::string got = sample_text(cfg, {model.params().data.begin(), model.params().data.end()}, o);
  // Independently: the whole text so far through a fresh forward pass each time.
  std::vector<int> seq = {2, 0, 1};
  std::string want;
  for (int k = 0; k < 6; ++k) {
    Model<double> m(cfg);
    m.params().data = model.params().data;
    m.forward(sequence(seq));
    Eigen::Index arg;
    m.logits().row(0).maxCoeff(&arg);
    want += cfg.vocab[std::size_t(arg)];
    seq.push_back(int(arg));
  }
  EXPECT_EQ(got, want);
}

TEST(Text, SamplingIsSeededAndValidated) {
  const ModelConfig cfg = small_model(CellKind::Gru, 2);
  Model<double> model(cfg);
  Rng rng(12);
  model.init(rng);
  SampleOptions o;
  o.length = 40;
  o.temperature = 1.5;
  const std::string a = sample_text(cfg, {model.params().data.begin(), model.params().data.end()}, o);
  EXPECT_EQ(a.size(), 40u);  // one-byte characters: 40 of them
  EXPECT_EQ(sample_text(cfg, {model.params().data.begin(), model.params().data.end()}, o), a);
  o.seed = 2;
  EXPECT_NE(sample_text(cfg, {model.params().data.begin(), model.params().data.end()}, o), a);
  o.length = 0;
  EXPECT_EQ(sample_text(cfg, {model.params().data.begin(), model.params().data.end()}, o), "");
  o.length = 5;
  o.prime = "abx";
  EXPECT_EQ(validate_sample(cfg, o), "the prime's character 2 ('x') is not in the model's vocabulary of 4 characters");
  o.prime = "a\xFF";
  EXPECT_EQ(validate_sample(cfg, o), "the prime is not valid UTF-8: a byte that cannot start a character at byte 1 (counting from 0)");
  o.prime = "";
  o.temperature = -1;
  EXPECT_NE(validate_sample(cfg, o).find("temperature must be a number in [0, 100]"), std::string::npos);
  o.temperature = 1;
  o.length = kMaxSampleLength + 1;
  EXPECT_NE(validate_sample(cfg, o).find("length must be between 0 and 100000"), std::string::npos);
  ModelConfig no_vocab = cfg;
  no_vocab.vocab.clear();
  o.length = 5;
  EXPECT_NE(validate_sample(no_vocab, o).find("the state has no vocab"), std::string::npos);
}

TEST(Text, TheTextTaskTrainsThroughTheConfig) {
  ConfigInput in;
  in["task"] = ConfigValue::of_text("text");
  in["text"] = ConfigValue::of_text("abab abba baab ");
  in["T"] = ConfigValue::of_text("4");
  in["hidden"] = ConfigValue::of_text("6");
  in["batch"] = ConfigValue::of_text("3");
  const ConfigParse p = parse_train_config(in, Face::Js);
  ASSERT_TRUE(p.ok()) << p.first_error();
  const ModelConfig m = model_config(p.config);
  EXPECT_EQ(m.vocab, (std::vector<std::string>{" ", "a", "b"}));
  EXPECT_EQ(m.num_classes, 3);
  Trainer<float> t(p.config);
  const StepMetrics s = t.step();
  EXPECT_TRUE(std::isfinite(s.loss));
  EXPECT_NEAR(s.accuracy * 12, std::round(s.accuracy * 12), 1e-9);  // a fraction of the 12 counted targets (B x T)
  EXPECT_EQ(t.model().counted(), 12);
  // Without a text, or too short for T.
  ConfigInput bad = in;
  bad.erase("text");
  EXPECT_EQ(parse_train_config(bad, Face::Js).first_error(), "the task 'text' needs a text: the key text (a string)");
  bad = in;
  bad["T"] = ConfigValue::of_text("20");
  EXPECT_EQ(parse_train_config(bad, Face::Js).first_error(),
            "the text has 15 characters; T = 20 needs at least 21 (T inputs and the character after them)");
}

}  // namespace
