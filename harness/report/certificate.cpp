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

std::string_view to_string(CertFinding::Kind k) {
  switch (k) {
    case CertFinding::Kind::kFail:
      return "fail";
    case CertFinding::Kind::kDifference:
      return "difference";
    case CertFinding::Kind::kHarness:
      return "harness";
  }
  return "fail";
}

bool rests_on_random(const RuleRow& r) {
  if (r.exact == RuleVerdict::kNotApplicable) return false;
  return r.matrix_checks == 0 || (r.exact == RuleVerdict::kFail && r.matrix_fail == 0);
}

namespace {

std::vector<std::string> random_dependent_rules(const Certificate& c) {
  std::vector<std::string> out;
  for (const auto& r : c.rules)
    if (rests_on_random(r)) out.push_back(r.rule);
  return out;
}

std::string joined(const std::vector<std::string>& v, std::string_view sep = ", ") {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : std::string(sep)) + s;
  return out;
}

// What the verdicts depend on, one paragraph (the same words in every format).
std::string dependence_text(const Certificate& c) {
  std::string t = fmt::format(
      "The verdicts depend on the harness version ({}), the server and the profile ({}). The matrix part ({} scenarios, {} "
      "checks) is deterministic: the same harness and server give the same checks and the same answers on every run. The "
      "random part ({} scenarios, {} checks) depends on the seed ({}) and the budget ({} s): another seed or budget runs other "
      "scenarios.",
      c.harness_version, c.profile, c.matrix_scenarios, c.matrix_checks, c.scenarios - c.matrix_scenarios,
      c.checks - c.matrix_checks, c.seed, c.budget_seconds);
  const auto moving = random_dependent_rules(c);
  if (moving.empty())
    t += " Every verdict here rests on the matrix; a random part with another seed or budget can still find a failure the "
         "matrix does not reach.";
  else
    t += fmt::format(" The verdicts of {} rest on the random part (reached only there, or failing only there) and can move "
                     "with another seed or budget.",
                     joined(moving));
  return t;
}

}  // namespace

int certificate_exit_code(const Certificate& c) {
  if (!c.interrupted.empty()) return 3;  // it did not run its course: it certifies nothing
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
    j["findings"] = r.findings;
    j["counts"]["matrix_checks"] = r.matrix_checks;
    j["counts"]["matrix_fail"] = r.matrix_fail;
    j["counts"]["differences"] = r.differences;
    j["counts"]["harness"] = r.harness;
    j["rests_on_random"] = rests_on_random(r);
    rules.push_back(std::move(j));
  }
  json devs = json::array();
  for (const auto& d : c.deviations) {
    json j{{"rule", d.rule}, {"reason", d.reason}};
    if (d.outcome) j["class"] = std::string(model::to_string(*d.outcome));
    devs.push_back(std::move(j));
  }
  json findings = json::array();
  for (const auto& f : c.findings) {
    json j{{"id", f.id},
           {"kind", std::string(to_string(f.kind))},
           {"rules", f.rules},
           {"operation", f.operation},
           {"request", f.request},
           {"answer", f.answer},
           {"expected", f.expected},
           {"why", f.why},
           {"explanation", f.explanation},
           {"phase", f.random_only ? "random" : "matrix"}};
    if (f.kind != CertFinding::Kind::kFail) j["checks"] = f.checks;
    if (!f.case_file.empty()) j["case_file"] = f.case_file;
    if (!f.replay.empty()) j["replay"] = f.replay;
    if (f.kind == CertFinding::Kind::kFail) j["reproduced"] = f.reproduced;
    findings.push_back(std::move(j));
  }
  json grid = json::object();
  for (const auto& [rule, ops] : c.grid)
    for (const auto& [op, cell] : ops)
      grid[rule][op] = {{"pass", cell.pass}, {"fail", cell.violation}, {"unknown", cell.unknown}};
  int pass = 0, fail = 0, na = 0;
  for (const auto& r : c.rules) (r.exact == RuleVerdict::kPass ? pass : r.exact == RuleVerdict::kFail ? fail : na)++;
  return json{{"format", c.format},
              {"verdict", !c.interrupted.empty()           ? "interrupted"
                          : certificate_exit_code(c) == 0 ? "certified"
                          : certificate_exit_code(c) == 1 ? "failed"
                                                          : "inconclusive"},
              {"interrupted", c.interrupted},
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
              {"depends_on",
               {{"text", dependence_text(c)},
                {"harness_version", c.harness_version},
                {"matrix", {{"deterministic", true}, {"scenarios", c.matrix_scenarios}, {"checks", c.matrix_checks}}},
                {"random",
                 {{"seed", c.seed},
                  {"budget_seconds", c.budget_seconds},
                  {"scenarios", c.scenarios - c.matrix_scenarios},
                  {"checks", c.checks - c.matrix_checks}}},
                {"rules_resting_on_random", random_dependent_rules(c)}}},
              {"rules", rules},
              {"findings", findings},
              {"deviations", devs},
              {"grid", grid}};
}

