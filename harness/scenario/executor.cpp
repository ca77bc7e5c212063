#include "harness/scenario/executor.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "harness/http/s3_response.h"
#include "harness/model/decide.h"
#include "harness/model/propagation.h"
#include "harness/model/world.h"
#include "harness/scenario/wire.h"

namespace scopecheck::scenario {
namespace {

using model::OutcomeClass;

struct TokenState {
  model::Token token;  // with id and value as the target made them
  std::vector<model::TokenVersion> history;
  bool deleted = false;
};

std::string join(const std::vector<std::string>& v, std::string_view sep) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : std::string(sep)) + s;
  return out;
}

void sync_world_token(model::World& world, const TokenState& st) {
  auto it = std::find_if(world.tokens.begin(), world.tokens.end(), [&](const model::Token& t) { return t.id == st.token.id; });
  if (st.deleted) {
    if (it != world.tokens.end()) world.tokens.erase(it);
    return;
  }
  if (it == world.tokens.end())
    world.tokens.push_back(st.token);
  else
    *it = st.token;
}

}  // namespace

std::string describe_expected(const model::Profile& profile, OutcomeClass c) {
  const auto wire = model::expected_wire(profile, c);
  std::vector<std::string> statuses;
  for (int s : wire.statuses) statuses.push_back(std::to_string(s));
  std::string out = join(statuses, "|");
  if (!wire.codes.empty()) out += " " + join(wire.codes, "|");
  return fmt::format("{} ({})", out, model::to_string(c));
}

