// Parsing of --budget style durations ("60s", "5m", "1h", a bare number of seconds), shared by
// every command that takes one.
#pragma once

#include <chrono>
#include <string>

namespace scopecheck::cli {

// Throws Failure(kExitUsage) naming `flag` for anything else, and for 0 unless allow_zero.
std::chrono::seconds parse_duration(const std::string& text, const std::string& flag, bool allow_zero);

}  // namespace scopecheck::cli
