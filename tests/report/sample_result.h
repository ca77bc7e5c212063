// A realistic RunResult shared by the report tests: two violations (one with hostile text in its
// steps), unknowns with transport errors, a grid with every cell state, a distribution and a
// progress series.
#pragma once

#include <filesystem>
#include <random>
#include <string>

#include "harness/report/run_result.h"

namespace scopecheck::report::testing {

inline RunResult sample_result() {
  RunResult r;
  r.harness_version = "0.1.0";
  r.target_kind = "emulator";
  r.target_name = "scopecheck-emulator 0.1.0";
  r.profile = "r2";
  r.strictness = "exact";
  r.seed = 424242;
  r.shard = "1/3";
  r.started_at = "2026-11-29T02:00:00Z";
  r.duration_seconds = 12.5;
  r.injected_bugs = {"prefix-match"};
  r.checks = 1200;
  r.passes = 1195;
  r.violations = 3;
  r.unknowns = 2;
  r.retries = 5;
  r.scenarios = 80;
  const char* ops[] = {"GetObject", "PutObject", "ListBuckets", "HeadBucket", "DeleteObject", "CopyObject"};
  const char* rules[] = {"SC-RES-1", "SC-RES-2", "SC-RES-10", "SC-GR-2", "SC-TK-3", "SC-SIG-8", "SC-OP-1"};
  int k = 0;
  for (const char* rule : rules) {
    for (const char* op : ops) {
      if (++k % 4 == 0) continue;  // leave some cells not exercised
      r.grid[rule][op] = CellCounts{20 + k, 0, 0};
    }
  }
  r.grid["SC-RES-2"]["GetObject"] = CellCounts{40, 2, 0};
  r.grid["SC-GR-2"]["ListBuckets"] = CellCounts{10, 1, 0};
  r.grid["SC-TK-3"]["PutObject"] = CellCounts{12, 0, 2};
  r.distribution = {{"group=Object Read, resource=bucket, op=read", 30},
                    {"group=Object Write, resource=all-buckets, op=write", 25},
                    {"group=Admin Read, resource=account, op=list", 15},
                    {"group=DNS Read (irrelevant), resource=bucket, op=read", 10}};
  for (int i = 0; i <= 10; ++i) r.checks_over_time.emplace_back(1.25 * i, 120 * i);

  ViolationSummary v1;
  v1.case_id = "c0ffee01";
  v1.rule = "SC-RES-2";
  v1.operation = "GetObject";
  v1.expected = "403 AccessDenied (access-denied)";
  v1.actual = "200";
  v1.steps = {"CreateToken token#1 (Object Read, bucket logs)",
              "GET /logs-archive/a.txt as token#1 <script>alert(1)</script> → expect 403 AccessDenied"};
  v1.case_file = "cases/c0ffee01.json";
  v1.replay_command = "scopecheck replay cases/c0ffee01.json";
  v1.seed = 424242;
  v1.checks_to_first = 57;
  v1.seconds_to_first = 0.8;
  ViolationSummary v2;
  v2.case_id = "deadbeef";
  v2.rule = "SC-GR-2";
  v2.operation = "ListBuckets";
  v2.expected = "403 AccessDenied (access-denied)";
  v2.actual = "200";
  v2.steps = {"CreateToken token#1 (Object Write, all buckets of acct)", "GET / as token#1 → expect 403 AccessDenied"};
  v2.case_file = "cases/deadbeef.json";
  v2.replay_command = "scopecheck replay cases/deadbeef.json --target emulator";
  v2.seed = 424242;
  v2.checks_to_first = 300;
  v2.seconds_to_first = 3.1;
  r.violation_list = {v1, v2};
  r.unknown_list = {
      {"PUT /logs/b.txt as token#2", "timeout after 30000 ms talking to 127.0.0.1:9000", 3, "SC-TK-3", "PutObject"},
      {"PUT /logs/c.txt as token#2", "connection reset by peer (127.0.0.1:9000)", 3, "SC-TK-3", "PutObject"},
  };
  return r;
}

// A fresh empty folder under the system temp dir, removed by the destructor.
class TempDir {
 public:
  TempDir() {
    std::random_device rd;
    path_ = std::filesystem::temp_directory_path() / ("scopecheck-report-" + std::to_string(rd()) + std::to_string(rd()));
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::string str(const std::string& child = "") const { return child.empty() ? path_.string() : (path_ / child).string(); }

 private:
  std::filesystem::path path_;
};

}  // namespace scopecheck::report::testing
