// Tokens and policies (SCOPING §1) as plain values.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "harness/model/cidr.h"
#include "harness/model/resource_id.h"
#include "harness/model/timestamp.h"

namespace scopecheck::model {

enum class TokenStatus { kActive, kDisabled, kExpired };
enum class Effect { kAllow, kDeny };

std::string_view to_string(TokenStatus s);
std::string_view to_string(Effect e);

struct Policy {
  std::optional<std::string> id;  // server-made
  Effect effect = Effect::kAllow;
  // Kept sorted by (resource key, nested key), the order the JSON object has, so that a parsed
  // policy and the policy it was emitted from compare equal.
  std::vector<Resource> resources;
  std::vector<std::string> permission_groups;  // ids, in the order given

  friend bool operator==(const Policy&, const Policy&) = default;
};

// `condition.request_ip`. `in` absent: any IP; `in` empty: no IP (SC-TK-4).
struct IpCondition {
  std::optional<std::vector<Cidr>> in;
  std::optional<std::vector<Cidr>> not_in;

  friend bool operator==(const IpCondition&, const IpCondition&) = default;
};

struct Token {
  std::string id;                    // 32 lowercase hex: the S3 access key id
  std::optional<std::string> value;  // the secret; S3 secret = sha256hex(value)
  std::optional<std::string> name;
  TokenStatus status = TokenStatus::kActive;
  std::optional<Timestamp> not_before;
  std::optional<Timestamp> expires_on;
  std::vector<Policy> policies;
  std::optional<IpCondition> condition;

  friend bool operator==(const Token&, const Token&) = default;
};

// Sorts resources into the canonical order described on Policy::resources.
void sort_resources(std::vector<Resource>& resources);

}  // namespace scopecheck::model
