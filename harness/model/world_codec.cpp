#include "harness/model/world_codec.h"

#include <algorithm>
#include <array>

#include "harness/model/json_path.h"
#include "harness/model/json_read.h"
#include "harness/model/resource_id.h"
#include "harness/model/token_codec.h"

namespace scopecheck::model {
namespace {

using nlohmann::json;
using E = CodecErrorKind;

struct DefectName {
  std::string_view name;
  bool Defects::*flag;
};
constexpr std::array<DefectName, 10> kDefectNames = {{
    {"auth-unparsable", &Defects::auth_unparsable},
    {"wrong-service", &Defects::wrong_service},
    {"wrong-terminator", &Defects::wrong_terminator},
    {"wrong-scope-date", &Defects::wrong_scope_date},
    {"tampered", &Defects::tampered},
    {"unsigned-header", &Defects::unsigned_header},
    {"missing-content-sha256", &Defects::missing_content_sha256},
    {"payload-hash-mismatch", &Defects::payload_hash_mismatch},
    {"streaming", &Defects::streaming},
    {"signature-altered", &Defects::signature_altered},
}};

const std::string& default_account(const std::vector<std::string>& accounts) {
  static const std::string kNone;
  return accounts.empty() ? kNone : accounts.front();
}

// Bucket forms: "name" (default account, default jurisdiction), "<jur>:name" (default account),
// "<ACCT>_<JUR>_<NAME>", or {"account", "jurisdiction", "name", "objects"}.
Result<BucketState, CodecError> parse_bucket(const json& v, const std::string& path, const std::vector<std::string>& accounts,
                                             bool allow_objects) {
  BucketState b;
  b.ref.account = default_account(accounts);
  if (v.is_string()) {
    std::string s = v.get<std::string>();
    if (s.find('_') != std::string::npos) {
      auto ref = parse_bucket_ref(s);
      if (!ref) return codec_error(E::kOutOfRange, path, std::string(message(ref.error())));
      b.ref = *ref;
      return b;
    }
    if (auto colon = s.find(':'); colon != std::string::npos) {
      auto j = parse_jurisdiction(s.substr(0, colon));
      if (!j) return codec_error(E::kOutOfRange, path, "jurisdiction must be default, eu or fedramp");
      b.ref.jurisdiction = *j;
      s = s.substr(colon + 1);
    }
    b.ref.name = s;
  } else if (v.is_object()) {
    std::optional<std::string> account, jurisdiction, name;
    if (auto e = read_string(v, "account", path, account, false)) return *e;
    if (auto e = read_string(v, "jurisdiction", path, jurisdiction, false)) return *e;
    if (auto e = read_string(v, "name", path, name, true)) return *e;
    if (account) {
      if (!is_hex32(*account)) return codec_error(E::kOutOfRange, path_field(path, "account"), "must be 32 lowercase hex chars");
      b.ref.account = *account;
    }
    if (jurisdiction) {
      auto j = parse_jurisdiction(*jurisdiction);
      if (!j) return codec_error(E::kOutOfRange, path_field(path, "jurisdiction"), "must be default, eu or fedramp");
      b.ref.jurisdiction = *j;
    }
    b.ref.name = *name;
    for (const char* flag : {"cors", "lifecycle"}) {
      if (const json* f = member(v, flag)) {
        if (!allow_objects) return codec_error(E::kOutOfRange, path_field(path, flag), "not allowed here");
        if (!f->is_boolean()) return codec_error(E::kWrongType, path_field(path, flag), "must be true or false");
        (std::string_view(flag) == "cors" ? b.cors : b.lifecycle) = f->get<bool>();
      }
    }
    if (const json* objects = member(v, "objects")) {
      std::string opath = path_field(path, "objects");
      if (!allow_objects) return codec_error(E::kOutOfRange, opath, "not allowed here");
      if (!objects->is_array()) return codec_error(E::kWrongType, opath, "must be an array of strings");
      for (std::size_t i = 0; i < objects->size(); ++i) {
        if (!(*objects)[i].is_string()) return codec_error(E::kWrongType, path_index(opath, i), "must be a string");
        b.objects.insert((*objects)[i].get<std::string>());
      }
    }
  } else {
    return codec_error(E::kWrongType, path, "must be a string or an object");
  }
  if (b.ref.account.empty()) return codec_error(E::kUnknownReference, path, "a short bucket form needs accounts[0]");
  if (!is_valid_bucket_name(b.ref.name)) return codec_error(E::kOutOfRange, path, "invalid bucket name '" + b.ref.name + "'");
  return b;
}

std::optional<CodecError> read_array(const json& obj, const char* name, const std::string& base, const json*& out) {
  out = member(obj, name);
  if (out && !out->is_array()) return codec_error(E::kWrongType, path_field(base, name), "must be an array");
  return std::nullopt;
}

std::optional<CodecError> read_time_or_amz(const json& obj, const char* name, std::optional<Timestamp>& out) {
  std::optional<std::string> text;
  if (auto e = read_string(obj, name, "", text, false)) return e;
  if (!text) return std::nullopt;
  auto t = parse_rfc3339(*text);
  if (!t) t = parse_amz_date(*text);
  if (!t) return codec_error(E::kMalformedTimestamp, name, std::string(message(TimestampError::kSyntax)));
  out = *t;
  return std::nullopt;
}

json emit_bucket_ref(const BucketRef& b) {
  return {{"account", b.account}, {"jurisdiction", std::string(to_string(b.jurisdiction))}, {"name", b.name}};
}

}  // namespace

Result<World, CodecError> parse_world_json(const json& j) {
  if (!j.is_object()) return codec_error(E::kWrongType, "", "a world must be a JSON object");
  World w;
  if (auto e = read_time_or_amz(j, "now", w.now)) return *e;
  const json* arr = nullptr;
  if (auto e = read_array(j, "accounts", "", arr)) return *e;
  if (arr) {
    for (std::size_t i = 0; i < arr->size(); ++i) {
      const json& a = (*arr)[i];
      if (!a.is_string() || !is_hex32(a.get<std::string>())) {
        return codec_error(E::kOutOfRange, path_index("accounts", i), "must be 32 lowercase hex chars");
      }
      w.accounts.push_back(a.get<std::string>());
    }
  }
  if (auto e = read_array(j, "buckets", "", arr)) return *e;
  if (arr) {
    for (std::size_t i = 0; i < arr->size(); ++i) {
      auto b = parse_bucket((*arr)[i], path_index("buckets", i), w.accounts, true);
      if (!b) return b.error();
      if (find_bucket(w, b->ref)) return codec_error(E::kOutOfRange, path_index("buckets", i), "duplicate bucket");
      if (std::find(w.accounts.begin(), w.accounts.end(), b->ref.account) == w.accounts.end()) {
        w.accounts.push_back(b->ref.account);
      }
      w.buckets.push_back(std::move(b).value());
    }
  }
  if (auto e = read_array(j, "uploads", "", arr)) return *e;
  if (arr) {
    for (std::size_t i = 0; i < arr->size(); ++i) {
      std::string path = path_index("uploads", i);
      const json& u = (*arr)[i];
      if (!u.is_object()) return codec_error(E::kWrongType, path, "must be an object");
      const json* bucket = member(u, "bucket");
      if (!bucket) return codec_error(E::kMissingField, path_field(path, "bucket"), "missing required field");
      auto b = parse_bucket(*bucket, path_field(path, "bucket"), w.accounts, false);
      if (!b) return b.error();
      if (!find_bucket(w, b->ref)) return codec_error(E::kUnknownReference, path_field(path, "bucket"), "no such bucket in buckets");
      Upload up{{}, b->ref, {}};
      std::optional<std::string> key, id;
      if (auto e = read_string(u, "key", path, key, true)) return *e;
      if (auto e = read_string(u, "upload_id", path, id, true)) return *e;
      up.key = *key;
      up.upload_id = *id;
      w.uploads.push_back(std::move(up));
    }
  }
  if (auto e = read_array(j, "tokens", "", arr)) return *e;
  if (arr) {
    for (std::size_t i = 0; i < arr->size(); ++i) {
      auto t = parse_token_json((*arr)[i], TokenShape::kWorldToken, path_index("tokens", i));
      if (!t) return t.error();
      if (find_token(w, t->id)) return codec_error(E::kOutOfRange, path_field(path_index("tokens", i), "id"), "duplicate token id");
      w.tokens.push_back(std::move(t).value());
    }
  }
  return w;
}

Result<World, CodecError> parse_world(std::string_view text) {
  auto j = parse_json_text(text);
  if (!j) return j.error();
  return parse_world_json(*j);
}

Result<Request, CodecError> parse_request_json(const json& j, const World& world) {
  if (!j.is_object()) return codec_error(E::kWrongType, "", "a request must be a JSON object");
  Request r;
  std::optional<std::string> s;
  // Endpoint.
  r.account = default_account(world.accounts);
  if (auto e = read_string(j, "account", "", s, false)) return *e;
  if (s) r.account = *s;
  if (!is_hex32(r.account)) {
    return codec_error(s ? E::kOutOfRange : E::kMissingField, "account",
                       s ? "must be 32 lowercase hex chars" : "missing required field (the world has no accounts)");
  }
  s.reset();
  if (auto e = read_string(j, "jurisdiction", "", s, false)) return *e;
  if (s) {
    auto jur = parse_jurisdiction(*s);
    if (!jur) return codec_error(E::kOutOfRange, "jurisdiction", "must be default, eu or fedramp");
    r.jurisdiction = *jur;
  }
  // What is named.
  std::optional<std::string> bucket, key, upload;
  if (auto e = read_string(j, "bucket", "", bucket, false)) return *e;
  if (auto e = read_string(j, "key", "", key, false)) return *e;
  if (auto e = read_string(j, "upload_id", "", upload, false)) return *e;
  r.bucket = bucket.value_or("");
  r.key = key.value_or("");
  r.upload_id = upload.value_or("");
  if (const json* cs = member(j, "copy_source")) {
    if (!cs->is_object()) return codec_error(E::kWrongType, "copy_source", "must be an object {bucket, key}");
    std::optional<std::string> sb, sk;
    if (auto e = read_string(*cs, "bucket", "copy_source", sb, true)) return *e;
    if (auto e = read_string(*cs, "key", "copy_source", sk, true)) return *e;
    r.source_bucket = *sb;
    r.source_key = *sk;
  }
  const json* keys = nullptr;
  if (auto e = read_array(j, "delete_keys", "", keys)) return *e;
  if (keys) {
    for (std::size_t i = 0; i < keys->size(); ++i) {
      if (!(*keys)[i].is_string()) return codec_error(E::kWrongType, path_index("delete_keys", i), "must be a string");
      r.delete_keys.push_back((*keys)[i].get<std::string>());
    }
  }
  // The operation.
  std::optional<std::string> op, method;
  if (auto e = read_string(j, "operation", "", op, false)) return *e;
  if (auto e = read_string(j, "method", "", method, false)) return *e;
  if (op) {
    auto parsed = parse_operation(*op);
    if (!parsed) return codec_error(E::kOutOfRange, "operation", "unknown operation '" + *op + "'");
    r.operation = *parsed;
  } else if (method) {
    QueryParams query;
    Headers headers;
    for (const char* name : {"query", "headers"}) {
      const json* m = member(j, name);
      if (!m) continue;
      if (!m->is_object()) return codec_error(E::kWrongType, name, "must be an object of strings");
      for (auto it = m->begin(); it != m->end(); ++it) {
        if (!it->is_string()) return codec_error(E::kWrongType, path_key(name, it.key()), "must be a string");
        std::string k = it.key();
        if (std::string_view(name) == "headers") std::transform(k.begin(), k.end(), k.begin(), ::tolower);
        (std::string_view(name) == "query" ? query : headers)[k] = it->get<std::string>();
      }
    }
    if (!r.source_bucket.empty()) headers.emplace("x-amz-copy-source", "/" + r.source_bucket + "/" + r.source_key);
    r.operation = classify(*method, !r.bucket.empty(), !r.key.empty(), query, headers);
  } else {
    return codec_error(E::kMissingField, "operation", "missing required field (or give method)");
  }
  // The credential and signature.
  s.reset();
  if (auto e = read_string(j, "auth", "", s, false)) return *e;
  if (s) {
    if (*s == "header") r.auth = AuthKind::kHeader;
    else if (*s == "presigned") r.auth = AuthKind::kPresigned;
    else if (*s == "anonymous") r.auth = AuthKind::kAnonymous;
    else if (*s == "sigv2") r.auth = AuthKind::kSigV2;
    else return codec_error(E::kOutOfRange, "auth", "must be header, presigned, anonymous or sigv2");
  }
  std::optional<std::string> akid;
  if (auto e = read_string(j, "access_key_id", "", akid, r.auth != AuthKind::kAnonymous)) return *e;
  r.access_key_id = akid.value_or("");
  s.reset();
  if (auto e = read_string(j, "secret", "", s, false)) return *e;
  if (s) {
    bool found = false;
    for (SecretUsed v : {SecretUsed::kCurrent, SecretUsed::kOldRolled, SecretUsed::kRawValue, SecretUsed::kOtherToken,
                         SecretUsed::kGarbage}) {
      if (to_string(v) == *s) {
        r.secret = v;
        found = true;
      }
    }
    if (!found) return codec_error(E::kOutOfRange, "secret", "must be current, old-rolled, raw-value, other-token or garbage");
  }
  if (auto e = read_string(j, "token_value", "", r.token_value, false)) return *e;
  s.reset();
  if (auto e = read_string(j, "region", "", s, false)) return *e;
  if (s) r.region = *s;
  const json* defects = nullptr;
  if (auto e = read_array(j, "defects", "", defects)) return *e;
  if (defects) {
    for (std::size_t i = 0; i < defects->size(); ++i) {
      const json& d = (*defects)[i];
      auto it = std::find_if(kDefectNames.begin(), kDefectNames.end(),
                             [&](const DefectName& n) { return d.is_string() && n.name == d.get<std::string>(); });
      if (it == kDefectNames.end()) return codec_error(E::kOutOfRange, path_index("defects", i), "unknown defect");
      r.defects.*(it->flag) = true;
    }
  }
  const json* alterations = nullptr;
  if (auto e = read_array(j, "alterations", "", alterations)) return *e;
  if (alterations) {
    for (std::size_t i = 0; i < alterations->size(); ++i) {
      const json& a = (*alterations)[i];
      const std::string at = path_index("alterations", i);
      if (!a.is_object()) return codec_error(E::kWrongType, at, "must be an object {part, name, in_signed_headers}");
      std::optional<std::string> part, name;
      if (auto e = read_string(a, "part", at, part, true)) return *e;
      if (auto e = read_string(a, "name", at, name, false)) return *e;
      auto parsed = parse_signed_part(*part);
      if (!parsed) {
        return codec_error(E::kOutOfRange, at + ".part",
                           "must be method, host, path, query, header, header-name-case, signed-headers or credential-scope");
      }
      Alteration alt{*parsed, name.value_or(""), false};
      if (const json* in = member(a, "in_signed_headers")) {
        if (!in->is_boolean()) return codec_error(E::kWrongType, at + ".in_signed_headers", "must be true or false");
        alt.in_signed_headers = in->get<bool>();
      }
      r.alterations.push_back(std::move(alt));
    }
  }
  const json* unsigned_headers = nullptr;
  if (auto e = read_array(j, "unsigned_headers", "", unsigned_headers)) return *e;
  if (unsigned_headers) {
    for (std::size_t i = 0; i < unsigned_headers->size(); ++i) {
      const json& h = (*unsigned_headers)[i];
      if (!h.is_string()) return codec_error(E::kWrongType, path_index("unsigned_headers", i), "must be a header name");
      std::string name = h.get<std::string>();
      std::transform(name.begin(), name.end(), name.begin(), ::tolower);
      r.unsigned_headers.push_back(std::move(name));
    }
  }
  if (auto e = read_time_or_amz(j, "amz_date", r.amz_date)) return *e;
  if (const json* ex = member(j, "expires")) {
    if (!ex->is_number_integer()) return codec_error(E::kWrongType, "expires", "must be an integer (seconds)");
    r.expires = ex->get<std::int64_t>();
  }
  s.reset();
  if (auto e = read_string(j, "source_ip", "", s, false)) return *e;
  if (s) {
    auto ip = parse_ip(*s);
    if (!ip) return codec_error(E::kOutOfRange, "source_ip", "not an IPv4 or IPv6 address");
    r.source_ip = *ip;
  }
  return r;
}

Result<Request, CodecError> parse_request(std::string_view text, const World& world) {
  auto j = parse_json_text(text);
  if (!j) return j.error();
  return parse_request_json(*j, world);
}

json emit_world(const World& w) {
  json out = json::object();
  if (w.now) out["now"] = format_rfc3339(*w.now);
  out["accounts"] = w.accounts;
  json buckets = json::array();
  for (const BucketState& b : w.buckets) {
    json o = emit_bucket_ref(b.ref);
    o["objects"] = json::array();
    for (const std::string& k : b.objects) o["objects"].push_back(k);
    if (b.cors) o["cors"] = true;
    if (b.lifecycle) o["lifecycle"] = true;
    buckets.push_back(o);
  }
  out["buckets"] = buckets;
  json uploads = json::array();
  for (const Upload& u : w.uploads) {
    uploads.push_back({{"bucket", emit_bucket_ref(u.bucket)}, {"key", u.key}, {"upload_id", u.upload_id}});
  }
  out["uploads"] = uploads;
  json tokens = json::array();
  for (const Token& t : w.tokens) tokens.push_back(emit_token(t));
  out["tokens"] = tokens;
  return out;
}

json emit_request(const Request& r) {
  json out = json::object();
  out["operation"] = std::string(to_string(r.operation));
  out["account"] = r.account;
  out["jurisdiction"] = std::string(to_string(r.jurisdiction));
  if (!r.bucket.empty()) out["bucket"] = r.bucket;
  if (!r.key.empty()) out["key"] = r.key;
  if (!r.source_bucket.empty() || !r.source_key.empty()) {
    out["copy_source"] = {{"bucket", r.source_bucket}, {"key", r.source_key}};
  }
  if (!r.upload_id.empty()) out["upload_id"] = r.upload_id;
  if (!r.delete_keys.empty()) out["delete_keys"] = r.delete_keys;
  out["auth"] = std::string(to_string(r.auth));
  out["access_key_id"] = r.access_key_id;
  out["secret"] = std::string(to_string(r.secret));
  if (r.token_value) out["token_value"] = *r.token_value;
  out["region"] = r.region;
  json defects = json::array();
  for (const DefectName& d : kDefectNames) {
    if (r.defects.*(d.flag)) defects.push_back(std::string(d.name));
  }
  out["defects"] = defects;
  if (!r.alterations.empty()) {
    json alterations = json::array();
    for (const Alteration& a : r.alterations) {
      json o = {{"part", std::string(to_string(a.part))}};
      if (!a.name.empty()) o["name"] = a.name;
      if (a.part == SignedPart::kHeader) o["in_signed_headers"] = a.in_signed_headers;
      alterations.push_back(o);
    }
    out["alterations"] = alterations;
  }
  if (!r.unsigned_headers.empty()) out["unsigned_headers"] = r.unsigned_headers;
  if (r.amz_date) out["amz_date"] = format_rfc3339(*r.amz_date);
  out["expires"] = r.expires;
  out["source_ip"] = format_ip(r.source_ip);
  return out;
}

}  // namespace scopecheck::model
