// The reference model's view of what the scenario generators make, without a target: a world as
// the model holds it before the first step, and an S3 step as the facts of the request it sends.
// Token ids and values are made up from the refs (a target assigns the real ones). For the
// model's property tests, which draw their worlds, tokens and requests from the one generator
// stack (generators.h) instead of a second one of their own.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "harness/model/request.h"
#include "harness/model/world.h"
#include "harness/plan/scenario.h"

namespace scopecheck::scenario {

// A 32-hex id that is a function of the ref ("t0", "t1", ...) alone.
std::string made_up_token_id(std::string_view ref);

// Accounts, buckets with their objects and tokens (with made-up ids and values) at `now`; no
// open uploads (a world's uploads come from its steps).
model::World model_world(const World& w, int64_t now);

// The facts of `s` as a correctly signed request by its token: the step's signature defect is
// not applied, except unknown-key (a key id no token has) — decide()'s properties are about
// grants, windows, conditions and state, not signatures. A multipart step names an upload of
// its own ("upload-of-step-N"), which model_world() does not hold.
model::Request model_request(const S3Step& s);

}  // namespace scopecheck::scenario
