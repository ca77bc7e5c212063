// Case files: a scenario (world, tokens, steps) plus what was expected and seen, self-contained
// so `scopecheck replay` re-runs it on any target. Written by the runner after shrinking, and by
// hand: every field but the world's buckets, its tokens' policies and the steps' operations has a
// default. Schema: scenarios/case.schema.json.
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

#include "harness/scenario/exchange.h"
#include "harness/scenario/executor.h"
#include "harness/plan/scenario.h"

namespace scopecheck::scenario {

// An answer a hand-written case asserts for one step, beyond the model's verdict.
struct StepExpectation {
  int step = 0;
  std::optional<int> status;
  std::optional<std::string> code;
};

struct CaseFile {
  std::string format = "scopecheck-case/1";
  std::string title;        // one line: what this case shows
  std::string description;  // free text
  Scenario scenario;
  std::vector<StepExpectation> expectations;  // hand-written cases
  // Provenance (written by the runner).
  std::string harness_version;
  uint64_t seed = 0;
  std::string profile = "r2";
  std::string target_kind;
  std::vector<std::string> injected_bugs;
  std::string strictness = "exact";
  std::optional<CheckRecord> violation;  // the failing check when the case was saved
  // The request and answer bytes of every checked step that failed or stayed unknown when the
  // case was saved (its last execution), in step order.
  std::vector<Exchange> exchanges;
};

// Typed error naming the field: "steps[3].op: unknown operation \"GetObjekt\"".
struct CaseError {
  std::string field;
  std::string detail;
  std::string message() const { return field.empty() ? detail : field + ": " + detail; }
};

// Parses a case file's text. Never throws.
std::variant<CaseFile, CaseError> parse_case(std::string_view text);
nlohmann::json emit_case(const CaseFile& c);

// Stable id of a case's scenario (the hash of its world and steps): shards that shrink to the
// same case give the same id.
std::string case_id(const Scenario& s);

}  // namespace scopecheck::scenario
