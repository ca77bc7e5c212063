#include "harness/model/explain.h"

#include <fmt/format.h>

namespace scopecheck::model {

std::string explain(const Request& req, const Decision& d, const Profile* profile) {
  std::string out;
  out += fmt::format("decision: {}\n", to_string(d.outcome));
  std::string rules;
  for (const std::string& r : d.rule_ids) rules += (rules.empty() ? "" : ", ") + r;
  out += fmt::format("rules: {}\n", rules.empty() ? "-" : rules);
  if (profile) {
    WireAnswer w = expected_wire(*profile, d.outcome);
    std::string statuses, codes;
    for (int s : w.statuses) statuses += (statuses.empty() ? "" : "|") + std::to_string(s);
    for (const auto& c : w.codes) codes += (codes.empty() ? "" : "|") + c;
    out += fmt::format("wire ({}): {}{}\n", profile->name, statuses, codes.empty() ? "" : " " + codes);
  }
  std::string what = std::string(to_string(req.operation));
  if (!req.bucket.empty()) what += " " + req.bucket;
  if (!req.key.empty()) what += "/" + req.key;
  if (!req.source_bucket.empty()) what += " from " + req.source_bucket + "/" + req.source_key;
  if (!req.upload_id.empty()) what += " upload " + req.upload_id;
  out += fmt::format("request: {} on account {} ({}) by {} [{} auth, {} secret, from {}]\n", what, req.account,
                     to_string(req.jurisdiction), req.access_key_id.empty() ? "-" : req.access_key_id,
                     to_string(req.auth), to_string(req.secret), format_ip(req.source_ip));
  out += "findings (precedence order):\n";
  if (d.findings.empty()) out += "  none\n";
  for (const Finding& f : d.findings) {
    out += fmt::format("  {:<24} {:<9} {}\n", to_string(f.outcome), f.rule, f.reason);
  }
  out += "requirements:\n";
  if (d.requirements.empty()) out += "  not evaluated (no token identified, or nothing to authorize)\n";
  for (const RequirementCheck& rc : d.requirements) {
    const Authorization& a = rc.authorization;
    out += fmt::format("  {} on {}: {}\n", to_string(rc.requirement.capability), describe(rc.target),
                       a.allowed ? "allowed" : (a.explicit_deny ? "denied by a deny policy" : "no grant (implicit deny)"));
    if (a.steps.empty()) out += "    no policy has a resource and a permission group\n";
    for (const GrantStep& s : a.steps) {
      out += fmt::format("    policy[{}] {} {} on {}: {} ({}: {})\n", s.policy_index, to_string(s.effect), s.group, s.resource,
                         s.matched ? "matched" : "skipped", s.rule, s.why);
    }
  }
  return out;
}

}  // namespace scopecheck::model
