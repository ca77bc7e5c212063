#include "harness/scenario/executor.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>

#include "harness/http/s3_response.h"
#include "harness/model/decide.h"
#include "harness/model/propagation.h"
#include "harness/model/world.h"
#include "harness/scenario/case_file.h"
#include "harness/scenario/checker.h"
#include "harness/scenario/wire.h"
#include "harness/targets/s3_admin.h"

namespace scopecheck::scenario {
namespace {

using model::OutcomeClass;

struct TokenState {
  model::Token token;  // with id and value as the target made them
  std::vector<model::TokenVersion> history;
  bool deleted = false;
};

// Answers whose body (or length) shows state: compared with the model's state (checker.h).
bool reveals_state(model::Operation op) {
  using model::Operation;
  return op == Operation::kListBuckets || op == Operation::kListObjects || op == Operation::kListObjectsV2 ||
         op == Operation::kListMultipartUploads || op == Operation::kListParts || op == Operation::kGetObject ||
         op == Operation::kHeadObject;
}

// Operations that change buckets, objects or uploads.
bool changes_state(model::Operation op) {
  for (const auto& r : model::requirements(op))
    if (r.capability == model::Capability::kBucketWrite || r.capability == model::Capability::kAccountAdmin) return true;
  return false;
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

// A token made by an ApiStep's create: the API's state only (the S3 side of a scenario never
// uses it).
struct ApiMade {
  model::ApiToken token;
  bool deleted = false;
};

// A check whose answer shows what the state does not (a listing, bytes, an error naming another
// bucket): the finding's rule first, its description in front of the model's reasons.
void record_finding(CheckRecord& rec, const StateFinding& finding, std::string_view expected_suffix) {
  std::erase(rec.rules, finding.rule);
  rec.rules.insert(rec.rules.begin(), finding.rule);
  rec.why = fmt::format("{}: {}{}", finding.rule, finding.describe(), rec.why.empty() ? "" : "; " + rec.why);
  rec.expected_wire += expected_suffix;
}

}  // namespace

ExecResult execute(const Scenario& s, targets::Target& target, const model::Profile& profile,
                   const ExecOptions& options) {
  ExecResult result;
  const auto caps = target.capabilities();
  const int64_t window = caps.propagation_window;

  target.seed_scenario(options.scenario_seed ? *options.scenario_seed : std::stoull(case_id(s), nullptr, 16));
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

  // The model's copy of the world, and the bytes behind it (answers that reveal state are
  // compared with both).
  model::World world;
  Holdings holdings;
  world.accounts = s.world.accounts;
  for (const auto& b : s.world.buckets) {
    model::BucketState bs;
    bs.ref = b.where;
    bs.objects.insert(b.objects.begin(), b.objects.end());
    for (const auto& key : b.objects) holdings.objects[object_id(b.where, key)] = {targets::object_body(key), false};
    world.buckets.push_back(std::move(bs));
  }
  // ListBuckets shows a whole account: compared only where the scenario's world is all the account
  // holds (not a real account shared with other runs).
  const bool whole_accounts = caps.accounts.empty() && caps.bucket_prefix.empty();
  const bool compares_state = profile.features.state_answers != model::ProfileFeatures::StateAnswers::kNotCompared;
  std::map<int, std::string> part_bytes;  // step index of the upload → bytes of its part 1
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
  std::map<int, ApiMade> api_made;  // by the index of the ApiStep that created it
  std::map<int, std::string> upload_ids;
  std::map<int, std::vector<PartRecord>> parts;

  auto out_of_time = [&] {
    return (options.interrupt && options.interrupt->load(std::memory_order_relaxed)) ||
           (options.deadline && std::chrono::steady_clock::now() >= *options.deadline);
  };
  for (size_t i = 0; i < s.steps.size(); ++i) {
    if (out_of_time()) {  // the run's budget is spent: the remaining steps are not run
      result.cut_short = true;
      return result;
    }
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

    if (const auto* a = std::get_if<ApiStep>(&s.steps[i])) {
      // A world token changed through an ApiStep would leave the model's S3 side behind (a
      // TokenStep is the way to change one): such a step is not run.
      const bool changes_world_token = !a->subject.empty() && a->subject_step < 0 && model::is_write(a->endpoint);
      if (!caps.api_steps || changes_world_token || (!a->bearer.empty() && !creds.count(a->bearer))) {
        ++result.skipped;
        continue;
      }
      // The API's tokens as the model knows them; the API side applies changes at once (no
      // propagation window: SCOPING §11).
      std::vector<model::ApiToken> api_tokens;
      std::vector<std::string> gone;
      for (const auto& [ref, st] : tokens) {
        if (st.deleted) gone.push_back(st.token.id);
        else api_tokens.push_back({st.token, "user"});
      }
      for (const auto& [at, made] : api_made) {
        if (made.deleted) gone.push_back(made.token.token.id);
        else api_tokens.push_back(made.token);
      }
      model::ApiCall call;
      call.endpoint = a->endpoint;
      call.path_owner = a->owner.empty() ? "user" : a->owner;
      if (!a->bearer.empty()) call.bearer = creds.at(a->bearer).value;
      call.source_ip = a->source_ip;
      call.body = a->body;
      call.subject_id = std::string(kNoSuchTokenId);
      if (a->subject_step >= 0) {
        if (auto m = api_made.find(a->subject_step); m != api_made.end()) call.subject_id = m->second.token.token.id;
      } else if (!a->subject.empty()) {
        if (auto t = tokens.find(a->subject); t != tokens.end()) call.subject_id = t->second.token.id;
      }
      const int64_t at_now = target.now();
      const ApiExpectation expected = expect_api(api_tokens, call, at_now, profile, gone);

      http::Request req;
      req.method = std::string(api_method(a->endpoint));
      req.target = api_path(*a, call.subject_id);
      if (call.bearer) req.headers.emplace_back("Authorization", "Bearer " + *call.bearer);
      if (!a->body.empty()) {
        req.headers.emplace_back("Content-Type", "application/json");
        req.body = a->body;
      }
      CheckRecord rec;
      rec.step = idx;
      rec.api = true;
      rec.request = show(*a);
      rec.rules = {expected.decision.rule};
      rec.operation = "token API " + std::string(model::to_string(a->endpoint));
      rec.why = expected.decision.rule + ": " + expected.decision.why;
      rec.expected_wire = expected.wire;
      ApiJudgement judged;
      http::Response response;
      for (int attempt = 0; attempt <= options.retries; ++attempt) {
        if (attempt > 0 && out_of_time()) break;
        rec.attempts = attempt + 1;
        if (attempt > 0) ++result.retries;
        auto sent = target.send_api(req, a->source_ip);
        if (!sent) {
          rec.status = 0;
          rec.transport_error = sent.error().to_string();
          judged = ApiJudgement{model::Verdict::kUnknown, expected.decision.rule, "", 0};
        } else {
          response = std::move(sent).value();
          rec.status = response.status;
          rec.transport_error.clear();
          rec.body_excerpt = response.body.substr(0, 200);
          judged = judge_api(profile, expected, response.status, response.body, options.strictness);
          rec.code = judged.code ? std::to_string(judged.code) : "";
        }
        if (judged.verdict != model::Verdict::kUnknown) break;
      }
      rec.verdict = judged.verdict;
      if (judged.verdict == model::Verdict::kViolation) {
        rec.rules = {judged.rule};
        rec.why = fmt::format("{}: {} ({})", judged.rule, judged.detail, rec.why);
      }
      result.checks.push_back(rec);
      ++result.api_checks;
      if (judged.verdict == model::Verdict::kUnknown) {
        result.inconclusive = true;
        return result;
      }
      if (judged.verdict == model::Verdict::kViolation) {
        if (!result.violation) result.violation = rec;
        if (options.stop_at_violation) return result;
        continue;
      }
      // Both sides agree the call succeeded: the API's state follows (create, update, delete,
      // roll of tokens made by ApiSteps; generators change no world token through an ApiStep).
      if (expected.decision.outcome == model::ApiOutcome::kOk) {
        const auto envelope = nlohmann::json::parse(response.body, nullptr, false);
        const nlohmann::json result_json = envelope.is_object() && envelope.contains("result") ? envelope["result"] : nlohmann::json();
        auto made = std::find_if(api_made.begin(), api_made.end(),
                                 [&](const auto& m) { return !m.second.deleted && m.second.token.token.id == call.subject_id; });
        switch (a->endpoint) {
          case model::ApiEndpoint::kCreate:
            if (expected.decision.stored && result_json.is_object()) {
              ApiMade m{*expected.decision.stored, false};
              m.token.token.id = result_json.value("id", "");
              m.token.token.value = result_json.value("value", "");
              api_made[idx] = std::move(m);
            }
            break;
          case model::ApiEndpoint::kUpdate:
            if (made != api_made.end() && expected.decision.stored) made->second.token = *expected.decision.stored;
            break;
          case model::ApiEndpoint::kDelete:
            if (made != api_made.end()) made->second.deleted = true;
            break;
          case model::ApiEndpoint::kRoll:
            if (made != api_made.end() && result_json.is_string()) made->second.token.token.value = result_json.get<std::string>();
            break;
          default:
            break;
        }
      }
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
    const TokenState* presented = nullptr;
    for (const auto& [ref, st] : tokens)
      if (st.token.id == built.facts.access_key_id) presented = &st;
    const Expectation expected = expect(world, built.facts, ctx.now, profile,
                                        presented ? std::span<const model::TokenVersion>(presented->history)
                                                  : std::span<const model::TokenVersion>(),
                                        window);
    const bool ok_expected = expected.ok_acceptable();

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
    rec.expected = expected.classes;
    rec.rules = expected.rules;
    rec.operation = std::string(model::to_string(step.op));
    rec.why = expected.why;
    rec.expected_wire = expected.wire;

    http::Response response;
    model::ActualAnswer actual;
    bool answered = false;  // the last attempt got an answer (else `response` is an older one)
    model::Verdict verdict = model::Verdict::kUnknown;
    for (int attempt = 0; attempt <= options.retries; ++attempt) {
      if (attempt > 0 && out_of_time()) break;  // a retry past the budget: the check stays unknown
      rec.attempts = attempt + 1;
      if (attempt > 0) {
        ++result.retries;
        ctx.now = target.now();
        built = build_request(step, ctx);
      }
      const bool head = built.http.method == "HEAD";
      rec.head = head;
      auto sent = target.send_s3(built.http, step.source_ip, step.endpoint_jurisdiction);
      actual = {};
      if (!sent) {
        rec.status = 0;
        rec.transport_error = sent.error().to_string();
        rec.code.clear();
        answered = false;
        actual = no_answer(head);
      } else {
        response = std::move(sent).value();
        answered = true;
        actual = observe(step.op, head, response);
        response.status = actual.status;
        rec.status = actual.status;
        rec.transport_error.clear();
        rec.code = actual.code.value_or("");
        rec.body_excerpt = response.body.substr(0, 200);
      }
      verdict = judge(profile, expected.classes, actual, options.strictness);
      if (verdict != model::Verdict::kUnknown) break;
    }
    // A successful answer that reveals state: compared with the model's state, page by page.
    const bool reveals = compares_state && verdict == model::Verdict::kPass && ok_expected &&
                         response.status / 100 == 2 && reveals_state(step.op) &&
                         (step.op != model::Operation::kListBuckets || whole_accounts);
    if (reveals) {
      std::vector<std::pair<int, std::string>> upload_parts;
      if (step.upload >= 0)
        for (const auto& p : parts[step.upload]) upload_parts.emplace_back(p.number, p.etag);
      ListingScope scope{step.prefix, step.delimiter, step.max_keys, 0};
      std::string marker;
      StateFinding finding = compare_state(profile, world, holdings, built.facts, scope, upload_parts, response, &marker);
      // Later pages: each is fetched (with retries of transport failures) and compared; a page
      // that cannot be fetched ends the walk undecided (a read changes nothing).
      while (finding.agrees() && !marker.empty() && scope.page < 50 && !out_of_time()) {
        ++scope.page;
        ctx.page_marker = marker;
        std::optional<http::Response> page;
        for (int attempt = 0; attempt <= options.retries && !page; ++attempt) {
          ctx.now = target.now();
          auto next = build_request(step, ctx);
          auto sent = target.send_s3(next.http, step.source_ip, step.endpoint_jurisdiction);
          if (sent && sent->status != 500 && sent->status != 503) page = std::move(sent).value();
        }
        ctx.page_marker.clear();
        if (!page) break;
        if (page->status / 100 != 2) {
          finding.rule = "SC-PR-2";
          finding.detail = fmt::format("page {} of the listing answered HTTP {}", scope.page + 1, page->status);
          break;
        }
        finding = compare_state(profile, world, holdings, built.facts, scope, upload_parts, *page, &marker);
      }
      const std::string content_rule = step.op == model::Operation::kListBuckets ? "SC-GR-4" : "SC-PR-2";
      if (std::find(rec.rules.begin(), rec.rules.end(), content_rule) == rec.rules.end()) rec.rules.push_back(content_rule);
      if (!finding.agrees()) {
        verdict = model::Verdict::kViolation;
        record_finding(rec, finding, " showing the state held");
      }
    }
    // An error answer names only what the request named (SC-PR-2).
    bool named_other = false;
    if (compares_state && verdict == model::Verdict::kPass && response.status / 100 == 4) {
      const StateFinding finding = compare_error_names(built.facts, response);
      if (!finding.agrees()) {
        named_other = true;
        verdict = model::Verdict::kViolation;
        record_finding(rec, finding, " naming only what the request named");
      }
    }
    rec.verdict = verdict;
    if (verdict == model::Verdict::kViolation && !reveals && !named_other) {
      // Name the rule the answer breaks first (the expectation lists the rules behind its class).
      const auto history = presented ? std::span<const model::TokenVersion>(presented->history)
                                     : std::span<const model::TokenVersion>();
      const auto rule = broken_rule(world, built.facts, ctx.now, profile, history, expected, actual, options.strictness);
      if (!rule.empty()) {
        std::erase(rec.rules, rule);
        rec.rules.insert(rec.rules.begin(), rule);
      }
    }
    if (verdict != model::Verdict::kPass)  // only here: the bytes of what is to be reported
      rec.exchange = std::make_shared<const Exchange>(capture(idx, built.http, answered ? &response : nullptr,
                                                              rec.transport_error, target.s3_url(step.endpoint_jurisdiction),
                                                              caps.signing_region, built.key_id));
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
    // A write retried after an attempt without a decided answer may have happened more often or
    // earlier than the answer says: what it touched may or may not be as the model has it.
    const model::BucketRef step_bucket = model::request_bucket(built.facts);
    if (rec.attempts > 1 && changes_state(step.op)) {
      holdings.uncertain.insert(bucket_id(step_bucket));
      holdings.uncertain.insert(uploads_id(step_bucket));
      for (const auto& k : built.facts.delete_keys) holdings.uncertain.insert(object_id(step_bucket, k));
      if (!built.facts.key.empty()) holdings.uncertain.insert(object_id(step_bucket, built.facts.key));
    }
    // Both sides agree the request succeeded: the model's world follows.
    if (ok_expected && response.status / 100 == 2) {
      using model::Operation;
      const std::string oid = object_id(step_bucket, built.facts.key);
      switch (step.op) {
        case Operation::kPutObject:
          holdings.objects[oid] = {targets::object_body(step.key), false};
          break;
        case Operation::kCopyObject:
        case Operation::kUploadPartCopy: {
          const std::string src = object_id(model::source_bucket(built.facts), built.facts.source_key);
          auto it = holdings.objects.find(src);
          const bool known = it != holdings.objects.end() && !holdings.uncertain.count(src);
          if (step.op == Operation::kUploadPartCopy) {
            if (step.upload >= 0) part_bytes[step.upload] = known ? it->second.bytes : std::string();
            if (!known) holdings.uncertain.insert(uploads_id(step_bucket));
          } else if (known) {
            holdings.objects[oid] = {it->second.bytes, false};
          } else {
            holdings.objects.erase(oid);
            holdings.uncertain.insert(oid);
          }
          break;
        }
        case Operation::kUploadPart:
          if (step.upload >= 0) part_bytes[step.upload] = targets::object_body(step.key);
          break;
        case Operation::kCompleteMultipartUpload:
          holdings.objects[oid] = {step.upload >= 0 ? part_bytes[step.upload] : std::string(), true};
          if (step.upload < 0 || !part_bytes.count(step.upload)) holdings.uncertain.insert(oid);
          break;
        case Operation::kDeleteObject:
          holdings.objects.erase(oid);
          break;
        case Operation::kDeleteObjects:
          for (const auto& k : built.facts.delete_keys) holdings.objects.erase(object_id(step_bucket, k));
          break;
        case Operation::kDeleteBucket: {
          const std::string below = object_id(step_bucket, "");
          for (auto it = holdings.objects.lower_bound(below); it != holdings.objects.end() && it->first.rfind(below, 0) == 0;)
            it = holdings.objects.erase(it);
          break;
        }
        default:
          break;
      }
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
