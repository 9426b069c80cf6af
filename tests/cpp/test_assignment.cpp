// test_assignment.cpp — a teacher's assignment file (src/core/assignment.hpp):
// a good file reads back normalized (lock defaults to every config key);
// each bad field is reported on its own line of the file, all at once, in
// line order; and a report's config is checked against the locked settings.
#include <gtest/gtest.h>

#include "core/assignment.hpp"

using namespace rnnlab;

namespace {

const char* kGood = R"({
  "format": "rnnlab-assignment/1",
  "title": "Vanishing gradients",
  "config": {"cell": "rnn", "task": "binary_palindrome", "T": 16},
  "steps": 2000,
  "prompts": ["Why does the RNN stay at chance?", "What does the LSTM's forget gate do?"]
})";

TEST(Assignment, AGoodFileReadsBackNormalized) {
  Assignment a;
  const auto issues = parse_assignment(kGood, &a);
  ASSERT_TRUE(issues.empty()) << issues[0].message;
  EXPECT_EQ(a.title, "Vanishing gradients");
  EXPECT_EQ(a.lock, (std::vector<std::string>{"T", "cell", "task"}));  // nlohmann's key order
  EXPECT_EQ(a.steps, 2000);
  EXPECT_EQ(a.prompts.size(), 2u);
  EXPECT_EQ(a.resolved.at("hidden"), 32);  // the engine's default
  EXPECT_EQ(assignment_json(a).at("lock").size(), 3u);
}

TEST(Assignment, EveryBadFieldIsNamedOnItsLine) {
  const std::string text = R"({
  "format": "rnnlab-assignment/1",
  "title": "",
  "config": {
    "cell": "tree",
    "T": 16,
    "colour": "blue"
  },
  "lock": ["cell", "speed"],
  "prompts": ["a", "b", "c", "d", "e", "f"]
})";
  const auto issues = parse_assignment(text, nullptr);
  ASSERT_EQ(issues.size(), 5u);
  EXPECT_EQ(issues[0].line, 3);
  EXPECT_NE(issues[0].message.find("title"), std::string::npos);
  EXPECT_EQ(issues[1].line, 5);
  EXPECT_NE(issues[1].message.find("tree"), std::string::npos) << issues[1].message;
  EXPECT_EQ(issues[2].line, 7);
  EXPECT_NE(issues[2].message.find("colour"), std::string::npos);
  EXPECT_EQ(issues[3].line, 9);
  EXPECT_NE(issues[3].message.find("speed"), std::string::npos);
  EXPECT_EQ(issues[4].line, 10);
  EXPECT_NE(issues[4].message.find("1 to 5"), std::string::npos);
}

TEST(Assignment, SyntaxErrorsAndShapesAreRefusedWithALine) {
  auto first = [](const std::string& t) { return parse_assignment(t, nullptr).at(0); };
  EXPECT_EQ(first("{\n  \"title\": \"x\",\n  oops\n}").line, 3);
  EXPECT_EQ(first("[1, 2]").line, 1);
  EXPECT_NE(first(R"({"format": "rnnlab-assignment/1", "title": "x", "config": {}, "prompts": []})").message.find("1 to 5"), std::string::npos);
  EXPECT_NE(first(R"({"format": "v2", "title": "x", "config": {}, "prompts": ["q"]})").message.find("format"), std::string::npos);
  EXPECT_NE(first(R"({"format": "rnnlab-assignment/1", "title": "x", "config": {}, "prompts": ["q"], "steps": 0})").message.find("steps"),
            std::string::npos);
  EXPECT_NE(first(std::string(kMaxAssignmentBytes + 1, ' ')).message.find("limit"), std::string::npos);
}

TEST(Assignment, AReportMustUseTheLockedSettings) {
  Assignment a;
  ASSERT_TRUE(parse_assignment(R"({"format": "rnnlab-assignment/1", "title": "x", "config": {"cell": "rnn", "T": 16},
    "lock": ["cell", "T", "hidden"], "prompts": ["q"]})", &a).empty());
  nlohmann::json cfg = {{"cell", "rnn"}, {"T", 16}, {"hidden", 32}, {"lr", 0.5}};
  EXPECT_EQ(assignment_mismatch(a, cfg), "");
  cfg["T"] = 17;
  EXPECT_NE(assignment_mismatch(a, cfg).find("config.T"), std::string::npos);
  cfg["T"] = 16;
  cfg["hidden"] = 64;  // locked at the default
  EXPECT_NE(assignment_mismatch(a, cfg).find("config.hidden"), std::string::npos);
}

}  // namespace
