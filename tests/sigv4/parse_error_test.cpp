#include "harness/sigv4/parse_error.h"

#include <gtest/gtest.h>

namespace scopecheck::sigv4 {
namespace {

// Ids and messages are stable: users grep for them.
TEST(ParseError, EveryIdAndMessageVerbatim) {
  const std::vector<std::tuple<ParseError, std::string_view, std::string_view>> expected = {
      {ParseError::empty_input, "empty-input", "the input is empty"},
      {ParseError::bad_request_line, "bad-request-line",
       "the request line is not 'METHOD target HTTP/x.y'"},
      {ParseError::bad_header_line, "bad-header-line",
       "a header line has no ':' or an invalid name"},
      {ParseError::orphan_continuation, "orphan-continuation",
       "a folded header line comes before any header"},
      {ParseError::unsupported_algorithm, "unsupported-algorithm",
       "the algorithm is not AWS4-HMAC-SHA256"},
      {ParseError::missing_field, "missing-field",
       "a required SigV4 field or parameter is missing"},
      {ParseError::duplicate_field, "duplicate-field", "a SigV4 field or parameter is given twice"},
      {ParseError::unknown_field, "unknown-field", "the Authorization header has an unknown field"},
      {ParseError::bad_field_syntax, "bad-field-syntax",
       "a SigV4 field is not 'Name=value' with a non-empty value"},
      {ParseError::bad_credential, "bad-credential",
       "the credential is not AKID/date/region/service/terminator"},
      {ParseError::bad_scope_date, "bad-scope-date",
       "the credential scope date is not a valid YYYYMMDD"},
      {ParseError::bad_signed_headers, "bad-signed-headers",
       "the signed headers list is empty or holds an invalid name"},
      {ParseError::bad_amz_date, "bad-amz-date", "the date is not a valid YYYYMMDDTHHMMSSZ"},
      {ParseError::bad_expires, "bad-expires", "X-Amz-Expires is not an integer"},
      {ParseError::bad_percent_encoding, "bad-percent-encoding",
       "a '%' is not followed by two hex digits"},
  };
  for (const auto& [e, id, message] : expected) {
    EXPECT_EQ(parse_error_id(e), id);
    EXPECT_EQ(parse_error_message(e), message);
    std::error_code ec = e;
    EXPECT_EQ(ec.message(), message);
    EXPECT_STREQ(ec.category().name(), "scopecheck.sigv4.parse");
  }
}

TEST(Parsed, HoldsAValueOrAnError) {
  Parsed<int> v = 3;
  EXPECT_TRUE(v.ok());
  EXPECT_EQ(*v, 3);
  Parsed<int> e = ParseError::bad_expires;
  EXPECT_FALSE(e);
  EXPECT_EQ(e.error(), ParseError::bad_expires);
}

}  // namespace
}  // namespace scopecheck::sigv4
