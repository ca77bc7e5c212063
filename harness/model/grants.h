// SCOPING §5 grants and SC-GR-3 combination: which capabilities a permission group on a
// resource gives toward one target, and whether a token's policies allow a capability.
#pragma once

#include <string>
#include <vector>

#include "harness/model/decide_options.h"
#include "harness/model/ids.h"
#include "harness/model/operation.h"
#include "harness/model/permission_groups.h"
#include "harness/model/resource_id.h"
#include "harness/model/token.h"

namespace scopecheck::model {

// What a capability is asked on: the endpoint's account, or one bucket.
struct AuthTarget {
  bool is_account = false;
  std::string account;  // the account (for a bucket: its account)
  BucketRef bucket;     // when !is_account

  static AuthTarget of_account(std::string acct) { return {true, std::move(acct), {}}; }
  static AuthTarget of_bucket(BucketRef b) { return {false, b.account, b}; }
};

std::string describe(const AuthTarget& t);

// What one (group, resource) pair gives toward the target, and why, citing a rule id.
struct GroupGrant {
  std::vector<Capability> capabilities;
  std::string rule;  // the rule that decided it ("SC-RES-3", "SC-RES-2", "SC-GR-2", …)
  std::string why;   // one line for `model explain`
};

// Straight transcription of SC-RES-2/3/4, SC-GR-1/2 and the §5 table.
GroupGrant group_grant(const PermissionGroup& group, const Resource& resource, const AuthTarget& target,
                       const DecideOptions& options);

// One considered (policy, resource, group) triple.
struct GrantStep {
  std::size_t policy_index;
  Effect effect;
  std::string resource;  // describe(resource)
  std::string group;     // group name (or id when unknown)
  bool matched;          // the triple gives the needed capability
  std::string rule;
  std::string why;
};

struct Authorization {
  bool allowed = false;
  bool explicit_deny = false;
  std::vector<GrantStep> steps;  // every triple, in policy order
  std::vector<std::string> rules;  // rule ids behind the verdict
};

// SC-GR-3: a deny policy whose groups would grant the capability on its resources denies;
// otherwise any allow that grants it allows; otherwise implicit deny. Order-independent.
Authorization authorize(const Token& token, Capability capability, const AuthTarget& target,
                        const DecideOptions& options);

}  // namespace scopecheck::model
