// The one error type of the report library: a stable code, where it happened (file, field path),
// and a detail. Users grep for the messages, so each code's message never changes.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>

namespace scopecheck::report {

enum class Errc {
  kNotJson = 1,
  kMissingField,
  kWrongType,
  kBadValue,
  kUnsupportedFormat,
  kReadFailed,
  kWriteFailed,
  kNothingToMerge,
  kProfileMismatch,
  kTargetMismatch,
  kStrictnessMismatch,
  kInjectedBugsMismatch,
  kDuplicateShard,
  kDuplicateEntry,
};

// The stable message of a code, e.g. "field has the wrong type". Never empty.
std::string_view message(Errc code);

const std::error_category& report_category();
std::error_code make_error_code(Errc code);

// Thrown by every function of the library that can fail. what() is one line:
//   "<where>: <message>" or "<where>: <message> (<detail>)"; `where` is a file and/or field
// path ("shard-2/result.json: grid[\"SC-RES-2\"][\"GetObject\"].pass"), omitted when empty.
class ReportError : public std::runtime_error {
 public:
  ReportError(Errc code, std::string where, std::string detail = "");

  Errc code() const { return code_; }
  const std::string& where() const { return where_; }
  const std::string& detail() const { return detail_; }

  // The same error with `prefix` (usually a file name) put in front of `where`.
  ReportError in(std::string_view prefix) const;

 private:
  Errc code_;
  std::string where_;
  std::string detail_;
};

}  // namespace scopecheck::report

template <>
struct std::is_error_code_enum<scopecheck::report::Errc> : std::true_type {};
