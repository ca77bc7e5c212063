// x-amz-date (YYYYMMDDTHHMMSSZ) and credential-scope dates (YYYYMMDD).
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "harness/sigv4/parse_error.h"

namespace scopecheck::sigv4 {

// Parses exactly "YYYYMMDDTHHMMSSZ" (UTC) with calendar validation (no leap second).
// Error: bad_amz_date.
Parsed<std::chrono::sys_seconds> parse_amz_date(std::string_view text);
// Formats as "YYYYMMDDTHHMMSSZ"; inverse of parse_amz_date for years 0..9999.
std::string format_amz_date(std::chrono::sys_seconds t);

// Parses exactly "YYYYMMDD". Error: bad_scope_date.
Parsed<std::chrono::sys_days> parse_scope_date(std::string_view text);
// "YYYYMMDD" of the day containing t.
std::string format_scope_date(std::chrono::sys_seconds t);

}  // namespace scopecheck::sigv4
