#include "harness/report/markdown.h"

#include <algorithm>

#include <fmt/format.h>

#include "harness/report/escape.h"
#include "harness/report/file_io.h"
#include "harness/report/grid.h"
#include "harness/report/plural.h"
#include "harness/report/replay_command.h"
#include "harness/report/rule_text.h"
#include "harness/report/verdict.h"

namespace scopecheck::report {

namespace {

// A fenced block holding `lines` verbatim: the fence outgrows any backtick run inside.
std::string code_block(const std::vector<std::string>& lines) {
  size_t longest = 0;
  for (const auto& l : lines) {
    size_t run = 0;
    for (char c : l) {
      run = c == '`' ? run + 1 : 0;
      longest = std::max(longest, run);
    }
  }
  const std::string fence(std::max<size_t>(3, longest + 1), '`');
  std::string out = fence + "\n";
  for (const auto& l : lines) {
    std::string one = l;
    std::replace(one.begin(), one.end(), '\n', ' ');
    out += one + "\n";
  }
  return out + fence + "\n";
}

std::string entries_list(const std::vector<BaselineEntry>& entries) {
  std::string out;
  for (const auto& e : entries) {
    out += "- " + markdown_code(e.case_id) + " " + markdown_text(e.rule) + ", expires " + markdown_text(e.expires) +
           ": " + markdown_text(e.reason) + "\n";
  }
  return out;
}

}  // namespace

std::string render_markdown(const RunResult& r) {
  std::string out = "## scopecheck: " + markdown_text(verdict_line(r)) + "\n\n";

  std::string target = markdown_text(r.target_kind);
  if (!r.target_name.empty()) target += " (" + markdown_text(r.target_name) + ")";
  out += fmt::format("Target {} · profile {} · strictness {} · seed {} · {} · {:.1f} s · harness {}",
                     target, markdown_code(r.profile), markdown_code(r.strictness), r.seed,
                     r.shard.empty() ? (r.shards.empty() ? std::string("unsharded")
                                                         : counted(static_cast<int64_t>(r.shards.size()), "shard merged", "shards merged"))
                                     : "shard " + markdown_text(r.shard),
                     r.duration_seconds, markdown_text(r.harness_version));
  if (!r.injected_bugs.empty()) {
    std::string bugs;
    for (const auto& b : r.injected_bugs) bugs += (bugs.empty() ? "" : ", ") + markdown_code(b);
    out += " · injected bugs " + bugs;
  }
  out += "\n\n";

  out += "| checks | passes | violations | unknowns | retries | scenarios |\n|---:|---:|---:|---:|---:|---:|\n";
  out += fmt::format("| {} | {} | {} | {} | {} | {} |\n\n", r.checks, r.passes, r.violations, r.unknowns,
                     r.retries, r.scenarios);

  out += fmt::format("### Violations ({})\n\n", r.violation_list.size());
  if (r.violation_list.empty()) {
    out += r.violations > 0 ? "Violations were counted but none was shrunk and saved.\n\n" : "None.\n\n";
  } else {
    out += "| rule | operation | expected | actual | replay |\n|---|---|---|---|---|\n";
    for (const auto& v : r.violation_list) {
      std::string rule = markdown_text(rule_with_gist(v.rule));
      if (is_accepted(r, v)) rule += " (accepted by the baseline)";
      out += "| " + rule + " | " + markdown_text(v.operation) + " | " + markdown_text(v.expected) + " | " +
             markdown_text(v.actual) + " | " + markdown_code(relative_replay_command(r, v)) + " |\n";
    }
    out += "\n";
    for (const auto& v : r.violation_list) {
      // Raw HTML: Markdown escapes would show literally inside <summary>.
      out += "<details><summary>" + html_escape(v.rule) + " · " + html_escape(v.operation) + " · case " +
             html_escape(v.case_id) + ": minimal steps</summary>\n\n" + code_block(v.steps) + "\n</details>\n\n";
    }
  }

  out += fmt::format("### Unknowns ({})\n\n", r.unknown_list.size());
  if (r.unknown_list.empty()) {
    out += r.unknowns > 0 ? "Unknowns were counted but none was listed.\n\n" : "None.\n\n";
  } else {
    out += "| step | transport error | attempts |\n|---|---|---:|\n";
    for (const auto& u : r.unknown_list) {
      out += "| " + markdown_code(u.step) + " | " + markdown_text(u.error) + " | " + std::to_string(u.attempts) +
             " |\n";
    }
    out += "\n";
  }

  if (r.baseline) {
    const auto& b = *r.baseline;
    out += fmt::format("### Baseline\n\n{} judged on {}: {} accepted, {} expired, {} not reproduced.\n\n",
                       markdown_code(b.file), markdown_text(b.today), b.accepted.size(), b.expired.size(),
                       b.not_reproduced.size());
    if (!b.expired.empty()) out += "Expired (they accept nothing any more):\n\n" + entries_list(b.expired) + "\n";
    if (!b.not_reproduced.empty()) {
      out += "Did not reproduce (remove them):\n\n" + entries_list(b.not_reproduced) + "\n";
    }
  }

  if (!r.unjudged_rules.empty()) {
    out += fmt::format("### Rules not judged ({} of {})\n\n", r.unjudged_rules.size(),
                       r.unjudged_rules.size() + r.judged_rules.size());
    for (const auto& u : r.unjudged_rules)
      out += "- " + markdown_text(rule_with_gist(u.rule)) + ": " + markdown_text(u.reason) + "\n";
    out += "\n";
  }

  const Grid grid = grid_from_run(r);
  if (!grid.rows.empty()) {
    const Grid top = top_rows(grid, kSummaryGridRows);
    out += grid.rows.size() > top.rows.size()
               ? fmt::format("### Grid (the {} most troubled of {} rules; full grid in report.html)\n\n",
                             top.rows.size(), grid.rows.size())
               : std::string("### Grid\n\n");
    out += render_grid_markdown(top) + "\n";
  }
  return out;
}

void write_markdown(const RunResult& r, const std::string& path) {
  write_file_atomically(path, render_markdown(r));
}

}  // namespace scopecheck::report
