// `scopecheck report` through the built binary (cli/cmd_report.cpp): what CI scripts see.
#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>
#include <sys/wait.h>

#include "harness/report/file_io.h"
#include "harness/report/json_report.h"
#include "tests/report/sample_result.h"

namespace scopecheck::report {
namespace {

using testing::sample_result;
using testing::TempDir;

struct CliRun {
  int code = -1;
  std::string out;
  std::string err;
};

CliRun run_cli(const std::string& args, const TempDir& dir) {
  const std::string out = dir.str("stdout"), err = dir.str("stderr");
  const std::string cmd = std::string("'") + SCOPECHECK_BINARY + "' " + args + " > '" + out + "' 2> '" + err + "'";
  const int status = std::system(cmd.c_str());
  CliRun r;
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = read_whole_file(out);
  r.err = read_whole_file(err);
  return r;
}

// Three shard folders as a sharded nightly job leaves them (each with its saved case file).
void write_shards(const TempDir& dir) {
  for (int i = 1; i <= 3; ++i) {
    RunResult r = sample_result();
    r.shard = std::to_string(i) + "/3";
    r.seed = 1000 + i;
    if (i == 3) r.violation_list[0].case_id = "only-in-3";
    const std::string shard_dir = dir.str("shards/shard-" + std::to_string(i));
    write_json(r, shard_dir + "/result.json");
    std::filesystem::create_directories(shard_dir + "/cases");
    std::ofstream(shard_dir + "/cases/c0ffee01.json") << "{\"case\": " << i << "}";
  }
}

TEST(CmdReportTest, MergeOfThreeShardDirsWritesTheFourReports) {
  TempDir dir;
  write_shards(dir);
  const CliRun r = run_cli("report merge '" + dir.str("shards") + "' --out '" + dir.str("merged") + "'", dir);
  EXPECT_EQ(r.code, 1) << r.err;  // violations outside any baseline
  EXPECT_NE(r.out.find("FAIL: 3 violations and 6 unknowns in 3600 checks"), std::string::npos) << r.out;
  const RunResult m = read_result_file(dir.str("merged/result.json"));
  EXPECT_EQ(m.checks, 3600);
  ASSERT_EQ(m.shards.size(), 3u);
  EXPECT_EQ(m.shards[2].shard, "3/3");
  EXPECT_EQ(m.violation_list.size(), 3u);  // c0ffee01 and deadbeef once each, plus only-in-3
  for (const char* f : {"junit.xml", "summary.md", "report.html"}) {
    EXPECT_TRUE(std::filesystem::exists(dir.str(std::string("merged/") + f))) << f;
  }
  // The kept case file travels with the report, so its relative link still works.
  EXPECT_TRUE(std::filesystem::exists(dir.str("merged/cases/c0ffee01.json")));

  // Merging again, with the output folder inside the input, does not count the merge itself.
  const CliRun again = run_cli("report merge '" + dir.str() + "' --out '" + dir.str("merged") + "'", dir);
  EXPECT_EQ(again.code, 1) << again.err;
  EXPECT_EQ(read_result_file(dir.str("merged/result.json")).checks, 3600);
}

TEST(CmdReportTest, CorruptInputExitsTwoWithOneLineNamingTheFile) {
  TempDir dir;
  write_shards(dir);
  const std::string bad = dir.str("shards/shard-2/result.json");
  std::ofstream(bad, std::ios::trunc) << "{\"format\": \"scopecheck-result/1\", \"checks\": [";
  const CliRun r = run_cli("report merge '" + dir.str("shards") + "' --out '" + dir.str("merged") + "'", dir);
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "scopecheck: error: " + bad + ": not valid JSON (line 1, column 46: syntax error while parsing value - unexpected end of input; "
                   "expected '[', '{', or a literal)\n");
  EXPECT_FALSE(std::filesystem::exists(dir.str("merged/result.json")));
}

TEST(CmdReportTest, WrongFieldTypeNamesFileAndField) {
  TempDir dir;
  const std::string file = dir.str("result.json");
  auto j = to_json(sample_result());
  j["violation_list"][0]["steps"] = "not a list";
  std::ofstream(file) << j.dump();
  const CliRun r = run_cli("report render '" + file + "' --out '" + dir.str("out") + "'", dir);
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "scopecheck: error: " + file +
                       ": violation_list[0].steps: field has the wrong type (expected an array, got string)\n");
}

TEST(CmdReportTest, MismatchedProfilesExitTwo) {
  TempDir dir;
  RunResult a = sample_result(), b = sample_result();
  b.shard = "2/3";
  b.profile = "aws";
  write_json(a, dir.str("a/result.json"));
  write_json(b, dir.str("b/result.json"));
  const CliRun r = run_cli("report merge '" + dir.str("a") + "' '" + dir.str("b") + "' --out '" + dir.str("m") + "'", dir);
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("cannot merge results of different profiles"), std::string::npos) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1);
}

TEST(CmdReportTest, RenderWithBaselineAcceptsKnownViolations) {
  TempDir dir;
  RunResult r = sample_result();
  r.unknowns = 0;
  r.unknown_list.clear();
  write_json(r, dir.str("run/result.json"));
  std::ofstream(dir.str("baseline.json")) << R"({"entries": [
    {"case_id": "c0ffee01", "rule": "SC-RES-2", "reason": "#12", "expires": "2027-01-01"},
    {"case_id": "deadbeef", "rule": "SC-GR-2", "reason": "#15", "expires": "2027-01-01"},
    {"case_id": "stale", "rule": "SC-TK-3", "reason": "#9", "expires": "2027-01-01"}]})";
  const std::string base = "report render '" + dir.str("run/result.json") + "' --out '" + dir.str("out") +
                           "' --baseline '" + dir.str("baseline.json") + "'";
  const CliRun pass = run_cli(base + " --today 2026-11-29", dir);
  EXPECT_EQ(pass.code, 0) << pass.err;
  EXPECT_NE(pass.out.find("PASS: 0 violations (2 accepted by the baseline)"), std::string::npos) << pass.out;
  const auto summary = read_whole_file(dir.str("out/summary.md"));
  EXPECT_NE(summary.find("Did not reproduce (remove them):\n\n- `stale`"), std::string::npos) << summary;
  const CliRun expired = run_cli(base + " --today 2027-01-01", dir);
  EXPECT_EQ(expired.code, 1);
  const CliRun bad_date = run_cli(base + " --today 2027-13-01", dir);
  EXPECT_EQ(bad_date.code, 2);
  EXPECT_EQ(bad_date.err, "scopecheck: error: --today 2027-13-01: expected a real date as YYYY-MM-DD\n");
}

TEST(CmdReportTest, MissingInputsAreUsageErrors) {
  TempDir dir;
  std::filesystem::create_directories(dir.str("empty"));
  const CliRun none = run_cli("report merge '" + dir.str("empty") + "' --out '" + dir.str("m") + "'", dir);
  EXPECT_EQ(none.code, 2);
  EXPECT_EQ(none.err, "scopecheck: error: " + dir.str("empty") + ": no result.json under this directory\n");
  const CliRun missing = run_cli("report render '" + dir.str("nope.json") + "' --out '" + dir.str("m") + "'", dir);
  EXPECT_EQ(missing.code, 2);
  EXPECT_NE(missing.err.find(dir.str("nope.json") + ": cannot read file"), std::string::npos) << missing.err;
  const CliRun no_out = run_cli("report render '" + dir.str("nope.json") + "'", dir);
  EXPECT_EQ(no_out.code, 2);
}

}  // namespace
}  // namespace scopecheck::report
