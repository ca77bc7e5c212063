// junit.xml for CI test tabs: one <testsuite> per rule id, one <testcase> per (rule, operation)
// cell. A violated cell holds a <failure> (expected, actual, minimal steps, replay command); a
// cell left undecided holds <error type="unknown"> with the transport errors, never <skipped/>.
// The output validates against reports/junit.xsd (the Jenkins/Ant junit-10 shape).
#pragma once

#include <string>

#include "harness/report/run_result.h"

namespace scopecheck::report {

// The suite that holds unknowns the runner could not attribute to a (rule, operation) cell.
inline constexpr const char* kUnattributedSuite = "unattributed";

// The document. Counts: tests = cells; failures = cells with a violation; errors = cells with
// unknowns and no violation (a cell is one or the other, never both); skipped = 0. time: the
// run's duration shared out by checks per cell in whole milliseconds, so the testcases of a
// suite add up to its time exactly. Text that XML cannot carry (control bytes, invalid UTF-8)
// becomes U+FFFD. Never throws on any RunResult content.
std::string render_junit(const RunResult& r);

// Writes render_junit(r) to `path` (atomic). Throws ReportError kWriteFailed.
void write_junit(const RunResult& r, const std::string& path);

}  // namespace scopecheck::report
