// The outcome of one scenario run (or of several merged shards): what every report format
// renders. Plain data: the runner fills it, report writers read it, `report merge` combines them.
#pragma once

#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace scopecheck::report {

// One cell of the rule × operation grid: how many checks of that rule on that operation
// passed, were violations, or stayed unknown.
struct CellCounts {
  int64_t pass = 0;
  int64_t violation = 0;
  int64_t unknown = 0;

  bool operator==(const CellCounts&) const = default;
};

// A violation after shrinking: the minimal steps as one-line requests a person could retype,
// and where its self-contained case file was written.
struct ViolationSummary {
  std::string case_id;      // stable hash of the shrunk case (dedup key across shards)
  std::string rule;         // rule id broken, e.g. "SC-RES-2"
  std::string operation;    // operation of the failing step
  std::string expected;     // e.g. "403 AccessDenied (access-denied)"
  std::string actual;       // e.g. "200"
  std::vector<std::string> steps;  // the minimal steps, one line each
  std::string case_file;    // path of the saved case, relative to the report's folder
  std::string replay_command;      // e.g. "scopecheck replay cases/abc.json"
  uint64_t seed = 0;
  int64_t checks_to_first = 0;     // checks run before this violation was first seen
  double seconds_to_first = 0;
  // The failing step by hand (empty when not captured): the request as sent and the answer as
  // received, a curl command and the `aws s3api` command; credentials as a key id and an
  // environment variable's name, never a secret.
  std::string exchange;
  std::string curl;
  std::string aws_cli;

  bool operator==(const ViolationSummary&) const = default;
};

// A check that stayed undecided after its retries, with the transport error that caused it.
struct UnknownSummary {
  std::string step;   // the request, one line
  std::string error;  // e.g. "timeout after 30000 ms talking to 127.0.0.1:9000"
  int attempts = 0;
  // The grid cell the undecided check belonged to, when known (empty otherwise): lets JUnit put
  // the unknown under its (rule, operation) test case instead of an "unattributed" one.
  std::string rule;
  std::string operation;

  bool operator==(const UnknownSummary&) const = default;
};

// One shard that went into a merged result (merge.h), kept so the report can show who ran what
// and draw each shard's progress.
struct ShardSummary {
  std::string shard;  // "i/n", or "" for an unsharded input
  uint64_t seed = 0;
  std::string started_at;
  double duration_seconds = 0;
  int64_t checks = 0;
  int64_t violations = 0;
  int64_t unknowns = 0;
  std::vector<std::pair<double, int64_t>> checks_over_time;

  bool operator==(const ShardSummary&) const = default;
};

// A known violation a team has accepted until a date (baseline.h loads and applies them).
struct BaselineEntry {
  std::string case_id;
  std::string rule;
  std::string reason;
  std::string expires;  // YYYY-MM-DD: the first day on which the entry no longer accepts

  bool operator==(const BaselineEntry&) const = default;
};

// What applying a baseline found, stored in the result so every report can show it.
struct BaselineSection {
  std::string file;   // the baseline file, as given
  std::string today;  // YYYY-MM-DD the entries were judged against
  std::vector<BaselineEntry> accepted;        // entries that accepted a violation of this run
  std::vector<BaselineEntry> expired;         // past their date: they accept nothing any more
  std::vector<BaselineEntry> not_reproduced;  // matched no violation: candidates for removal

  bool operator==(const BaselineSection&) const = default;
};

// A rule of SCOPING.md that no check of the run judged, and why: "not reachable on this
// target: …", "not generated: …" or "not reached in the budget: …".
struct UnjudgedRule {
  std::string rule;
  std::string reason;

  bool operator==(const UnjudgedRule&) const = default;
};

struct RunResult {
  // Metadata.
  std::string harness_version;
  std::string target_kind;     // emulator, cloudflare, static, rgw, swift
  std::string target_name;     // as reported by the target, when it says
  std::string profile;         // profile name
  std::string strictness;      // exact | status | decision
  uint64_t seed = 0;
  std::string shard;           // "i/n" or "" for unsharded
  std::string started_at;      // RFC 3339
  double duration_seconds = 0;
  std::vector<std::string> injected_bugs;  // emulator --inject names, if any

  // Counts.
  int64_t checks = 0;
  int64_t passes = 0;
  int64_t violations = 0;
  int64_t unknowns = 0;        // checks still undecided after retries
  int64_t retries = 0;         // transport failures retried
  int64_t scenarios = 0;       // generated worlds run
  int64_t setup_failures = 0;  // scenarios whose world the target could not set up (no checks)
  std::vector<std::string> setup_errors;  // the first few of their reasons
  // Why the run cannot be called a pass whatever it found (the matrix did not finish, fewer
  // checks than the floor): INCONCLUSIVE with these reasons.
  std::vector<std::string> inconclusive_reasons;
  // The signal that stopped the run before its budget ("SIGINT", "SIGTERM"; a merge prefixes the
  // shard), "" when it ran to its end: every report then says INTERRUPTED and shows what ran.
  std::string interrupted;

  std::map<std::string, std::map<std::string, CellCounts>> grid;  // rule → operation → counts
  // Rule coverage, from the checks themselves: rule id → checks whose expectation cites it (every
  // rule behind the expected class, not only the first), and the rules no check cited.
  std::map<std::string, int64_t> judged_rules;
  std::vector<UnjudgedRule> unjudged_rules;
  std::map<std::string, int64_t> distribution;  // classification tag line → count (RC_CLASSIFY-like)
  std::vector<std::pair<double, int64_t>> checks_over_time;  // (seconds since start, checks done)

  std::vector<ViolationSummary> violation_list;
  std::vector<UnknownSummary> unknown_list;

  // Filled by merge (merge.h): one entry per shard merged; empty for a single run.
  std::vector<ShardSummary> shards;
  // Filled when a baseline was applied (baseline.h); a merge drops it (apply again after).
  std::optional<BaselineSection> baseline;

  bool operator==(const RunResult&) const = default;
};

// Counts read from files can be anything up to INT64_MAX; sums of them saturate instead of
// overflowing (which would be undefined behaviour).
inline int64_t saturating_add(int64_t a, int64_t b) {
  int64_t out = 0;
  if (__builtin_add_overflow(a, b, &out)) {
    return b > 0 ? std::numeric_limits<int64_t>::max() : std::numeric_limits<int64_t>::min();
  }
  return out;
}

// JSON codec (json_report.cpp). to_json never throws.
nlohmann::json to_json(const RunResult& r);
// Throws ReportError (report_error.h, a std::runtime_error) naming the field path, e.g.
// "violation_list[2].steps[0]: field has the wrong type (expected a string, got number)",
// when `j` is not a RunResult. No nlohmann exception escapes.
RunResult run_result_from_json(const nlohmann::json& j);

}  // namespace scopecheck::report
