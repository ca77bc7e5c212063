// Replay commands in every report name the case file from the report's own folder: a report
// downloaded from CI, or merged from shards that ran on other machines, replays from where it is.
#include "harness/report/replay_command.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "harness/report/html.h"
#include "harness/report/json_report.h"
#include "harness/report/junit.h"
#include "harness/report/markdown.h"
#include "harness/report/merge.h"
#include "harness/report/write_all.h"
#include "tests/report/sample_result.h"

namespace scopecheck::report {
namespace {

using testing::sample_result;

// What the runner wrote before: the case's path on the machine that ran.
RunResult with_absolute_paths(const std::string& runner_dir) {
  RunResult r = sample_result();
  for (auto& v : r.violation_list)
    v.replay_command = "scopecheck replay " + runner_dir + "/" + v.case_file + " --inject prefix-match";
  return r;
}

std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST(ReplayCommandTest, MadeRelativeToTheReportFolderKeepingItsOptions) {
  const RunResult r = with_absolute_paths("/home/runner/work/out/shard-1");
  EXPECT_EQ(relative_replay_command(r, r.violation_list[0]), "scopecheck replay cases/c0ffee01.json --inject prefix-match");
  EXPECT_EQ(replay_command_from(r, r.violation_list[0], "out dir"),
            "scopecheck replay 'out dir/cases/c0ffee01.json' --inject prefix-match");
}

TEST(ReplayCommandTest, NoReportNamesTheRunnersPath) {
  const RunResult r = with_absolute_paths("/home/runner/work/out/shard-1");
  const std::string expected = "scopecheck replay cases/c0ffee01.json --inject prefix-match";
  for (const auto& [name, text] : {std::pair{"summary.md", render_markdown(r)}, {"junit.xml", render_junit(r)},
                                   {"report.html", render_html(r)}}) {
    EXPECT_NE(text.find(expected), std::string::npos) << name;
    EXPECT_EQ(text.find("/home/runner"), std::string::npos) << name;
  }
}

TEST(ReplayCommandTest, WrittenResultJsonAndMergedReportsAreRelative) {
  const auto dir = std::filesystem::temp_directory_path() / ("scopecheck-replay-rel-" + std::to_string(::getpid()));
  RunResult a = with_absolute_paths("/runner-a/out/shard-1"), b = with_absolute_paths("/runner-b/out/shard-2");
  a.shard = "1/2";
  b.shard = "2/2";
  write_all(merge({a, b}, {"a", "b"}), dir.string());
  for (const char* f : {kResultJsonFile, kJunitFile, kSummaryFile, kHtmlFile}) {
    const std::string text = slurp(dir / f);
    EXPECT_EQ(text.find("/runner-"), std::string::npos) << f;
    EXPECT_NE(text.find("scopecheck replay cases/c0ffee01.json"), std::string::npos) << f;
  }
  EXPECT_EQ(read_result_file((dir / kResultJsonFile).string()).violation_list[0].replay_command,
            "scopecheck replay cases/c0ffee01.json --inject prefix-match");
  std::filesystem::remove_all(dir);
}

TEST(ReplayCommandTest, AQuotedAbsolutePathIsReplacedWhole) {
  RunResult r = sample_result();
  r.violation_list[0].replay_command = "scopecheck replay '/tmp/my out/cases/c0ffee01.json' --inject x";
  EXPECT_EQ(relative_replay_command(r, r.violation_list[0]), "scopecheck replay cases/c0ffee01.json --inject x");
}

TEST(ReplayCommandTest, ACaseWithoutAFileKeepsWhatWasStored) {
  RunResult r = sample_result();
  r.violation_list[0].case_file.clear();
  r.violation_list[0].replay_command = "scopecheck replay /abs/x.json";
  EXPECT_EQ(relative_replay_command(r, r.violation_list[0]), "scopecheck replay /abs/x.json");
}

// A report merged or rendered elsewhere: the files a command's options name are named from the
// new folder; the case, a built-in profile and an absolute path stay as they are.
TEST(ReplayCommandTest, RebasedToAnotherFolderTheOptionsFilesFollow) {
  namespace fs = std::filesystem;
  const auto dir = fs::temp_directory_path() / ("scopecheck-replay-rebase-" + std::to_string(::getpid()));
  fs::create_directories(dir / "out" / "shard-1");
  fs::create_directories(dir / "merged");
  const auto cwd = fs::current_path();
  fs::current_path(dir);
  EXPECT_EQ(rebase_replay_command("scopecheck replay cases/ab.json --strictness exact --target static --static-file "
                                  "'../../my inputs/s.json' --profile r2 --retries 6",
                                  "out/shard-1", "merged"),
            "scopecheck replay cases/ab.json --strictness exact --target static --static-file '../my inputs/s.json' "
            "--profile r2 --retries 6");
  EXPECT_EQ(rebase_replay_command("scopecheck replay cases/ab.json --target rgw --target-json ../rgw.json --profile p.json "
                                  "--api-token-file /abs/token",
                                  "out/shard-1", "merged"),
            "scopecheck replay cases/ab.json --target rgw --target-json ../out/rgw.json --profile ../out/shard-1/p.json "
            "--api-token-file /abs/token");
  // The same folder: unchanged.
  EXPECT_EQ(rebase_replay_command("scopecheck replay cases/ab.json --static-file ../s.json", "out/shard-1", "out/shard-1"),
            "scopecheck replay cases/ab.json --static-file ../s.json");
  fs::current_path(cwd);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace scopecheck::report
