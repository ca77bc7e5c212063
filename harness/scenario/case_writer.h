// Saving a case: the one writer (atomic: a reader never sees half a case) and the one replay
// command, which carries everything the case does not (the strictness is in the case, and
// replay reads it from there; injected bugs are a property of the target, so they are flags).
#pragma once

#include <string>
#include <vector>

#include "harness/scenario/case_file.h"

namespace scopecheck::scenario {

// Writes `c` to `path` (parent folders created) through a temporary file renamed over it.
// Throws report::ReportError naming the path and the OS reason.
void write_case_file(const CaseFile& c, const std::string& path);

// "scopecheck replay cases/<id>.json --strictness exact [--inject bug]… [extra]" for a case at
// `path` (as given: relative to the report's folder when the caller passes it so).
std::string replay_command(const std::string& path, const CaseFile& c, const std::vector<std::string>& injected_bugs,
                           const std::string& extra_options = "");

}  // namespace scopecheck::scenario
