// The one error taxonomy of every parser in this folder. Parsers are total: any byte string
// gives a value or one of these, never an exception.
#pragma once

#include <optional>
#include <string_view>
#include <system_error>
#include <utility>
#include <variant>

namespace scopecheck::sigv4 {

enum class ParseError {
  empty_input = 1,        // nothing to parse
  bad_request_line,       // not "METHOD SP target SP HTTP/x.y"
  bad_header_line,        // a header line without ':' or with an empty / invalid name
  orphan_continuation,    // a folded (obs-fold) line before any header
  unsupported_algorithm,  // not AWS4-HMAC-SHA256
  missing_field,          // Credential, SignedHeaders or Signature (or a presign parameter) absent
  duplicate_field,        // a field or presign parameter given twice
  unknown_field,          // a field other than Credential, SignedHeaders, Signature
  bad_field_syntax,       // a field without '=' or with an empty value
  bad_credential,         // not AKID/YYYYMMDD/region/service/terminator
  bad_scope_date,         // scope date not YYYYMMDD or not a calendar date
  bad_signed_headers,     // empty list, empty name, or a name with characters outside a token
  bad_amz_date,           // not YYYYMMDDTHHMMSSZ or not a calendar time
  bad_expires,            // X-Amz-Expires is not an integer
  bad_percent_encoding,   // '%' not followed by two hex digits
};

// Stable id ("bad-credential") and one-line message for each error.
std::string_view parse_error_id(ParseError e);
std::string_view parse_error_message(ParseError e);

const std::error_category& parse_error_category();
std::error_code make_error_code(ParseError e);

// A parsed value or the error that stopped the parse.
template <class T>
class Parsed {
 public:
  Parsed(T value) : v_(std::move(value)) {}  // NOLINT: implicit by design, like expected
  Parsed(ParseError e) : v_(e) {}            // NOLINT
  bool ok() const { return std::holds_alternative<T>(v_); }
  explicit operator bool() const { return ok(); }
  const T& value() const& { return std::get<T>(v_); }
  T& value() & { return std::get<T>(v_); }
  T&& value() && { return std::get<T>(std::move(v_)); }
  const T& operator*() const& { return value(); }
  const T* operator->() const { return &value(); }
  // The error; only meaningful when !ok().
  ParseError error() const { return ok() ? ParseError::empty_input : std::get<ParseError>(v_); }

 private:
  std::variant<T, ParseError> v_;
};

}  // namespace scopecheck::sigv4

template <>
struct std::is_error_code_enum<scopecheck::sigv4::ParseError> : std::true_type {};
