#include "harness/http/url.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

namespace scopecheck::http {
namespace {

TEST(ParseUrl, AcceptsR2AndLoopbackEndpoints) {
  auto r2 = parse_url("https://ACCT.r2.cloudflarestorage.com");
  ASSERT_TRUE(r2.ok());
  EXPECT_EQ(*r2, (Endpoint{"https", "acct.r2.cloudflarestorage.com", 443}));
  EXPECT_EQ(r2->authority(), "acct.r2.cloudflarestorage.com");
  EXPECT_EQ(r2->host_port(), "acct.r2.cloudflarestorage.com:443");

  auto loop = parse_url("HTTP://127.0.0.1:9000/");
  ASSERT_TRUE(loop.ok());
  EXPECT_EQ(*loop, (Endpoint{"http", "127.0.0.1", 9000}));
  EXPECT_EQ(loop->authority(), "127.0.0.1:9000");
  EXPECT_EQ(loop->to_string(), "http://127.0.0.1:9000");

  auto v6 = parse_url("http://[::1]:8080");
  ASSERT_TRUE(v6.ok());
  EXPECT_EQ(v6->host, "::1");
  EXPECT_EQ(v6->authority(), "[::1]:8080");
  EXPECT_EQ(parse_url("http://[::1]")->authority(), "[::1]");
}

TEST(ParseUrl, RejectsEachMalformedPartWithItsCode) {
  const std::pair<std::string_view, UrlErrc> cases[] = {
      {"", UrlErrc::empty},
      {"127.0.0.1:9000", UrlErrc::bad_scheme},
      {"ftp://host", UrlErrc::bad_scheme},
      {"http://user:pw@host", UrlErrc::has_userinfo},
      {"http://", UrlErrc::bad_host},
      {"http://:80", UrlErrc::bad_host},
      {"http://ho st", UrlErrc::bad_host},
      {"http://[::1", UrlErrc::bad_host},
      {"http://[zz]:80", UrlErrc::bad_host},
      {"http://[::1]x", UrlErrc::bad_host},
      {"http://host:0", UrlErrc::bad_port},
      {"http://host:65536", UrlErrc::bad_port},
      {"http://host:", UrlErrc::bad_port},
      {"http://host:8a", UrlErrc::bad_port},
      {"http://host:-1", UrlErrc::bad_port},
      {"http://host/path", UrlErrc::has_path},
      {"http://host/?x", UrlErrc::has_query_or_fragment},
      {"http://host#f", UrlErrc::has_query_or_fragment},
  };
  for (const auto& [input, code] : cases) {
    auto r = parse_url(input);
    ASSERT_FALSE(r.ok()) << input;
    EXPECT_EQ(r.error().code, code) << input << " → " << r.error().to_string();
  }
}

TEST(ParseBaseUrl, KeepsTheApiPathWithoutTrailingSlash) {
  auto api = parse_base_url("http://127.0.0.1:8787/client/v4/");
  ASSERT_TRUE(api.ok());
  EXPECT_EQ(api->endpoint, (Endpoint{"http", "127.0.0.1", 8787}));
  EXPECT_EQ(api->path, "/client/v4");
  EXPECT_EQ(parse_base_url("https://api.cloudflare.com")->path, "");
}

TEST(ParseHostPort, SplitsConnectToNotation) {
  auto v4 = parse_host_port("127.0.0.1:9000");
  ASSERT_TRUE(v4.ok());
  EXPECT_EQ(v4->first, "127.0.0.1");
  EXPECT_EQ(v4->second, 9000);
  auto v6 = parse_host_port("[::1]:443");
  ASSERT_TRUE(v6.ok());
  EXPECT_EQ(v6->first, "::1");
  EXPECT_FALSE(parse_host_port("127.0.0.1").ok());  // the port is required here
  EXPECT_FALSE(parse_host_port("a/b:1").ok());
}

TEST(UrlErrc, EachCodeHasItsStableMessage) {
  EXPECT_EQ(message(UrlErrc::empty), "empty URL");
  EXPECT_EQ(message(UrlErrc::bad_scheme), "URL scheme must be http or https");
  EXPECT_EQ(message(UrlErrc::has_userinfo), "URL must not contain user information");
  EXPECT_EQ(message(UrlErrc::bad_host), "URL host is invalid");
  EXPECT_EQ(message(UrlErrc::bad_port), "URL port is invalid");
  EXPECT_EQ(message(UrlErrc::has_path), "URL must not have a path");
  EXPECT_EQ(message(UrlErrc::has_query_or_fragment), "URL must not have a query or fragment");
}

RC_GTEST_PROP(ParseUrl, IsTotalAndRoundTripsWhatItAccepts, (const std::string& input)) {
  auto r = parse_url(input);
  if (r.ok()) {
    auto again = parse_url(r->to_string());
    RC_ASSERT(again.ok());
    RC_ASSERT(*again == *r);
  }
}

RC_GTEST_PROP(ParseUrl, RoundTripsGeneratedEndpoints, ()) {
  const auto label = *rc::gen::nonEmpty(rc::gen::container<std::string>(
      rc::gen::elementOf(std::string("abcdefghijklmnopqrstuvwxyz0123456789-"))));
  const auto port = *rc::gen::inRange<int>(1, 65536);
  const auto scheme = *rc::gen::element<std::string>("http", "https");
  Endpoint e{scheme, label + ".example", static_cast<uint16_t>(port)};
  auto r = parse_url(e.to_string());
  RC_ASSERT(r.ok());
  RC_ASSERT(*r == e);
}

}  // namespace
}  // namespace scopecheck::http
