// SC-TK-6: token changes take effect within the target's propagation window. Given a token's
// versions (each with the time it was made) the model answers which classes are acceptable at
// `now`: inside a change's window the outcome under the old state or the new one; after it, only
// the new.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "harness/model/decide.h"

namespace scopecheck::model {

struct TokenVersion {
  Timestamp made_at;
  std::optional<Token> token;  // nullopt: the token does not exist (deleted) from made_at on
};

// The token states a target may still be acting on at `now`: the last version whose window has
// passed (made_at + window ≤ now; before the first version the token does not exist) and every
// version made within the window (made_at ≤ now < made_at + window). Versions made after `now`
// are ignored. `history` must be sorted by made_at.
std::vector<std::optional<Token>> candidate_states(std::span<const TokenVersion> history, Timestamp now,
                                                   std::int64_t window_seconds);

// The distinct classes decide() gives with the world's copy of token `token_id` replaced by each
// candidate state (removed when nullopt), with what the rule book leaves open in each state
// (Decision::also_acceptable), in precedence order.
std::vector<OutcomeClass> acceptable_outcomes(const World& world, const std::string& token_id,
                                              std::span<const TokenVersion> history, const Request& request,
                                              Timestamp now, std::int64_t window_seconds,
                                              const DecideOptions& options = {});

}  // namespace scopecheck::model
