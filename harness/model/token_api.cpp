#include "harness/model/token_api.h"

#include <algorithm>
#include <array>

#include "harness/model/cidr.h"
#include "harness/model/ids.h"
#include "harness/model/json_text.h"
#include "harness/model/permission_groups.h"
#include "harness/model/token_codec.h"

namespace scopecheck::model {
namespace {

using nlohmann::json;

constexpr std::array<ApiOutcome, 7> kOutcomes = {ApiOutcome::kBadAuthHeader, ApiOutcome::kInvalidToken,
                                                  ApiOutcome::kIpDenied,      ApiOutcome::kForbidden,
                                                  ApiOutcome::kBadRequest,    ApiOutcome::kUnknownToken,
                                                  ApiOutcome::kOk};

constexpr std::array<std::pair<ApiEndpoint, std::string_view>, 8> kEndpoints = {{
    {ApiEndpoint::kVerify, "verify"},
    {ApiEndpoint::kList, "list"},
    {ApiEndpoint::kGet, "get"},
    {ApiEndpoint::kCreate, "create"},
    {ApiEndpoint::kUpdate, "update"},
    {ApiEndpoint::kDelete, "delete"},
    {ApiEndpoint::kRoll, "roll"},
    {ApiEndpoint::kPermissionGroups, "permission-groups"},
}};

// Whether the bearer holds `group` for the token API: in an allow policy and in no deny policy,
// whatever the resources (SC-API-4).
bool holds(const Token& t, std::string_view group) {
  bool allowed = false;
  for (const Policy& p : t.policies) {
    if (std::find(p.permission_groups.begin(), p.permission_groups.end(), group) == p.permission_groups.end()) continue;
    if (p.effect == Effect::kDeny) return false;
    allowed = true;
  }
  return allowed;
}

// SC-TK-4's rule, for the bearer of a token-API call (SC-API-3).
bool ip_admitted(const std::optional<IpCondition>& condition, const std::string& source, std::string& why) {
  if (!condition) return true;
  auto ip = parse_ip(source);
  if (!ip) {
    why = "source " + source + " is not an IP address";
    return false;
  }
  if (condition->in) {
    bool inside = false;
    for (const Cidr& r : *condition->in) inside = inside || contains(r, *ip);
    if (!inside) {
      why = condition->in->empty() ? "the bearer's `in` list is empty: no IP is admitted"
                                   : source + " is in none of the bearer's `in` ranges";
      return false;
    }
  }
  if (condition->not_in)
    for (const Cidr& r : *condition->not_in)
      if (contains(r, *ip)) {
        why = source + " is in the bearer's `not_in` range " + format_cidr(r);
        return false;
      }
  return true;
}

// Why the bearer may not be used now, "" when it may (SC-API-2, SC-API-8).
std::string inactive_reason(const Token& t, int64_t now) {
  if (t.status == TokenStatus::kDisabled) return "the bearer is disabled";
  if (t.status == TokenStatus::kExpired) return "the bearer's status is expired";
  if (t.not_before && now < *t.not_before) return "now is before the bearer's not_before";
  if (t.expires_on && now >= *t.expires_on) return "now is at or after the bearer's expires_on";
  return "";
}

// A condition that restricts nothing is no condition: the API stores none for `{}` or
// `{"request_ip": {}}`, and does not echo an empty `not_in`.
std::optional<IpCondition> normal(std::optional<IpCondition> c) {
  if (!c) return c;
  if (c->not_in && c->not_in->empty()) c->not_in.reset();
  if (!c->in && !c->not_in) return std::nullopt;
  return c;
}

// Policies compared as the API promises them: order of policies and of groups not promised,
// policy ids the server's.
std::vector<std::string> canonical_policies(const std::vector<Policy>& policies) {
  std::vector<std::string> out;
  for (Policy p : policies) {
    p.id.reset();
    std::sort(p.permission_groups.begin(), p.permission_groups.end());
    p.permission_groups.erase(std::unique(p.permission_groups.begin(), p.permission_groups.end()),
                              p.permission_groups.end());
    sort_resources(p.resources);
    out.push_back(emit_policy(p).dump());
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string show_time(const std::optional<Timestamp>& t) { return t ? format_rfc3339(*t) : "none"; }

std::string show_condition(const std::optional<IpCondition>& c) {
  if (!c) return "none";
  Token t;
  t.condition = c;
  return emit_token(t)["condition"].dump();
}

// The stored fields of `want` against the token object `got` (SC-API-7), "" when they agree.
std::string compare_token(const Token& want, const json& got, bool check_id) {
  if (!got.is_object()) return "the result is not a token object";
  if (got.contains("value")) return "the result carries the token's value";
  auto parsed = parse_token_json(got, TokenShape::kTokenObject, "result");
  if (!parsed) return "the result is not a token object: " + parsed.error().message();
  const Token& t = parsed.value();
  if (check_id && t.id != want.id) return "id " + t.id + ", stored " + want.id;
  if (t.name != want.name) return "name " + t.name.value_or("") + ", stored " + want.name.value_or("");
  if (t.status != want.status)
    return "status " + std::string(to_string(t.status)) + ", stored " + std::string(to_string(want.status));
  if (t.not_before != want.not_before) return "not_before " + show_time(t.not_before) + ", stored " + show_time(want.not_before);
  if (t.expires_on != want.expires_on) return "expires_on " + show_time(t.expires_on) + ", stored " + show_time(want.expires_on);
  if (normal(t.condition) != normal(want.condition))
    return "condition " + show_condition(normal(t.condition)) + ", stored " + show_condition(normal(want.condition));
  if (canonical_policies(t.policies) != canonical_policies(want.policies)) return "policies differ from the stored ones";
  return "";
}

ApiDecision outcome(ApiOutcome c, std::string rule, std::string why) {
  ApiDecision d;
  d.outcome = c;
  d.rule = std::move(rule);
  d.why = std::move(why);
  return d;
}

}  // namespace

std::string_view to_string(ApiEndpoint e) {
  for (const auto& [v, name] : kEndpoints)
    if (v == e) return name;
  return "verify";
}

std::optional<ApiEndpoint> parse_api_endpoint(std::string_view text) {
  for (const auto& [v, name] : kEndpoints)
    if (name == text) return v;
  return std::nullopt;
}

std::string_view to_string(ApiOutcome c) {
  switch (c) {
    case ApiOutcome::kBadAuthHeader: return "api-bad-auth-header";
    case ApiOutcome::kInvalidToken: return "api-invalid-token";
    case ApiOutcome::kIpDenied: return "api-ip-denied";
    case ApiOutcome::kForbidden: return "api-forbidden";
    case ApiOutcome::kBadRequest: return "api-bad-request";
    case ApiOutcome::kUnknownToken: return "api-unknown-token";
    case ApiOutcome::kOk: return "api-ok";
  }
  return "api-ok";
}

std::optional<ApiOutcome> parse_api_outcome(std::string_view text) {
  for (ApiOutcome c : kOutcomes)
    if (to_string(c) == text) return c;
  return std::nullopt;
}

std::span<const ApiOutcome> all_api_outcomes() { return kOutcomes; }

bool is_write(ApiEndpoint e) {
  return e == ApiEndpoint::kCreate || e == ApiEndpoint::kUpdate || e == ApiEndpoint::kDelete || e == ApiEndpoint::kRoll;
}

namespace {
// validate_token_body(), with the rule a refusal breaks.
struct RuledBody {
  BodyVerdict v;
  std::string rule = "SC-API-6";
};
RuledBody validate_ruled(std::string_view body, bool create, TokenStatus previous);
}  // namespace

BodyVerdict validate_token_body(std::string_view body, bool create, TokenStatus previous) {
  return validate_ruled(body, create, previous).v;
}

namespace {
RuledBody validate_ruled(std::string_view body, bool create, TokenStatus previous) {
  RuledBody out;
  BodyVerdict& v = out.v;
  auto doc = parse_json_document(body);
  if (!doc) {
    v.error = "body: " + doc.error().message;
    return out;
  }
  const json& j = doc.value();
  if (!j.is_object()) {
    v.error = "body: must be a JSON object";
    return out;
  }
  if (create && j.contains("status") && !j["status"].is_null()) {
    v.error = "status: cannot be set on create";
    return out;
  }
  // The codec takes an empty policy or group list; the API does not.
  if (auto p = j.find("policies"); p != j.end() && p->is_array()) {
    if (p->empty()) {
      v.error = "policies: must not be empty";
      return out;
    }
    for (const auto& pol : *p)
      if (pol.is_object())
        if (auto g = pol.find("permission_groups"); g != pol.end() && g->is_array() && g->empty()) {
          v.error = "permission_groups: must not be empty";
          return out;
        }
  }
  auto parsed = parse_token_json(j, create ? TokenShape::kCreateBody : TokenShape::kUpdateBody, "");
  if (!parsed) {
    const CodecError& e = parsed.error();
    v.error = e.message();
    // The rule of §3 a refused resource breaks: a bucket key that does not parse (SC-RES-1), or a
    // form the API refuses (SC-RES-5: a top-level bucket wildcard, a nested key of another kind or
    // account, an empty resources object, a nested value other than "*").
    if (e.kind == CodecErrorKind::kMalformedResource)
      out.rule = e.detail.rfind("malformed bucket resource", 0) == 0 ? "SC-RES-1" : "SC-RES-5";
    if (e.kind == CodecErrorKind::kEmptyResources || e.kind == CodecErrorKind::kNestedValueNotStar) out.rule = "SC-RES-5";
    return out;
  }
  Token t = parsed.value();
  if (!j.contains("status") || j["status"].is_null()) t.status = create ? TokenStatus::kActive : previous;
  t.condition = normal(t.condition);
  v.token = std::move(t);
  return out;
}
}  // namespace

ApiDecision decide_api(std::span<const ApiToken> tokens, const ApiCall& call, int64_t now,
                       std::span<const std::string> gone_ids) {
  const bool verify = call.endpoint == ApiEndpoint::kVerify;
  if (!call.bearer || call.bearer->empty())
    return outcome(ApiOutcome::kBadAuthHeader, "SC-API-1", "no Authorization: Bearer header");
  const ApiToken* bearer = nullptr;
  for (const auto& t : tokens)
    if (t.token.value && *t.token.value == *call.bearer) bearer = &t;
  if (!bearer)
    return outcome(ApiOutcome::kInvalidToken, verify ? "SC-API-8" : "SC-API-2", "the bearer is no token the API holds");
  if (auto why = inactive_reason(bearer->token, now); !why.empty())
    return outcome(ApiOutcome::kInvalidToken, verify ? "SC-API-8" : "SC-API-2", why);
  if (std::string why; !ip_admitted(bearer->token.condition, call.source_ip, why))
    return outcome(ApiOutcome::kIpDenied, "SC-API-3", why);

  if (verify) {
    if (bearer->owner != call.path_owner)
      return outcome(ApiOutcome::kInvalidToken, "SC-API-8", "the bearer belongs to " + bearer->owner + ", not to this path");
    ApiDecision d = outcome(ApiOutcome::kOk, "SC-API-8", "the bearer is active and inside its window");
    d.content.verify_id = bearer->token.id;
    return d;
  }

  const bool may_write = holds(bearer->token, kApiTokensWriteId);
  const bool may_read = may_write || holds(bearer->token, kApiTokensReadId);
  if (is_write(call.endpoint) ? !may_write : !may_read)
    return outcome(ApiOutcome::kForbidden, "SC-API-4",
                   std::string("the bearer lacks API Tokens ") + (is_write(call.endpoint) ? "Write" : "Read or Write") +
                       " (or a deny policy holds it)");

  const ApiToken* subject = nullptr;
  if (call.endpoint == ApiEndpoint::kGet || call.endpoint == ApiEndpoint::kUpdate ||
      call.endpoint == ApiEndpoint::kDelete || call.endpoint == ApiEndpoint::kRoll)
    for (const auto& t : tokens)
      if (t.token.id == call.subject_id && t.owner == call.path_owner) subject = &t;

  if (call.endpoint == ApiEndpoint::kCreate || call.endpoint == ApiEndpoint::kUpdate) {
    const auto ruled = validate_ruled(call.body, call.endpoint == ApiEndpoint::kCreate,
                                      subject ? subject->token.status : TokenStatus::kActive);
    const BodyVerdict& body = ruled.v;
    if (!body.token) return outcome(ApiOutcome::kBadRequest, ruled.rule, body.error);
    if (call.endpoint == ApiEndpoint::kCreate) {
      ApiDecision d = outcome(ApiOutcome::kOk, "SC-API-7", "a valid body by a bearer holding API Tokens Write");
      d.content.token = body.token;
      d.content.value = true;
      d.stored = ApiToken{*body.token, call.path_owner};
      return d;
    }
    if (!subject)
      return outcome(ApiOutcome::kUnknownToken, "SC-API-5", "no token " + call.subject_id + " under this path");
    ApiDecision d = outcome(ApiOutcome::kOk, "SC-API-7", "a valid replacement by a bearer holding API Tokens Write");
    Token stored = *body.token;
    stored.id = subject->token.id;
    stored.value = subject->token.value;
    d.content.token = stored;
    d.content.token->value.reset();
    d.stored = ApiToken{stored, subject->owner};
    return d;
  }

  switch (call.endpoint) {
    case ApiEndpoint::kGet:
    case ApiEndpoint::kDelete:
    case ApiEndpoint::kRoll: {
      if (!subject)
        return outcome(ApiOutcome::kUnknownToken, "SC-API-5", "no token " + call.subject_id + " under this path");
      ApiDecision d = outcome(ApiOutcome::kOk, call.endpoint == ApiEndpoint::kDelete ? "SC-API-5" : "SC-API-7",
                              "a known token of this path, by a bearer with the right group");
      if (call.endpoint == ApiEndpoint::kGet) {
        d.content.token = subject->token;
        d.content.token->value.reset();
      }
      if (call.endpoint == ApiEndpoint::kDelete) d.content.deleted_id = subject->token.id;
      if (call.endpoint == ApiEndpoint::kRoll) {
        d.content.value = true;
        d.content.not_value = subject->token.value;
      }
      return d;
    }
    case ApiEndpoint::kList: {
      ApiDecision d = outcome(ApiOutcome::kOk, "SC-API-5", "a bearer with API Tokens Read lists this path's tokens");
      d.content.list = true;
      for (const auto& t : tokens)
        (t.owner == call.path_owner ? d.content.listed : d.content.unlisted).push_back(t.token.id);
      for (const auto& id : gone_ids) d.content.unlisted.push_back(id);
      // One page of at most 50 (the largest per_page) holds the path's tokens; the target's own
      // (its bootstrap and admin tokens) are unknown to the model, so past 40 known ones a token
      // may sit on the next page.
      if (d.content.listed.size() > 40) d.content.listed.clear();
      return d;
    }
    default:
      return outcome(ApiOutcome::kOk, "SC-API-4", "a bearer with API Tokens Read reads the catalogue");
  }
}

std::optional<ContentMismatch> check_api_content(const ApiDecision& d, const json& body) {
  if (!body.is_object() || !body.contains("result"))
    return ContentMismatch{d.rule, "the answer is not the API's JSON envelope"};
  if (body.value("success", false) != true) return ContentMismatch{d.rule, "success is not true"};
  const json& r = body["result"];
  const auto& c = d.content;
  if (c.verify_id) {
    if (!r.is_object() || r.value("id", "") != *c.verify_id)
      return ContentMismatch{"SC-API-8", "verify names id " + (r.is_object() ? r.value("id", "") : std::string()) +
                                             ", the bearer is " + *c.verify_id};
    if (r.value("status", "") != "active")
      return ContentMismatch{"SC-API-8", "verify says status " + r.value("status", "") + " for an active bearer"};
    return std::nullopt;
  }
  if (c.not_value) {  // roll: a bare new value
    if (!r.is_string() || r.get<std::string>().size() < 40 || r.get<std::string>().size() > 80)
      return ContentMismatch{"SC-API-7", "roll's result is not a new 40-80 character value"};
    if (r.get<std::string>() == *c.not_value) return ContentMismatch{"SC-API-7", "roll returned the old value"};
    return std::nullopt;
  }
  if (c.token) {
    json object = r;
    if (c.value) {  // create: a value and a new id beside the stored fields
      if (!r.is_object() || !r.contains("value") || !r["value"].is_string() || r["value"].get<std::string>().size() < 40 ||
          r["value"].get<std::string>().size() > 80)
        return ContentMismatch{"SC-API-7", "create's result has no 40-80 character value"};
      if (!is_hex32(r.value("id", ""))) return ContentMismatch{"SC-API-7", "create's result has no 32-hex id"};
      object.erase("value");
    }
    if (auto what = compare_token(*c.token, object, !c.value); !what.empty())
      return ContentMismatch{"SC-API-7", what};
    return std::nullopt;
  }
  if (c.deleted_id) {
    if (!r.is_object() || r.value("id", "") != *c.deleted_id)
      return ContentMismatch{"SC-API-5", "delete's result does not name the deleted id " + *c.deleted_id};
    return std::nullopt;
  }
  if (c.list) {
    if (!r.is_array()) return ContentMismatch{"SC-API-5", "list's result is not an array"};
    std::vector<std::string> ids;
    for (const auto& t : r) {
      if (t.is_object() && t.contains("value")) return ContentMismatch{"SC-API-7", "a listed token carries its value"};
      if (t.is_object() && t.contains("id") && t["id"].is_string()) ids.push_back(t["id"]);
    }
    for (const auto& id : c.listed)
      if (std::find(ids.begin(), ids.end(), id) == ids.end())
        return ContentMismatch{"SC-API-5", "token " + id + " of this path is not listed"};
    for (const auto& id : c.unlisted)
      if (std::find(ids.begin(), ids.end(), id) != ids.end())
        return ContentMismatch{"SC-API-5", "token " + id + " (another owner's, or deleted) is listed"};
    return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace scopecheck::model
