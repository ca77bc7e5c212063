// A rule id with its one-line gist from the model's rule table (harness/model/rules.h), so a
// report reader need not open SCOPING.md to know what "SC-RES-2" means.
#pragma once

#include <string>
#include <string_view>

namespace scopecheck::report {

// The gist of a rule id, or "" for an id the rule table does not know ("(none)").
std::string_view rule_gist(std::string_view id);
// "SC-RES-2 (bucket resources match exactly on account, jurisdiction and name)", or the id alone.
std::string rule_with_gist(std::string_view id);

}  // namespace scopecheck::report
