// The one-word outcome of a run, shared by every report and by the exit code of
// `scopecheck report`, so the Markdown line, the HTML banner and the exit code never disagree.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "harness/report/run_result.h"

namespace scopecheck::report {

enum class Verdict {
  kPass,          // checks ran, every one passed (or failed only as the baseline accepts)
  kViolations,    // at least one violation outside the baseline
  kInconclusive,  // no violation, but checks were left unknown, or none ran at all
  kInterrupted,   // a signal stopped the run: whatever it found, it did not run its course
};

// An interruption wins over everything: the run did not cover what it was asked to (its
// violations are still listed). Violations win over unknowns: a violation found is a fact even
// if other checks stayed open.
// A run that counted violations but listed none (not shrunk) is kViolations: nothing to accept.
Verdict verdict_of(const RunResult& r);

// "PASS", "FAIL", "INCONCLUSIVE", "INTERRUPTED".
std::string_view verdict_word(Verdict v);

// True when r.baseline accepted this violation (same case id and rule).
bool is_accepted(const RunResult& r, const ViolationSummary& v);

// Listed violations the baseline did not accept.
int64_t new_violation_count(const RunResult& r);

// One line for people, e.g. "FAIL: 2 violations (1 accepted by the baseline) and 3 unknowns in
// 1200 checks". Plain text: callers escape it for their format.
std::string verdict_line(const RunResult& r);

}  // namespace scopecheck::report
