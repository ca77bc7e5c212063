#include "emulator/token_spec.h"

#include <algorithm>

namespace scopecheck::emulator {
namespace {
using nlohmann::json;

bool fail(std::string* error, std::string msg) {
  *error = std::move(msg);
  return false;
}

bool parse_time_field(const json& body, const char* field, std::optional<TimePoint>* out, std::string* error) {
  auto it = body.find(field);
  if (it == body.end() || it->is_null()) return true;
  if (!it->is_string()) return fail(error, std::string(field) + ": must be an RFC 3339 date-time string");
  auto t = parse_rfc3339(it->get<std::string>());
  if (!t) return fail(error, std::string(field) + ": not an RFC 3339 date-time: '" + it->get<std::string>() + "'");
  *out = t;
  return true;
}

bool parse_cidr_list(const json& j, const std::string& path, std::vector<IpRange>* out, std::string* error) {
  if (!j.is_array()) return fail(error, path + ": must be an array of CIDR strings");
  for (size_t i = 0; i < j.size(); ++i) {
    std::string p = path + "[" + std::to_string(i) + "]";
    if (!j[i].is_string()) return fail(error, p + ": must be a CIDR string");
    auto r = parse_cidr(j[i].get<std::string>());
    if (!r) return fail(error, p + ": malformed CIDR '" + j[i].get<std::string>() + "'");
    out->push_back(*r);
  }
  return true;
}

bool parse_condition(const json& c, IpCondition* out, std::string* error) {
  if (!c.is_object()) return fail(error, "condition: must be an object");
  const json* ip = nullptr;
  std::string key;
  for (auto& [k, v] : c.items()) {
    if (k == "request_ip" || k == "request.ip") {
      ip = &v;
      key = k;
    } else {
      return fail(error, "condition." + k + ": unknown condition");
    }
  }
  if (!ip) return true;
  std::string path = "condition." + key;
  if (!ip->is_object()) return fail(error, path + ": must be an object");
  for (auto& [k, v] : ip->items()) {
    if (k == "in") {
      std::vector<IpRange> in;
      if (!parse_cidr_list(v, path + ".in", &in, error)) return false;
      out->in = std::move(in);
    } else if (k == "not_in") {
      if (!parse_cidr_list(v, path + ".not_in", &out->not_in, error)) return false;
    } else {
      return fail(error, path + "." + k + ": unknown field");
    }
  }
  return true;
}

bool parse_policy(const json& p, const std::string& path, StoredPolicy* out, std::string* error) {
  if (!p.is_object()) return fail(error, path + ": must be an object");
  auto eff = p.find("effect");
  if (eff == p.end()) return fail(error, path + ".effect: required");
  if (!eff->is_string() || (*eff != "allow" && *eff != "deny"))
    return fail(error, path + ".effect: must be \"allow\" or \"deny\"");
  out->deny = *eff == "deny";
  auto res = p.find("resources");
  if (res == p.end()) return fail(error, path + ".resources: required");
  if (!res->is_object()) return fail(error, path + ".resources: must be an object");
  if (res->empty()) return fail(error, path + ".resources: must not be empty");
  for (auto& [k, v] : res->items()) {
    std::string rp = path + ".resources[\"" + k + "\"]";
    std::vector<std::string> nested;
    bool star = v.is_string() && v == "*";
    if (!star) {
      if (!v.is_object()) return fail(error, rp + ": must be \"*\" or an object");
      for (auto& [nk, nv] : v.items()) {
        if (!nv.is_string() || nv != "*") return fail(error, rp + "[\"" + nk + "\"]: nested values must be \"*\"");
        nested.push_back(nk);
      }
    }
    auto parsed = parse_resource_entry(k, star, nested);
    if (!parsed.error.empty()) return fail(error, rp + ": " + parsed.error);
    for (auto& r : parsed.resources) out->parsed.push_back(std::move(r));
  }
  out->resources = *res;
  auto groups = p.find("permission_groups");
  if (groups == p.end()) return fail(error, path + ".permission_groups: required");
  if (!groups->is_array() || groups->empty())
    return fail(error, path + ".permission_groups: must be a non-empty array");
  for (size_t i = 0; i < groups->size(); ++i) {
    std::string gp = path + ".permission_groups[" + std::to_string(i) + "]";
    const json& g = (*groups)[i];
    if (!g.is_object()) return fail(error, gp + ": must be an object with an id");
    auto id = g.find("id");
    if (id == g.end() || !id->is_string()) return fail(error, gp + ".id: required string");
    if (!find_group(id->get<std::string>()))
      return fail(error, gp + ".id: unknown permission group '" + id->get<std::string>() + "'");
    if (std::find(out->group_ids.begin(), out->group_ids.end(), id->get<std::string>()) == out->group_ids.end())
      out->group_ids.push_back(id->get<std::string>());
  }
  std::sort(out->group_ids.begin(), out->group_ids.end());
  return true;
}
}  // namespace

std::optional<TokenSpec> parse_token_spec(const json& body, bool allow_status, std::string* error) {
  if (!body.is_object()) {
    *error = "body: must be a JSON object";
    return std::nullopt;
  }
  TokenSpec spec;
  auto name = body.find("name");
  if (name == body.end() || name->is_null()) {
    *error = "name: required";
    return std::nullopt;
  }
  if (!name->is_string() || name->get<std::string>().empty() || name->get<std::string>().size() > 120) {
    *error = "name: must be a string of 1 to 120 characters";
    return std::nullopt;
  }
  spec.name = name->get<std::string>();
  auto pols = body.find("policies");
  if (pols == body.end() || pols->is_null()) {
    *error = "policies: required";
    return std::nullopt;
  }
  if (!pols->is_array() || pols->empty()) {
    *error = "policies: must be a non-empty array";
    return std::nullopt;
  }
  for (size_t i = 0; i < pols->size(); ++i) {
    StoredPolicy p;
    if (!parse_policy((*pols)[i], "policies[" + std::to_string(i) + "]", &p, error)) return std::nullopt;
    spec.policies.push_back(std::move(p));
  }
  auto cond = body.find("condition");
  if (cond != body.end() && !cond->is_null()) {
    IpCondition c;
    if (!parse_condition(*cond, &c, error)) return std::nullopt;
    if (c.in || !c.not_in.empty()) spec.condition = std::move(c);
  }
  if (!parse_time_field(body, "not_before", &spec.not_before, error) ||
      !parse_time_field(body, "expires_on", &spec.expires_on, error))
    return std::nullopt;
  if (spec.not_before && spec.expires_on && *spec.not_before >= *spec.expires_on) {
    *error = "not_before: must be before expires_on";
    return std::nullopt;
  }
  auto status = body.find("status");
  if (status != body.end() && !status->is_null()) {
    if (!allow_status) {
      *error = "status: cannot be set on create";
      return std::nullopt;
    }
    if (!status->is_string() || (*status != "active" && *status != "disabled" && *status != "expired")) {
      *error = "status: must be one of active, disabled, expired";
      return std::nullopt;
    }
    spec.status = status->get<std::string>();
  }
  return spec;
}

namespace {
json condition_json(const IpCondition& c) {
  json ip = json::object();
  if (c.in) {
    json in = json::array();
    for (const auto& r : *c.in) in.push_back(r.text);
    ip["in"] = in;
  }
  if (!c.not_in.empty()) {
    json nin = json::array();
    for (const auto& r : c.not_in) nin.push_back(r.text);
    ip["not_in"] = nin;
  }
  return json{{"request_ip", ip}};
}
}  // namespace

json token_to_json(const TokenRecord& t, bool include_value) {
  json j{{"id", t.id},
         {"name", t.name},
         {"status", t.status},
         {"issued_on", format_rfc3339(t.issued_on)},
         {"modified_on", format_rfc3339(t.modified_on)},
         {"last_used_on", nullptr}};
  if (t.not_before) j["not_before"] = format_rfc3339(*t.not_before);
  if (t.expires_on) j["expires_on"] = format_rfc3339(*t.expires_on);
  json pols = json::array();
  for (const auto& p : t.policies) {
    json groups = json::array();
    for (const auto& g : p.group_ids) {
      const auto* pg = find_group(g);
      groups.push_back({{"id", g}, {"name", pg ? std::string(pg->name) : std::string()}});
    }
    json pol = json::object();  // member by member: a braced list would copy `groups`
    pol["id"] = p.id;
    pol["effect"] = p.deny ? "deny" : "allow";
    pol["resources"] = p.resources;
    pol["permission_groups"] = std::move(groups);
    pols.push_back(std::move(pol));
  }
  j["policies"] = std::move(pols);
  j["condition"] = t.condition ? condition_json(*t.condition) : json::object();
  if (include_value) j["value"] = t.value;
  return j;
}

json token_to_storage(const TokenRecord& t) {
  json j = token_to_json(t, true);
  j["owner"] = t.owner;
  j["bootstrap"] = t.bootstrap;
  return j;
}

std::optional<TokenRecord> token_from_storage(const json& j) {
  try {
    std::string error;
    json spec_body = j;
    spec_body.erase("status");
    auto spec = parse_token_spec(spec_body, false, &error);
    if (!spec) return std::nullopt;
    TokenRecord t;
    t.id = j.at("id").get<std::string>();
    t.value = j.at("value").get<std::string>();
    t.name = spec->name;
    t.status = j.at("status").get<std::string>();
    t.owner = j.at("owner").get<std::string>();
    t.bootstrap = j.value("bootstrap", false);
    t.issued_on = parse_rfc3339(j.at("issued_on").get<std::string>()).value();
    t.modified_on = parse_rfc3339(j.at("modified_on").get<std::string>()).value();
    t.not_before = spec->not_before;
    t.expires_on = spec->expires_on;
    t.condition = spec->condition;
    t.policies = std::move(spec->policies);
    const auto& pols = j.at("policies");
    for (size_t i = 0; i < t.policies.size() && i < pols.size(); ++i)
      t.policies[i].id = pols[i].at("id").get<std::string>();
    return t;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

}  // namespace scopecheck::emulator
