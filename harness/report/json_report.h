// result.json: the machine-readable form of a RunResult, the input of `scopecheck report merge`
// and `report render`. to_json / run_result_from_json are declared in run_result.h.
#pragma once

#include <string>
#include <string_view>

#include "harness/report/run_result.h"

namespace scopecheck::report {

// Written as the "format" field; a reader refuses any other value (kUnsupportedFormat), so a
// future incompatible layout fails loudly instead of being half-read.
inline constexpr std::string_view kResultFormat = "scopecheck-result/1";

// Parses result.json text. Throws ReportError: kNotJson (with the byte offset) or a field error
// (kMissingField, kWrongType, kBadValue, kUnsupportedFormat) naming the field path.
RunResult parse_result(std::string_view text);

// Reads and parses a result file; every error's where() starts with `path`.
RunResult read_result_file(const std::string& path);

// Writes to_json(r) to `path` (pretty-printed, atomic). Throws ReportError kWriteFailed.
void write_json(const RunResult& r, const std::string& path);

}  // namespace scopecheck::report
