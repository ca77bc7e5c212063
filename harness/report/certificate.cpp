#include "harness/report/certificate.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <set>

#include "harness/report/escape.h"
#include "harness/report/file_io.h"
#include "harness/report/grid.h"
#include "harness/report/html.h"

namespace scopecheck::report {

std::string_view to_string(RuleVerdict v) {
  switch (v) {
    case RuleVerdict::kPass:
      return "pass";
    case RuleVerdict::kFail:
      return "fail";
    case RuleVerdict::kNotApplicable:
      return "not-applicable";
  }
  return "not-applicable";
}

int certificate_exit_code(const Certificate& c) {
  bool any_pass = false;
  for (const auto& r : c.rules) {
    if (r.exact == RuleVerdict::kFail) return 1;
    any_pass |= r.exact == RuleVerdict::kPass;
  }
  if (c.unknowns > 0 || !any_pass) return 3;
  return 0;
}

nlohmann::json certificate_json(const Certificate& c) {
  using nlohmann::json;
  json rules = json::array();
  for (const auto& r : c.rules) {
    json j{{"rule", r.rule},
           {"gist", r.gist},
           {"exact", std::string(to_string(r.exact))},
           {"status", std::string(to_string(r.status))},
           {"counts",
            {{"checks", r.checks},
             {"pass_exact", r.pass_exact},
             {"fail_exact", r.fail_exact},
             {"pass_status", r.pass_status},
             {"fail_status", r.fail_status},
             {"unknown", r.unknown},
             {"deviating", r.deviating}}},
           {"declared_deviation", r.declared_deviation}};
    if (!r.note.empty()) j["note"] = r.note;
    if (!r.example.empty()) j["example"] = r.example;
    if (!r.case_file.empty()) j["case_file"] = r.case_file;
    if (!r.replay.empty()) j["replay"] = r.replay;
    rules.push_back(std::move(j));
  }
  json devs = json::array();
  for (const auto& d : c.deviations) {
    json j{{"rule", d.rule}, {"reason", d.reason}};
    if (d.outcome) j["class"] = std::string(model::to_string(*d.outcome));
    devs.push_back(std::move(j));
  }
  json grid = json::object();
  for (const auto& [rule, ops] : c.grid)
    for (const auto& [op, cell] : ops)
      grid[rule][op] = {{"pass", cell.pass}, {"fail", cell.violation}, {"unknown", cell.unknown}};
  int pass = 0, fail = 0, na = 0;
  for (const auto& r : c.rules) (r.exact == RuleVerdict::kPass ? pass : r.exact == RuleVerdict::kFail ? fail : na)++;
  return json{{"format", c.format},
              {"verdict", certificate_exit_code(c) == 0 ? "certified" : certificate_exit_code(c) == 1 ? "failed" : "inconclusive"},
              {"target", {{"kind", c.target_kind}, {"name", c.target_name}}},
              {"profile", c.profile},
              {"reference_profile", c.reference_profile},
              {"harness_version", c.harness_version},
              {"seed", c.seed},
              {"budget_seconds", c.budget_seconds},
              {"started_at", c.started_at},
              {"duration_seconds", c.duration_seconds},
              {"scenarios", c.scenarios},
              {"not_expressible", c.not_expressible},
              {"setup_failures", c.setup_failures},
              {"setup_errors", c.setup_errors},
              {"checks", c.checks},
              {"unknowns", c.unknowns},
              {"unknown_examples", c.unknown_examples},
              {"unsupported_operations", c.unsupported_operations},
              {"summary", {{"pass", pass}, {"fail", fail}, {"not_applicable", na}}},
              {"rules", rules},
              {"deviations", devs},
              {"grid", grid}};
}

namespace {
std::string verdict_word(const Certificate& c) {
  switch (certificate_exit_code(c)) {
    case 0:
      return "CERTIFIED";
    case 1:
      return "FAILED";
    default:
      return "INCONCLUSIVE";
  }
}
std::string symbol(RuleVerdict v) {
  return v == RuleVerdict::kPass ? "✅ pass" : v == RuleVerdict::kFail ? "❌ fail" : "➖ n/a";
}
}  // namespace

std::string certificate_markdown(const Certificate& c) {
  std::string md = fmt::format("# scopecheck certificate: {}\n\n", verdict_word(c));
  md += fmt::format("- target: {} ({})\n- profile: {} (reference {})\n- harness: {}\n- seed: {}, budget: {} s, ran {:.1f} s\n",
                    markdown_text(c.target_kind), markdown_text(c.target_name.empty() ? "unnamed" : c.target_name),
                    markdown_text(c.profile), markdown_text(c.reference_profile), markdown_text(c.harness_version), c.seed,
                    c.budget_seconds, c.duration_seconds);
  md += fmt::format("- {} scenarios ({} not expressible, {} setup failures), {} checks, {} unknown\n\n", c.scenarios,
                    c.not_expressible, c.setup_failures, c.checks, c.unknowns);
  md += "| rule | exact | status | checks | pass / fail (exact) | deviation | note |\n|---|---|---|---|---|---|---|\n";
  for (const auto& r : c.rules) {
    std::string note = r.note;
    if (!r.example.empty()) note += (note.empty() ? "" : "; ") + r.example;
    md += fmt::format("| {} | {} | {} | {} | {} / {} | {} | {}{} |\n", r.rule, symbol(r.exact), symbol(r.status), r.checks,
                      r.pass_exact, r.fail_exact,
                      r.declared_deviation ? (r.deviating > 0 ? fmt::format("declared, {} seen", r.deviating) : "declared") : "",
                      markdown_text(note), r.replay.empty() ? "" : " replay: " + markdown_code(r.replay));
  }
  if (!c.unsupported_operations.empty()) {
    md += "\nNot implemented by the server (501, not judged):";
    for (const auto& [op, n] : c.unsupported_operations) md += fmt::format(" {} ({}×)", op, n);
    md += "\n";
  }
  for (const auto& u : c.unknown_examples) md += "\nUndecided: " + markdown_text(u) + "\n";
  md += "\n## Declared deviations (profile " + markdown_text(c.profile) + ")\n\n";
  if (c.deviations.empty()) md += "None.\n";
  for (const auto& d : c.deviations)
    md += fmt::format("- **{}**{}: {}\n", d.rule, d.outcome ? " (" + std::string(model::to_string(*d.outcome)) + ")" : "",
                      markdown_text(d.reason));
  return md;
}

std::string certificate_html(const Certificate& c) {
  std::string body = fmt::format("<h1>scopecheck certificate: <span class=\"v-{}\">{}</span></h1>\n",
                                 certificate_exit_code(c), verdict_word(c));
  int pass = 0, fail = 0, na = 0;
  for (const auto& r : c.rules) (r.exact == RuleVerdict::kPass ? pass : r.exact == RuleVerdict::kFail ? fail : na)++;
  body += render_key_values_html({
      {"Target", c.target_kind + " — " + (c.target_name.empty() ? "unnamed" : c.target_name)},
      {"Profile", c.profile + " (compared with " + c.reference_profile + ")"},
      {"Harness", c.harness_version},
      {"Seed / budget", fmt::format("{} / {} s (ran {:.1f} s, started {})", c.seed, c.budget_seconds, c.duration_seconds, c.started_at)},
      {"Scenarios", fmt::format("{} run, {} not expressible, {} setup failures", c.scenarios, c.not_expressible, c.setup_failures)},
      {"Checks", fmt::format("{} ({} unknown)", c.checks, c.unknowns)},
      {"Not implemented (501, not judged)",
       [&] {
         std::string t;
         for (const auto& [op, n] : c.unsupported_operations) t += fmt::format("{}{} ({}×)", t.empty() ? "" : ", ", op, n);
         return t.empty() ? std::string("none") : t;
       }()},
      {"Rules", fmt::format("{} pass, {} fail, {} not applicable", pass, fail, na)},
  });
  std::string table =
      "<table class=\"rules\"><tr><th>rule</th><th>exact</th><th>status</th><th>checks</th><th>pass / fail</th>"
      "<th>deviation</th><th>what</th></tr>\n";
  for (const auto& r : c.rules) {
    std::string what = html_escape(r.gist);
    if (!r.note.empty()) what += "<br><i>" + html_escape(r.note) + "</i>";
    if (!r.example.empty()) what += "<br><code>" + html_escape(r.example) + "</code>";
    if (!r.replay.empty()) what += "<br>replay: <code>" + html_escape(r.replay) + "</code>";
    table += fmt::format(
        "<tr><td>{}</td><td class=\"{}\">{}</td><td class=\"{}\">{}</td><td>{}</td><td>{} / {}</td><td>{}</td><td>{}</td></tr>\n",
        html_escape(r.rule), to_string(r.exact), to_string(r.exact), to_string(r.status), to_string(r.status), r.checks,
        r.pass_exact, r.fail_exact,
        r.declared_deviation ? (r.deviating > 0 ? fmt::format("declared ({} seen)", r.deviating) : "declared") : "", what);
  }
  table += "</table>\n";
  body += html_section("rules", "Rules of SCOPING.md", table);
  // The rule × operation grid, through the report's renderer.
  Grid g;
  std::set<std::string> ops;
  for (const auto& [rule, row] : c.grid) {
    g.rows.push_back(rule);
    for (const auto& [op, cell] : row) ops.insert(op);
  }
  std::sort(g.rows.begin(), g.rows.end(), [](const std::string& a, const std::string& b) { return natural_less(a, b); });
  g.columns.assign(ops.begin(), ops.end());
  for (const auto& rule : g.rows) {
    std::vector<GridCell> cells;
    for (const auto& op : g.columns) {
      GridCell cell;
      auto it = c.grid.at(rule).find(op);
      if (it != c.grid.at(rule).end()) {
        cell.state = cell_state(it->second);
        cell.label = it->second.violation > 0 ? fmt::format("{} ✗", it->second.violation) : std::to_string(it->second.pass);
        cell.tooltip = fmt::format("{} on {}: {} pass, {} fail, {} unknown", rule, op, it->second.pass, it->second.violation,
                                   it->second.unknown);
      }
      cells.push_back(std::move(cell));
    }
    g.cells.push_back(std::move(cells));
  }
  body += html_section("grid", "Rule × operation (exact strictness)", render_grid_html(g, "checks per rule and operation"));
  std::string devs = "<ul>";
  for (const auto& d : c.deviations)
    devs += fmt::format("<li><b>{}</b>{}: {}</li>", html_escape(d.rule),
                        d.outcome ? " (" + html_escape(model::to_string(*d.outcome)) + ")" : "", html_escape(d.reason));
  devs += c.deviations.empty() ? "<li>None.</li></ul>" : "</ul>";
  body += html_section("deviations", "Deviations the profile declares", devs);
  if (!c.setup_errors.empty()) {
    std::string errs = "<ul>";
    for (const auto& e : c.setup_errors) errs += "<li><code>" + html_escape(e) + "</code></li>";
    body += html_section("setup", "Setup failures", errs + "</ul>");
  }
  constexpr std::string_view css =
      "table.rules{border-collapse:collapse;width:100%}table.rules td,table.rules th{border:1px solid #ccc;padding:3px 6px;"
      "vertical-align:top;font-size:13px}td.pass{background:#c8f0c8}td.fail{background:#f5b5b5;font-weight:bold}"
      "td.not-applicable{background:#eee;color:#777}.v-0{color:#187a18}.v-1{color:#b01818}.v-3{color:#a06000}"
      "code{font-size:12px;word-break:break-all}";
  return html_page("scopecheck certificate — " + c.target_kind, body, css);
}

void write_certificate(const Certificate& c, const std::string& dir) {
  std::filesystem::create_directories(dir);
  const auto base = std::filesystem::path(dir);
  write_file_atomically((base / "certificate.json").string(), certificate_json(c).dump(2) + "\n");
  write_file_atomically((base / "certificate.md").string(), certificate_markdown(c));
  write_file_atomically((base / "certificate.html").string(), certificate_html(c));
}

}  // namespace scopecheck::report
