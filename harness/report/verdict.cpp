#include "harness/report/verdict.h"

#include <algorithm>

#include <fmt/format.h>

namespace scopecheck::report {

bool is_accepted(const RunResult& r, const ViolationSummary& v) {
  if (!r.baseline) return false;
  return std::any_of(r.baseline->accepted.begin(), r.baseline->accepted.end(),
                     [&](const BaselineEntry& e) { return e.case_id == v.case_id && e.rule == v.rule; });
}

int64_t new_violation_count(const RunResult& r) {
  return std::count_if(r.violation_list.begin(), r.violation_list.end(),
                       [&](const ViolationSummary& v) { return !is_accepted(r, v); });
}

Verdict verdict_of(const RunResult& r) {
  if (!r.interrupted.empty()) return Verdict::kInterrupted;
  if (r.violations > 0 && r.violation_list.empty()) return Verdict::kViolations;
  if (new_violation_count(r) > 0) return Verdict::kViolations;
  if (r.unknowns > 0 || !r.unknown_list.empty() || r.checks == 0 || !r.inconclusive_reasons.empty())
    return Verdict::kInconclusive;
  return Verdict::kPass;
}

std::string_view verdict_word(Verdict v) {
  switch (v) {
    case Verdict::kPass: return "PASS";
    case Verdict::kViolations: return "FAIL";
    case Verdict::kInconclusive: return "INCONCLUSIVE";
    case Verdict::kInterrupted: return "INTERRUPTED";
  }
  return "INCONCLUSIVE";
}

namespace {
std::string plural(int64_t n, std::string_view one, std::string_view many) {
  return fmt::format("{} {}", n, n == 1 ? one : many);
}
}  // namespace

std::string verdict_line(const RunResult& r) {
  const Verdict v = verdict_of(r);
  std::string line = std::string(verdict_word(v));
  if (v == Verdict::kInterrupted) line += fmt::format(" by {} after {:.1f} s, before the end of its budget", r.interrupted, r.duration_seconds);
  line += ": ";
  if (r.checks == 0)
    return line + "no checks ran" +
           (r.setup_errors.empty() ? std::string()
                                   : fmt::format(" ({} scenarios could not be set up: {})", r.setup_failures, r.setup_errors.front()));
  const int64_t listed = static_cast<int64_t>(r.violation_list.size());
  const int64_t accepted = listed - new_violation_count(r);
  if (listed > 0) {
    line += plural(listed - accepted, "violation", "violations");
    if (accepted > 0) line += fmt::format(" ({} accepted by the baseline)", accepted);
  } else {
    line += plural(r.violations, "violation", "violations");
  }
  line += " and " + plural(r.unknowns, "unknown", "unknowns");
  line += " in " + plural(r.checks, "check", "checks");
  for (const auto& why : r.inconclusive_reasons) line += "; " + why;
  return line;
}

}  // namespace scopecheck::report
