#include "harness/report/html.h"

#include <algorithm>

#include <fmt/format.h>

#include "harness/report/escape.h"
#include "harness/report/file_io.h"
#include "harness/report/grid.h"
#include "harness/report/plural.h"
#include "harness/report/replay_command.h"
#include "harness/report/rule_text.h"
#include "harness/report/svg_chart.h"
#include "harness/report/verdict.h"

namespace scopecheck::report {

namespace {

constexpr std::string_view kPageCss = R"css(
body { font-family: -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  margin: 0; color: #1f2328; background: #fff; line-height: 1.4; }
main { max-width: 1200px; margin: 0 auto; padding: 16px 24px 48px; }
h1 { font-size: 22px; margin: 8px 0 4px; }
h2 { font-size: 17px; margin: 28px 0 8px; padding-bottom: 4px; border-bottom: 1px solid #d0d7de; }
h3 { font-size: 14px; margin: 0 0 6px; }
code, pre { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 12px; }
pre { background: #f6f8fa; padding: 6px 8px; border-radius: 4px; white-space: pre-wrap; word-break: break-all; margin: 4px 0; }
table.kv, table.list { border-collapse: collapse; font-size: 13px; }
table.kv th { text-align: left; font-weight: 600; padding: 2px 16px 2px 0; vertical-align: top; color: #555; }
table.kv td { padding: 2px 0; }
table.list th, table.list td { border: 1px solid #d0d7de; padding: 4px 8px; text-align: left; vertical-align: top; }
table.list th { background: #f6f8fa; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.verdict { padding: 10px 14px; border-radius: 6px; font-weight: 700; font-size: 16px; margin: 8px 0 12px; }
.verdict-pass { background: #dafbe1; color: #116329; border: 1px solid #2e9e4f; }
.verdict-fail { background: #ffebe9; color: #a40e26; border: 1px solid #d73a3a; }
.verdict-inconclusive { background: #fff8c5; color: #7d4e00; border: 1px solid #f0a500; }
.verdict-interrupted { background: #eaeef2; color: #24292f; border: 1px solid #57606a; }
.counts { display: flex; flex-wrap: wrap; gap: 10px; margin: 8px 0; }
.count { border: 1px solid #d0d7de; border-radius: 6px; padding: 6px 14px; min-width: 90px; }
.count b { display: block; font-size: 20px; }
.count span { font-size: 12px; color: #555; }
.count.bad b { color: #d73a3a; } .count.warn b { color: #b07800; }
.grid-wrap { overflow-x: auto; }
.bar { background: #1f6feb; height: 10px; border-radius: 2px; min-width: 1px; }
.violation { border: 1px solid #d73a3a; border-left-width: 6px; border-radius: 6px; padding: 10px 14px; margin: 10px 0; }
.violation.accepted { border-color: #8c959f; }
.gist { display: block; font-weight: normal; color: #57606a; font-size: 13px; margin-top: 2px; }
.badge { display: inline-block; font-size: 11px; padding: 1px 6px; border-radius: 10px; background: #8c959f; color: #fff; margin-left: 6px; }
ol.steps { margin: 4px 0; padding-left: 28px; }
pre.wire { max-height: 420px; overflow: auto; border-left: 3px solid #d0d7de; }
ol.steps li { margin: 2px 0; }
.muted { color: #666; font-size: 13px; }
)css";

std::string count_box(std::string_view label, int64_t n, std::string_view extra_class = "") {
  return fmt::format("<div class=\"count {}\"><b>{}</b><span>{}</span></div>", extra_class, n,
                     html_escape(label));
}

std::string seconds_text(double s) { return fmt::format("{:.1f} s", s); }

std::string verdict_class(Verdict v) {
  switch (v) {
    case Verdict::kPass: return "verdict-pass";
    case Verdict::kViolations: return "verdict-fail";
    case Verdict::kInconclusive: return "verdict-inconclusive";
    case Verdict::kInterrupted: return "verdict-interrupted";
  }
  return "verdict-inconclusive";
}

std::string entries_table(const std::vector<BaselineEntry>& entries) {
  if (entries.empty()) return "<p class=\"muted\">none</p>";
  std::string out = "<table class=\"list\"><tr><th>case id</th><th>rule</th><th>reason</th><th>expires</th></tr>";
  for (const auto& e : entries) {
    out += "<tr><td><code>" + html_escape(e.case_id) + "</code></td><td>" + html_escape(e.rule) +
           "</td><td>" + html_escape(e.reason) + "</td><td>" + html_escape(e.expires) + "</td></tr>";
  }
  return out + "</table>";
}

std::string baseline_html(const BaselineSection& b) {
  std::string out = "<p class=\"muted\">Baseline <code>" + html_escape(b.file) + "</code> judged on " +
                    html_escape(b.today) + ".</p>";
  out += "<h3>Accepted violations (" + std::to_string(b.accepted.size()) + ")</h3>" + entries_table(b.accepted);
  out += "<h3>Expired entries: they accept nothing any more (" + std::to_string(b.expired.size()) + ")</h3>" +
         entries_table(b.expired);
  out += "<h3>Entries that did not reproduce: remove them (" + std::to_string(b.not_reproduced.size()) + ")</h3>" +
         entries_table(b.not_reproduced);
  return out;
}

std::string shards_html(const std::vector<ShardSummary>& shards) {
  std::string out =
      "<table class=\"list\"><tr><th>shard</th><th class=\"num\">seed</th><th>started</th><th "
      "class=\"num\">duration</th><th class=\"num\">checks</th><th class=\"num\">violations</th><th "
      "class=\"num\">unknowns</th></tr>";
  for (const auto& s : shards) {
    out += fmt::format(
        "<tr><td>{}</td><td class=\"num\">{}</td><td>{}</td><td class=\"num\">{}</td><td "
        "class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
        html_escape(s.shard.empty() ? "(unsharded)" : s.shard), s.seed, html_escape(s.started_at),
        seconds_text(s.duration_seconds), s.checks, s.violations, s.unknowns);
  }
  return out + "</table>";
}

std::vector<std::pair<double, double>> to_points(const std::vector<std::pair<double, int64_t>>& s) {
  std::vector<std::pair<double, double>> out;
  for (const auto& [t, n] : s) out.emplace_back(t, static_cast<double>(n));
  return out;
}

std::string chart_html(const RunResult& r) {
  std::vector<ChartSeries> series;
  series.push_back({r.shards.empty() ? "checks" : "all shards", to_points(r.checks_over_time)});
  for (const auto& s : r.shards) {
    series.push_back({"shard " + (s.shard.empty() ? std::string("(unsharded)") : s.shard),
                      to_points(s.checks_over_time)});
  }
  ChartOptions o;
  o.title = "Checks over time";
  o.x_label = "seconds since start";
  o.y_label = "checks done";
  return render_line_chart_svg(series, o);
}

}  // namespace

std::string html_page(std::string_view title, std::string_view body, std::string_view extra_css) {
  std::string out = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">";
  out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">";
  out += "<title>" + html_escape(title) + "</title><style>";
  out += kPageCss;
  out += grid_css();
  out += extra_css;
  out += "</style></head><body><main>\n";
  out += body;
  out += "\n</main></body></html>\n";
  return out;
}

std::string html_section(std::string_view id, std::string_view heading, std::string_view body) {
  return "<section id=\"" + html_escape(id) + "\"><h2>" + html_escape(heading) + "</h2>" +
         std::string(body) + "</section>\n";
}

std::string render_key_values_html(const std::vector<std::pair<std::string, std::string>>& rows) {
  std::string out = "<table class=\"kv\">";
  for (const auto& [k, v] : rows) out += "<tr><th>" + html_escape(k) + "</th><td>" + html_escape(v) + "</td></tr>";
  return out + "</table>";
}

std::string render_metadata_html(const RunResult& r) {
  std::string target = r.target_kind;
  if (!r.target_name.empty()) target += " (" + r.target_name + ")";
  std::string bugs;
  for (const auto& b : r.injected_bugs) bugs += (bugs.empty() ? "" : ", ") + b;
  std::vector<std::pair<std::string, std::string>> rows = {
      {"target", target},
      {"profile", r.profile},
      {"strictness", r.strictness},
      {"seed", std::to_string(r.seed)},
      {"shard", r.shard.empty() ? (r.shards.empty() ? "unsharded" : std::to_string(r.shards.size()) + " shards merged")
                                : r.shard},
      {"started", r.started_at},
      {"duration", seconds_text(r.duration_seconds)},
      {"harness", r.harness_version},
  };
  if (!bugs.empty()) rows.emplace_back("injected bugs", bugs);
  return render_key_values_html(rows);
}

std::string render_distribution_html(const std::map<std::string, int64_t>& distribution) {
  if (distribution.empty()) return "<p class=\"muted\">No classification recorded.</p>";
  std::vector<std::pair<std::string, int64_t>> rows(distribution.begin(), distribution.end());
  std::stable_sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  int64_t total = 0;
  for (const auto& [tag, n] : rows) total = saturating_add(total, std::max<int64_t>(n, 0));
  const int64_t top = std::max<int64_t>(rows.front().second, 1);
  std::string out =
      "<table class=\"list\"><tr><th>classification</th><th class=\"num\">scenarios</th><th "
      "class=\"num\">share</th><th style=\"width:240px\"></th></tr>";
  for (const auto& [tag, n] : rows) {
    const double share = total > 0 ? 100.0 * static_cast<double>(n) / static_cast<double>(total) : 0;
    const double width = 100.0 * static_cast<double>(std::max<int64_t>(n, 0)) / static_cast<double>(top);
    out += fmt::format(
        "<tr><td><code>{}</code></td><td class=\"num\">{}</td><td class=\"num\">{:.1f}%</td><td><div "
        "class=\"bar\" style=\"width:{:.1f}%\"></div></td></tr>",
        html_escape(tag), n, share, width);
  }
  return out + "</table>";
}

std::string render_violations_html(const RunResult& r) {
  if (r.violation_list.empty()) {
    return r.violations > 0 ? "<p class=\"muted\">Violations were counted but none was shrunk and saved.</p>"
                            : "<p class=\"muted\">None.</p>";
  }
  std::string out;
  for (const auto& v : r.violation_list) {
    const bool accepted = is_accepted(r, v);
    out += std::string("<div class=\"violation") + (accepted ? " accepted" : "") + "\">";
    out += "<h3>" + html_escape(v.rule) + " · " + html_escape(v.operation);
    if (auto gist = rule_gist(v.rule); !gist.empty()) out += "<span class=\"gist\">" + html_escape(std::string(gist)) + "</span>";
    if (accepted) out += "<span class=\"badge\">accepted by the baseline</span>";
    out += "</h3>";
    out += render_key_values_html({
        {"expected", v.expected},
        {"actual", v.actual},
        {"case id", v.case_id},
        {"seed", std::to_string(v.seed)},
        {"first seen", fmt::format("after {}, {:.1f} s", counted(v.checks_to_first, "check", "checks"), v.seconds_to_first)},
    });
    out += "<p class=\"muted\">Minimal steps:</p><ol class=\"steps\">";
    for (const auto& s : v.steps) out += "<li><code>" + html_escape(s) + "</code></li>";
    out += "</ol><p class=\"muted\">Replay:</p><pre><code>" + html_escape(relative_replay_command(r, v)) + "</code></pre>";
    if (!v.exchange.empty()) {
      // The failing step by hand: the bytes as sent and received, then the same request with curl
      // and with the AWS CLI (credentials: the key id and $AWS_SECRET_ACCESS_KEY, never a secret).
      out += "<p class=\"muted\">The failing request as sent, and the answer:</p><pre class=\"wire\"><code>" +
             html_escape(v.exchange) + "</code></pre>";
      if (!v.curl.empty()) out += "<p class=\"muted\">With curl:</p><pre><code>" + html_escape(v.curl) + "</code></pre>";
      if (!v.aws_cli.empty())
        out += "<p class=\"muted\">With the AWS CLI:</p><pre><code>" + html_escape(v.aws_cli) + "</code></pre>";
    }
    if (!v.case_file.empty()) {
      // Only a relative path becomes a link: a scheme ("javascript:", "https:") never does.
      const bool relative = v.case_file.find(':') == std::string::npos && v.case_file.front() != '/';
      out += "<p class=\"muted\">Case file: ";
      out += relative ? "<a href=\"" + html_escape(v.case_file) + "\"><code>" + html_escape(v.case_file) + "</code></a>"
                      : "<code>" + html_escape(v.case_file) + "</code>";
      out += "</p>";
    }
    out += "</div>";
  }
  return out;
}

std::string render_unknowns_html(const std::vector<UnknownSummary>& unknowns) {
  if (unknowns.empty()) return "<p class=\"muted\">None.</p>";
  std::string out =
      "<table class=\"list\"><tr><th>step</th><th>cell</th><th>transport error</th><th "
      "class=\"num\">attempts</th></tr>";
  for (const auto& u : unknowns) {
    std::string cell = u.rule.empty() ? "" : u.rule + " × " + u.operation;
    out += fmt::format("<tr><td><code>{}</code></td><td>{}</td><td>{}</td><td class=\"num\">{}</td></tr>",
                       html_escape(u.step), html_escape(cell), html_escape(u.error), u.attempts);
  }
  return out + "</table>";
}

std::string render_html(const RunResult& r) {
  const Verdict v = verdict_of(r);
  std::string body = "<h1>scopecheck report</h1>";
  body += "<div class=\"verdict " + verdict_class(v) + "\">" + html_escape(verdict_line(r)) + "</div>";
  body += render_metadata_html(r);
  body += "<div class=\"counts\">";
  body += count_box("checks", r.checks);
  body += count_box("passes", r.passes);
  body += count_box("violations", r.violations, r.violations > 0 ? "bad" : "");
  body += count_box("unknowns", r.unknowns, r.unknowns > 0 ? "warn" : "");
  body += count_box("retries", r.retries);
  body += count_box("scenarios", r.scenarios);
  body += "</div>";
  if (r.baseline) body += html_section("baseline", "Baseline", baseline_html(*r.baseline));
  const Grid grid = grid_from_run(r);
  body += html_section("grid", "Rule × operation",
                       grid.rows.empty() ? "<p class=\"muted\">No checks recorded.</p>"
                                         : render_grid_html(grid, "checks per rule (rows) and operation (columns)"));
  body += html_section("violations", fmt::format("Violations ({})", r.violation_list.size()),
                       render_violations_html(r));
  body += html_section("unknowns", fmt::format("Unknowns ({})", r.unknown_list.size()),
                       render_unknowns_html(r.unknown_list));
  if (!r.unjudged_rules.empty()) {
    std::string list = "<ul>";
    for (const auto& u : r.unjudged_rules)
      list += "<li><b>" + html_escape(u.rule) + "</b> (" + html_escape(rule_gist(u.rule)) + "): " + html_escape(u.reason) + "</li>";
    body += html_section("unjudged", fmt::format("Rules not judged ({})", r.unjudged_rules.size()), list + "</ul>");
  }
  body += html_section("progress", "Checks over time", chart_html(r));
  body += html_section("distribution", "Generated scenarios", render_distribution_html(r.distribution));
  if (!r.shards.empty()) body += html_section("shards", fmt::format("Shards ({})", r.shards.size()), shards_html(r.shards));
  std::string title = "scopecheck: " + std::string(verdict_word(v)) + " — " + r.target_kind + " / " + r.profile;
  return html_page(title, body);
}

void write_html(const RunResult& r, const std::string& path) { write_file_atomically(path, render_html(r)); }

}  // namespace scopecheck::report
