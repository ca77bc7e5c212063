#include "harness/scenario/certify.h"

#include <fmt/format.h>
#include <rapidcheck.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <set>

#include "harness/model/operation.h"
#include "harness/model/rules.h"
#include "harness/model/timestamp.h"
#include "harness/report/escape.h"
#include "harness/report/file_io.h"
#include "harness/report/grid.h"
#include "harness/report/html.h"
#include "harness/scenario/campaign.h"
#include "harness/scenario/case_file.h"
#include "harness/scenario/case_writer.h"
#include "harness/scenario/checker.h"
#include "harness/scenario/executor.h"
#include "harness/scenario/generators.h"
#include "harness/scenario/runner.h"
#include "scopecheck_version.h"

namespace scopecheck::scenario {
namespace {

using Clock = std::chrono::steady_clock;
using model::OutcomeClass;
using model::Strictness;
using model::Verdict;

// A failing check remembered for its case file.
struct Failure {
  Scenario scenario;
  CheckRecord check;
  bool permissive = false;  // refused by the reference, answered with success
};

std::string now_rfc3339() {
  const auto t = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  return model::format_rfc3339(t.time_since_epoch().count());
}

// The step and the steps it depends on (the upload it continues), in order.
Scenario only_step(const Scenario& s, int idx) {
  std::vector<int> keep{idx};
  for (int cur = idx;;) {
    const auto* st = std::get_if<S3Step>(&s.steps[static_cast<size_t>(cur)]);
    if (!st || st->upload < 0) break;
    cur = st->upload;
    keep.insert(keep.begin(), cur);
  }
  Scenario out = s;
  out.steps.clear();
  std::map<int, int> index;
  for (int k : keep) {
    auto step = s.steps[static_cast<size_t>(k)];
    if (auto* st = std::get_if<S3Step>(&step); st && st->upload >= 0) st->upload = index.count(st->upload) ? index[st->upload] : -1;
    index[k] = static_cast<int>(out.steps.size());
    out.steps.push_back(std::move(step));
  }
  return out;
}

std::string actual_text(const CheckRecord& c) {
  if (c.status == 0) return c.transport_error.empty() ? "no answer" : c.transport_error;
  return c.code.empty() ? std::to_string(c.status) : fmt::format("{} {}", c.status, c.code);
}

// Whether an operation (by S3 name) only reads: every capability it needs is a read.
bool read_only(const std::string& operation) {
  const auto op = model::parse_operation(operation);
  if (!op || *op == model::Operation::kUnsupported) return false;
  for (const auto& r : model::requirements(*op))
    if (r.capability == model::Capability::kAccountAdmin || r.capability == model::Capability::kBucketWrite) return false;
  return true;
}

}  // namespace

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

Certificate certify(targets::CertifiableTarget& target, const model::Profile& profile, const model::Profile& reference,
                    const CertifyOptions& options) {
  Certificate cert;
  cert.target_kind = target.kind();
  cert.profile = profile.name;
  cert.reference_profile = reference.name;
  cert.harness_version = SCOPECHECK_VERSION;
  cert.seed = options.seed;
  cert.budget_seconds = options.budget.count();
  cert.started_at = now_rfc3339();
  cert.deviations = profile.deviations;
  const auto t0 = Clock::now();
  auto log = [&](const std::string& line) {
    if (options.log) options.log(line);
  };

  std::map<std::string, size_t> row_of;
  for (const auto& r : model::all_rules()) {
    RuleRow row;
    row.rule = std::string(r.id);
    row.gist = std::string(r.gist);
    row_of[row.rule] = cert.rules.size();
    cert.rules.push_back(std::move(row));
  }
  for (const auto& d : profile.deviations)
    if (auto it = row_of.find(d.rule); it != row_of.end()) cert.rules[it->second].declared_deviation = true;

  const auto caps = target.capabilities();
  GenOptions gen;
  gen.token_api = false;
  gen.clock_control = false;
  gen.virtual_host = caps.virtual_host;
  gen.presign = caps.presign;
  gen.jurisdictions = false;
  gen.sigv2_steps = caps.sigv2;
  gen.max_steps = options.max_steps;
  gen.source_ips = {"127.0.0.1"};
  ExecOptions exec;
  exec.strictness = Strictness::kExact;
  exec.retries = options.retries;
  exec.stop_at_violation = false;

  std::map<std::string, Failure> first_failure;  // rule → its first failing check (exact)

  auto tally_checks = [&](const Scenario& s, const ExecResult& e) {
    for (const auto& c : e.checks) {
      std::vector<std::string> rules = c.rules.empty() ? std::vector<std::string>{} : c.rules;
      ++cert.checks;
      model::ActualAnswer actual;
      actual.status = c.status;
      if (!c.code.empty()) actual.code = c.code;
      actual.head = c.operation == "HeadObject" || c.operation == "HeadBucket";
      const bool ok_expected = std::find(c.expected.begin(), c.expected.end(), OutcomeClass::kOk) != c.expected.end();
      const bool not_implemented = c.status == 501 || (c.status == 405 && c.code == "MethodNotAllowed");
      if (not_implemented && judge(profile, c.expected, actual, Strictness::kStatus) != Verdict::kPass) {
        ++cert.unsupported_operations[c.operation];
        continue;
      }
      if (c.verdict == Verdict::kUnknown || c.status == 0) {
        ++cert.unknowns;
        if (cert.unknown_examples.size() < 5)
          cert.unknown_examples.push_back(fmt::format("{} → {} (expected {})", c.request, actual_text(c), c.expected_wire));
        for (const auto& r : rules)
          if (row_of.count(r)) ++cert.rules[row_of[r]].unknown;
        return;  // the executor stopped here
      }
      const bool success = c.status / 100 == 2;
      const bool permissive = success && !ok_expected && judge(reference, c.expected, actual, Strictness::kDecision) == Verdict::kViolation;
      const Verdict exact = permissive ? Verdict::kViolation : judge(profile, c.expected, actual, Strictness::kExact);
      const Verdict status = permissive ? Verdict::kViolation : judge(profile, c.expected, actual, Strictness::kStatus);
      const bool deviating = exact == Verdict::kPass && judge(reference, c.expected, actual, Strictness::kExact) != Verdict::kPass;
      for (const auto& r : rules) {
        auto& cell = cert.grid[r][c.operation];
        if (exact == Verdict::kPass) ++cell.pass;
        else if (exact == Verdict::kViolation) ++cell.violation;
        else ++cell.unknown;
        auto it = row_of.find(r);
        if (it == row_of.end()) continue;
        auto& row = cert.rules[it->second];
        ++row.checks;
        if (exact == Verdict::kPass) ++row.pass_exact;
        if (exact == Verdict::kViolation) ++row.fail_exact;
        if (status == Verdict::kPass) ++row.pass_status;
        if (status == Verdict::kViolation) ++row.fail_status;
        if (exact == Verdict::kUnknown) ++row.unknown;
        if (deviating) ++row.deviating;
        if (exact == Verdict::kViolation && !first_failure.count(r)) {
          first_failure[r] = Failure{s, c, permissive};
          row.example = fmt::format("{} → {} (expected {}){}", c.request, actual_text(c), c.expected_wire,
                                    permissive ? "; the reference refuses this request" : "");
        }
      }
      if (exact == Verdict::kUnknown) ++cert.unknowns;
      // The target did something the model refused: if that changed its state, the state is no
      // longer the model's and the rest of the scenario would be judged blindly. A read the
      // model refused (say GetBucketEncryption with object grants) changes nothing: go on.
      if (success && !ok_expected && !read_only(c.operation)) return;
    }
  };

  CampaignOptions co;
  co.seed = options.seed;
  co.jobs = 1;  // a third-party target's buckets and credentials are shared by its scenarios
  co.matrix = true;
  co.matrix_ignores_deadline = true;  // the matrix in full, then random scenarios for the budget
  co.random_budget = options.budget;
  co.shrink = false;  // one case per failing rule, shrunk below
  co.gen = gen;
  co.exec = exec;
  co.adapt = [&](targets::Target&, const Scenario& s) { return target.adapt(s); };
  bool random_logged = false;
  run_campaign(co, profile, [&](int) -> targets::Target& { return target; }, [&](ItemOutcome& item) {
    if (item.fatal) throw *item.fatal;
    if (!item.matrix && !random_logged) {
      log(fmt::format("matrix: {} scenarios, {} checks", cert.scenarios, cert.checks));
      random_logged = true;
    }
    if (item.not_expressible) {
      ++cert.not_expressible;
      return true;
    }
    ++cert.scenarios;
    if (!item.result.setup_error.empty()) {
      ++cert.setup_failures;
      if (cert.setup_errors.size() < 5) cert.setup_errors.push_back(item.result.setup_error);
      return true;
    }
    tally_checks(item.scenario, item.result);
    return true;
  });
  if (!random_logged) log(fmt::format("matrix: {} scenarios, {} checks", cert.scenarios, cert.checks));
  log(fmt::format("random phase: {} scenarios, {} checks in all", cert.scenarios, cert.checks));

  // Verdicts.
  std::map<std::string, std::string> na;
  for (const auto& n : target.not_applicable()) na[n.rule] = n.reason;
  for (auto& row : cert.rules) {
    const bool judged = row.pass_exact + row.fail_exact > 0;
    if (!judged) {
      row.exact = row.status = RuleVerdict::kNotApplicable;
      if (na.count(row.rule)) row.note = na[row.rule];
      else if (row.unknown > 0) row.note = "only undecided checks";
      else row.note = "not exercised: no scenario the target can express reaches this rule";
      continue;
    }
    row.exact = row.fail_exact > 0 ? RuleVerdict::kFail : RuleVerdict::kPass;
    row.status = row.fail_status > 0 ? RuleVerdict::kFail : row.pass_status > 0 ? RuleVerdict::kPass : RuleVerdict::kNotApplicable;
  }

  // One shrunk, replayable case per failing rule.
  if (!options.out_dir.empty()) {
    std::map<std::string, std::pair<std::string, std::string>> done;  // case key → (file, replay)
    for (auto& row : cert.rules) {
      auto it = first_failure.find(row.rule);
      if (row.exact != RuleVerdict::kFail || it == first_failure.end()) continue;
      const Failure& f = it->second;
      const std::string key = case_id(f.scenario) + "#" + std::to_string(f.check.step);
      if (auto d = done.find(key); d != done.end()) {
        std::tie(row.case_file, row.replay) = d->second;
        continue;
      }
      const model::Profile& case_profile = f.permissive ? reference : profile;
      ExecOptions eo;
      eo.strictness = f.permissive ? Strictness::kDecision : Strictness::kExact;
      eo.retries = options.retries;
      eo.stop_at_violation = true;
      Scenario chosen = f.scenario;
      chosen.steps.resize(static_cast<size_t>(f.check.step) + 1);
      std::optional<CheckRecord> violation;
      for (const Scenario& cand : {only_step(f.scenario, f.check.step), chosen}) {
        ExecResult r;
        try {
          r = execute(cand, target, case_profile, eo);
        } catch (const targets::TargetError&) {
          break;
        }
        if (r.violation && r.violation->step == static_cast<int>(cand.steps.size()) - 1) {
          chosen = cand;
          violation = r.violation;
          break;
        }
      }
      CaseFile cf;
      cf.title = fmt::format("{} on {}: {}", row.rule, f.check.operation, row.example);
      cf.description = violation ? "Shrunk by certify; replays the failing check as the last step."
                                 : "The failing check did not reproduce on a re-run; kept as first seen.";
      cf.scenario = chosen;
      cf.harness_version = SCOPECHECK_VERSION;
      cf.seed = options.seed;
      cf.profile = case_profile.name;
      cf.target_kind = target.kind();
      cf.strictness = std::string(model::to_string(eo.strictness));
      cf.violation = violation ? violation : std::optional<CheckRecord>(f.check);
      const auto id = case_id(chosen);
      const auto rel = std::filesystem::path("cases") / (id + ".json");
      write_case_file(cf, (std::filesystem::path(options.out_dir) / rel).string());
      row.case_file = rel.string();
      row.replay = replay_command(rel.string(), cf, {}, options.replay_options);
      if (!violation) row.note = "the failing check did not reproduce when shrinking";
      done[key] = {row.case_file, row.replay};
    }
  }
  cert.target_name = target.name();
  cert.duration_seconds = std::chrono::duration<double>(Clock::now() - t0).count();
  return cert;
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
  using report::markdown_code;
  using report::markdown_text;
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
  using report::html_escape;
  std::string body = fmt::format("<h1>scopecheck certificate: <span class=\"v-{}\">{}</span></h1>\n",
                                 certificate_exit_code(c), verdict_word(c));
  int pass = 0, fail = 0, na = 0;
  for (const auto& r : c.rules) (r.exact == RuleVerdict::kPass ? pass : r.exact == RuleVerdict::kFail ? fail : na)++;
  body += report::render_key_values_html({
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
  body += report::html_section("rules", "Rules of SCOPING.md", table);
  // The rule × operation grid, through the report's renderer.
  report::Grid g;
  std::set<std::string> ops;
  for (const auto& [rule, row] : c.grid) {
    g.rows.push_back(rule);
    for (const auto& [op, cell] : row) ops.insert(op);
  }
  std::sort(g.rows.begin(), g.rows.end(), [](const std::string& a, const std::string& b) { return report::natural_less(a, b); });
  g.columns.assign(ops.begin(), ops.end());
  for (const auto& rule : g.rows) {
    std::vector<report::GridCell> cells;
    for (const auto& op : g.columns) {
      report::GridCell cell;
      auto it = c.grid.at(rule).find(op);
      if (it != c.grid.at(rule).end()) {
        cell.state = report::cell_state(it->second);
        cell.label = it->second.violation > 0 ? fmt::format("{} ✗", it->second.violation) : std::to_string(it->second.pass);
        cell.tooltip = fmt::format("{} on {}: {} pass, {} fail, {} unknown", rule, op, it->second.pass, it->second.violation,
                                   it->second.unknown);
      }
      cells.push_back(std::move(cell));
    }
    g.cells.push_back(std::move(cells));
  }
  body += report::html_section("grid", "Rule × operation (exact strictness)", report::render_grid_html(g, "checks per rule and operation"));
  std::string devs = "<ul>";
  for (const auto& d : c.deviations)
    devs += fmt::format("<li><b>{}</b>{}: {}</li>", html_escape(d.rule),
                        d.outcome ? " (" + html_escape(model::to_string(*d.outcome)) + ")" : "", html_escape(d.reason));
  devs += c.deviations.empty() ? "<li>None.</li></ul>" : "</ul>";
  body += report::html_section("deviations", "Deviations the profile declares", devs);
  if (!c.setup_errors.empty()) {
    std::string errs = "<ul>";
    for (const auto& e : c.setup_errors) errs += "<li><code>" + html_escape(e) + "</code></li>";
    body += report::html_section("setup", "Setup failures", errs + "</ul>");
  }
  constexpr std::string_view css =
      "table.rules{border-collapse:collapse;width:100%}table.rules td,table.rules th{border:1px solid #ccc;padding:3px 6px;"
      "vertical-align:top;font-size:13px}td.pass{background:#c8f0c8}td.fail{background:#f5b5b5;font-weight:bold}"
      "td.not-applicable{background:#eee;color:#777}.v-0{color:#187a18}.v-1{color:#b01818}.v-3{color:#a06000}"
      "code{font-size:12px;word-break:break-all}";
  return report::html_page("scopecheck certificate — " + c.target_kind, body, css);
}

void write_certificate(const Certificate& c, const std::string& dir) {
  std::filesystem::create_directories(dir);
  const auto base = std::filesystem::path(dir);
  report::write_file_atomically((base / "certificate.json").string(), certificate_json(c).dump(2) + "\n");
  report::write_file_atomically((base / "certificate.md").string(), certificate_markdown(c));
  report::write_file_atomically((base / "certificate.html").string(), certificate_html(c));
}

}  // namespace scopecheck::scenario
