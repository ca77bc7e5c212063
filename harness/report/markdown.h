// summary.md: the CI job summary (GitHub's $GITHUB_STEP_SUMMARY): a verdict line, the counts, the
// violations with their replay commands, the unknowns and the most troubled rows of the grid.
#pragma once

#include <cstddef>
#include <string>

#include "harness/report/run_result.h"

namespace scopecheck::report {

// Rows of the grid shown in the summary (the full grid is in report.html).
inline constexpr size_t kSummaryGridRows = 10;

// GitHub-flavoured Markdown. Every string from the run is escaped; replay commands are code
// spans so they can be copied verbatim. Never throws on any RunResult content.
std::string render_markdown(const RunResult& r);

// Writes render_markdown(r) to `path` (atomic). Throws ReportError kWriteFailed.
void write_markdown(const RunResult& r, const std::string& path);

}  // namespace scopecheck::report
