// Instants as whole seconds since the Unix epoch (UTC), and their RFC 3339 text form.
// The model never reads a clock: every instant is passed in (`now`, token windows, x-amz-date).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "harness/model/result.h"

namespace scopecheck::model {

using Timestamp = std::int64_t;

enum class TimestampError { kSyntax, kRange };

// Stable, user-visible messages (tested verbatim).
std::string_view message(TimestampError e);

// Parses "YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)". The fraction is truncated (the rules work in
// whole seconds); an offset is folded into UTC. Errors: kSyntax for any other shape, kRange for a
// field out of range (month 13, second 61, year outside 1970–9999 after folding).
Result<Timestamp, TimestampError> parse_rfc3339(std::string_view text);

// "YYYY-MM-DDTHH:MM:SSZ".
std::string format_rfc3339(Timestamp t);

// "YYYYMMDDTHHMMSSZ", the x-amz-date form; parse_amz_date accepts only that form.
std::string format_amz_date(Timestamp t);
Result<Timestamp, TimestampError> parse_amz_date(std::string_view text);

}  // namespace scopecheck::model
