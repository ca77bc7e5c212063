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

}  // namespace scopecheck::scenario
