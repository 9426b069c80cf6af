// test_sequences.cpp — the reader's own labelled sequences (src/core/sequences.hpp):
//  - CSV and JSON give the same items, vocabulary and classes (hand-written
//    files, expected token ids written out by hand);
//  - the orders: numeric when every token (label) is an integer, else
//    code-point order; the padding token is 0;
//  - every malformed file is refused with a message naming its line and
//    field;
//  - the split: every fifth item is held out, from 10 items on;
//  - batches: left-padded to T, the label of the drawn item, held-out draws
//    only from held-out items;
//  - the config: T defaults to the longest sequence, a short T is refused,
//    the state keeps vocab and classes, and an LSTM learns a rule that needs
//    the whole sequence (held-out accuracy well above chance).
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "core/config.hpp"
#include "core/sequences.hpp"
#include "core/state_json.hpp"
#include "core/trainer.hpp"

using namespace rnnlab;

namespace {

LabelledSequences parse_ok(const std::string& text) {
  LabelledSequences s;
  const std::string e = parse_sequences(text, &s);
  EXPECT_EQ(e, "") << text;
  return s;
}

std::string parse_error(const std::string& text) {
  LabelledSequences s;
  return parse_sequences(text, &s);
}

TEST(Sequences, CsvAndJsonReadTheSameItems) {
  const std::string csv = "sequence,label\n0 1 1,odd\n\"1,0\",even\n10,even\n";
  // "1,0" quoted holds a comma: no whitespace, so its characters 1 , 0.
  const LabelledSequences a = parse_ok(csv);
  EXPECT_EQ(a.vocab, (std::vector<std::string>{"", ",", "0", "1"}));  // code-point order: ',' < '0' < '1'
  EXPECT_EQ(a.classes, (std::vector<std::string>{"even", "odd"}));
  ASSERT_EQ(a.items.size(), 3u);
  EXPECT_EQ(a.items[0], (std::vector<int>{2, 3, 3}));
  EXPECT_EQ(a.items[1], (std::vector<int>{3, 1, 2}));
  EXPECT_EQ(a.items[2], (std::vector<int>{3, 2}));
  EXPECT_EQ(a.labels, (std::vector<int>{1, 0, 0}));
  EXPECT_EQ(a.lines, (std::vector<int>{2, 3, 4}));
  EXPECT_EQ(a.longest, 3);
  EXPECT_EQ(a.longest_line, 2);

  const std::string json =
      "[\n  {\"sequence\": \"0 1 1\", \"label\": \"odd\"},\n  {\"sequence\": [\"1\", \",\", 0], \"label\": \"even\"},\n"
      "  {\"label\": \"even\", \"sequence\": \"10\"}\n]";
  const LabelledSequences b = parse_ok(json);
  EXPECT_EQ(b.vocab, a.vocab);
  EXPECT_EQ(b.classes, a.classes);
  EXPECT_EQ(b.items, a.items);
  EXPECT_EQ(b.labels, a.labels);
  EXPECT_EQ(b.lines, (std::vector<int>{2, 3, 4}));
}

TEST(Sequences, IntegersAreOrderedAsNumbers) {
  const LabelledSequences s = parse_ok("10 2 -1,3\n2 2,10\n-1 10,-5\n");
  EXPECT_EQ(s.vocab, (std::vector<std::string>{"", "-1", "2", "10"}));
  EXPECT_EQ(s.classes, (std::vector<std::string>{"-5", "3", "10"}));
  EXPECT_EQ(s.items[0], (std::vector<int>{3, 2, 1}));
  EXPECT_EQ(s.labels, (std::vector<int>{1, 2, 0}));
}

TEST(Sequences, WordsAndCharactersAndUtf8) {
  const LabelledSequences s = parse_ok("up down up,a\n\xC3\xA9t\xC3\xA9,b\n");  // été: 3 characters
  EXPECT_EQ(s.vocab, (std::vector<std::string>{"", "down", "t", "up", "\xC3\xA9"}));
  EXPECT_EQ(s.items[0], (std::vector<int>{3, 1, 3}));
  EXPECT_EQ(s.items[1], (std::vector<int>{4, 2, 4}));
}

TEST(Sequences, BadFilesNameTheLineAndField) {
  struct Case {
    std::string text, want;
  };
  const std::vector<Case> cases = {
      {"", "the file is empty: it holds no sequences"},
      {"  \n\n", "the file is empty: it holds no sequences"},
      {"sequence,label\n", "the file holds no sequences (only a header or blank lines)"},
      {"ab,1\nab\n", "line 2: 1 field, expected 2: sequence,label (quote a field that holds a comma)"},
      {"ab,1\na,b,c\n", "line 2: 3 fields, expected 2: sequence,label (quote a field that holds a comma)"},
      {"ab,1\n,2\n", "line 2, field sequence: empty"},
      {"ab,1\nab,\n", "line 2, field label: empty"},
      {"ab,1\n\"ab,2\n", "line 2: a quote that is never closed on its line (a quoted field may not span lines)"},
      {"ab,1\n\"ab\"x,2\n", "line 2: text after a closing quote (a field is either quoted whole or not at all)"},
      {"ab,1\na\"b,2\n", "line 2: a quote inside an unquoted field (quote the whole field, and double the quote)"},
      {"ab,1\nb\xFF,2\n", "line 2: the line is not valid UTF-8: a byte that cannot start a character at byte 1 (counting from 0)"},
      {"ab,x\nba,x\n", "every sequence has the label 'x': a classifier needs at least 2 classes"},
      {"ab,1\n" + std::string(65, 'w') + " v,2\n", "line 2, field sequence: a token of 65 bytes, more than the limit of 64"},
      {"ab,1\nab," + std::string(65, 'L') + "\n", "line 2, field label: a label of 65 bytes, more than the limit of 64"},
      {"{\"sequence\": \"ab\"}", "the JSON must be an array of objects {\"sequence\": ..., \"label\": ...} (got an object)"},
      {"[{\"sequence\": \"ab\", \"label\": 1},\n {\"sequence\": \"ab\"}]", "line 2 (item 2), field label: missing"},
      {"[{\"sequence\": \"ab\", \"label\": 1},\n\n {\"label\": 2}]", "line 3 (item 2), field sequence: missing"},
      {"[{\"sequence\": \"ab\", \"label\": 1},\n {\"sequence\": 5, \"label\": 2}]",
       "line 2 (item 2), field sequence: must be a string or an array of tokens (got a number)"},
      {"[{\"sequence\": \"ab\", \"label\": 1},\n {\"sequence\": [1, true], \"label\": 2}]",
       "line 2 (item 2), field sequence: token 2 must be a string or an integer (got a boolean)"},
      {"[{\"sequence\": \"ab\", \"label\": 1},\n {\"sequence\": [], \"label\": 2}]", "line 2 (item 2), field sequence: empty"},
      {"[{\"sequence\": \"ab\", \"label\": 1},\n {\"sequence\": \"b\", \"label\": 2.5}]",
       "line 2 (item 2), field label: must be a string or an integer (got a number not written as an integer)"},
      {"[{\"sequence\": \"ab\", \"label\": 1},\n \"ab\"]",
       "line 2 (item 2): expected an object with the fields sequence and label (got a string)"},
      {"[{\"sequence\": \"ab\", \"label\": 1, \"weight\": 2}]",
       "line 1 (item 1): unknown field 'weight' (the fields are sequence and label)"},
      {"[{\"sequence\": \"ab\", \"label\": 1},\n {\"sequence\": \"b\" \"label\": 2}]", ""},  // checked below
  };
  for (const Case& c : cases) {
    if (c.want.empty()) continue;
    EXPECT_EQ(parse_error(c.text), c.want) << c.text;
  }
  // A JSON syntax error names its line (the parser's own words follow).
  const std::string e = parse_error(cases.back().text);
  EXPECT_EQ(e.rfind("line 2: not valid JSON: syntax error", 0), 0u) << e;
  // Numbers beyond a double and deep nesting (found by fuzz_sequences: nlohmann throws, or recurses).
  EXPECT_EQ(parse_error("[{\"sequence\": [1e999], \"label\": 1}]"), "the JSON: field '[0].sequence[0]' is not a finite number");
  EXPECT_EQ(parse_error("[333e3116[q\"31[3 down"), "the JSON: field '[0]' is not a finite number");
  EXPECT_EQ(parse_error(std::string(100, '[')).rfind("the JSON: JSON nested deeper than 64 levels", 0), 0u);
  // The limits.
  std::string many;
  for (int k = 0; k < 1024; ++k) many += "t" + std::to_string(k) + " x," + std::to_string(k % 2) + "\n";
  EXPECT_EQ(parse_error(many), "the sequences have 1025 distinct tokens, more than the limit of 1023 (with the padding token, 1024)");
  std::string labels;
  for (int k = 0; k < 257; ++k) labels += "ab," + std::to_string(k) + "\n";
  EXPECT_EQ(parse_error(labels), "the sequences have 257 distinct labels, more than the limit of 256");
  EXPECT_EQ(parse_error(std::string(kMaxSequencesBytes + 1, 'a')),
            "the file is 16777217 bytes, over the limit of 16777216 (16 MiB)");
}

TEST(Sequences, EveryFifthItemOfEachClassIsHeldOutFromTenItems) {
  std::string nine, ten;
  for (int k = 0; k < 9; ++k) nine += "ab," + std::to_string(k % 2) + "\n";
  ten = nine + "ba,1\n";
  const LabelledSequences a = parse_ok(nine);
  EXPECT_TRUE(a.held_out.empty());
  EXPECT_EQ(a.train.size(), 9u);
  // Class 0 is items 0, 2, 4, 6, 8 (its fifth: 8); class 1 is 1, 3, 5, 7, 9 (its fifth: 9).
  const LabelledSequences b = parse_ok(ten);
  EXPECT_EQ(b.held_out, (std::vector<int>{8, 9}));
  EXPECT_EQ(b.train, (std::vector<int>{0, 1, 2, 3, 4, 5, 6, 7}));
  // Labels in turn a..e (25 items): every fifth item in file order would be
  // all of class e; per class, each class's fifth (items 20..24) is held out
  // and every class keeps four for training.
  std::string cyclic;
  for (int k = 0; k < 25; ++k) cyclic += "x y," + std::string(1, char('a' + k % 5)) + "\n";
  const LabelledSequences c = parse_ok(cyclic);
  EXPECT_EQ(c.held_out, (std::vector<int>{20, 21, 22, 23, 24}));
  std::set<int> trained;
  for (int k : c.train) trained.insert(c.labels[std::size_t(k)]);
  EXPECT_EQ(trained.size(), 5u);
}

TEST(Sequences, CrLfBomHeaderCaseBlankLinesAndDoubledQuotes) {
  const LabelledSequences s = parse_ok("\xEF\xBB\xBFSequence,LABEL\r\n\r\n\"a \"\"q\"\"\",yes\r\n  \r\nb,no\r\n");
  EXPECT_EQ(s.vocab, (std::vector<std::string>{"", "\"q\"", "a", "b"}));
  EXPECT_EQ(s.items[0], (std::vector<int>{2, 1}));
  EXPECT_EQ(s.lines, (std::vector<int>{3, 5}));
  EXPECT_EQ(s.classes, (std::vector<std::string>{"no", "yes"}));
  // Labels are trimmed in both forms, quoted or not: one class.
  EXPECT_EQ(parse_error("a,\" x \"\nb,x\n"), "every sequence has the label 'x': a classifier needs at least 2 classes");
  EXPECT_EQ(parse_error("[{\"sequence\": \"a\", \"label\": \" x\"}, {\"sequence\": [\" \"], \"label\": \"y\"}]"),
            "line 1 (item 2), field sequence: token 1 is empty");
  // JSON after many blank lines is still JSON.
  EXPECT_EQ(parse_ok(std::string(70, '\n') + "[{\"sequence\": \"a\", \"label\": 1}, {\"sequence\": \"b\", \"label\": 2}]").lines,
            (std::vector<int>{71, 71}));
}

TEST(Sequences, BatchesAreLeftPaddedAndHeldOutDrawsStayHeldOut) {
  // Class t: "abc" four times, then its fifth "cba"; class h: "z" four times, then "zz".
  std::string csv;
  for (int k = 0; k < 4; ++k) csv += "abc,t\nz,h\n";
  csv += "cba,t\nzz,h\n";
  const LabelledSequences s = parse_ok(csv);
  ASSERT_EQ(s.vocab, (std::vector<std::string>{"", "a", "b", "c", "z"}));
  ASSERT_EQ(s.held_out, (std::vector<int>{8, 9}));
  const std::vector<int> abc{0, 0, 1, 2, 3}, z{0, 0, 0, 0, 4}, cba{0, 0, 3, 2, 1}, zz{0, 0, 0, 4, 4};
  Rng rng(7);
  const Batch train = s.draw(rng, 5, 50, false);
  const Batch held = s.draw(rng, 5, 50, true);
  ASSERT_EQ(train.tokens.size(), 250u);
  std::set<std::vector<int>> seen_train, seen_held;
  for (int b = 0; b < 50; ++b) {
    const std::vector<int> tr(train.tokens.begin() + b * 5, train.tokens.begin() + b * 5 + 5);
    const std::vector<int> ho(held.tokens.begin() + b * 5, held.tokens.begin() + b * 5 + 5);
    ASSERT_TRUE(tr == abc || tr == z);
    EXPECT_EQ(train.targets[std::size_t(b)], tr == abc ? 1 : 0);  // classes h, t
    ASSERT_TRUE(ho == cba || ho == zz);
    EXPECT_EQ(held.targets[std::size_t(b)], ho == cba ? 1 : 0);
    seen_train.insert(tr);
    seen_held.insert(ho);
  }
  EXPECT_EQ(seen_train.size(), 2u);
  EXPECT_EQ(seen_held.size(), 2u);
  EXPECT_EQ(check_sequences_length(s, 2), "the longest sequence (line 1) has 3 tokens; T = 2 must be at least that (shorter sequences are left-padded to T)");
  EXPECT_EQ(check_sequences_length(s, 3), "");
}

// "does the sequence hold more a's than b's": every token counts, so the
// label needs the whole sequence; lengths 3..8.
std::string majority_csv(int n, std::uint64_t seed) {
  Rng rng(seed);
  std::string csv = "sequence,label\n";
  for (int k = 0; k < n; ++k) {
    const int len = 3 + 2 * rng.below_int(3);  // odd: no ties
    std::string s;
    int a = 0;
    for (int t = 0; t < len; ++t) {
      const bool is_a = rng.below_int(2) == 0;
      a += is_a;
      s += is_a ? 'a' : 'b';
    }
    csv += s + "," + (2 * a > len ? "more a" : "more b") + "\n";
  }
  return csv;
}

TEST(Sequences, TheConfigTrainsAndTheStateKeepsTheLabels) {
  ConfigInput in;
  in["task"] = ConfigValue::of_text("sequences");
  in["sequences"] = ConfigValue::of_text(majority_csv(400, 3));
  in["hidden"] = ConfigValue::of_number(16);
  ConfigParse p = parse_train_config(in, Face::Js);
  ASSERT_TRUE(p.errors.empty()) << p.errors[0].message;
  EXPECT_EQ(p.config.T, 7);  // the longest sequence
  ASSERT_TRUE(p.config.sequences);
  std::vector<std::size_t> per_class(2, 0);
  for (int label : p.config.sequences->labels) ++per_class[std::size_t(label)];
  EXPECT_EQ(p.config.sequences->held_out.size(), per_class[0] / 5 + per_class[1] / 5);  // every fifth of each class
  const ModelConfig m = model_config(p.config);
  EXPECT_EQ(m.vocab, (std::vector<std::string>{"", "a", "b"}));
  EXPECT_EQ(m.classes, (std::vector<std::string>{"more a", "more b"}));
  EXPECT_EQ(m.vocab_size, 3);
  EXPECT_EQ(m.num_classes, 2);
  Trainer<float> trainer(p.config);
  const double chance = chance_level(p.config);
  for (int s = 0; s < 300; ++s) ASSERT_TRUE(trainer.step().finite);
  const double acc = trainer.evaluate(500);
  EXPECT_LT(chance, 0.65);
  EXPECT_GT(acc, 0.9) << "held-out accuracy after 300 steps (chance " << chance << ")";
  // The state keeps vocab and classes, and reads back.
  const auto& flat = trainer.model().params().data;
  const std::string state = dump_state(trainer.model().config(), std::vector<double>(flat.begin(), flat.end()));
  EXPECT_NE(state.find("\"classes\":[\"more a\",\"more b\"]"), std::string::npos);
  ModelConfig back;
  std::vector<double> params;
  ASSERT_EQ(parse_state(state, &back, &params), "");
  EXPECT_EQ(back.classes, m.classes);
  EXPECT_EQ(back.vocab, m.vocab);

  // A T shorter than the longest sequence is refused under T; no sequences under task.
  in["T"] = ConfigValue::of_number(5);
  p = parse_train_config(in, Face::Js);
  ASSERT_EQ(p.errors.size(), 1u);
  EXPECT_EQ(p.errors[0].key, "T");
  EXPECT_NE(p.errors[0].message.find("the longest sequence (line "), std::string::npos) << p.errors[0].message;
  in.erase("T");
  in.erase("sequences");
  p = parse_train_config(in, Face::Cli);
  ASSERT_EQ(p.errors.size(), 1u);
  EXPECT_EQ(p.errors[0].key, "task");
  EXPECT_EQ(p.errors[0].message, "the task 'sequences' needs the reader's sequences: --sequences FILE (CSV or JSON)");
  // A bad file is reported under sequences.
  in["sequences"] = ConfigValue::of_text("ab,1\nab\n");
  p = parse_train_config(in, Face::Js);
  ASSERT_EQ(p.errors.size(), 1u);
  EXPECT_EQ(p.errors[0].key, "sequences");
}

}  // namespace
