// The token object of TOKEN-API.md as the emulator stores it, and its JSON codec with
// validation (field-path error messages: "policies[0].resources: ...").
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "emulator/clock.h"
#include "emulator/grants.h"
#include "emulator/ip_range.h"

namespace scopecheck::emulator {

struct StoredPolicy {
  std::string id;
  bool deny = false;
  nlohmann::json resources;  // as given (validated), echoed back
  std::vector<std::string> group_ids;
  std::vector<Resource> parsed;
};

struct IpCondition {
  std::optional<std::vector<IpRange>> in;  // absent = any IP; present and empty = no IP
  std::vector<IpRange> not_in;
};

// What a create or update body says.
struct TokenSpec {
  std::string name;
  std::vector<StoredPolicy> policies;  // ids not yet assigned
  std::optional<IpCondition> condition;
  std::optional<TimePoint> not_before, expires_on;
  std::optional<std::string> status;  // update only
};

struct TokenRecord {
  std::string id, value, name, status = "active";
  std::string owner;  // "user" or the owning account id
  TimePoint issued_on{}, modified_on{};
  std::optional<TimePoint> not_before, expires_on;
  std::vector<StoredPolicy> policies;
  std::optional<IpCondition> condition;
  bool bootstrap = false;
};

// Validates a create (allow_status=false) or update body. On failure returns nullopt and sets
// *error to one message naming the field path; never throws.
std::optional<TokenSpec> parse_token_spec(const nlohmann::json& body, bool allow_status, std::string* error);

// The API's view of a token: never the value (include_value only for create answers).
nlohmann::json token_to_json(const TokenRecord& t, bool include_value);

// Full record for the data directory, and back (nullopt on a damaged record).
nlohmann::json token_to_storage(const TokenRecord& t);
std::optional<TokenRecord> token_from_storage(const nlohmann::json& j);

}  // namespace scopecheck::emulator
