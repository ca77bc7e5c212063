#include "harness/scenario/rule_reach.h"

#include <fmt/format.h>

#include "harness/model/rules.h"

namespace scopecheck::scenario {

std::string why_not_judged(const std::string& rule, const GenOptions& gen, int64_t checks) {
  const std::string unreachable = "not reachable on this target: ";
  if ((rule == "SC-RES-1" || rule == "SC-RES-5") && !gen.api_steps)
    return unreachable + "decided when a token is created (the token API refuses it), never by an S3 answer, "
           "and no token-API call is judged here";
  if (rule.rfind("SC-API-", 0) == 0 && !gen.api_steps)
    return unreachable + "no token-API calls are judged (static, rgw and swift serve no token API; certify judges S3)";
  if ((rule == "SC-TK-5" || rule == "SC-TK-6") && !gen.token_api)
    return unreachable + "no token API, so no token is changed or rolled during a scenario";
  if ((rule == "SC-SIG-6" || rule == "SC-SIG-7") && !gen.presign) return unreachable + "no presigned URLs";
  if (rule == "SC-SIG-2" && !gen.sigv2_steps) return "not generated: SigV2 requests are off for this target";
  if (rule == "SC-SIG-12" && !gen.streaming) return "not generated: streaming uploads are off for this target";
  return fmt::format("not reached in the budget: none of the {} checks needed it (a longer --budget may)", checks);
}

std::vector<report::UnjudgedRule> unjudged_rules(const std::map<std::string, int64_t>& judged, const GenOptions& gen,
                                                 int64_t checks) {
  std::vector<report::UnjudgedRule> out;
  for (const auto& r : model::all_rules()) {
    const std::string id(r.id);
    if (!judged.count(id)) out.push_back({id, why_not_judged(id, gen, checks)});
  }
  return out;
}

}  // namespace scopecheck::scenario
