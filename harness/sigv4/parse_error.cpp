#include "harness/sigv4/parse_error.h"

#include <string>

namespace scopecheck::sigv4 {

std::string_view parse_error_id(ParseError e) {
  switch (e) {
    case ParseError::empty_input:
      return "empty-input";
    case ParseError::bad_request_line:
      return "bad-request-line";
    case ParseError::bad_header_line:
      return "bad-header-line";
    case ParseError::orphan_continuation:
      return "orphan-continuation";
    case ParseError::unsupported_algorithm:
      return "unsupported-algorithm";
    case ParseError::missing_field:
      return "missing-field";
    case ParseError::duplicate_field:
      return "duplicate-field";
    case ParseError::unknown_field:
      return "unknown-field";
    case ParseError::bad_field_syntax:
      return "bad-field-syntax";
    case ParseError::bad_credential:
      return "bad-credential";
    case ParseError::bad_scope_date:
      return "bad-scope-date";
    case ParseError::bad_signed_headers:
      return "bad-signed-headers";
    case ParseError::bad_amz_date:
      return "bad-amz-date";
    case ParseError::bad_expires:
      return "bad-expires";
    case ParseError::bad_percent_encoding:
      return "bad-percent-encoding";
  }
  return "unknown-parse-error";
}

std::string_view parse_error_message(ParseError e) {
  switch (e) {
    case ParseError::empty_input:
      return "the input is empty";
    case ParseError::bad_request_line:
      return "the request line is not 'METHOD target HTTP/x.y'";
    case ParseError::bad_header_line:
      return "a header line has no ':' or an invalid name";
    case ParseError::orphan_continuation:
      return "a folded header line comes before any header";
    case ParseError::unsupported_algorithm:
      return "the algorithm is not AWS4-HMAC-SHA256";
    case ParseError::missing_field:
      return "a required SigV4 field or parameter is missing";
    case ParseError::duplicate_field:
      return "a SigV4 field or parameter is given twice";
    case ParseError::unknown_field:
      return "the Authorization header has an unknown field";
    case ParseError::bad_field_syntax:
      return "a SigV4 field is not 'Name=value' with a non-empty value";
    case ParseError::bad_credential:
      return "the credential is not AKID/date/region/service/terminator";
    case ParseError::bad_scope_date:
      return "the credential scope date is not a valid YYYYMMDD";
    case ParseError::bad_signed_headers:
      return "the signed headers list is empty or holds an invalid name";
    case ParseError::bad_amz_date:
      return "the date is not a valid YYYYMMDDTHHMMSSZ";
    case ParseError::bad_expires:
      return "X-Amz-Expires is not an integer";
    case ParseError::bad_percent_encoding:
      return "a '%' is not followed by two hex digits";
  }
  return "unknown parse error";
}

namespace {
class ParseErrorCategory : public std::error_category {
 public:
  const char* name() const noexcept override { return "scopecheck.sigv4.parse"; }
  std::string message(int v) const override {
    return std::string(parse_error_message(static_cast<ParseError>(v)));
  }
};
}  // namespace

const std::error_category& parse_error_category() {
  static const ParseErrorCategory category;
  return category;
}

std::error_code make_error_code(ParseError e) {
  return {static_cast<int>(e), parse_error_category()};
}

}  // namespace scopecheck::sigv4
