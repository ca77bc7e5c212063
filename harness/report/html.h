// report.html: one self-contained page (inline CSS and SVG, no script, no external asset) that a
// person opens from disk. The sections are public so certificates can assemble their own pages.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "harness/report/run_result.h"

namespace scopecheck::report {

// The whole report: verdict, run metadata, counts, baseline, grid, checks over time, scenario
// distribution, violations (minimal steps, replay command), unknowns, shards. Never throws on
// any RunResult content; every string from the run is escaped.
std::string render_html(const RunResult& r);

// Writes render_html(r) to `path` (atomic). Throws ReportError kWriteFailed.
void write_html(const RunResult& r, const std::string& path);

// --- building blocks -----------------------------------------------------------------------

// A complete HTML5 document: the common stylesheet (plus grid_css() and `extra_css`) inline.
std::string html_page(std::string_view title, std::string_view body, std::string_view extra_css = "");

// A <section> with an <h2>; `body` is HTML already escaped.
std::string html_section(std::string_view id, std::string_view heading, std::string_view body);

// A two-column key/value table; keys and values are escaped.
std::string render_key_values_html(const std::vector<std::pair<std::string, std::string>>& rows);

// The run's metadata (target, profile, strictness, seed, shard, time, harness, injected bugs).
std::string render_metadata_html(const RunResult& r);

// Tag lines with count, share and a bar, most frequent first.
std::string render_distribution_html(const std::map<std::string, int64_t>& distribution);

// One block per violation: rule, operation, expected and actual, the minimal steps, replay
// command and case file; those the baseline accepted are marked.
std::string render_violations_html(const RunResult& r);

// A table of undecided checks with their transport errors and attempts.
std::string render_unknowns_html(const std::vector<UnknownSummary>& unknowns);

}  // namespace scopecheck::report
