#include "harness/scenario/checker.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include <algorithm>

#include "harness/http/s3_response.h"

namespace scopecheck::scenario {
namespace {

std::string join(const std::vector<std::string>& v, std::string_view sep) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : std::string(sep)) + s;
  return out;
}

}  // namespace

bool Expectation::ok_acceptable() const {
  return std::find(classes.begin(), classes.end(), model::OutcomeClass::kOk) != classes.end();
}

std::string describe_expected(const model::Profile& profile, model::OutcomeClass c) {
  const auto wire = model::expected_wire(profile, c);
  std::vector<std::string> statuses;
  for (int s : wire.statuses) statuses.push_back(std::to_string(s));
  std::string out = join(statuses, "|");
  if (!wire.codes.empty()) out += " " + join(wire.codes, "|");
  return fmt::format("{} ({})", out, model::to_string(c));
}

Expectation expect(const model::World& world, const model::Request& facts, int64_t now, const model::Profile& profile,
                   std::span<const model::TokenVersion> history, int64_t window) {
  const auto options = model::decide_options(profile);
  const auto decision = model::decide(world, facts, now, options);
  Expectation e;
  e.classes = {decision.outcome};
  if (window > 0 && !history.empty())
    e.classes = model::acceptable_outcomes(world, facts.access_key_id, history, facts, now, window, options);
  for (auto c : decision.also_acceptable)  // what the rule book leaves open
    if (std::find(e.classes.begin(), e.classes.end(), c) == e.classes.end()) e.classes.push_back(c);
  e.rules = decision.rule_ids;
  // A token changed during the scenario: the answer also judges that the change took effect in time.
  if (history.size() > 1) e.rules.emplace_back("SC-TK-6");
  std::vector<std::string> reasons;
  for (const auto& f : decision.findings) reasons.push_back(f.rule + ": " + f.reason);
  // Nothing broken: the grants that allow it are the model's reasons (a certificate's finding
  // for a refused success must say why the model expected success).
  if (decision.findings.empty())
    for (const auto& rc : decision.requirements)
      for (const auto& step : rc.authorization.steps)
        if (step.matched && step.effect == model::Effect::kAllow) {
          reasons.push_back(fmt::format("{}: {} on {} granted by policy[{}] {} on {} ({})", step.rule,
                                        model::to_string(rc.requirement.capability), model::describe(rc.target),
                                        step.policy_index, step.group, step.resource, step.why));
          break;
        }
  e.why = join(reasons, "; ");
  std::vector<std::string> wires;
  for (auto c : e.classes) wires.push_back(describe_expected(profile, c));
  e.wire = join(wires, " or ");
  return e;
}

std::string broken_rule(const model::World& world, const model::Request& facts, int64_t now, const model::Profile& profile,
                        std::span<const model::TokenVersion> history, const Expectation& expected,
                        const model::ActualAnswer& actual, model::Strictness strictness) {
  using model::OutcomeClass;
  const std::string first = expected.rules.empty() ? std::string() : expected.rules.front();
  if (first == "SC-TK-5") return first;
  const auto options = model::decide_options(profile);
  const auto d = model::decide(world, facts, now, options);
  auto answers = [&](OutcomeClass c) { return model::compare(profile, c, actual, strictness) == model::Verdict::kPass; };
  for (size_t i = 0; i + 1 < history.size(); ++i) {
    model::World w = world;
    std::erase_if(w.tokens, [&](const model::Token& t) { return t.id == facts.access_key_id; });
    if (history[i].token) w.tokens.push_back(*history[i].token);
    const auto old = model::decide(w, facts, now, options).outcome;
    if (old != d.outcome && answers(old)) return "SC-TK-6";
  }
  const bool authorized = model::precedence_tier(d.outcome) > model::precedence_tier(OutcomeClass::kAccessDenied);
  if (authorized && !d.requirements.empty() && answers(OutcomeClass::kAccessDenied)) {
    using model::Operation;
    if (facts.operation == Operation::kHeadObject || facts.operation == Operation::kHeadBucket ||
        facts.operation == Operation::kDeleteObjects)
      return "SC-OP-2";
    for (const auto& rc : d.requirements)
      if (!rc.authorization.rules.empty()) return rc.authorization.rules.front();
  }
  return first;
}