ExecResult execute(const Scenario& s, targets::Target& target, const model::Profile& profile,
                   const ExecOptions& options) {
  ExecResult result;
  const auto caps = target.capabilities();
  const auto decide_opts = model::decide_options(profile);
  const int64_t window = caps.propagation_window;

  target.begin_scenario(s.start_time);
  struct EndGuard {
    targets::Target& t;
    ~EndGuard() { t.end_scenario(); }
  } guard{target};

  std::map<std::string, targets::TokenCredentials> creds;
  try {
    creds = target.create_world(s.world);
  } catch (const targets::TargetError& e) {
    if (e.kind() == targets::TargetError::Kind::kUnreachable) throw;
    result.setup_error = e.what();
    return result;
  }

  // The model's copy of the world.
  model::World world;
  world.accounts = s.world.accounts;
  for (const auto& b : s.world.buckets) {
    model::BucketState bs;
    bs.ref = b.where;
    bs.objects.insert(b.objects.begin(), b.objects.end());
    world.buckets.push_back(std::move(bs));
  }
  std::map<std::string, TokenState> tokens;
  // A target with a clock of its own let the setup's changes propagate before the first step;
  // on any other the world's tokens are as new as the first step.
  const int64_t made_at = caps.clock_control ? target.now() - window - 1 : target.now();
  for (const auto& wt : s.world.tokens) {
    TokenState st;
    st.token = wt.token;
    st.token.id = creds.at(wt.ref).id;
    if (creds.at(wt.ref).secret_override.empty()) st.token.value = creds.at(wt.ref).value;
    st.history.push_back({made_at, st.token});
    world.tokens.push_back(st.token);
    tokens[wt.ref] = std::move(st);
  }

  std::map<std::string, std::string> rolled_away;
  std::map<int, std::string> upload_ids;
  std::map<int, std::vector<PartRecord>> parts;

  for (size_t i = 0; i < s.steps.size(); ++i) {
    const int idx = static_cast<int>(i);
    if (const auto* c = std::get_if<ClockStep>(&s.steps[i])) {
      if (!caps.clock_control) {
        ++result.skipped;
        continue;
      }
      target.advance_clock(c->advance_seconds);
      continue;
    }
    if (const auto* t = std::get_if<TokenStep>(&s.steps[i])) {
      auto it = tokens.find(t->token);
      if (!caps.token_api || it == tokens.end() || it->second.deleted) {
        ++result.skipped;
        continue;
      }
      TokenState& st = it->second;
      model::Token next = st.token;
      switch (t->change) {
        case TokenChange::kUpdate:
          if (!t->replacement) {
            ++result.skipped;
            continue;
          }
          next = *t->replacement;
          next.id = st.token.id;
          next.value = st.token.value;
          next.name = st.token.name;
          break;
        case TokenChange::kDisable:
          next.status = model::TokenStatus::kDisabled;
          break;
        case TokenChange::kEnable:
          next.status = model::TokenStatus::kActive;
          break;
        case TokenChange::kRoll:
        case TokenChange::kDelete:
          break;
      }
      auto& c = creds.at(t->token);
      const std::string old_value = c.value;
      try {
        target.change_token(*t, next, c);
      } catch (const targets::TargetError& e) {
        if (e.kind() == targets::TargetError::Kind::kUnreachable) throw;
        result.setup_error = fmt::format("step {}: {}: {}", idx, show(s.steps[i]), e.what());
        return result;
      }
      if (t->change == TokenChange::kRoll) {
        rolled_away[t->token] = old_value;
        next.value = c.value;
      }
      st.deleted = t->change == TokenChange::kDelete;
      st.token = next;
      st.history.push_back({target.now(), st.deleted ? std::nullopt : std::optional<model::Token>(next)});
      sync_world_token(world, st);
      continue;
    }

    const auto& step = std::get<S3Step>(s.steps[i]);
    WireContext ctx;
    ctx.world = &s.world;
    ctx.target = &target;
    ctx.creds = &creds;
    ctx.rolled_away = &rolled_away;
    ctx.upload_ids = &upload_ids;
    ctx.parts = &parts;
    ctx.now = target.now();
    if (!creds.count(step.token)) {
      ++result.skipped;
      continue;
    }
    auto built = build_request(step, ctx);

    // Expected classes: one, or, inside a propagation window, the outcomes under the old and the new state.
    const auto decision = model::decide(world, built.facts, ctx.now, decide_opts);
    std::vector<OutcomeClass> expected{decision.outcome};
    const TokenState* presented = nullptr;
    for (const auto& [ref, st] : tokens)
      if (st.token.id == built.facts.access_key_id) presented = &st;
    if (window > 0 && presented)
      expected = model::acceptable_outcomes(world, presented->token.id, presented->history, built.facts, ctx.now, window,
                                            decide_opts);
    const bool ok_expected = std::find(expected.begin(), expected.end(), OutcomeClass::kOk) != expected.end();

    // CompleteMultipartUpload needs a part the target accepted; without one the step cannot succeed
    // for reasons outside the rule book.
    if (step.op == model::Operation::kCompleteMultipartUpload && ok_expected &&
        (step.upload < 0 || parts[step.upload].empty())) {
      ++result.skipped;
      continue;
    }

    CheckRecord rec;
    rec.step = idx;
    rec.request = show(step);
    rec.expected = expected;
    rec.rules = decision.rule_ids;
    rec.operation = std::string(model::to_string(step.op));
    std::vector<std::string> reasons;
    for (const auto& f : decision.findings) reasons.push_back(f.rule + ": " + f.reason);
    rec.why = join(reasons, "; ");
    std::vector<std::string> wires;
    for (auto c : expected) wires.push_back(describe_expected(profile, c));
    rec.expected_wire = join(wires, " or ");

    http::Response response;
    model::Verdict verdict = model::Verdict::kUnknown;
    for (int attempt = 0; attempt <= options.retries; ++attempt) {
      rec.attempts = attempt + 1;
      if (attempt > 0) {
        ++result.retries;
        ctx.now = target.now();
        built = build_request(step, ctx);
      }
      auto sent = target.send_s3(built.http, step.source_ip, step.endpoint_jurisdiction);
      model::ActualAnswer actual;
      actual.head = built.http.method == "HEAD";
      if (!sent) {
        rec.status = 0;
        rec.transport_error = sent.error().to_string();
        rec.code.clear();
        actual.status = 0;
      } else {
        response = std::move(sent).value();
        rec.status = response.status;
        rec.transport_error.clear();
        rec.code.clear();
        if (response.status >= 300 && !response.body.empty()) {
          if (auto err = http::parse_error(response.body)) rec.code = err->code;
        }
        rec.body_excerpt = response.body.substr(0, 200);
        // DeleteObjects answers 200 with one <Error> per key it refused (AWS, RGW, Swift): a
        // 200 whose every entry is AccessDenied is a refusal, judged as 403 AccessDenied.
        if (step.op == model::Operation::kDeleteObjects && response.status == 200) {
          auto d = http::parse_delete_result(response.body);
          const bool all_denied = d && d->deleted.empty() && !d->errors.empty() &&
                                  std::all_of(d->errors.begin(), d->errors.end(),
                                              [](const http::DeleteErrorEntry& e) { return e.code == "AccessDenied"; });
          if (all_denied) {
            rec.status = response.status = 403;
            rec.code = "AccessDenied";
          }
        }
        actual.status = response.status;
        if (!rec.code.empty()) actual.code = rec.code;
      }
      bool any_pass = false, any_unknown = false;
      for (auto c : expected) {
        auto v = model::compare(profile, c, actual, options.strictness);
        any_pass |= v == model::Verdict::kPass;
        any_unknown |= v == model::Verdict::kUnknown;
      }
      verdict = any_pass ? model::Verdict::kPass : any_unknown ? model::Verdict::kUnknown : model::Verdict::kViolation;
      if (verdict != model::Verdict::kUnknown) break;
    }
    rec.verdict = verdict;
    result.checks.push_back(rec);

    if (verdict == model::Verdict::kUnknown) {
      // The target's state after an undecided request is unknown: the rest would judge blindly.
      result.inconclusive = true;
      return result;
    }
    if (verdict == model::Verdict::kViolation) {
      if (!result.violation) result.violation = rec;
      if (options.stop_at_violation) return result;
      continue;
    }
    // Both sides agree the request succeeded: the model's world follows.
    if (ok_expected && response.status / 100 == 2) {
      auto facts = built.facts;
      if (step.op == model::Operation::kCreateMultipartUpload) {
        if (auto init = http::parse_initiate_multipart_upload(response.body)) {
          facts.upload_id = init->upload_id;
          upload_ids[idx] = init->upload_id;
        }
      }
      if (step.op == model::Operation::kUploadPart || step.op == model::Operation::kUploadPartCopy) {
        std::string etag = response.header("ETag");
        if (step.op == model::Operation::kUploadPartCopy) {
          if (auto copy = http::parse_copy_result(response.body)) etag = copy->etag;
        }
        if (!etag.empty() && step.upload >= 0) parts[step.upload] = {PartRecord{1, etag}};
      }
      if (step.op == model::Operation::kCompleteMultipartUpload || step.op == model::Operation::kAbortMultipartUpload)
        parts.erase(step.upload);
      model::apply(world, facts);
    }
  }
  return result;
}

}  // namespace scopecheck::scenario
