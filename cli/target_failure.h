// One mapping from a target's failure to an exit code, for every command (README, "Exit codes"):
// a target that cannot be reached is 3 (try again later); a target that refuses what it was
// given (credentials, an account, an option it does not support) is 2 (fix the input). The same
// 401 from the token API is thus 2 in run, replay, certify and cleanup alike.
#pragma once

#include <string>

#include "cli/command.h"
#include "harness/targets/target.h"

namespace scopecheck::cli {

inline ExitCode exit_code_of(const targets::TargetError& e) {
  return e.kind() == targets::TargetError::Kind::kUnreachable ? kExitInconclusive : kExitUsage;
}

// Failure("<context>: <what>") with that code.
inline Failure target_failure(const targets::TargetError& e, const std::string& context) {
  return Failure(exit_code_of(e), context + ": " + e.what());
}

}  // namespace scopecheck::cli
