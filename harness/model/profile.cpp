#include "harness/model/profile.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "harness/model/json_path.h"
#include "harness/model/json_schema.h"
#include "harness/model/json_text.h"
#include "harness/model/rules.h"

namespace scopecheck::model {
namespace {

using nlohmann::json;
using K = ProfileErrorKind;

struct Ctx {
  std::string file;
  ProfileError err(K kind, std::string field, std::string detail) const {
    return ProfileError{kind, file, std::move(field), std::move(detail)};
  }
};

std::optional<ProfileError> read_bool(const Ctx& c, const json& obj, const char* name, bool& out) {
  std::string field = path_field("features", name);
  auto it = obj.find(name);
  if (it == obj.end()) return c.err(K::kMissingField, field, "missing required field");
  if (!it->is_boolean()) return c.err(K::kWrongType, field, "must be true or false");
  out = it->get<bool>();
  return std::nullopt;
}

std::optional<ProfileError> read_seconds(const Ctx& c, const json& obj, const char* name, std::int64_t& out) {
  std::string field = path_field("features", name);
  auto it = obj.find(name);
  if (it == obj.end()) return c.err(K::kMissingField, field, "missing required field");
  if (!it->is_number_integer() || it->get<std::int64_t>() < 0) {
    return c.err(K::kWrongType, field, "must be a non-negative integer (seconds)");
  }
  out = it->get<std::int64_t>();
  return std::nullopt;
}

std::optional<ProfileError> read_features(const Ctx& c, const json& root, ProfileFeatures& f) {
  auto it = root.find("features");
  if (it == root.end()) return c.err(K::kMissingField, "features", "missing required field");
  if (!it->is_object()) return c.err(K::kWrongType, "features", "must be an object");
  const json& o = *it;
  static const char* const kKnown[] = {"streaming",
                                       "sigv2",
                                       "presign",
                                       "jurisdictions",
                                       "token_api",
                                       "propagation_window_seconds",
                                       "existence_before_authorization",
                                       "ip_condition_in_authorization",
                                       "max_skew_seconds",
                                       "inactive_as_unknown_key",
                                       "bucket_group_on_bare_account_grants",
                                       "regions",
                                       "state_answers"};
  for (auto m = o.begin(); m != o.end(); ++m) {
    if (std::find(std::begin(kKnown), std::end(kKnown), m.key()) == std::end(kKnown)) {
      return c.err(K::kUnknownField, path_field("features", m.key()), "unknown feature");
    }
  }
  if (auto e = read_bool(c, o, "streaming", f.streaming)) return e;
  if (auto e = read_bool(c, o, "sigv2", f.sigv2)) return e;
  if (auto e = read_bool(c, o, "presign", f.presign)) return e;
  if (auto e = read_bool(c, o, "jurisdictions", f.jurisdictions)) return e;
  if (auto e = read_bool(c, o, "token_api", f.token_api)) return e;
  if (auto e = read_seconds(c, o, "propagation_window_seconds", f.propagation_window_seconds)) return e;
  if (auto e = read_bool(c, o, "existence_before_authorization", f.existence_before_authorization)) return e;
  if (o.contains("ip_condition_in_authorization"))  // optional: profiles written before it stay valid
    if (auto e = read_bool(c, o, "ip_condition_in_authorization", f.ip_condition_in_authorization)) return e;
  if (auto e = read_seconds(c, o, "max_skew_seconds", f.max_skew_seconds)) return e;
  if (auto e = read_bool(c, o, "inactive_as_unknown_key", f.inactive_as_unknown_key)) return e;
  if (auto e = read_bool(c, o, "bucket_group_on_bare_account_grants", f.bucket_group_on_bare_account_grants)) return e;
  if (auto s = o.find("state_answers"); s != o.end()) {  // optional: "compared" when absent
    const std::string v = s->is_string() ? s->get<std::string>() : "";
    if (v == "compared") f.state_answers = ProfileFeatures::StateAnswers::kCompared;
    else if (v == "unordered") f.state_answers = ProfileFeatures::StateAnswers::kUnordered;
    else if (v == "not-compared") f.state_answers = ProfileFeatures::StateAnswers::kNotCompared;
    else return c.err(K::kWrongType, "features.state_answers", "must be \"compared\", \"unordered\" or \"not-compared\"");
  }
  auto r = o.find("regions");
  if (r == o.end()) return c.err(K::kMissingField, "features.regions", "missing required field");
  if (r->is_null()) {
    f.regions.reset();
  } else {
    if (!r->is_array()) return c.err(K::kWrongType, "features.regions", "must be null (any) or an array of strings");
    std::vector<std::string> regions;
    for (std::size_t i = 0; i < r->size(); ++i) {
      if (!(*r)[i].is_string()) return c.err(K::kWrongType, path_index("features.regions", i), "must be a string");
      regions.push_back((*r)[i].get<std::string>());
    }
    f.regions = std::move(regions);
  }
  return std::nullopt;
}

// The part S3 and token-API wire entries share: an object of status (an integer or an array
// of them, 100-599), code and codes, nothing else.
std::optional<ProfileError> read_wire_statuses(const Ctx& c, const json& v, const std::string& field,
                                               std::vector<int>& statuses) {
  if (!v.is_object()) return c.err(K::kWrongType, field, "must be an object");
  for (auto m = v.begin(); m != v.end(); ++m)
    if (m.key() != "status" && m.key() != "code" && m.key() != "codes")
      return c.err(K::kUnknownField, path_field(field, m.key()), "unknown field");
  auto s = v.find("status");
  std::string sfield = path_field(field, "status");
  if (s == v.end()) return c.err(K::kMissingField, sfield, "missing required field");
  std::vector<json> given = s->is_array() ? s->get<std::vector<json>>() : std::vector<json>{*s};
  if (given.empty()) return c.err(K::kBadStatus, sfield, "HTTP status must be 100-599");
  for (const json& st : given) {
    if (!st.is_number_integer()) return c.err(K::kWrongType, sfield, "must be an integer or an array of integers");
    int n = st.get<int>();
    if (n < 100 || n > 599) return c.err(K::kBadStatus, sfield, "HTTP status must be 100-599");
    statuses.push_back(n);
  }
  return std::nullopt;
}

std::optional<ProfileError> read_wire_entry(const Ctx& c, const json& v, const std::string& field, WireAnswer& w) {
  if (auto e = read_wire_statuses(c, v, field, w.statuses)) return e;
  if (auto code = v.find("code"); code != v.end()) {
    if (!code->is_string()) return c.err(K::kWrongType, path_field(field, "code"), "must be a string");
    w.codes.push_back(code->get<std::string>());
  }
  if (auto codes = v.find("codes"); codes != v.end()) {
    if (!codes->is_array()) return c.err(K::kWrongType, path_field(field, "codes"), "must be an array of strings");
    for (std::size_t i = 0; i < codes->size(); ++i) {
      if (!(*codes)[i].is_string()) return c.err(K::kWrongType, path_index(path_field(field, "codes"), i), "must be a string");
      w.codes.push_back((*codes)[i].get<std::string>());
    }
  }
  return std::nullopt;
}

std::optional<ProfileError> read_api_wire_entry(const Ctx& c, const json& v, const std::string& field, ApiWireAnswer& w) {
  if (auto e = read_wire_statuses(c, v, field, w.statuses)) return e;
  if (auto code = v.find("code"); code != v.end()) {
    if (!code->is_number_integer()) return c.err(K::kWrongType, path_field(field, "code"), "must be an integer");
    w.codes.push_back(code->get<int>());
  }
  if (auto codes = v.find("codes"); codes != v.end()) {
    if (!codes->is_array()) return c.err(K::kWrongType, path_field(field, "codes"), "must be an array of integers");
    for (std::size_t i = 0; i < codes->size(); ++i) {
      if (!(*codes)[i].is_number_integer())
        return c.err(K::kWrongType, path_index(path_field(field, "codes"), i), "must be an integer");
      w.codes.push_back((*codes)[i].get<int>());
    }
  }
  return std::nullopt;
}

std::optional<ProfileError> read_string_field(const Ctx& c, const json& obj, const std::string& base, const char* name,
                                              std::string& out, bool required) {
  std::string field = path_field(base, name);
  auto it = obj.find(name);
  if (it == obj.end()) {
    if (required) return c.err(K::kMissingField, field, "missing required field");
    return std::nullopt;
  }
  if (!it->is_string()) return c.err(K::kWrongType, field, "must be a string");
  out = it->get<std::string>();
  return std::nullopt;
}

}  // namespace

std::string_view message(ProfileErrorKind kind) {
  switch (kind) {
    case K::kUnreadable: return "cannot read file";
    case K::kNotJson: return "not JSON";
    case K::kMissingField: return "missing required field";
    case K::kWrongType: return "wrong type";
    case K::kUnknownField: return "unknown field";
    case K::kUnknownClass: return "unknown outcome class";
    case K::kMissingClass: return "no wire answer for an outcome class";
    case K::kBadStatus: return "HTTP status must be 100-599";
    case K::kUnknownRule: return "unknown rule id";
  }
  return "profile error";
}

std::string ProfileError::message() const {
  return field.empty() ? file + ": " + detail : file + ": " + field + ": " + detail;
}

static Result<Profile, ProfileError> parse_profile_json(const Ctx& c, const json& root);

Result<Profile, ProfileError> parse_profile(std::string_view text, const std::string& file) {
  Ctx c{file};
  auto doc = parse_json_document(text);
  if (!doc) return c.err(K::kNotJson, "", doc.error().message);
  const json& root = doc.value();
  if (!root.is_object()) return c.err(K::kWrongType, "", "must be a JSON object");
  // The checks below know the meaning and speak first; then scenarios/profile.schema.json has the
  // last word, so a key they would ignore (a misspelled "deviatons") is refused too.
  auto p = parse_profile_json(c, root);
  if (!p) return p;
  if (const auto schema = check_schema(root, InputSchema::kProfile))
    return c.err(schema->unknown_key ? K::kUnknownField : K::kWrongType, schema->path, schema->detail);
  return p;
}

static Result<Profile, ProfileError> parse_profile_json(const Ctx& c, const json& root) {
  Profile p;
  if (auto e = read_string_field(c, root, "", "name", p.name, true)) return *e;
  if (auto e = read_string_field(c, root, "", "description", p.description, false)) return *e;
  if (auto e = read_features(c, root, p.features)) return *e;

  auto wire = root.find("wire");
  if (wire == root.end()) return c.err(K::kMissingField, "wire", "missing required field");
  if (!wire->is_object()) return c.err(K::kWrongType, "wire", "must be an object");
  for (auto m = wire->begin(); m != wire->end(); ++m) {
    std::string field = path_field("wire", m.key());
    auto cls = parse_outcome(m.key());
    if (!cls) return c.err(K::kUnknownClass, field, "unknown outcome class");
    WireAnswer w;
    if (auto e = read_wire_entry(c, m.value(), field, w)) return *e;
    p.wire[*cls] = std::move(w);
  }
  for (OutcomeClass cls : all_outcomes()) {
    if (!p.wire.count(cls)) {
      return c.err(K::kMissingClass, path_field("wire", to_string(cls)), "no wire answer for this class");
    }
  }

  // The token API's answers (SCOPING §11): required of a profile whose target has a token API.
  if (auto api = root.find("api_wire"); api != root.end()) {
    if (!api->is_object()) return c.err(K::kWrongType, "api_wire", "must be an object");
    for (auto m = api->begin(); m != api->end(); ++m) {
      std::string field = path_field("api_wire", m.key());
      auto cls = parse_api_outcome(m.key());
      if (!cls) return c.err(K::kUnknownClass, field, "unknown token-API outcome class");
      ApiWireAnswer w;
      if (auto e = read_api_wire_entry(c, m.value(), field, w)) return *e;
      p.api_wire[*cls] = std::move(w);
    }
  }
  if (p.features.token_api || !p.api_wire.empty())
    for (ApiOutcome cls : all_api_outcomes())
      if (!p.api_wire.count(cls))
        return c.err(K::kMissingClass, path_field("api_wire", to_string(cls)),
                     p.features.token_api ? "no wire answer for this token-API class (features.token_api is true)"
                                          : "no wire answer for this token-API class");

  if (auto devs = root.find("deviations"); devs != root.end()) {
    if (!devs->is_array()) return c.err(K::kWrongType, "deviations", "must be an array");
    for (std::size_t i = 0; i < devs->size(); ++i) {
      std::string base = path_index("deviations", i);
      const json& d = (*devs)[i];
      if (!d.is_object()) return c.err(K::kWrongType, base, "must be an object");
      Deviation dev;
      if (auto e = read_string_field(c, d, base, "rule", dev.rule, true)) return *e;
      if (!find_rule(dev.rule)) return c.err(K::kUnknownRule, path_field(base, "rule"), "unknown rule id " + dev.rule);
      std::string cls;
      if (auto e = read_string_field(c, d, base, "class", cls, false)) return *e;
      if (!cls.empty()) {
        dev.outcome = parse_outcome(cls);
        if (!dev.outcome) return c.err(K::kUnknownClass, path_field(base, "class"), "unknown outcome class");
      }
      if (auto e = read_string_field(c, d, base, "reason", dev.reason, true)) return *e;
      p.deviations.push_back(std::move(dev));
    }
  }
  return p;
}

Result<Profile, ProfileError> load_profile(const std::string& path) {
  auto text = read_text_file(path);
  if (!text) return ProfileError{K::kUnreadable, path, "", "cannot read file (" + text.error().message + ")"};
  return parse_profile(text.value(), path);
}

WireAnswer expected_wire(const Profile& profile, OutcomeClass c) {
  auto it = profile.wire.find(c);
  return it == profile.wire.end() ? WireAnswer{} : it->second;
}

ApiWireAnswer expected_api_wire(const Profile& profile, ApiOutcome c) {
  auto it = profile.api_wire.find(c);
  return it == profile.api_wire.end() ? ApiWireAnswer{} : it->second;
}

DecideOptions decide_options(const Profile& profile) {
  const ProfileFeatures& f = profile.features;
  DecideOptions o;
  o.existence_before_authorization = f.existence_before_authorization;
  o.ip_condition_in_authorization = f.ip_condition_in_authorization;
  o.inactive_as_unknown_key = f.inactive_as_unknown_key;
  o.bucket_group_on_bare_account_grants = f.bucket_group_on_bare_account_grants;
  o.streaming_supported = f.streaming;
  o.sigv2_supported = f.sigv2;
  o.max_skew_seconds = f.max_skew_seconds;
  o.accepted_regions = f.regions;
  return o;
}

std::string_view to_string(Strictness s) {
  switch (s) {
    case Strictness::kDecision: return "decision";
    case Strictness::kStatus: return "status";
    case Strictness::kExact: return "exact";
  }
  return "exact";
}

std::optional<Strictness> parse_strictness(std::string_view text) {
  if (text == "decision") return Strictness::kDecision;
  if (text == "status") return Strictness::kStatus;
  if (text == "exact") return Strictness::kExact;
  return std::nullopt;
}

std::string_view to_string(Verdict v) {
  switch (v) {
    case Verdict::kPass: return "pass";
    case Verdict::kViolation: return "violation";
    case Verdict::kUnknown: return "unknown";
  }
  return "unknown";
}

Verdict compare(const Profile& profile, OutcomeClass expected, const ActualAnswer& actual, Strictness strictness) {
  const WireAnswer w = expected_wire(profile, expected);
  const bool listed = std::find(w.statuses.begin(), w.statuses.end(), actual.status) != w.statuses.end();
  if (actual.status == 0 || ((actual.status == 500 || actual.status == 503) && !listed)) return Verdict::kUnknown;
  auto is_2xx = [](int s) { return s >= 200 && s < 300; };
  switch (strictness) {
    case Strictness::kDecision: {
      bool may_allow = std::any_of(w.statuses.begin(), w.statuses.end(), is_2xx);
      bool may_refuse = !std::all_of(w.statuses.begin(), w.statuses.end(), is_2xx);
      bool allowed = is_2xx(actual.status);
      return (allowed ? may_allow : may_refuse) ? Verdict::kPass : Verdict::kViolation;
    }
    case Strictness::kStatus:
      return listed ? Verdict::kPass : Verdict::kViolation;
    case Strictness::kExact:
      if (!listed) return Verdict::kViolation;
      if (w.codes.empty() || actual.head) return Verdict::kPass;
      return actual.code && std::find(w.codes.begin(), w.codes.end(), *actual.code) != w.codes.end() ? Verdict::kPass
                                                                                                     : Verdict::kViolation;
  }
  return Verdict::kViolation;
}

}  // namespace scopecheck::model
