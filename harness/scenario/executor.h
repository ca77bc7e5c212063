// Runs one scenario against a target and checks every response against the reference model
// through the target's profile. The model keeps its own copy of the world in step with the
// target: it is updated only by requests both sides agree succeeded.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "harness/model/profile.h"
#include "harness/scenario/checker.h"
#include "harness/scenario/exchange.h"
#include "harness/plan/scenario.h"
#include "harness/targets/target.h"

namespace scopecheck::scenario {

struct ExecOptions {
  model::Strictness strictness = model::Strictness::kExact;
  int retries = 4;  // extra attempts of a check whose answer was a transport failure or 500/503
  bool stop_at_violation = true;
  // The scenario's seed for the target (faults, ids, values: Target::seed_scenario); unset: a
  // hash of the scenario itself. The campaign gives each item its own; replay the case's.
  std::optional<uint64_t> scenario_seed;
  // No step starts, and no retry, after this instant (the run's budget): a stalled request costs
  // at most its timeout beyond it.
  std::optional<std::chrono::steady_clock::time_point> deadline;
  // Set from outside (SIGINT/SIGTERM): like the deadline, no step or retry starts once it is set.
  const std::atomic<bool>* interrupt = nullptr;
};

// One checked request.
struct CheckRecord {
  int step = 0;                              // index into Scenario::steps
  std::string request;                       // show(step)
  std::vector<model::OutcomeClass> expected;  // acceptable classes (several inside a propagation window)
  std::vector<std::string> rules;            // rule ids behind the first expected class
  std::string expected_wire;                 // e.g. "403 AccessDenied (access-denied)"
  int status = 0;                            // 0: no answer (transport failure)
  std::string code;                          // S3 <Code> of the answer
  std::string body_excerpt;                  // first bytes of the answer's body
  std::string transport_error;               // when status is 0
  model::Verdict verdict = model::Verdict::kPass;
  int attempts = 1;
  std::string operation;                     // S3 operation name
  // The request went as HEAD (HeadObject, HeadBucket, or a GET replayed as HEAD after signing):
  // its answer has no body, so only the status is compared.
  bool head = false;
  std::string why;                           // the model's reasons, one line
  // The request and answer bytes, for a check that failed or stayed unknown (null when it passed:
  // the passing path copies no bytes). Shared: check records are copied around.
  std::shared_ptr<const Exchange> exchange;
  bool api = false;  // a token-API call (SCOPING §11): expected is empty, expected_wire and rules say it
};

struct ExecResult {
  std::vector<CheckRecord> checks;
  int api_checks = 0;  // of checks, token-API calls judged
  int64_t retries = 0;
  int skipped = 0;  // steps that could not run (a change to a deleted token, …)
  std::optional<CheckRecord> violation;  // the first violation
  bool inconclusive = false;             // a check stayed unknown: the steps after it were not run
  std::string setup_error;               // the target could not be set up
  bool cut_short = false;                // the deadline came before the last step
};

// Runs `s` on `target`. Throws targets::TargetError(kUnreachable) when the target cannot be
// reached at all; other setup failures are returned in setup_error.
ExecResult execute(const Scenario& s, targets::Target& target, const model::Profile& profile,
                   const ExecOptions& options);


}  // namespace scopecheck::scenario
