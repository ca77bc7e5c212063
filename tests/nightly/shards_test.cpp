// The nightly pipeline end to end, through the built CLI as .github/workflows/nightly.yml drives
// it: three shards against the emulator with a seeded bug, `scopecheck report merge`, the merged
// report's files, a one-command replay, and a baseline that accepts the bug's case.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include "harness/report/json_report.h"
#include "harness/report/rule_text.h"
#include "tests/nightly/cli_process.h"

namespace scopecheck::nightly_test {
namespace {

// A mutant of MUTANTS.md the default suite's matrix reaches within seconds. The matrix is the
// same in every shard, so every shard finds (and shrinks to) the same case: what merge dedups.
constexpr const char* kMutant = "bucket-prefix-match";
constexpr const char* kToday = "2026-11-29";

std::string q(const std::string& s) { return "'" + s + "'"; }

std::string shard_args(int i, const std::string& out, const std::string& extra = "") {
  return "run --shard " + std::to_string(i) + "/3 --seed 7 --budget 20s --inject " + kMutant + " --out " + q(out) +
         extra;
}

// Runs shards 1/3, 2/3, 3/3 into dir/<name>/shard-i and returns their processes.
std::vector<Process> run_shards(const TempDir& dir, const std::string& name, const std::string& extra = "") {
  std::vector<Process> ps;
  for (int i = 1; i <= 3; ++i) {
    ps.push_back(run_cli(shard_args(i, dir.str(name + "/shard-" + std::to_string(i)), extra), dir,
                         name + "-" + std::to_string(i)));
  }
  return ps;
}

TEST(NightlyShardsTest, ShardedRunWithAMutantMergesIntoOneReplayableViolation) {
  TempDir dir;
  const auto shards = run_shards(dir, "shards");
  std::set<std::string> ids;
  for (size_t i = 0; i < shards.size(); ++i) {
    EXPECT_EQ(shards[i].code, 1) << "shard " << i + 1 << ": " << shards[i].out << shards[i].err;
    const auto r = report::read_result_file(dir.str("shards/shard-" + std::to_string(i + 1) + "/result.json"));
    EXPECT_EQ(r.shard, std::to_string(i + 1) + "/3");
    ASSERT_FALSE(r.violation_list.empty()) << "shard " << i + 1 << " found no violation";
    for (const auto& v : r.violation_list) ids.insert(v.case_id);
  }
  ASSERT_EQ(ids.size(), 1u) << "every shard runs the same matrix, so every shard finds the same case";

  const Process merge = run_cli("report merge " + q(dir.str("shards")) + " --out " + q(dir.str("merged")), dir, "merge");
  EXPECT_EQ(merge.code, 1) << merge.out << merge.err;
  EXPECT_NE(merge.out.find("FAIL: 1 violation"), std::string::npos) << merge.out;

  const auto m = report::read_result_file(dir.str("merged/result.json"));
  EXPECT_EQ(m.shards.size(), 3u);
  EXPECT_EQ(m.injected_bugs, std::vector<std::string>{kMutant});
  ASSERT_EQ(m.violation_list.size(), 1u) << "the three shards' copies of the violation are kept once";
  const auto& v = m.violation_list.front();
  EXPECT_EQ(v.case_id, *ids.begin());
  EXPECT_EQ(v.case_file, "cases/" + v.case_id + ".json");
  const std::string case_path = dir.str("merged/" + v.case_file);
  ASSERT_TRUE(std::filesystem::exists(case_path)) << "the case file travels with the merged report";

  // The merged JUnit file is what CI dashboards read: it must satisfy the schema we ship.
  const Process xsd = run_shell("xmllint --noout --schema " + q(std::string(SCOPECHECK_SOURCE_DIR) + "/reports/junit.xsd") +
                                    " " + q(dir.str("merged/junit.xml")),
                                dir, "xmllint");
  EXPECT_EQ(xsd.code, 0) << xsd.out << xsd.err;

  // The summary (GitHub's step summary) names the one command that replays the case.
  const std::string summary = slurp(dir.str("merged/summary.md"));
  EXPECT_NE(summary.find("3 shards merged"), std::string::npos) << summary;
  EXPECT_NE(summary.find("scopecheck replay "), std::string::npos) << summary;
  EXPECT_NE(summary.find("cases/" + v.case_id + ".json --strictness exact --inject " + kMutant), std::string::npos) << summary;
  EXPECT_NE(summary.find(v.rule), std::string::npos) << summary;
  // …from the report's own folder: no file of the merged report names the shards' paths.
  for (const char* f : {"summary.md", "junit.xml", "report.html", "result.json"})
    EXPECT_EQ(slurp(dir.str(std::string("merged/") + f)).find(dir.str("shards")), std::string::npos) << f;
  EXPECT_NE(summary.find("`scopecheck replay cases/" + v.case_id + ".json --strictness exact --inject " + kMutant + "`"), std::string::npos)
      << summary;

  // That command, on the merged report's copy of the case, reproduces the violation.
  const Process replay = run_cli("replay " + q(case_path) + " --inject " + kMutant, dir, "replay");
  EXPECT_EQ(replay.code, 1) << replay.out << replay.err;
}

TEST(NightlyShardsTest, BaselineOfTheMutantsCaseTurnsTheSameShardedRunGreen) {
  TempDir dir;
  run_shards(dir, "first");
  const Process first = run_cli("report merge " + q(dir.str("first")) + " --out " + q(dir.str("first-merged")), dir, "m1");
  ASSERT_EQ(first.code, 1) << first.out << first.err;
  const auto m = report::read_result_file(dir.str("first-merged/result.json"));
  ASSERT_EQ(m.violation_list.size(), 1u);
  const auto& v = m.violation_list.front();

  // The case accepted until a date after --today, and an entry that matches nothing.
  const std::string baseline = dir.str("baseline.json");
  std::ofstream(baseline) << R"({"entries": [
    {"case_id": ")" << v.case_id << R"(", "rule": ")" << v.rule
                          << R"(", "reason": "nightly test: the seeded bug", "expires": "2027-01-01"},
    {"case_id": "0123456789abcdef", "rule": "SC-RES-2", "reason": "fixed long ago", "expires": "2027-01-01"}
  ]})";
  const std::string judged = std::string(" --baseline ") + q(baseline) + " --today " + kToday;

  const auto again = run_shards(dir, "again", judged);
  for (size_t i = 0; i < again.size(); ++i) {
    EXPECT_EQ(again[i].code, 0) << "shard " << i + 1 << ": " << again[i].out << again[i].err;
    EXPECT_NE(again[i].out.find("accepted by the baseline: " + v.rule), std::string::npos) << again[i].out;
    EXPECT_NE(again[i].out.find("baseline entry 0123456789abcdef (SC-RES-2) did not reproduce"), std::string::npos)
        << again[i].out;
  }

  const Process merge = run_cli("report merge " + q(dir.str("again")) + " --out " + q(dir.str("merged")) + judged, dir, "m2");
  EXPECT_EQ(merge.code, 0) << merge.out << merge.err;
  EXPECT_EQ(merge.out.rfind("PASS", 0), 0u) << merge.out;

  const auto r = report::read_result_file(dir.str("merged/result.json"));
  ASSERT_TRUE(r.baseline.has_value());
  ASSERT_EQ(r.baseline->accepted.size(), 1u);
  EXPECT_EQ(r.baseline->accepted[0].case_id, v.case_id);
  ASSERT_EQ(r.baseline->not_reproduced.size(), 1u);
  EXPECT_EQ(r.baseline->not_reproduced[0].case_id, "0123456789abcdef");
  EXPECT_TRUE(r.baseline->expired.empty());

  const std::string summary = slurp(dir.str("merged/summary.md"));
  EXPECT_NE(summary.find(report::rule_with_gist(v.rule) + " (accepted by the baseline)"), std::string::npos) << summary;
  EXPECT_NE(summary.find("1 accepted, 0 expired, 1 not reproduced"), std::string::npos) << summary;
  EXPECT_NE(summary.find("Did not reproduce (remove them):"), std::string::npos) << summary;
  EXPECT_NE(summary.find("`0123456789abcdef`"), std::string::npos) << summary;
}

}  // namespace
}  // namespace scopecheck::nightly_test