std::string describe_expected(const model::Profile& profile, model::ApiOutcome c) {
  const auto wire = model::expected_api_wire(profile, c);
  std::vector<std::string> statuses, codes;
  for (int s : wire.statuses) statuses.push_back(std::to_string(s));
  for (int x : wire.codes) codes.push_back(std::to_string(x));
  std::string out = join(statuses, "|");
  if (!codes.empty()) out += " " + join(codes, "|");
  return fmt::format("{} ({})", out, model::to_string(c));
}

ApiExpectation expect_api(std::span<const model::ApiToken> tokens, const model::ApiCall& call, int64_t now,
                          const model::Profile& profile, std::span<const std::string> gone_ids) {
  ApiExpectation e;
  e.decision = model::decide_api(tokens, call, now, gone_ids);
  e.wire = describe_expected(profile, e.decision.outcome);
  return e;
}

ApiJudgement judge_api(const model::Profile& profile, const ApiExpectation& expected, int status,
                       const std::string& body, model::Strictness strictness) {
  ApiJudgement j;
  j.rule = expected.decision.rule;
  const auto wire = model::expected_api_wire(profile, expected.decision.outcome);
  const bool listed = std::find(wire.statuses.begin(), wire.statuses.end(), status) != wire.statuses.end();
  // As for S3: no answer, or a 500/503 the profile does not list, decides nothing.
  if (status == 0 || ((status == 500 || status == 503) && !listed)) {
    j.verdict = model::Verdict::kUnknown;
    return j;
  }
  const auto envelope = nlohmann::json::parse(body, nullptr, false);
  const bool success = envelope.is_object() && envelope.value("success", false) == true;
  if (envelope.is_object() && envelope.contains("errors") && envelope["errors"].is_array())
    for (const auto& e : envelope["errors"])
      if (e.is_object() && e.contains("code") && e["code"].is_number_integer()) {
        j.code = e["code"].get<int>();
        break;
      }
  const bool ok_expected = expected.decision.outcome == model::ApiOutcome::kOk;
  const bool allowed = status / 100 == 2;
  auto violation = [&](std::string detail) {
    j.verdict = model::Verdict::kViolation;
    j.detail = std::move(detail);
    return j;
  };
  if (allowed != ok_expected) return violation(ok_expected ? "refused" : "succeeded");
  if (strictness != model::Strictness::kDecision && !listed) return violation(fmt::format("HTTP {}", status));
  if (success != ok_expected)
    return violation(ok_expected ? "the envelope's success is not true" : "a refusal whose envelope does not say success: false");
  if (!ok_expected && strictness == model::Strictness::kExact && !wire.codes.empty()) {
    bool found = false;
    if (envelope.contains("errors") && envelope["errors"].is_array())
      for (const auto& e : envelope["errors"])
        found = found || (e.is_object() && e.contains("code") && e["code"].is_number_integer() &&
                          std::find(wire.codes.begin(), wire.codes.end(), e["code"].get<int>()) != wire.codes.end());
    if (!found) return violation(fmt::format("error code {}", j.code));
  }
  if (ok_expected)  // what a success reveals is judged at every strictness
    if (auto m = model::check_api_content(expected.decision, envelope)) {
      j.rule = m->rule;
      return violation(m->what);
    }
  return j;
}

model::ActualAnswer observe(model::Operation op, bool head, const http::Response& response) {
  model::ActualAnswer a;
  a.head = head;
  a.status = response.status;
  if (response.status >= 300 && !response.body.empty())
    if (auto err = http::parse_error(response.body)) a.code = err->code;
  if (op == model::Operation::kDeleteObjects && response.status == 200) {
    auto d = http::parse_delete_result(response.body);
    const bool all_denied = d && d->deleted.empty() && !d->errors.empty() &&
                            std::all_of(d->errors.begin(), d->errors.end(),
                                        [](const http::DeleteErrorEntry& x) { return x.code == "AccessDenied"; });
    if (all_denied) {
      a.status = 403;
      a.code = "AccessDenied";
    }
  }
  return a;
}

model::ActualAnswer no_answer(bool head) {
  model::ActualAnswer a;
  a.head = head;
  a.status = 0;
  return a;
}

model::Verdict judge(const model::Profile& profile, const std::vector<model::OutcomeClass>& expected,
                     const model::ActualAnswer& actual, model::Strictness strictness) {
  bool any_unknown = false;
  for (auto c : expected) {
    const auto v = model::compare(profile, c, actual, strictness);
    if (v == model::Verdict::kPass) return model::Verdict::kPass;
    any_unknown |= v == model::Verdict::kUnknown;
  }
  return any_unknown ? model::Verdict::kUnknown : model::Verdict::kViolation;
}

}  // namespace scopecheck::scenario
