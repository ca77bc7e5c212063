// Every report of a run into one folder: what the runner calls at the end of a run and what
// `scopecheck report merge|render` write.
#pragma once

#include <string>

#include "harness/report/run_result.h"

namespace scopecheck::report {

inline constexpr const char* kResultJsonFile = "result.json";
inline constexpr const char* kJunitFile = "junit.xml";
inline constexpr const char* kSummaryFile = "summary.md";
inline constexpr const char* kHtmlFile = "report.html";

// Writes result.json, junit.xml, summary.md and report.html into `dir` (created if missing).
// Throws ReportError kWriteFailed naming the file that could not be written.
void write_all(const RunResult& r, const std::string& dir);

}  // namespace scopecheck::report
