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
  bool matrix = false;      // seen in the deterministic matrix
};

// A check that is not judged (a difference or a harness finding), grouped by its shape.
struct Unjudged {
  report::CertFinding::Kind kind;
  CheckRecord check;
  bool matrix = false;
  std::set<std::string> rules;
  int64_t checks = 0;
};

// Refusals that decide who may do what: authentication (signatures, credentials, validity, the
// auth mode) and authorization (grants, inactive tokens, IP conditions). A success where the
// reference refuses so is a failure whatever the profile declares. Not-found and configuration
// classes (no-such-*, bucket-exists, streaming-unsupported, …) say how a server answers a caller
// that holds the capability: a different answer there is a difference, not a breach.
bool authentication_or_authorization(OutcomeClass c) {
  return c != OutcomeClass::kOk && c != OutcomeClass::kStreamingUnsupported && !model::is_resource_state(c);
}

// Operations whose request body is an XML document the harness writes (harness/scenario/wire.cpp).
bool harness_document(const std::string& operation) {
  return operation == "PutBucketLifecycleConfiguration" || operation == "PutBucketCors" || operation == "DeleteObjects" ||
         operation == "CompleteMultipartUpload";
}

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
  gen.api_steps = false;  // certification covers S3 (the certificate's rows are the S3 rules)
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
  std::map<std::string, Unjudged> unjudged;       // shape → differences and harness findings, first seen

  auto tally_checks = [&](const Scenario& s, const ExecResult& e, bool matrix) {
    for (const auto& c : e.checks) {
      std::vector<std::string> rules = c.rules.empty() ? std::vector<std::string>{} : c.rules;
      ++cert.checks;
      if (matrix) ++cert.matrix_checks;
      model::ActualAnswer actual;
      actual.status = c.status;
      if (!c.code.empty()) actual.code = c.code;
      actual.head = c.head || c.operation == "HeadObject" || c.operation == "HeadBucket";
      const bool ok_expected = std::find(c.expected.begin(), c.expected.end(), OutcomeClass::kOk) != c.expected.end();
      // A bucket listing in answer to a sub-resource operation (GET ?lifecycle, ?cors, …): the server
      // ignored the sub-resource and ran ListObjects instead (Swift's s3api does so for lifecycle),
      // so the operation asked for is not implemented there.
      const bool listed_instead = c.status / 100 == 2 && c.operation.rfind("List", 0) != 0 &&
                                  c.body_excerpt.find("<ListBucketResult") != std::string::npos;
      const bool not_implemented = c.status == 501 || (c.status == 405 && c.code == "MethodNotAllowed") || listed_instead;
      if (listed_instead || (not_implemented && judge(profile, c.expected, actual, Strictness::kStatus) != Verdict::kPass)) {
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
      const bool answered_as_expected = judge(profile, c.expected, actual, Strictness::kExact) == Verdict::kPass;
      // Not judged: the server refused the harness's own document as malformed, or answered a
      // caller that holds the capability differently where only a not-found or configuration
      // class was expected (no scoping decision at stake: a refusal 401/403 there stays judged).
      std::optional<report::CertFinding::Kind> unjudged_kind;
      if (c.status == 400 && c.code == "MalformedXML" && harness_document(c.operation))
        unjudged_kind = report::CertFinding::Kind::kHarness;
      else if (!answered_as_expected && !ok_expected && c.status != 401 && c.status != 403 &&
               std::all_of(c.expected.begin(), c.expected.end(), [](OutcomeClass x) { return model::is_resource_state(x); }))
        unjudged_kind = report::CertFinding::Kind::kDifference;
      if (unjudged_kind) {
        // A refused document is one finding whatever the model expected of the request.
        const bool harness = *unjudged_kind == report::CertFinding::Kind::kHarness;
        const std::string shape = fmt::format("{}|{}|{}|{}", static_cast<int>(*unjudged_kind), c.operation, actual_text(c),
                                              harness ? "" : c.expected_wire);
        auto [it, fresh] = unjudged.try_emplace(shape, Unjudged{*unjudged_kind, c, matrix, {}, 0});
        ++it->second.checks;
        it->second.matrix |= matrix;
        for (const auto& r : rules) {
          it->second.rules.insert(r);
          if (auto row = row_of.find(r); row != row_of.end()) {
            auto& rr = cert.rules[row->second];
            ++(*unjudged_kind == report::CertFinding::Kind::kHarness ? rr.harness : rr.differences);
          }
        }
        if (success && !ok_expected && !read_only(c.operation)) return;  // the states parted
        continue;
      }
      const bool permissive = success && !ok_expected && !c.expected.empty() &&
                              std::all_of(c.expected.begin(), c.expected.end(), authentication_or_authorization) &&
                              judge(reference, c.expected, actual, Strictness::kDecision) == Verdict::kViolation;
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
        if (matrix && exact != Verdict::kUnknown) ++row.matrix_checks;
        if (matrix && exact == Verdict::kViolation) ++row.matrix_fail;
        if (exact == Verdict::kPass) ++row.pass_exact;
        if (exact == Verdict::kViolation) ++row.fail_exact;
        if (status == Verdict::kPass) ++row.pass_status;
        if (status == Verdict::kViolation) ++row.fail_status;
        if (exact == Verdict::kUnknown) ++row.unknown;
        if (deviating) ++row.deviating;
        if (exact == Verdict::kViolation && !first_failure.count(r)) {
          first_failure[r] = Failure{s, c, permissive, matrix};
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
  co.interrupt = options.interrupt;
  co.live = options.live;
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
    if (item.matrix) ++cert.matrix_scenarios;
    if (!item.result.setup_error.empty()) {
      ++cert.setup_failures;
      if (cert.setup_errors.size() < 5) cert.setup_errors.push_back(item.result.setup_error);
      return true;
    }
    tally_checks(item.scenario, item.result, item.matrix);
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
      else if (row.differences + row.harness > 0) row.note = "only checks that are not judged (differences or harness findings, below)";
      else row.note = "not exercised: no scenario the target can express reaches this rule";
      continue;
    }
    row.exact = row.fail_exact > 0 ? RuleVerdict::kFail : RuleVerdict::kPass;
    row.status = row.fail_status > 0 ? RuleVerdict::kFail : row.pass_status > 0 ? RuleVerdict::kPass : RuleVerdict::kNotApplicable;
  }

  // Failures by root cause: the first failing check of each failing rule, shrunk; checks that
  // shrink to the same case are one finding listing every rule they touch.
  std::vector<report::CertFinding> failures;
  std::map<std::string, size_t> finding_of_check;  // scenario#step → index in failures
  std::map<std::string, size_t> finding_of_case;   // shrunk case id → index in failures
  for (auto& row : cert.rules) {
    auto it = first_failure.find(row.rule);
    if (row.exact != RuleVerdict::kFail || it == first_failure.end()) continue;
    const Failure& f = it->second;
    const std::string key = case_id(f.scenario) + "#" + std::to_string(f.check.step);
    auto add_rules = [&](report::CertFinding& finding) {
      for (const auto& r : f.check.rules)
        if (std::find(finding.rules.begin(), finding.rules.end(), r) == finding.rules.end()) finding.rules.push_back(r);
      if (std::find(finding.rules.begin(), finding.rules.end(), row.rule) == finding.rules.end()) finding.rules.push_back(row.rule);
      finding.random_only = finding.random_only && !f.matrix;
    };
    if (auto d = finding_of_check.find(key); d != finding_of_check.end()) {
      add_rules(failures[d->second]);
      continue;
    }
    report::CertFinding finding;
    finding.kind = report::CertFinding::Kind::kFail;
    finding.operation = f.check.operation;
    finding.request = f.check.request;
    finding.answer = actual_text(f.check);
    finding.expected = f.check.expected_wire;
    finding.why = f.check.why;
    finding.random_only = !f.matrix;
    const bool ok_expected = std::find(f.check.expected.begin(), f.check.expected.end(), OutcomeClass::kOk) != f.check.expected.end();
    finding.explanation =
        f.permissive ? fmt::format("the reference ({}) refuses this request and the server answered with a success: an "
                                   "authentication or authorization refusal answered with success fails whatever the profile "
                                   "declares",
                                   reference.name)
        : ok_expected ? "the model allows this request; the server refused it"
        : f.check.status / 100 == 2 ? "the model refuses this request; the server answered with a success"
                                    : "the server refused otherwise than the profile declares";
    // A copy refused as NoSuchKey whose source key holds characters x-amz-copy-source carries
    // percent-encoded: the likely cause is a server that does not decode the header (s3rver).
    if (ok_expected && f.check.code == "NoSuchKey" && (f.check.operation == "CopyObject" || f.check.operation == "UploadPartCopy")) {
      const auto at = f.check.request.find("copy-source ");
      const std::string source = at == std::string::npos ? "" : f.check.request.substr(at + 12, f.check.request.find(' ', at + 12) - at - 12);
      if (source.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~/") != std::string::npos)
        finding.explanation += fmt::format(
            " (the source {} holds characters the x-amz-copy-source header carries percent-encoded: a server that does "
            "not decode the header looks for another key)",
            source);
    }
    std::string case_key = key;
    if (!options.out_dir.empty()) {
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
      const auto id = case_id(chosen);
      case_key = id;
      if (auto d = finding_of_case.find(id); d != finding_of_case.end()) {
        add_rules(failures[d->second]);
        finding_of_check[key] = d->second;
        continue;
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
      if (cf.violation->exchange) cf.exchanges.push_back(*cf.violation->exchange);  // the bytes, for curl
      const auto rel = std::filesystem::path("cases") / (id + ".json");
      write_case_file(cf, (std::filesystem::path(options.out_dir) / rel).string());
      finding.case_file = rel.string();
      const std::string& profile_option = f.permissive ? options.reference_replay_option : options.profile_replay_option;
      finding.replay = replay_command(rel.string(), cf, {},
                                      options.replay_options + (profile_option.empty() ? "" : " " + profile_option));
      finding.reproduced = violation.has_value();
    }
    add_rules(finding);
    finding_of_check[key] = finding_of_case[case_key] = failures.size();
    failures.push_back(std::move(finding));
  }
  auto scoping_order = [&](std::vector<std::string>& rules) {
    std::stable_sort(rules.begin(), rules.end(), [&](const std::string& a, const std::string& b) {
      const auto ia = row_of.count(a) ? row_of[a] : row_of.size(), ib = row_of.count(b) ? row_of[b] : row_of.size();
      return ia < ib;
    });
  };
  for (size_t i = 0; i < failures.size(); ++i) {
    failures[i].id = "F" + std::to_string(i + 1);
    scoping_order(failures[i].rules);
  }
  // The rows name their findings (and carry the case of the first, as before).
  for (auto& row : cert.rules)
    for (const auto& f : failures)
      if (std::find(f.rules.begin(), f.rules.end(), row.rule) != f.rules.end() && row.exact == RuleVerdict::kFail) {
        row.findings.push_back(f.id);
        if (row.case_file.empty() && !f.case_file.empty()) {
          row.case_file = f.case_file;
          row.replay = f.replay;
          if (!f.reproduced) row.note = "the failing check did not reproduce when shrinking";
        }
      }
  cert.findings = std::move(failures);

  // Differences, then harness findings, in the order first seen.
  std::vector<const Unjudged*> order;
  for (const auto& [shape, u] : unjudged) order.push_back(&u);
  std::stable_sort(order.begin(), order.end(), [](const Unjudged* a, const Unjudged* b) {
    return static_cast<int>(a->kind) < static_cast<int>(b->kind);
  });
  int differences = 0, harness = 0;
  for (const Unjudged* u : order) {
    report::CertFinding f;
    f.kind = u->kind;
    const bool diff = u->kind == report::CertFinding::Kind::kDifference;
    f.id = diff ? "D" + std::to_string(++differences) : "H" + std::to_string(++harness);
    f.rules.assign(u->rules.begin(), u->rules.end());
    scoping_order(f.rules);
    f.operation = u->check.operation;
    f.request = u->check.request;
    f.answer = actual_text(u->check);
    f.expected = u->check.expected_wire;
    f.why = u->check.why;
    f.random_only = !u->matrix;
    f.checks = u->checks;
    if (diff) {
      f.explanation = "the caller holds the capability and the model expects a not-found or configuration answer: "
                      "the server answers otherwise, which says how it behaves, not who may do what; not judged";
    } else {
      f.explanation = fmt::format(
          "the server refused the request document scopecheck writes for {} as malformed: for scopecheck to fix (make "
          "the document one this server accepts), or the server does not implement {}; no rule is judged on these checks",
          u->check.operation, u->check.operation);
    }
    for (auto& row : cert.rules)
      if (std::find(f.rules.begin(), f.rules.end(), row.rule) != f.rules.end()) row.findings.push_back(f.id);
    cert.findings.push_back(std::move(f));
  }
  cert.target_name = target.name();
  cert.duration_seconds = std::chrono::duration<double>(Clock::now() - t0).count();
  return cert;
}

}  // namespace scopecheck::scenario
