// The rule ids of SCOPING.md, with a one-line gist each: decisions cite them, profiles'
// deviations name them, and a test walks SCOPING.md to keep this table complete.
#pragma once

#include <span>
#include <string_view>

namespace scopecheck::model {

struct Rule {
  std::string_view id;  // "SC-RES-2"
  std::string_view gist;
};

std::span<const Rule> all_rules();
// nullptr for an id that is not in the rule book.
const Rule* find_rule(std::string_view id);

}  // namespace scopecheck::model
