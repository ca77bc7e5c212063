// The scenario runner: generates scenarios with RapidCheck, runs each on the target, checks every
// response, and on a violation shrinks it (RapidCheck's shrinking, then step-by-step removal)
// and saves the minimal case. Results feed every report format.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "harness/model/profile.h"
#include "harness/report/run_result.h"
#include "harness/scenario/campaign.h"
#include "harness/scenario/case_file.h"
#include "harness/scenario/executor.h"
#include "harness/scenario/generators.h"
#include "harness/targets/target.h"

namespace scopecheck::scenario {

// `scopecheck run`: the campaign's own options (seed, jobs, shards, phases, generator and
// executor options, interrupt, live counters: CampaignCommon), then the run's.
struct RunOptions : CampaignCommon {
  RunOptions() { matrix = false; }  // the matrix only when asked for (--matrix)
  std::chrono::seconds budget{60};
  std::optional<int64_t> max_checks;
  int max_violations = 1;      // stop after this many distinct violations
  int64_t min_checks = 0;      // fewer checks judged: INCONCLUSIVE, never PASS
  std::string out_dir;         // where case files go ("" = nowhere)
  std::vector<std::string> injected_bugs;  // for provenance only
  // Appended to every replay command: the target options that reach the same target from the
  // report's folder ("--target static --static-file ../s.json"; never a secret).
  std::string replay_options;
  // Called every ~second and at the end with the running totals (progress on a TTY).
  std::function<void(const report::RunResult&)> progress;
};

// Runs the suite on `target`. Throws targets::TargetError(kUnreachable) when the target cannot
// be reached.
report::RunResult run(targets::Target& target, const model::Profile& profile, const RunOptions& options);
// The same on options.jobs workers: make_target(i) gives worker i its own target (worker 0 may be
// `target` itself). The result does not depend on the number of workers.
report::RunResult run(const std::function<targets::Target&(int)>& targets, const model::Profile& profile,
                      const RunOptions& options);

// Shrinks a failing scenario by removing steps, tokens and buckets one at a time while it still
// fails on the target; returns the smallest failing scenario and its result.
// Stops early when `keep_going` says so (a stopped campaign, the shrink deadline).
std::pair<Scenario, ExecResult> minimize(Scenario s, ExecResult failing, targets::Target& target,
                                         const model::Profile& profile, const ExecOptions& options,
                                         const std::function<bool()>& keep_going = {});

// The deterministic matrix: every permission group × resource form × operation (with copy source
// and destination combinations) in a fresh world.
std::vector<Scenario> matrix_scenarios(const GenOptions& options);

// Re-runs a case on a target: the result of executing its scenario, with the case's own
// expectations (hand-written `expect`) checked as well.
ExecResult replay(const CaseFile& c, targets::Target& target, const model::Profile& profile, const ExecOptions& options);

}  // namespace scopecheck::scenario
