// assignment.hpp — a teacher's assignment file (docs/assignment-format.md):
// a title, the locked configuration, one to five prompts. The page loads it
// (assignment=URL, or inlined in <rnn-lab>) and locks those settings;
// `rnnlab verify --assignment A.json` checks that each report was made with
// them. Every message names the line of the file it concerns. Does no I/O.
#pragma once
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace rnnlab {

constexpr const char* kAssignmentFormat = "rnnlab-assignment/1";
constexpr int kMaxPrompts = 5;
constexpr std::size_t kMaxAssignmentBytes = 1 << 20;  // 1 MiB: a title, a config and five prompts
constexpr std::size_t kMaxPromptBytes = 2000;
constexpr std::size_t kMaxTitleBytes = 200;

struct AssignmentIssue {
  int line = 0;  // 1-based line of the file the issue is on (0: the file as a whole)
  std::string message;
};

struct Assignment {
  std::string title;
  nlohmann::json config = nlohmann::json::object();  // URL keys -> values, as written (checked by the engine's config parser)
  nlohmann::json resolved = nlohmann::json::object();  // every setting the config implies (the engine's defaults filled in)
  std::vector<std::string> lock;                      // the keys the student cannot change (default: every key of config)
  std::string view;                                   // "" = the page's default panels
  long steps = 0;                                     // 0 = no target; else "run to" this step
  std::vector<std::string> prompts;
};

// Parses and checks; every issue at once, in line order. On success (no
// issues) *out holds the assignment with its defaults filled in.
std::vector<AssignmentIssue> parse_assignment(const std::string& text, Assignment* out);

// The assignment as JSON (the normalized form: lock and every field filled in).
nlohmann::json assignment_json(const Assignment& a);

// "" when the report's config (a report's `config` object) holds every
// locked key of the assignment at its value; else which key differs.
std::string assignment_mismatch(const Assignment& a, const nlohmann::json& report_config);

}  // namespace rnnlab
