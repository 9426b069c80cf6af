// cmd_verify.cpp — `rnnlab verify REPORT.json|DIR ... [--assignment A]`:
// replays each run report (docs/report-format.md) natively and says whether
// it is genuine (the computation is src/core/report.hpp). One line per
// report on stdout; the segments being replayed on stderr. Exit 0 when every
// report is genuine, 1 when one differs (the line names its first differing
// field), 2 when one is malformed or unreadable (2 wins over 1).
//
// The replay runs in build/native/rnnlab-replay, the CLI built with the
// WebAssembly build's arithmetic (CMakeLists.txt): `rnnlab verify` hands its
// arguments over to it when it is beside this binary.
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <iostream>

#include "common.hpp"
#include "core/echo.hpp"
#include "core/assignment.hpp"
#include "core/report.hpp"

namespace rnnlab::cli {

namespace {

// The reports a path names: the file itself, or a folder's *.json files in name order.
std::vector<std::string> reports_in(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(path, ec)) return {path};
  std::vector<std::string> files;
  for (const auto& e : fs::directory_iterator(path, ec))
    if (e.path().extension() == ".json") files.push_back(e.path().string());
  std::sort(files.begin(), files.end());
  if (files.empty()) throw UsageError(path + ": the folder holds no .json file");
  return files;
}

#if !defined(RNNLAB_WASM_ARITHMETIC)
// Runs rnnlab-replay (beside this executable) with the same arguments; returns only if it cannot.
void hand_over(const std::vector<std::string>& paths, const std::string& assignment) {
  std::error_code ec;
  const std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) return;
  const std::string replay = (self.parent_path() / "rnnlab-replay").string();
  if (access(replay.c_str(), X_OK) != 0) return;
  std::vector<std::string> args{replay, "verify"};
  if (!assignment.empty()) args.insert(args.end(), {"--assignment", assignment});
  args.push_back("--");
  args.insert(args.end(), paths.begin(), paths.end());
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  std::cout << std::flush;
  execv(replay.c_str(), argv.data());
}
#endif

}  // namespace

void register_verify(CLI::App& app, Runner& run) {
  auto* cmd = app.add_subcommand("verify", "replay run reports (the page's \"Export report\") and say whether each is genuine");
  auto paths = std::make_shared<std::vector<std::string>>();
  auto assignment_path = std::make_shared<std::string>();
  cmd->add_option("reports", *paths, "report JSON files, or folders of them")->required();
  cmd->add_option("--assignment", *assignment_path,
                  "an assignment file: each report must also use every setting it locks");
  cmd->callback([paths, assignment_path, &run] {
    run = [paths, assignment_path] {
#if defined(RNNLAB_WASM_ARITHMETIC)
      // Eigen's block sizes as in wasm, where it knows no cache sizes (its defaults).
      Eigen::setCpuCacheSizes(16 * 1024, 512 * 1024, 512 * 1024);
#else
      hand_over(*paths, *assignment_path);  // returns only without rnnlab-replay: the replay is then this build's
#endif
      Assignment assignment;
      if (!assignment_path->empty()) {
        const auto issues = parse_assignment(read_file(*assignment_path, kMaxAssignmentBytes), &assignment);
        std::string all;
        for (const AssignmentIssue& i : issues)
          all += (all.empty() ? "" : "; ") + *assignment_path + ":" + (i.line ? std::to_string(i.line) + ":" : "") + " " + i.message;
        if (!all.empty()) throw UsageError(all);
      }
      int worst = 0, count = 0, genuine = 0;
      for (const std::string& arg : *paths)
        for (const std::string& file : reports_in(arg)) {
          ++count;
          VerifyResult r;
          try {
            const std::string text = read_file(file, kMaxReportBytes);
            r = verify_report(
                text, [&](long from, long to) { std::cerr << echo(file, 200) << ": replaying steps " << from << " to " << to << "\n"; },
                assignment_path->empty() ? nullptr : &assignment);
          } catch (const UsageError& e) {
            r.status = VerifyResult::Malformed;
            r.message = e.what();
          }
          const char* verdict = r.status == VerifyResult::Genuine ? "genuine"
                                : r.status == VerifyResult::Differs ? "NOT genuine"
                                                                    : "malformed";
          std::string msg = r.message;
          if (r.status == VerifyResult::Genuine) msg = msg.substr(msg.find(':') + 2);
          std::cout << echo(file, 500) << ": " << verdict << ": " << echo(msg, 2000) << "\n";
          if (r.status == VerifyResult::Differs) std::cout << "  tolerance: " << r.tolerance << "\n";
          if (r.status == VerifyResult::Genuine) ++genuine;
          worst = std::max(worst, int(r.status));
        }
      if (count > 1) std::cout << genuine << " of " << count << " reports genuine\n";
      std::cout << std::flush;
      return worst;
    };
  });
}

}  // namespace rnnlab::cli
