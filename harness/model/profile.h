// Target profiles (scenarios/profiles/*.json): how a target answers each outcome class on the
// wire, which optional features it has, and its documented deviations. A target's deviations
// are data here, never code paths (ARCHITECTURE invariant 2).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "harness/model/decide_options.h"
#include "harness/model/outcome.h"
#include "harness/model/result.h"
#include "harness/model/token_api.h"

namespace scopecheck::model {

// Acceptable answers for one class: any of `statuses`, and (at exact strictness) any of `codes`.
// Empty `codes`: no S3 Code is compared (success, or a target that answers without S3 XML).
struct WireAnswer {
  std::vector<int> statuses;
  std::vector<std::string> codes;

  friend bool operator==(const WireAnswer&, const WireAnswer&) = default;
};

// A token-API answer (SCOPING §11): any of `statuses`, and (at exact strictness) an error code
// among `codes` (empty: none compared).
struct ApiWireAnswer {
  std::vector<int> statuses;
  std::vector<int> codes;

  friend bool operator==(const ApiWireAnswer&, const ApiWireAnswer&) = default;
};

struct ProfileFeatures {
  bool streaming = false;
  bool sigv2 = false;
  bool presign = true;
  bool jurisdictions = false;
  bool token_api = false;
  std::int64_t propagation_window_seconds = 0;
  bool existence_before_authorization = false;
  bool ip_condition_in_authorization = false;  // optional in the file (default false)
  std::int64_t max_skew_seconds = 900;
  bool inactive_as_unknown_key = false;
  bool bucket_group_on_bare_account_grants = false;
  std::optional<std::vector<std::string>> regions;  // null in the file: any region
  // What answers that reveal state (listings, object bytes) are held to (optional in the file):
  // kCompared — exactly the model's state, listings in S3's key order with their pages;
  // kUnordered — the same entries, in any order; kNotCompared — only status and code.
  enum class StateAnswers { kCompared, kUnordered, kNotCompared };
  StateAnswers state_answers = StateAnswers::kCompared;
};

struct Deviation {
  std::string rule;                     // a rule id of SCOPING.md
  std::optional<OutcomeClass> outcome;  // the class it concerns, if one
  std::string reason;
};

struct Profile {
  std::string name;
  std::string description;
  ProfileFeatures features;
  std::map<OutcomeClass, WireAnswer> wire;  // every class
  std::map<ApiOutcome, ApiWireAnswer> api_wire;  // every token-API class when features.token_api
  std::vector<Deviation> deviations;
};

enum class ProfileErrorKind {
  kUnreadable,
  kNotJson,
  kMissingField,
  kWrongType,
  kUnknownField,
  kUnknownClass,
  kMissingClass,
  kBadStatus,
  kUnknownRule,
};

// Stable label per kind (tested verbatim).
std::string_view message(ProfileErrorKind kind);

struct ProfileError {
  ProfileErrorKind kind;
  std::string file;
  std::string field;  // e.g. `wire["access-denied"].status`; empty for the whole file
  std::string detail;

  // "<file>: <field>: <detail>" (the field part is left out when empty).
  std::string message() const;
};

// Parses a profile. Required: name, features (every member, no unknown ones), wire (an entry for
// every class of outcome.h, each with status: int or [int] in 100..599, and optional code: string
// or codes: [string]); with features.token_api, api_wire (an entry for every class of
// token_api.h, status as in wire, optional code: int or codes: [int]); optional: description, deviations ([{rule, class?, reason}], rule must be
// a SCOPING.md rule id). `file` only labels errors.
Result<Profile, ProfileError> parse_profile(std::string_view text, const std::string& file);
// Reads and parses a file; kUnreadable when it cannot be read.
Result<Profile, ProfileError> load_profile(const std::string& path);

// The profile's answer for a class.
WireAnswer expected_wire(const Profile& profile, OutcomeClass c);
ApiWireAnswer expected_api_wire(const Profile& profile, ApiOutcome c);

// The DecideOptions a target with this profile calls for.
DecideOptions decide_options(const Profile& profile);

enum class Strictness { kDecision, kStatus, kExact };
enum class Verdict { kPass, kViolation, kUnknown };

std::string_view to_string(Strictness s);
std::optional<Strictness> parse_strictness(std::string_view text);
std::string_view to_string(Verdict v);

struct ActualAnswer {
  int status = 0;                   // 0: transport failure (no HTTP answer)
  std::optional<std::string> code;  // S3 <Code>, when the body had one
  bool head = false;                // HEAD: no body, only the status is compared
};

// SCOPING §10. kUnknown for a transport failure (status 0) or a 500/503 the profile does not list
// for the class; otherwise kPass or kViolation at the given strictness:
//   decision: refused vs allowed (2xx) agrees with some listed status;
//   status:   the status is listed;
//   exact:    status listed and, unless codes is empty or the request was HEAD, the code listed.
Verdict compare(const Profile& profile, OutcomeClass expected, const ActualAnswer& actual, Strictness strictness);

}  // namespace scopecheck::model
