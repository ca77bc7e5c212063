#include "harness/model/propagation.h"

#include <algorithm>

namespace scopecheck::model {

std::vector<std::optional<Token>> candidate_states(std::span<const TokenVersion> history, Timestamp now,
                                                   std::int64_t window_seconds) {
  std::optional<Token> settled;  // before any version: absent
  std::vector<std::optional<Token>> in_window;
  for (const TokenVersion& v : history) {
    if (v.made_at > now) break;
    if (v.made_at + window_seconds <= now) {
      settled = v.token;
      in_window.clear();  // an older in-window version cannot be newer than a settled one
    } else {
      in_window.push_back(v.token);
    }
  }
  std::vector<std::optional<Token>> out{settled};
  for (auto& t : in_window) {
    if (std::find(out.begin(), out.end(), t) == out.end()) out.push_back(std::move(t));
  }
  return out;
}

std::vector<OutcomeClass> acceptable_outcomes(const World& world, const std::string& token_id,
                                              std::span<const TokenVersion> history, const Request& request,
                                              Timestamp now, std::int64_t window_seconds,
                                              const DecideOptions& options) {
  std::vector<OutcomeClass> out;
  for (const std::optional<Token>& state : candidate_states(history, now, window_seconds)) {
    World w = world;
    std::erase_if(w.tokens, [&](const Token& t) { return t.id == token_id; });
    if (state) w.tokens.push_back(*state);
    const Decision d = decide(w, request, now, options);
    // Each state's outcome, and what the rule book leaves open in that state (SCOPING §8).
    for (OutcomeClass c : d.also_acceptable)
      if (std::find(out.begin(), out.end(), c) == out.end()) out.push_back(c);
    if (std::find(out.begin(), out.end(), d.outcome) == out.end()) out.push_back(d.outcome);
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace scopecheck::model
