// The checker: the one place where an answer is compared with the reference model. Run, certify,
// replay and the differential fuzzer all come through here (the executor calls it for every
// request); nothing else compares answers.
//   expect(): from the model's world, the request's facts, the time, the profile and the
//             presented token's change history — the acceptable classes, the rules behind them
//             and the wire answers they mean;
//   observe(): what an HTTP answer says, as the model's terms (status, S3 Code);
//   judge():  from an expectation, an answer and a strictness — pass, violation or unknown.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "harness/http/message.h"
#include "harness/model/decide.h"
#include "harness/model/operation.h"
#include "harness/model/profile.h"
#include "harness/model/propagation.h"
#include "harness/model/world.h"

namespace scopecheck::scenario {

struct Expectation {
  std::vector<model::OutcomeClass> classes;  // acceptable (several inside a propagation window)
  std::vector<std::string> rules;            // the rules that decided the first class
  std::string wire;                          // "403 AccessDenied (access-denied)" or "… or …"
  std::string why;                           // the model's findings, one line
  bool ok_acceptable() const;
};

// `history` is the presented token's versions (empty: no known token presented); with a
// propagation `window` > 0 every outcome the old or new state would give inside the window is
// acceptable.
Expectation expect(const model::World& world, const model::Request& facts, int64_t now, const model::Profile& profile,
                   std::span<const model::TokenVersion> history, int64_t window);

// The answer in the model's terms: the status, the S3 Code of an error body. A DeleteObjects 200
// whose every entry is AccessDenied (AWS, RGW, Swift) is a refusal: 403 AccessDenied.
model::ActualAnswer observe(model::Operation op, bool head, const http::Response& response);
model::ActualAnswer no_answer(bool head);  // a transport failure

// Pass if any acceptable class passes; unknown if none passes and one is undecided (a transport
// failure, a 500/503 the profile does not list).
model::Verdict judge(const model::Profile& profile, const std::vector<model::OutcomeClass>& expected,
                     const model::ActualAnswer& actual, model::Strictness strictness);

// "403 AccessDenied (access-denied)" — the profile's answer for a class, for people.
std::string describe_expected(const model::Profile& profile, model::OutcomeClass c);

}  // namespace scopecheck::scenario
