#include "harness/model/cidr.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

namespace scopecheck::model {
namespace {

TEST(Cidr, ParsesAndFormats) {
  struct Row {
    std::string in, out;
  };
  for (const Row& r : std::vector<Row>{{"10.0.0.0/8", "10.0.0.0/8"},
                                       {"192.0.2.1/32", "192.0.2.1/32"},
                                       {"0.0.0.0/0", "0.0.0.0/0"},
                                       {"2001:DB8::/32", "2001:db8::/32"},
                                       {"2001:db8:0:0:1:0:0:1/128", "2001:db8::1:0:0:1/128"},
                                       {"::/0", "::/0"},
                                       {"::1/128", "::1/128"},
                                       {"::ffff:10.0.0.0/104", "::ffff:10.0.0.0/104"},
                                       {"1:2:3:4:5:6:7:8/64", "1:2:3:4:5:6:7:8/64"}}) {
    auto c = parse_cidr(r.in);
    ASSERT_TRUE(c.ok()) << r.in;
    EXPECT_EQ(format_cidr(*c), r.out);
  }
}

TEST(Cidr, RejectsMalformed) {
  struct Row {
    std::string in;
    CidrError e;
  };
  for (const Row& r : std::vector<Row>{{"", CidrError::kEmpty},
                                       {"10.0.0.0", CidrError::kMissingPrefix},
                                       {"10.0.0.0/33", CidrError::kBadPrefix},
                                       {"10.0.0.0/", CidrError::kBadPrefix},
                                       {"10.0.0.0/08", CidrError::kBadPrefix},
                                       {"10.0.0.0/a", CidrError::kBadPrefix},
                                       {"2001:db8::/129", CidrError::kBadPrefix},
                                       {"10.0.0/8", CidrError::kBadAddress},
                                       {"10.0.0.256/8", CidrError::kBadAddress},
                                       {"010.0.0.1/8", CidrError::kBadAddress},
                                       {"1::2::3/64", CidrError::kBadAddress},
                                       {"1:2:3:4:5:6:7:8:9/64", CidrError::kBadAddress},
                                       {"12345::/16", CidrError::kBadAddress},
                                       {"fe80::1%eth0/64", CidrError::kBadAddress},
                                       {"not an ip/8", CidrError::kBadAddress}}) {
    auto c = parse_cidr(r.in);
    ASSERT_FALSE(c.ok()) << r.in;
    EXPECT_EQ(c.error(), r.e) << r.in;
  }
}

TEST(Cidr, ContainsComparesMappedAsIPv4) {
  auto in = [](const char* range, const char* ip) { return contains(*parse_cidr(range), *parse_ip(ip)); };
  EXPECT_TRUE(in("10.0.0.0/8", "10.255.0.1"));
  EXPECT_FALSE(in("10.0.0.0/8", "11.0.0.1"));
  EXPECT_TRUE(in("10.0.0.1/8", "10.9.9.9"));  // host bits in the range are ignored
  EXPECT_TRUE(in("10.0.0.0/8", "::ffff:10.1.1.1"));
  EXPECT_TRUE(in("::ffff:10.0.0.0/104", "10.1.1.1"));
  EXPECT_FALSE(in("::/0", "10.1.1.1"));
  EXPECT_TRUE(in("::/0", "2001:db8::1"));
  EXPECT_FALSE(in("0.0.0.0/0", "2001:db8::1"));
  EXPECT_TRUE(in("2001:db8::/32", "2001:db8:ffff::1"));
  EXPECT_TRUE(in("192.0.2.7/32", "192.0.2.7"));
  EXPECT_FALSE(in("192.0.2.7/32", "192.0.2.8"));
}

TEST(Cidr, ErrorMessagesAreStable) {
  EXPECT_EQ(message(CidrError::kEmpty), "malformed CIDR: empty");
  EXPECT_EQ(message(CidrError::kBadAddress), "malformed CIDR: not an IPv4 or IPv6 address");
  EXPECT_EQ(message(CidrError::kMissingPrefix), "malformed CIDR: missing /prefix");
  EXPECT_EQ(message(CidrError::kBadPrefix), "malformed CIDR: prefix length out of range");
}

RC_GTEST_PROP(Cidr, FormatThenParseIsIdentity, ()) {
  IpAddress ip;
  ip.v6 = *rc::gen::arbitrary<bool>();
  const auto bytes = *rc::gen::container<std::vector<std::uint8_t>>(16, rc::gen::arbitrary<std::uint8_t>());
  for (int i = 0; i < (ip.v6 ? 16 : 4); ++i) ip.bytes[i] = bytes[i];
  const int prefix = *rc::gen::inRange(0, ip.v6 ? 129 : 33);
  const Cidr c{ip, prefix};
  auto back = parse_cidr(format_cidr(c));
  RC_ASSERT(back.ok());
  RC_ASSERT(*back == c);
  RC_ASSERT(contains(c, ip));
}

RC_GTEST_PROP(Cidr, ParseIsTotal, (const std::string& text)) {
  auto c = parse_cidr(text);  // must not crash or throw
  if (c.ok()) RC_ASSERT(parse_cidr(format_cidr(*c)).ok());
}

}  // namespace
}  // namespace scopecheck::model
