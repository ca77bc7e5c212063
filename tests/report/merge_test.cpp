#include "harness/report/merge.h"

#include <gtest/gtest.h>

#include "harness/report/report_error.h"
#include "tests/report/sample_result.h"

namespace scopecheck::report {
namespace {

using testing::sample_result;

RunResult shard(const std::string& id, uint64_t seed) {
  RunResult r = sample_result();
  r.shard = id;
  r.seed = seed;
  return r;
}

TEST(MergeTest, SumsCountsGridAndDistribution) {
  const RunResult a = shard("1/2", 1), b = shard("2/2", 2);
  const RunResult m = merge({a, b});
  EXPECT_EQ(m.checks, 2400);
  EXPECT_EQ(m.passes, 2390);
  EXPECT_EQ(m.violations, 6);
  EXPECT_EQ(m.unknowns, 4);
  EXPECT_EQ(m.retries, 10);
  EXPECT_EQ(m.scenarios, 160);
  EXPECT_EQ(m.grid.at("SC-RES-2").at("GetObject"), (CellCounts{80, 4, 0}));
  EXPECT_EQ(m.distribution.at("group=Object Read, resource=bucket, op=read"), 60);
  EXPECT_EQ(m.unknown_list.size(), 4u);
  EXPECT_EQ(m.profile, "r2");
  EXPECT_EQ(m.shard, "");
  EXPECT_EQ(m.seed, 1u);
  EXPECT_FALSE(m.baseline.has_value());
}

TEST(MergeTest, DistributionsAreUnioned) {
  RunResult a = shard("1/2", 1), b = shard("2/2", 2);
  a.distribution = {{"x", 1}};
  b.distribution = {{"y", 2}};
  EXPECT_EQ(merge({a, b}).distribution, (std::map<std::string, int64_t>{{"x", 1}, {"y", 2}}));
}

TEST(MergeTest, DeduplicatesByCaseIdKeepingTheFewestSteps) {
  RunResult a = shard("1/3", 1), b = shard("2/3", 2), c = shard("3/3", 3);
  b.violation_list[0].steps = {"only step"};  // same case_id c0ffee01, shorter
  c.violation_list = {c.violation_list[0]};
  c.violation_list[0].case_id = "fresh";
  const RunResult m = merge({a, b, c});
  ASSERT_EQ(m.violation_list.size(), 3u);
  EXPECT_EQ(m.violation_list[0].case_id, "c0ffee01");
  EXPECT_EQ(m.violation_list[0].steps, (std::vector<std::string>{"only step"}));
  EXPECT_EQ(m.violation_list[1].case_id, "deadbeef");
  EXPECT_EQ(m.violation_list[2].case_id, "fresh");
}

TEST(MergeTest, RecordsTheShardsMergedAndTheirTimes) {
  RunResult a = shard("1/2", 11), b = shard("2/2", 22);
  a.started_at = "2026-11-29T02:00:05Z";
  b.started_at = "2026-11-29T02:00:01Z";
  b.duration_seconds = 20;
  const RunResult m = merge({a, b});
  ASSERT_EQ(m.shards.size(), 2u);
  EXPECT_EQ(m.shards[0].shard, "1/2");
  EXPECT_EQ(m.shards[0].seed, 11u);
  EXPECT_EQ(m.shards[1].shard, "2/2");
  EXPECT_EQ(m.shards[1].checks_over_time, b.checks_over_time);
  EXPECT_EQ(m.started_at, "2026-11-29T02:00:01Z");
  EXPECT_EQ(m.duration_seconds, 20);
  // A merge of merges keeps the original shards, not the intermediate.
  const RunResult again = merge({m, shard("3/3", 33)});
  EXPECT_EQ(again.shards.size(), 3u);
}

TEST(MergeTest, ChecksOverTimeIsTheTotalAcrossShards) {
  RunResult a = shard("1/2", 1), b = shard("2/2", 2);
  a.checks_over_time = {{0, 0}, {1, 10}, {3, 30}};
  b.checks_over_time = {{0, 0}, {2, 5}};
  EXPECT_EQ(merge({a, b}).checks_over_time,
            (std::vector<std::pair<double, int64_t>>{{0, 0}, {1, 10}, {2, 15}, {3, 35}}));
  EXPECT_TRUE(sum_series({}).empty());
  EXPECT_EQ(sum_series({{{2, 4}, {1, 1}}, {{NAN, 9}}}), (std::vector<std::pair<double, int64_t>>{{1, 1}, {2, 4}}));
}

TEST(MergeTest, CountsSaturateInsteadOfOverflowing) {
  RunResult a = shard("1/2", 1), b = shard("2/2", 2);
  a.checks = b.checks = std::numeric_limits<int64_t>::max() - 1;
  EXPECT_EQ(merge({a, b}).checks, std::numeric_limits<int64_t>::max());
}

void expect_refused(const std::vector<RunResult>& in, Errc code, const std::string& what) {
  try {
    merge(in, {"a/result.json", "b/result.json"});
    ADD_FAILURE() << "merged";
  } catch (const ReportError& e) {
    EXPECT_EQ(e.code(), code);
    EXPECT_STREQ(e.what(), what.c_str());
  }
}

TEST(MergeTest, RefusesDifferentProfilesTargetsStrictnessOrBugs) {
  RunResult a = shard("1/2", 1), b = shard("2/2", 2);
  b.profile = "aws";
  expect_refused({a, b}, Errc::kProfileMismatch,
                 "b/result.json: cannot merge results of different profiles (profile \"aws\" differs from \"r2\" in "
                 "a/result.json)");
  b = shard("2/2", 2);
  b.target_kind = "cloudflare";
  expect_refused({a, b}, Errc::kTargetMismatch,
                 "b/result.json: cannot merge results of different targets (target kind \"cloudflare\" differs "
                 "from \"emulator\" in a/result.json)");
  b = shard("2/2", 2);
  b.strictness = "status";
  expect_refused({a, b}, Errc::kStrictnessMismatch,
                 "b/result.json: cannot merge results of different strictness levels (strictness \"status\" "
                 "differs from \"exact\" in a/result.json)");
  b = shard("2/2", 2);
  b.injected_bugs = {};
  expect_refused({a, b}, Errc::kInjectedBugsMismatch,
                 "b/result.json: cannot merge results with different injected bugs (injected bugs \"\" differs "
                 "from \"prefix-match\" in a/result.json)");
}

TEST(MergeTest, RefusesTheSameShardTwiceAndNothing) {
  expect_refused({shard("1/2", 1), shard("1/2", 1)}, Errc::kDuplicateShard,
                 "b/result.json: the same shard is merged twice (shard 1/2 is also in a/result.json)");
  expect_refused({}, Errc::kNothingToMerge, "no results to merge");
  // Unsharded inputs carry no shard id to collide on.
  EXPECT_NO_THROW(merge({shard("", 1), shard("", 2)}));
}

TEST(MergeTest, DifferentHarnessVersionsAreJoined) {
  RunResult a = shard("1/2", 1), b = shard("2/2", 2);
  b.harness_version = "0.2.0";
  EXPECT_EQ(merge({a, b}).harness_version, "0.1.0, 0.2.0");
}

}  // namespace
}  // namespace scopecheck::report
