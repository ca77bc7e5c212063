#include "harness/scenario/case_file.h"

#include <fmt/format.h>

#include "harness/model/json_schema.h"
#include "harness/model/json_text.h"
#include "harness/model/timestamp.h"
#include "harness/model/token_codec.h"
#include "harness/sigv4/crypto.h"

namespace scopecheck::scenario {
namespace {

using nlohmann::json;

struct Fail {
  CaseError error;
};

[[noreturn]] void fail(std::string field, std::string detail) { throw Fail{{std::move(field), std::move(detail)}}; }

const json* member(const json& obj, const char* name) {
  auto it = obj.find(name);
  return it == obj.end() ? nullptr : &*it;
}

std::string get_string(const json& obj, const char* name, const std::string& path, const std::string& def) {
  const json* v = member(obj, name);
  if (!v) return def;
  if (!v->is_string()) fail(path + "." + name, "must be a string");
  return v->get<std::string>();
}

int64_t get_int(const json& obj, const char* name, const std::string& path, int64_t def) {
  const json* v = member(obj, name);
  if (!v) return def;
  if (!v->is_number_integer()) fail(path + "." + name, "must be an integer");
  return v->get<int64_t>();
}

bool get_bool(const json& obj, const char* name, const std::string& path, bool def) {
  const json* v = member(obj, name);
  if (!v) return def;
  if (!v->is_boolean()) fail(path + "." + name, "must be true or false");
  return v->get<bool>();
}

model::Jurisdiction get_jurisdiction(const json& obj, const std::string& path, model::Jurisdiction def) {
  const json* v = member(obj, "jurisdiction");
  if (!v) return def;
  if (!v->is_string()) fail(path + ".jurisdiction", "must be a string");
  auto j = model::parse_jurisdiction(v->get<std::string>());
  if (!j) fail(path + ".jurisdiction", fmt::format("unknown jurisdiction \"{}\" (default, eu, fedramp)", v->get<std::string>()));
  return *j;
}

std::string get_account(const json& obj, const std::string& path, const World& w, const std::string& def) {
  std::string a = get_string(obj, "account", path, def);
  if (a.empty()) fail(path + ".account", "missing, and the world has no accounts");
  if (a.size() > 1 && a[0] == '@') {  // "@1": the world's second account
    try {
      const size_t i = std::stoul(a.substr(1));
      if (i < w.accounts.size()) return w.accounts[i];
    } catch (...) {
    }
    fail(path + ".account", fmt::format("\"{}\" names no account of the world", a));
  }
  if (!model::is_hex32(a)) fail(path + ".account", "must be 32 lowercase hex chars or \"@<index>\"");
  return a;
}

model::Token parse_token_body(json body, const std::string& path, const std::string& default_name) {
  if (!body.is_object()) fail(path, "must be an object");
  std::optional<model::TokenStatus> status;
  if (auto it = body.find("status"); it != body.end()) {
    const auto s = it->is_string() ? it->get<std::string>() : "";
    if (s == "active") status = model::TokenStatus::kActive;
    else if (s == "disabled") status = model::TokenStatus::kDisabled;
    else if (s == "expired") status = model::TokenStatus::kExpired;
    else fail(path + ".status", "must be \"active\", \"disabled\" or \"expired\"");
    body.erase(it);
  }
  body.erase("ref");
  if (!body.contains("name")) body["name"] = default_name;
  auto parsed = model::parse_token_json(body, model::TokenShape::kCreateBody, path);
  if (!parsed) throw Fail{{"", parsed.error().message()}};
  model::Token t = parsed.value();
  if (status) t.status = *status;
  return t;
}

json token_json(const model::Token& t, const std::string& ref) {
  json full = model::emit_token(t);
  json out = json::object();
  if (!ref.empty()) out["ref"] = ref;
  for (const char* field : {"name", "status", "policies", "condition", "not_before", "expires_on"})
    if (full.contains(field)) out[field] = full[field];
  if (t.status == model::TokenStatus::kActive) out.erase("status");
  for (auto& p : out["policies"]) {
    p.erase("id");
    for (auto& g : p["permission_groups"])
      if (g.is_object()) g.erase("meta");
  }
  return out;
}

Step parse_step(const json& j, const std::string& path, const World& w, size_t index) {
  if (!j.is_object()) fail(path, "must be an object");
  if (const json* c = member(j, "clock")) {
    if (!c->is_number_integer()) fail(path + ".clock", "must be a number of seconds");
    return ClockStep{c->get<int64_t>()};
  }
  if (const json* tc = member(j, "token_change")) {
    TokenStep t;
    if (!tc->is_string() || !parse_token_change(tc->get<std::string>()))
      fail(path + ".token_change", "must be one of update, disable, enable, roll, delete");
    t.change = *parse_token_change(tc->get<std::string>());
    t.token = get_string(j, "token", path, "");
    if (!find_token(w, t.token)) fail(path + ".token", fmt::format("no token \"{}\" in the world", t.token));
    if (t.change == TokenChange::kUpdate) {
      const json* r = member(j, "replacement");
      if (!r) fail(path + ".replacement", "missing: an update needs the token's new policies");
      t.replacement = parse_token_body(*r, path + ".replacement", "scopecheck-" + t.token);
    }
    return t;
  }
  if (const json* api = member(j, "api")) {
    ApiStep a;
    if (!api->is_string() || !model::parse_api_endpoint(api->get<std::string>()))
      fail(path + ".api", "must be one of verify, list, get, create, update, delete, roll, permission-groups");
    a.endpoint = *model::parse_api_endpoint(api->get<std::string>());
    a.bearer = get_string(j, "bearer", path, "");
    if (!a.bearer.empty() && !find_token(w, a.bearer)) fail(path + ".bearer", fmt::format("no token \"{}\" in the world", a.bearer));
    if (const json* owner = member(j, "owner")) {
      json as_account{{"account", *owner}};
      a.owner = get_account(as_account, path + ".owner", w, "");
    }
    a.subject = get_string(j, "subject", path, "");
    if (!a.subject.empty() && !find_token(w, a.subject))
      fail(path + ".subject", fmt::format("no token \"{}\" in the world", a.subject));
    a.subject_step = static_cast<int>(get_int(j, "subject_step", path, -1));
    if (a.subject_step >= static_cast<int>(index)) fail(path + ".subject_step", "must name an earlier step");
    a.body = get_string(j, "body", path, "");
    a.source_ip = get_string(j, "source_ip", path, "127.0.0.1");
    return a;
  }
  const json* op = member(j, "s3");
  if (!op) fail(path, "a step needs one of \"s3\", \"token_change\", \"api\" or \"clock\"");
  S3Step s;
  if (!op->is_string() || !model::parse_operation(op->get<std::string>()))
    fail(path + ".s3", fmt::format("unknown operation {}", op->dump()));
  s.op = *model::parse_operation(op->get<std::string>());
  s.auth = AuthMode::kHeader;
  if (auto a = get_string(j, "auth", path, "header"); parse_auth_mode(a)) s.auth = *parse_auth_mode(a);
  else fail(path + ".auth", "must be header, presigned, anonymous or sigv2");
  s.token = get_string(j, "token", path, w.tokens.empty() ? "" : w.tokens.front().ref);
  if (s.auth != AuthMode::kAnonymous && !find_token(w, s.token))
    fail(path + ".token", fmt::format("no token \"{}\" in the world", s.token));
  s.bucket = get_string(j, "bucket", path, "");
  s.key = get_string(j, "key", path, "");
  // The endpoint defaults to the first world bucket of that name, else the first account.
  std::string def_account = w.accounts.empty() ? "" : w.accounts.front();
  model::Jurisdiction def_jur = model::Jurisdiction::kDefault;
  for (const auto& b : w.buckets)
    if (b.where.name == s.bucket) {
      def_account = b.where.account;
      def_jur = b.where.jurisdiction;
      break;
    }
  s.endpoint_account = get_account(j, path, w, def_account);
  s.endpoint_jurisdiction = get_jurisdiction(j, path, def_jur);
  if (const json* cs = member(j, "copy_source")) {
    if (!cs->is_string()) fail(path + ".copy_source", "must be \"bucket/key\"");
    const auto text = cs->get<std::string>();
    const auto slash = text.find('/');
    if (slash == std::string::npos || slash == 0 || slash + 1 == text.size())
      fail(path + ".copy_source", "must be \"bucket/key\"");
    s.copy_source_bucket = text.substr(0, slash);
    s.copy_source_key = text.substr(slash + 1);
  } else if (model::is_copy(s.op)) {
    // Found by fuzz_case_file: a copy without a source was accepted and written back as "/".
    fail(path + ".copy_source", fmt::format("missing: {} needs \"bucket/key\"", model::to_string(s.op)));
  }
  s.upload = static_cast<int>(get_int(j, "upload", path, -1));
  if (s.upload >= static_cast<int>(index)) fail(path + ".upload", "must name an earlier step");
  if (auto a = get_string(j, "addressing", path, "path"); parse_addressing(a)) s.addressing = *parse_addressing(a);
  else fail(path + ".addressing", "must be path or virtual-host");
  if (auto d = get_string(j, "defect", path, "none"); parse_defect(d)) s.defect = *parse_defect(d);
  else fail(path + ".defect", fmt::format("unknown defect \"{}\"", d));
  if (!defect_applies(s.defect, s.auth))
    fail(path + ".defect", fmt::format("defect \"{}\" does not apply to auth \"{}\"", to_string(s.defect), to_string(s.auth)));
  s.unsigned_payload = get_bool(j, "unsigned_payload", path, false);
  s.streaming = get_bool(j, "streaming", path, false);
  s.prefix = get_string(j, "prefix", path, "");
  s.delimiter = get_string(j, "delimiter", path, "");
  if (j.contains("max_keys")) {
    if (!j["max_keys"].is_number_integer() || j["max_keys"].get<int64_t>() < 1 || j["max_keys"].get<int64_t>() > 1000)
      fail(path + ".max_keys", "must be an integer in 1..1000");
    s.max_keys = j["max_keys"].get<int>();
  }
  if (s.streaming && (s.auth != AuthMode::kHeader || s.unsigned_payload))
    fail(path + ".streaming", "a streaming upload needs header auth and a signed payload");
  s.source_ip = get_string(j, "source_ip", path, "127.0.0.1");
  return s;
}

json emit_step(const Step& step) {
  if (const auto* c = std::get_if<ClockStep>(&step)) return json{{"clock", c->advance_seconds}};
  if (const auto* t = std::get_if<TokenStep>(&step)) {
    json j{{"token_change", std::string(to_string(t->change))}, {"token", t->token}};
    if (t->replacement) j["replacement"] = token_json(*t->replacement, "");
    return j;
  }
  if (const auto* a = std::get_if<ApiStep>(&step)) {
    json j{{"api", std::string(model::to_string(a->endpoint))}};
    if (!a->bearer.empty()) j["bearer"] = a->bearer;
    if (!a->owner.empty()) j["owner"] = a->owner;
    if (!a->subject.empty()) j["subject"] = a->subject;
    if (a->subject_step >= 0) j["subject_step"] = a->subject_step;
    if (!a->body.empty()) j["body"] = a->body;
    if (a->source_ip != "127.0.0.1") j["source_ip"] = a->source_ip;
    return j;
  }
  const auto& s = std::get<S3Step>(step);
  json j{{"s3", std::string(model::to_string(s.op))}};
  if (s.auth != AuthMode::kAnonymous) j["token"] = s.token;
  // Always explicit: a missing endpoint defaults to the named bucket's own, which is not always
  // where the step went (a jurisdictional bucket through the default endpoint).
  j["account"] = s.endpoint_account;
  j["jurisdiction"] = std::string(model::to_string(s.endpoint_jurisdiction));
  if (!s.bucket.empty()) j["bucket"] = s.bucket;
  if (!s.key.empty()) j["key"] = s.key;
  if (model::is_copy(s.op)) j["copy_source"] = s.copy_source_bucket + "/" + s.copy_source_key;
  if (s.upload >= 0) j["upload"] = s.upload;
  if (s.addressing != Addressing::kPath) j["addressing"] = std::string(to_string(s.addressing));
  if (s.auth != AuthMode::kHeader) j["auth"] = std::string(to_string(s.auth));
  if (s.defect != Defect::kNone) j["defect"] = std::string(to_string(s.defect));
  if (s.unsigned_payload) j["unsigned_payload"] = true;
  if (s.streaming) j["streaming"] = true;
  if (!s.prefix.empty()) j["prefix"] = s.prefix;
  if (!s.delimiter.empty()) j["delimiter"] = s.delimiter;
  if (s.max_keys > 0) j["max_keys"] = s.max_keys;
  if (s.source_ip != "127.0.0.1") j["source_ip"] = s.source_ip;
  return j;
}

json emit_world(const World& w) {
  json j{{"accounts", w.accounts}, {"buckets", json::array()}, {"tokens", json::array()}};
  for (const auto& b : w.buckets) {
    json jb{{"account", b.where.account}, {"name", b.where.name}};
    if (b.where.jurisdiction != model::Jurisdiction::kDefault)
      jb["jurisdiction"] = std::string(model::to_string(b.where.jurisdiction));
    if (!b.objects.empty()) jb["objects"] = b.objects;
    j["buckets"].push_back(jb);
  }
  for (const auto& t : w.tokens) j["tokens"].push_back(token_json(t.token, t.ref));
  return j;
}

json emit_check(const CheckRecord& r) {
  std::vector<std::string> expected;
  for (auto c : r.expected) expected.emplace_back(model::to_string(c));
  json j{{"step", r.step},           {"request", r.request},     {"operation", r.operation},
         {"expected", expected},     {"expected_wire", r.expected_wire}, {"rules", r.rules},
         {"why", r.why},             {"status", r.status},       {"code", r.code},
         {"body_excerpt", r.body_excerpt}, {"verdict", std::string(model::to_string(r.verdict))}};
  if (!r.transport_error.empty()) j["transport_error"] = r.transport_error;
  return j;
}

CheckRecord parse_check(const json& j) {
  CheckRecord r;
  if (!j.is_object()) fail("violation", "must be an object");
  r.step = static_cast<int>(get_int(j, "step", "violation", 0));
  r.request = get_string(j, "request", "violation", "");
  r.operation = get_string(j, "operation", "violation", "");
  r.expected_wire = get_string(j, "expected_wire", "violation", "");
  r.why = get_string(j, "why", "violation", "");
  r.status = static_cast<int>(get_int(j, "status", "violation", 0));
  r.code = get_string(j, "code", "violation", "");
  r.body_excerpt = get_string(j, "body_excerpt", "violation", "");
  if (const json* e = member(j, "expected"); e && e->is_array())
    for (const auto& c : *e)
      if (c.is_string())
        if (auto oc = model::parse_outcome(c.get<std::string>())) r.expected.push_back(*oc);
  if (const json* rules = member(j, "rules"); rules && rules->is_array())
    for (const auto& x : *rules)
      if (x.is_string()) r.rules.push_back(x.get<std::string>());
  r.verdict = model::Verdict::kViolation;
  return r;
}

json emit_headers(const http::Headers& h) {
  json out = json::array();
  for (const auto& [n, v] : h) out.push_back(json::array({n, v}));
  return out;
}

json emit_exchange(const Exchange& x) {
  const auto& r = x.request;
  json j{{"step", x.step},
         {"request",
          {{"method", r.method},
           {"url", r.url},
           {"in_process", r.in_process},
           {"headers", emit_headers(r.headers)},
           {"body_size", r.body_size},
           {"body_sha256", r.body_sha256},
           {"body_excerpt", r.body_excerpt}}},
         {"region", x.region},
         {"access_key_id", x.access_key_id}};
  if (x.answer)
    j["answer"] = {{"status", x.answer->status},
                   {"headers", emit_headers(x.answer->headers)},
                   {"body_size", x.answer->body_size},
                   {"body_excerpt", x.answer->body_excerpt}};
  if (!x.transport_error.empty()) j["transport_error"] = x.transport_error;
  return j;
}

http::Headers parse_headers(const json& obj, const std::string& path) {
  http::Headers out;
  const json* h = member(obj, "headers");
  if (!h) return out;
  if (!h->is_array()) fail(path + ".headers", "must be an array of [name, value] pairs");
  for (size_t i = 0; i < h->size(); ++i) {
    const auto& pair = (*h)[i];
    if (!pair.is_array() || pair.size() != 2 || !pair[0].is_string() || !pair[1].is_string())
      fail(fmt::format("{}.headers[{}]", path, i), "must be a [name, value] pair of strings");
    out.emplace_back(pair[0].get<std::string>(), pair[1].get<std::string>());
  }
  return out;
}

uint64_t get_size(const json& obj, const char* name, const std::string& path) {
  const int64_t n = get_int(obj, name, path, 0);
  if (n < 0) fail(path + "." + name, "must not be negative");
  return static_cast<uint64_t>(n);
}

Exchange parse_exchange(const json& j, const std::string& path) {
  if (!j.is_object()) fail(path, "must be an object");
  Exchange x;
  x.step = static_cast<int>(get_int(j, "step", path, 0));
  x.region = get_string(j, "region", path, "");
  x.access_key_id = get_string(j, "access_key_id", path, "");
  x.transport_error = get_string(j, "transport_error", path, "");
  const json* req = member(j, "request");
  if (!req || !req->is_object()) fail(path + ".request", "missing: an exchange needs the request as sent");
  const std::string rp = path + ".request";
  x.request.method = get_string(*req, "method", rp, "");
  x.request.url = get_string(*req, "url", rp, "");
  x.request.in_process = get_bool(*req, "in_process", rp, false);
  x.request.headers = parse_headers(*req, rp);
  x.request.body_size = get_size(*req, "body_size", rp);
  x.request.body_sha256 = get_string(*req, "body_sha256", rp, "");
  x.request.body_excerpt = get_string(*req, "body_excerpt", rp, "");
  if (const json* a = member(j, "answer")) {
    const std::string ap = path + ".answer";
    if (!a->is_object()) fail(ap, "must be an object");
    ReceivedAnswer ans;
    ans.status = static_cast<int>(get_int(*a, "status", ap, 0));
    ans.headers = parse_headers(*a, ap);
    ans.body_size = get_size(*a, "body_size", ap);
    ans.body_excerpt = get_string(*a, "body_excerpt", ap, "");
    x.answer = std::move(ans);
  }
  return x;
}

CaseFile parse_case_json(const json& root) {
  CaseFile c;
  if (!root.is_object()) fail("", "a case file is a JSON object");
  c.format = get_string(root, "format", "", "scopecheck-case/1");
  if (c.format != "scopecheck-case/1") fail("format", fmt::format("unsupported format \"{}\" (expected scopecheck-case/1)", c.format));
  c.title = get_string(root, "title", "", "");
  c.description = get_string(root, "description", "", "");
  const json* w = member(root, "world");
  if (!w || !w->is_object()) fail("world", "missing: a case needs a world");
  World& world = c.scenario.world;
  if (const json* accts = member(*w, "accounts")) {
    if (!accts->is_array()) fail("world.accounts", "must be an array of 32-hex account ids");
    for (size_t i = 0; i < accts->size(); ++i) {
      const auto& a = (*accts)[i];
      if (!a.is_string() || !model::is_hex32(a.get<std::string>()))
        fail(fmt::format("world.accounts[{}]", i), "must be 32 lowercase hex chars");
      world.accounts.push_back(a.get<std::string>());
    }
  }
  if (world.accounts.empty()) world.accounts.push_back("0123456789abcdef0123456789abcdef");
  if (const json* buckets = member(*w, "buckets")) {
    if (!buckets->is_array()) fail("world.buckets", "must be an array");
    for (size_t i = 0; i < buckets->size(); ++i) {
      const auto path = fmt::format("world.buckets[{}]", i);
      const auto& jb = (*buckets)[i];
      WorldBucket b;
      if (jb.is_string()) {
        b.where = {world.accounts.front(), model::Jurisdiction::kDefault, jb.get<std::string>()};
      } else if (jb.is_object()) {
        b.where.account = get_account(jb, path, world, world.accounts.front());
        b.where.jurisdiction = get_jurisdiction(jb, path, model::Jurisdiction::kDefault);
        b.where.name = get_string(jb, "name", path, "");
        if (const json* objs = member(jb, "objects")) {
          if (!objs->is_array()) fail(path + ".objects", "must be an array of keys");
          for (const auto& k : *objs) {
            if (!k.is_string()) fail(path + ".objects", "must be an array of keys");
            b.objects.push_back(k.get<std::string>());
          }
        }
      } else {
        fail(path, "must be a bucket name or an object");
      }
      if (!model::is_valid_bucket_name(b.where.name))
        fail(path + ".name", fmt::format("\"{}\" is not a valid bucket name", b.where.name));
      world.buckets.push_back(std::move(b));
    }
  }
  if (const json* toks = member(*w, "tokens")) {
    if (!toks->is_array()) fail("world.tokens", "must be an array");
    for (size_t i = 0; i < toks->size(); ++i) {
      const auto path = fmt::format("world.tokens[{}]", i);
      WorldToken t;
      t.ref = (*toks)[i].is_object() ? get_string((*toks)[i], "ref", path, fmt::format("t{}", i)) : "";
      if (find_token(world, t.ref)) fail(path + ".ref", fmt::format("\"{}\" is used twice", t.ref));
      t.token = parse_token_body((*toks)[i], path, "scopecheck-" + t.ref);
      world.tokens.push_back(std::move(t));
    }
  }
  if (const json* st = member(root, "start_time")) {
    if (!st->is_string()) fail("start_time", "must be an RFC 3339 timestamp");
    auto t = model::parse_rfc3339(st->get<std::string>());
    if (!t) fail("start_time", "must be an RFC 3339 timestamp like 2026-01-01T00:00:00Z");
    c.scenario.start_time = *t;
  } else {
    c.scenario.start_time = 1767225600;
  }
  const json* steps = member(root, "steps");
  if (!steps || !steps->is_array()) fail("steps", "missing: a case needs an array of steps");
  for (size_t i = 0; i < steps->size(); ++i) {
    const auto path = fmt::format("steps[{}]", i);
    c.scenario.steps.push_back(parse_step((*steps)[i], path, world, i));
    if (const json* e = member((*steps)[i], "expect")) {
      if (!e->is_object()) fail(path + ".expect", "must be an object with status and/or code");
      StepExpectation x;
      x.step = static_cast<int>(i);
      if (member(*e, "status")) x.status = static_cast<int>(get_int(*e, "status", path + ".expect", 0));
      if (member(*e, "code")) x.code = get_string(*e, "code", path + ".expect", "");
      c.expectations.push_back(x);
    }
  }
  if (const json* p = member(root, "provenance")) {
    if (!p->is_object()) fail("provenance", "must be an object");
    c.harness_version = get_string(*p, "harness_version", "provenance", "");
    c.seed = static_cast<uint64_t>(get_int(*p, "seed", "provenance", 0));
    c.profile = get_string(*p, "profile", "provenance", "r2");
    c.target_kind = get_string(*p, "target", "provenance", "");
    c.strictness = get_string(*p, "strictness", "provenance", "exact");
    if (const json* bugs = member(*p, "injected_bugs"); bugs && bugs->is_array())
      for (const auto& b : *bugs)
        if (b.is_string()) c.injected_bugs.push_back(b.get<std::string>());
  }
  if (const json* v = member(root, "violation")) c.violation = parse_check(*v);
  if (const json* xs = member(root, "exchanges")) {
    if (!xs->is_array()) fail("exchanges", "must be an array");
    for (size_t i = 0; i < xs->size(); ++i) c.exchanges.push_back(parse_exchange((*xs)[i], fmt::format("exchanges[{}]", i)));
  }
  return c;
}

}  // namespace

std::variant<CaseFile, CaseError> parse_case(std::string_view text) {
  auto doc = model::parse_json_document(text);
  if (!doc) return CaseError{"", doc.error().message};
  const json& root = doc.value();
  try {
    CaseFile c = parse_case_json(root);
    // The parser's messages know the meaning and come first; then scenarios/case.schema.json has
    // the last word, so a key the parser would ignore (a misspelled "bukket") is refused instead
    // of replaying as a pass.
    if (const auto schema = model::check_schema(root, model::InputSchema::kCase))
      return CaseError{schema->path, schema->detail};
    return c;
  } catch (const Fail& f) {
    return f.error;
  } catch (const std::exception& e) {
    return CaseError{"", e.what()};
  }
}

json emit_case(const CaseFile& c) {
  json j;
  j["format"] = c.format;
  if (!c.title.empty()) j["title"] = c.title;
  if (!c.description.empty()) j["description"] = c.description;
  j["world"] = emit_world(c.scenario.world);
  j["start_time"] = model::format_rfc3339(c.scenario.start_time);
  j["steps"] = json::array();
  for (size_t i = 0; i < c.scenario.steps.size(); ++i) {
    json s = emit_step(c.scenario.steps[i]);
    for (const auto& x : c.expectations)
      if (x.step == static_cast<int>(i)) {
        json e = json::object();
        if (x.status) e["status"] = *x.status;
        if (x.code) e["code"] = *x.code;
        s["expect"] = e;
      }
    j["steps"].push_back(s);
  }
  json p{{"harness_version", c.harness_version}, {"seed", c.seed},          {"profile", c.profile},
         {"target", c.target_kind},              {"strictness", c.strictness}, {"injected_bugs", c.injected_bugs}};
  j["provenance"] = p;
  if (c.violation) j["violation"] = emit_check(*c.violation);
  if (!c.exchanges.empty()) {
    j["exchanges"] = json::array();
    for (const auto& x : c.exchanges) j["exchanges"].push_back(emit_exchange(x));
  }
  return j;
}

std::string case_id(const Scenario& s) {
  json j{{"world", emit_world(s.world)}, {"start_time", s.start_time}, {"steps", json::array()}};
  for (const auto& step : s.steps) j["steps"].push_back(emit_step(step));
  return sigv4::sha256_hex(j.dump()).substr(0, 16);
}

}  // namespace scopecheck::scenario
