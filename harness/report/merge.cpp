#include "harness/report/merge.h"

#include <algorithm>
#include <cmath>
#include <set>
#include <unordered_map>

#include <fmt/format.h>

#include "harness/report/report_error.h"

namespace scopecheck::report {

namespace {

std::string name_of(const std::vector<std::string>& names, size_t i) {
  return i < names.size() ? names[i] : fmt::format("results[{}]", i);
}

void check_same(const std::string& what, const std::string& first, const std::string& other, Errc code,
                const std::vector<std::string>& names, size_t i) {
  if (first == other) return;
  throw ReportError(code, name_of(names, i),
                    fmt::format("{} \"{}\" differs from \"{}\" in {}", what, other, first, name_of(names, 0)));
}

std::string joined(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ",") + s;
  return out;
}

ShardSummary summary_of(const RunResult& r) {
  return {r.shard, r.seed, r.started_at, r.duration_seconds, r.checks, r.violations, r.unknowns,
          r.checks_over_time};
}

}  // namespace

std::vector<std::pair<double, int64_t>> sum_series(
    const std::vector<std::vector<std::pair<double, int64_t>>>& series) {
  std::vector<std::vector<std::pair<double, int64_t>>> sorted = series;
  std::set<double> instants;
  for (auto& s : sorted) {
    // A NaN instant has no place on a time axis (and would break the ordering below).
    s.erase(std::remove_if(s.begin(), s.end(), [](const auto& p) { return !std::isfinite(p.first); }), s.end());
    std::stable_sort(s.begin(), s.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    for (const auto& [t, n] : s) instants.insert(t);
  }
  std::vector<size_t> next(sorted.size(), 0);
  std::vector<int64_t> current(sorted.size(), 0);
  std::vector<std::pair<double, int64_t>> out;
  for (double t : instants) {
    int64_t total = 0;
    for (size_t i = 0; i < sorted.size(); ++i) {
      while (next[i] < sorted[i].size() && !(t < sorted[i][next[i]].first)) current[i] = sorted[i][next[i]++].second;
      total = saturating_add(total, current[i]);
    }
    out.emplace_back(t, total);
  }
  return out;
}

RunResult merge(const std::vector<RunResult>& results, const std::vector<std::string>& names) {
  if (results.empty()) throw ReportError(Errc::kNothingToMerge, "");
  const RunResult& first = results.front();
  for (size_t i = 1; i < results.size(); ++i) {
    const RunResult& r = results[i];
    check_same("profile", first.profile, r.profile, Errc::kProfileMismatch, names, i);
    check_same("target kind", first.target_kind, r.target_kind, Errc::kTargetMismatch, names, i);
    check_same("target name", first.target_name, r.target_name, Errc::kTargetMismatch, names, i);
    check_same("strictness", first.strictness, r.strictness, Errc::kStrictnessMismatch, names, i);
    check_same("injected bugs", joined(first.injected_bugs), joined(r.injected_bugs), Errc::kInjectedBugsMismatch,
               names, i);
  }

  RunResult out;
  out.target_kind = first.target_kind;
  out.target_name = first.target_name;
  out.profile = first.profile;
  out.strictness = first.strictness;
  out.seed = first.seed;
  out.injected_bugs = first.injected_bugs;

  std::vector<std::string> versions;
  std::map<std::string, size_t> shard_owner;  // shard id → input that brought it
  std::unordered_map<std::string, size_t> by_case;  // case_id → index in out.violation_list
  std::vector<std::vector<std::pair<double, int64_t>>> series;
  for (size_t i = 0; i < results.size(); ++i) {
    const RunResult& r = results[i];
    if (std::find(versions.begin(), versions.end(), r.harness_version) == versions.end()) {
      versions.push_back(r.harness_version);
    }
    if (!r.started_at.empty() && (out.started_at.empty() || r.started_at < out.started_at)) {
      out.started_at = r.started_at;
    }
    out.duration_seconds = std::max(out.duration_seconds, r.duration_seconds);
    out.checks = saturating_add(out.checks, r.checks);
    out.passes = saturating_add(out.passes, r.passes);
    out.violations = saturating_add(out.violations, r.violations);
    out.unknowns = saturating_add(out.unknowns, r.unknowns);
    out.retries = saturating_add(out.retries, r.retries);
    out.scenarios = saturating_add(out.scenarios, r.scenarios);
    out.setup_failures = saturating_add(out.setup_failures, r.setup_failures);
    for (const auto& e : r.setup_errors)
      if (out.setup_errors.size() < 5) out.setup_errors.push_back(e);
    for (const auto& e : r.inconclusive_reasons)
      out.inconclusive_reasons.push_back((r.shard.empty() ? "" : "shard " + r.shard + ": ") + e);
    if (!r.interrupted.empty() && out.interrupted.empty())
      out.interrupted = r.interrupted + (r.shard.empty() ? "" : " (shard " + r.shard + ")");
    for (const auto& [rule, ops] : r.grid) {
      for (const auto& [op, c] : ops) {
        CellCounts& cell = out.grid[rule][op];
        cell.pass = saturating_add(cell.pass, c.pass);
        cell.violation = saturating_add(cell.violation, c.violation);
        cell.unknown = saturating_add(cell.unknown, c.unknown);
      }
    }
    for (const auto& [tag, n] : r.distribution) out.distribution[tag] = saturating_add(out.distribution[tag], n);
    for (const auto& [rule, n] : r.judged_rules) out.judged_rules[rule] = saturating_add(out.judged_rules[rule], n);
    for (const auto& u : r.unjudged_rules)
      if (std::none_of(out.unjudged_rules.begin(), out.unjudged_rules.end(), [&](const UnjudgedRule& x) { return x.rule == u.rule; }))
        out.unjudged_rules.push_back(u);
    series.push_back(r.checks_over_time);

    for (const auto& v : r.violation_list) {
      auto [it, inserted] = by_case.emplace(v.case_id, out.violation_list.size());
      if (inserted) {
        out.violation_list.push_back(v);
      } else if (v.steps.size() < out.violation_list[it->second].steps.size()) {
        out.violation_list[it->second] = v;
      }
    }
    out.unknown_list.insert(out.unknown_list.end(), r.unknown_list.begin(), r.unknown_list.end());

    std::vector<ShardSummary> shards = r.shards.empty() ? std::vector<ShardSummary>{summary_of(r)} : r.shards;
    for (auto& s : shards) {
      if (!s.shard.empty()) {
        auto [owner, fresh] = shard_owner.emplace(s.shard, i);
        if (!fresh) {
          throw ReportError(Errc::kDuplicateShard, name_of(names, i),
                            fmt::format("shard {} is also in {}", s.shard, name_of(names, owner->second)));
        }
      }
      out.shards.push_back(std::move(s));
    }
  }
  // A rule one shard did not judge is judged when another shard did.
  std::erase_if(out.unjudged_rules, [&](const UnjudgedRule& u) { return out.judged_rules.count(u.rule) > 0; });
  for (const auto& v : versions) out.harness_version += (out.harness_version.empty() ? "" : ", ") + v;
  out.checks_over_time = sum_series(series);
  return out;
}

}  // namespace scopecheck::report
