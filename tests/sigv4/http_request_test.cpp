#include "harness/sigv4/http_request.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

namespace scopecheck::sigv4 {
namespace {

TEST(ParseRawRequest, SuiteFormatWithoutTrailingNewline) {
  auto r = parse_raw_request(
      "GET /?Param1=value1 HTTP/1.1\nHost:example.amazonaws.com\nX-Amz-Date:20150830T123600Z");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->method, "GET");
  EXPECT_EQ(r->target, "/?Param1=value1");
  EXPECT_EQ(r->path(), "/");
  EXPECT_EQ(r->query(), "Param1=value1");
  ASSERT_EQ(r->headers.size(), 2u);
  EXPECT_EQ(r->headers[1].first, "X-Amz-Date");
  EXPECT_EQ(r->header("x-amz-date"), "20150830T123600Z");
  EXPECT_TRUE(r->body.empty());
}

TEST(ParseRawRequest, TargetWithSpacesAndABody) {
  auto r = parse_raw_request("POST /example space/ HTTP/1.1\r\nHost:h\r\n\r\nParam1=value1");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->target, "/example space/");
  EXPECT_EQ(r->body, "Param1=value1");
}

TEST(ParseRawRequest, FoldedHeadersFollowTheChosenRule) {
  std::string text = "GET / HTTP/1.1\nMy-Header1:value1\n  value2\n     value3\nHost:h";
  auto joined = parse_raw_request(text, FoldRule::join);
  ASSERT_TRUE(joined.ok());
  EXPECT_EQ(joined->header_values("my-header1").size(), 1u);
  auto separate = parse_raw_request(text, FoldRule::separate_values);
  ASSERT_TRUE(separate.ok());
  EXPECT_EQ(separate->header_values("my-header1"),
            (std::vector<std::string_view>{"value1", "value2", "value3"}));
}

TEST(ParseRawRequest, TypedErrors) {
  EXPECT_EQ(parse_raw_request("").error(), ParseError::empty_input);
  EXPECT_EQ(parse_raw_request("GET /").error(), ParseError::bad_request_line);
  EXPECT_EQ(parse_raw_request("GET / FTP/1.0").error(), ParseError::bad_request_line);
  EXPECT_EQ(parse_raw_request("G@T / HTTP/1.1").error(), ParseError::bad_request_line);
  EXPECT_EQ(parse_raw_request("GET / HTTP/1.1\nno colon").error(), ParseError::bad_header_line);
  EXPECT_EQ(parse_raw_request("GET / HTTP/1.1\nBad Name:x").error(), ParseError::bad_header_line);
  EXPECT_EQ(parse_raw_request("GET / HTTP/1.1\n folded:x").error(),
            ParseError::orphan_continuation);
}

TEST(HttpRequest, HeaderEditing) {
  HttpRequest r{"GET", "/", {{"A", "1"}, {"b", "2"}, {"a", "3"}}, ""};
  EXPECT_EQ(r.header_values("A"), (std::vector<std::string_view>{"1", "3"}));
  r.set_header("a", "9");
  EXPECT_EQ(r.headers, (std::vector<std::pair<std::string, std::string>>{{"A", "9"}, {"b", "2"}}));
  r.remove_header("B");
  EXPECT_EQ(r.headers.size(), 1u);
  EXPECT_FALSE(r.header("b"));
}

// Header names are tokens, values printable without surrounding whitespace.
rc::Gen<HttpRequest> gen_request() {
  auto token = rc::gen::nonEmpty(
      rc::gen::container<std::string>(rc::gen::elementOf(std::string("abcXYZ09-_.!~"))));
  auto value = rc::gen::map(rc::gen::container<std::string>(rc::gen::inRange<char>(0x20, 0x7f)),
                            [](std::string v) {
                              while (!v.empty() && v.front() == ' ') v.erase(v.begin());
                              while (!v.empty() && v.back() == ' ') v.pop_back();
                              return v;
                            });
  auto target = rc::gen::map(rc::gen::container<std::string>(rc::gen::inRange<char>(0x21, 0x7f)),
                             [](std::string t) { return "/" + t; });
  return rc::gen::build<HttpRequest>(
      rc::gen::set(&HttpRequest::method, token), rc::gen::set(&HttpRequest::target, target),
      rc::gen::set(&HttpRequest::headers,
                   rc::gen::container<std::vector<std::pair<std::string, std::string>>>(
                       rc::gen::pair(token, value))),
      rc::gen::set(&HttpRequest::body, rc::gen::arbitrary<std::string>()));
}

RC_GTEST_PROP(HttpRequestProperty, ToRawThenParseGivesTheRequestBack, ()) {
  HttpRequest r = *gen_request();
  auto back = parse_raw_request(to_raw(r));
  RC_ASSERT(back.ok());
  RC_ASSERT(*back == r);
}

RC_GTEST_PROP(HttpRequestProperty, ParserIsTotal, (const std::string& text)) {
  auto r = parse_raw_request(text);
  if (r.ok()) {
    auto again = parse_raw_request(to_raw(*r));
    RC_ASSERT(again.ok());
  }
}

}  // namespace
}  // namespace scopecheck::sigv4
