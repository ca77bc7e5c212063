#include "harness/report/rule_text.h"

#include "harness/model/rules.h"

namespace scopecheck::report {

std::string_view rule_gist(std::string_view id) {
  const model::Rule* r = model::find_rule(id);
  return r ? r->gist : std::string_view();
}

std::string rule_with_gist(std::string_view id) {
  const auto gist = rule_gist(id);
  return gist.empty() ? std::string(id) : std::string(id) + " (" + std::string(gist) + ")";
}

}  // namespace scopecheck::report
