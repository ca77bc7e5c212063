// Why a rule of SCOPING.md was judged by no check of a run: the target cannot express it, the
// generators do not make what reaches it, or the budget ended first. Coverage is measured from
// the checks a run judged (RunResult::judged_rules); this only explains the gaps.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "harness/report/run_result.h"
#include "harness/scenario/generators.h"

namespace scopecheck::scenario {

// "not reachable on this target: …", "not generated: …" or "not reached in the budget: …".
std::string why_not_judged(const std::string& rule, const GenOptions& gen, int64_t checks);

// Every rule of the rule book missing from `judged`, in the rule book's order, with its reason.
std::vector<report::UnjudgedRule> unjudged_rules(const std::map<std::string, int64_t>& judged, const GenOptions& gen,
                                                 int64_t checks);

}  // namespace scopecheck::scenario