namespace {
std::string verdict_word(const Certificate& c) {
  if (!c.interrupted.empty()) return "INTERRUPTED by " + c.interrupted;
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
  md += "## What these verdicts depend on\n\n" + markdown_text(dependence_text(c)) + "\n\n";
  md += "| rule | exact | status | checks | pass / fail (exact) | deviation | note |\n|---|---|---|---|---|---|---|\n";
  for (const auto& r : c.rules) {
    std::string note = r.note;
    if (!r.findings.empty()) note += (note.empty() ? "" : "; ") + std::string("see ") + joined(r.findings);
    if (rests_on_random(r)) note += (note.empty() ? "" : "; ") + std::string("rests on the random part");
    md += fmt::format("| {} | {} | {} | {} | {} / {} | {} | {} |\n", r.rule, symbol(r.exact), symbol(r.status), r.checks,
                      r.pass_exact, r.fail_exact,
                      r.declared_deviation ? (r.deviating > 0 ? fmt::format("declared, {} seen", r.deviating) : "declared") : "",
                      markdown_text(note));
  }
  for (const auto kind : {CertFinding::Kind::kFail, CertFinding::Kind::kDifference, CertFinding::Kind::kHarness}) {
    bool any = false;
    for (const auto& f : c.findings) {
      if (f.kind != kind) continue;
      if (!any)
        md += kind == CertFinding::Kind::kFail         ? "\n## Failures, one per root cause\n\n"
              : kind == CertFinding::Kind::kDifference ? "\n## Differences (not judged: no scoping decision at stake)\n\n"
                                                       : "\n## Harness findings (for scopecheck to fix; not judged)\n\n";
      any = true;
      md += fmt::format("- **{}** {}: rules {}{}{}\n", f.id, markdown_text(f.operation), joined(f.rules),
                        f.kind == CertFinding::Kind::kFail ? "" : fmt::format(", {} checks", f.checks),
                        f.random_only ? " (random part only: depends on seed and budget)" : "");
      md += "  - " + markdown_code(f.request) + " → " + markdown_code(f.answer) + ", expected " + markdown_code(f.expected) + "\n";
      if (!f.why.empty()) md += "  - why (the model): " + markdown_text(f.why) + "\n";
      md += "  - " + markdown_text(f.explanation) + "\n";
      if (!f.replay.empty())
        md += "  - replay: " + markdown_code(f.replay) + (f.reproduced ? "" : " (did not reproduce when shrinking)") + "\n";
    }
  }
  if (!c.unsupported_operations.empty()) {
    md += "\nNot implemented by the server (501, 405, or a bucket listing instead; not judged):";
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
      {"Not implemented (501, 405, or a bucket listing instead; not judged)",
       [&] {
         std::string t;
         for (const auto& [op, n] : c.unsupported_operations) t += fmt::format("{}{} ({}×)", t.empty() ? "" : ", ", op, n);
         return t.empty() ? std::string("none") : t;
       }()},
      {"Rules", fmt::format("{} pass, {} fail, {} not applicable", pass, fail, na)},
  });
  body += "<p class=\"depends\"><b>What these verdicts depend on.</b> " + html_escape(dependence_text(c)) + "</p>\n";
  std::string table =
      "<table class=\"rules\"><tr><th>rule</th><th>exact</th><th>status</th><th>checks</th><th>pass / fail</th>"
      "<th>deviation</th><th>what</th></tr>\n";
  for (const auto& r : c.rules) {
    std::string what = html_escape(r.gist);
    if (!r.note.empty()) what += "<br><i>" + html_escape(r.note) + "</i>";
    if (!r.findings.empty()) {
      what += "<br>see";
      for (const auto& id : r.findings) what += fmt::format(" <a href=\"#{}\">{}</a>", html_escape(id), html_escape(id));
    }
    if (rests_on_random(r)) what += "<br><i>rests on the random part: can move with seed and budget</i>";
    table += fmt::format(
        "<tr><td>{}</td><td class=\"{}\">{}</td><td class=\"{}\">{}</td><td>{}</td><td>{} / {}</td><td>{}</td><td>{}</td></tr>\n",
        html_escape(r.rule), to_string(r.exact), to_string(r.exact), to_string(r.status), to_string(r.status), r.checks,
        r.pass_exact, r.fail_exact,
        r.declared_deviation ? (r.deviating > 0 ? fmt::format("declared ({} seen)", r.deviating) : "declared") : "", what);
  }
  table += "</table>\n";
  body += html_section("rules", "Rules of SCOPING.md", table);
  for (const auto kind : {CertFinding::Kind::kFail, CertFinding::Kind::kDifference, CertFinding::Kind::kHarness}) {
    std::string cards;
    for (const auto& f : c.findings) {
      if (f.kind != kind) continue;
      cards += fmt::format("<div class=\"finding {}\" id=\"{}\"><h3>{} — {}: {}{}</h3>\n", to_string(f.kind), html_escape(f.id),
                           html_escape(f.id), html_escape(f.operation), html_escape(joined(f.rules)),
                           f.kind == CertFinding::Kind::kFail ? "" : fmt::format(" ({} checks)", f.checks));
      cards += "<p><code>" + html_escape(f.request) + "</code> → <b>" + html_escape(f.answer) + "</b>, expected <code>" +
               html_escape(f.expected) + "</code></p>\n";
      if (!f.why.empty()) cards += "<p>why (the model): " + html_escape(f.why) + "</p>\n";
      cards += "<p><i>" + html_escape(f.explanation) + "</i></p>\n";
      if (f.random_only) cards += "<p><i>found in the random part only: depends on seed and budget</i></p>\n";
      if (!f.replay.empty())
        cards += "<p>replay: <code>" + html_escape(f.replay) + "</code>" + (f.reproduced ? "" : " (did not reproduce when shrinking)") +
                 "</p>\n";
      cards += "</div>\n";
    }
    if (cards.empty()) continue;
    if (kind == CertFinding::Kind::kFail) body += html_section("failures", "Failures, one per root cause", cards);
    else if (kind == CertFinding::Kind::kDifference)
      body += html_section("differences", "Differences (not judged: no scoping decision at stake)", cards);
    else body += html_section("harness", "Harness findings (for scopecheck to fix; not judged)", cards);
  }
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
      "code{font-size:12px;word-break:break-all}.finding{border-left:4px solid #b01818;padding:2px 10px;margin:8px 0}"
      ".finding h3{margin:4px 0;font-size:15px}.finding p{margin:4px 0}.finding.difference{border-color:#a06000}"
      ".finding.harness{border-color:#3060c0}p.depends{max-width:70em}";
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
