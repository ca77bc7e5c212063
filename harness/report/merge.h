// Merging shard results into one: what `scopecheck report merge` and nightly CI use to turn n
// sharded runs into one report.
#pragma once

#include <string>
#include <vector>

#include "harness/report/run_result.h"

namespace scopecheck::report {

// Merges `results` (in order; `names[i]`, e.g. the file it came from, is used in errors and
// defaults to "results[i]"):
// - counts, grid cells and distribution tags are summed (saturating);
// - checks_over_time becomes the total over shards at each instant (shards run side by side, each
//   from its own start), and each shard's own series is kept in `shards`;
// - violations with the same case_id are kept once: the one with the fewest steps (the first
//   such on a tie); unknowns are concatenated;
// - duration is the longest shard's, started_at the earliest, seed the first input's; shard is ""
//   and `shards` lists every shard merged (inputs that were merges contribute their shards);
// - harness versions that differ are joined with ", "; any applied baseline is dropped.
// Throws ReportError, where = the name of the first input that disagrees with the first one:
// kNothingToMerge, kProfileMismatch, kTargetMismatch (kind or name), kStrictnessMismatch,
// kInjectedBugsMismatch, kDuplicateShard (the same non-empty shard id twice).
RunResult merge(const std::vector<RunResult>& results, const std::vector<std::string>& names = {});

// The total of several checks-over-time series, each a step function (0 before its first point,
// its last value after its end), at every instant any of them has a point.
std::vector<std::pair<double, int64_t>> sum_series(
    const std::vector<std::vector<std::pair<double, int64_t>>>& series);

}  // namespace scopecheck::report
