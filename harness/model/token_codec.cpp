#include "harness/model/token_codec.h"

#include "harness/model/json_path.h"
#include "harness/model/json_read.h"
#include "harness/model/permission_groups.h"

namespace scopecheck::model {
namespace {

using nlohmann::json;
using E = CodecErrorKind;

std::optional<CodecError> read_time(const json& obj, std::string_view name, const std::string& base,
                                    std::optional<Timestamp>& out) {
  std::optional<std::string> text;
  if (auto e = read_string(obj, name, base, text, false)) return e;
  if (!text) return std::nullopt;
  auto t = parse_rfc3339(*text);
  if (!t) return codec_error(E::kMalformedTimestamp, path_field(base, name), std::string(message(t.error())));
  out = *t;
  return std::nullopt;
}

std::optional<CodecError> read_cidrs(const json& cond, std::string_view name, const std::string& base,
                                     std::optional<std::vector<Cidr>>& out) {
  const json* v = member(cond, name);
  if (!v) return std::nullopt;
  std::string path = path_field(base, name);
  if (!v->is_array()) return codec_error(E::kWrongType, path, "must be an array of CIDR strings");
  std::vector<Cidr> cidrs;
  for (std::size_t i = 0; i < v->size(); ++i) {
    const json& item = (*v)[i];
    if (!item.is_string()) return codec_error(E::kWrongType, path_index(path, i), "must be a string");
    auto c = parse_cidr(item.get<std::string>());
    if (!c) return codec_error(E::kMalformedCidr, path_index(path, i), std::string(message(c.error())));
    cidrs.push_back(*c);
  }
  out = std::move(cidrs);
  return std::nullopt;
}

std::optional<CodecError> read_condition(const json& obj, const std::string& base, std::optional<IpCondition>& out) {
  const json* cond = member(obj, "condition");
  if (!cond) return std::nullopt;
  std::string path = path_field(base, "condition");
  if (!cond->is_object()) return codec_error(E::kWrongType, path, "must be an object");
  const json* current = member(*cond, "request_ip");
  const json* legacy = member(*cond, "request.ip");
  if (current && legacy) {
    return codec_error(E::kOutOfRange, path, "give request_ip or request.ip, not both");
  }
  const json* ip = current ? current : legacy;
  if (!ip) return std::nullopt;  // `condition: {}` restricts nothing
  std::string ip_path = path_field(path, current ? "request_ip" : "request.ip");
  if (!ip->is_object()) return codec_error(E::kWrongType, ip_path, "must be an object");
  IpCondition c;
  if (auto e = read_cidrs(*ip, "in", ip_path, c.in)) return e;
  if (auto e = read_cidrs(*ip, "not_in", ip_path, c.not_in)) return e;
  out = std::move(c);
  return std::nullopt;
}

std::optional<CodecError> read_resources(const json& policy, const std::string& base, std::vector<Resource>& out) {
  const json* res = member(policy, "resources");
  std::string path = path_field(base, "resources");
  if (!res) return codec_error(E::kMissingField, path, "missing required field");
  if (!res->is_object()) return codec_error(E::kWrongType, path, "must be an object");
  if (res->empty()) return codec_error(E::kEmptyResources, path, "must not be empty");
  for (auto it = res->begin(); it != res->end(); ++it) {
    std::string key_path = path_key(path, it.key());
    const json& value = it.value();
    if (value.is_string()) {
      if (value.get<std::string>() != "*") {
        return codec_error(E::kOutOfRange, key_path, "value must be \"*\" or an object");
      }
      auto r = parse_resource_key(it.key());
      if (!r) return codec_error(E::kMalformedResource, key_path, std::string(message(r.error())));
      out.push_back(*r);
    } else if (value.is_object()) {
      if (value.empty()) return codec_error(E::kEmptyResources, key_path, "must not be empty");
      for (auto nit = value.begin(); nit != value.end(); ++nit) {
        std::string nested_path = path_key(key_path, nit.key());
        if (!nit.value().is_string() || nit.value().get<std::string>() != "*") {
          return codec_error(E::kNestedValueNotStar, nested_path, "nested value must be \"*\"");
        }
        auto r = parse_nested_resource(it.key(), nit.key());
        if (!r) {
          bool at_key = r.error() != ResourceIdError::kNestedKey;
          return codec_error(E::kMalformedResource, at_key ? key_path : nested_path, std::string(message(r.error())));
        }
        out.push_back(*r);
      }
    } else {
      return codec_error(E::kWrongType, key_path, "value must be \"*\" or an object");
    }
  }
  sort_resources(out);
  return std::nullopt;
}

}  // namespace

Result<Policy, CodecError> parse_policy_json(const json& j, const std::string& base) {
  if (!j.is_object()) return codec_error(E::kWrongType, base, "must be an object");
  Policy p;
  if (auto e = read_string(j, "id", base, p.id, false)) return *e;
  std::optional<std::string> effect;
  if (auto e = read_string(j, "effect", base, effect, true)) return *e;
  if (*effect == "allow") {
    p.effect = Effect::kAllow;
  } else if (*effect == "deny") {
    p.effect = Effect::kDeny;
  } else {
    return codec_error(E::kOutOfRange, path_field(base, "effect"), "must be \"allow\" or \"deny\"");
  }
  if (auto e = read_resources(j, base, p.resources)) return *e;
  const json* groups = member(j, "permission_groups");
  std::string gpath = path_field(base, "permission_groups");
  if (!groups) return codec_error(E::kMissingField, gpath, "missing required field");
  if (!groups->is_array()) return codec_error(E::kWrongType, gpath, "must be an array");
  for (std::size_t i = 0; i < groups->size(); ++i) {
    std::string item_path = path_index(gpath, i);
    std::optional<std::string> id;
    if (!(*groups)[i].is_object()) return codec_error(E::kWrongType, item_path, "must be an object");
    if (auto e = read_string((*groups)[i], "id", item_path, id, true)) return *e;
    if (!find_group(*id)) {
      return codec_error(E::kUnknownPermissionGroup, path_field(item_path, "id"), "unknown permission group " + *id);
    }
    p.permission_groups.push_back(*id);
  }
  return p;
}

Result<Token, CodecError> parse_token_json(const json& j, TokenShape shape, const std::string& base) {
  if (!j.is_object()) return codec_error(E::kWrongType, base, "must be an object");
  Token t;
  std::optional<std::string> id;
  bool need_id = shape == TokenShape::kTokenObject || shape == TokenShape::kWorldToken;
  if (auto e = read_string(j, "id", base, id, need_id)) return *e;
  if (id) {
    if (!is_hex32(*id)) return codec_error(E::kOutOfRange, path_field(base, "id"), "must be 32 lowercase hex chars");
    t.id = *id;
  }
  if (auto e = read_string(j, "value", base, t.value, shape == TokenShape::kWorldToken)) return *e;
  if (t.value && (t.value->size() < 40 || t.value->size() > 80)) {
    return codec_error(E::kOutOfRange, path_field(base, "value"), "must be 40-80 chars");
  }
  bool need_name = shape != TokenShape::kWorldToken;
  if (auto e = read_string(j, "name", base, t.name, need_name)) return *e;
  if (t.name && (t.name->empty() || t.name->size() > 120)) {
    return codec_error(E::kOutOfRange, path_field(base, "name"), "must be 1-120 chars");
  }
  std::optional<std::string> status;
  if (auto e = read_string(j, "status", base, status, false)) return *e;
  if (status) {
    if (*status == "active") {
      t.status = TokenStatus::kActive;
    } else if (*status == "disabled") {
      t.status = TokenStatus::kDisabled;
    } else if (*status == "expired") {
      t.status = TokenStatus::kExpired;
    } else {
      return codec_error(E::kOutOfRange, path_field(base, "status"), "must be \"active\", \"disabled\" or \"expired\"");
    }
  }
  if (auto e = read_time(j, "not_before", base, t.not_before)) return *e;
  if (auto e = read_time(j, "expires_on", base, t.expires_on)) return *e;
  if (t.not_before && t.expires_on && *t.not_before >= *t.expires_on) {
    return codec_error(E::kWindowInverted, path_field(base, "not_before"), "must be before expires_on");
  }
  const json* policies = member(j, "policies");
  std::string ppath = path_field(base, "policies");
  if (!policies) return codec_error(E::kMissingField, ppath, "missing required field");
  if (!policies->is_array()) return codec_error(E::kWrongType, ppath, "must be an array");
  for (std::size_t i = 0; i < policies->size(); ++i) {
    auto p = parse_policy_json((*policies)[i], path_index(ppath, i));
    if (!p) return p.error();
    t.policies.push_back(std::move(p).value());
  }
  if (auto e = read_condition(j, base, t.condition)) return *e;
  return t;
}

Result<Token, CodecError> parse_token(std::string_view text, TokenShape shape) {
  auto j = parse_json_text(text);
  if (!j) return j.error();
  return parse_token_json(*j, shape, "");
}

json emit_policy(const Policy& p) {
  json out = json::object();
  if (p.id) out["id"] = *p.id;
  out["effect"] = std::string(to_string(p.effect));
  json resources = json::object();
  for (const Resource& r : p.resources) {
    std::string key = resource_key(r);
    if (auto nested = nested_key(r)) {
      if (!resources.contains(key) || !resources[key].is_object()) resources[key] = json::object();
      resources[key][*nested] = "*";
    } else {
      resources[key] = "*";
    }
  }
  out["resources"] = resources;
  json groups = json::array();
  for (const std::string& id : p.permission_groups) {
    json g = {{"id", id}};
    if (const PermissionGroup* pg = find_group(id)) g["name"] = std::string(pg->name);
    groups.push_back(g);
  }
  out["permission_groups"] = groups;
  return out;
}

json emit_token(const Token& t) {
  json out = json::object();
  if (!t.id.empty()) out["id"] = t.id;
  if (t.name) out["name"] = *t.name;
  out["status"] = std::string(to_string(t.status));
  if (t.not_before) out["not_before"] = format_rfc3339(*t.not_before);
  if (t.expires_on) out["expires_on"] = format_rfc3339(*t.expires_on);
  json policies = json::array();
  for (const Policy& p : t.policies) policies.push_back(emit_policy(p));
  out["policies"] = policies;
  if (t.condition) {
    json ip = json::object();
    auto cidrs = [](const std::vector<Cidr>& v) {
      json a = json::array();
      for (const Cidr& c : v) a.push_back(format_cidr(c));
      return a;
    };
    if (t.condition->in) ip["in"] = cidrs(*t.condition->in);
    if (t.condition->not_in) ip["not_in"] = cidrs(*t.condition->not_in);
    out["condition"] = {{"request_ip", ip}};
  }
  if (t.value) out["value"] = *t.value;
  return out;
}

}  // namespace scopecheck::model
