// decide(world, request, now): the outcome class of one request and the rule ids behind it,
// following the precedence of SCOPING §8.
#pragma once

#include <string>
#include <vector>

#include "harness/model/decide_options.h"
#include "harness/model/grants.h"
#include "harness/model/outcome.h"
#include "harness/model/request.h"
#include "harness/model/world.h"

namespace scopecheck::model {

// One broken rule: the class it leads to, its id, and a one-line reason.
struct Finding {
  OutcomeClass outcome;
  std::string rule;
  std::string reason;
};

// Authorization of one requirement (SCOPING §4), for `model explain`.
struct RequirementCheck {
  Requirement requirement;
  AuthTarget target;
  Authorization authorization;
};

struct Decision {
  OutcomeClass outcome = OutcomeClass::kOk;
  std::vector<std::string> rule_ids;         // the rules that produced `outcome` (distinct, in order)
  std::vector<Finding> findings;             // every broken rule, in precedence order (first = outcome)
  std::vector<RequirementCheck> requirements;  // empty when no token was identified
  // Answers the rule book leaves open beside `outcome` (SCOPING §8: DeleteBucket of a bucket whose
  // only content is in-progress multipart uploads may succeed or answer bucket-not-empty).
  std::vector<OutcomeClass> also_acceptable;
};

// Pure: reads nothing but its arguments. Every class of SCOPING §9 (plus ok) can come out;
// kUnsupported operations give access-denied citing SC-OP-2 (the rule book has no class for
// operations outside the catalogue). Never throws.
Decision decide(const World& world, const Request& request, Timestamp now, const DecideOptions& options = {});

}  // namespace scopecheck::model
