// What each seeded bug of the emulator breaks: the rule it violates and one line on the bug, for
// `scopecheck mutants --list`. Names are the emulator's (emulator/bugs.h); a test keeps the two
// lists equal.
#pragma once

#include <span>
#include <string_view>

namespace scopecheck::cli {

struct MutantInfo {
  std::string_view name;  // "bucket-prefix-match"
  std::string_view rule;  // "SC-RES-2"
  std::string_view bug;   // one line
};

std::span<const MutantInfo> mutant_catalogue();

}  // namespace scopecheck::cli
