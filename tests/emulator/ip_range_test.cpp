// ip_range.h: CIDR parsing and matching, IPv4-mapped IPv6 compared as IPv4.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "emulator/ip_range.h"

namespace scopecheck::emulator {
namespace {

bool contains(const char* cidr, const char* ip) { return range_contains(*parse_cidr(cidr), *parse_ip(ip)); }

TEST(IpRange, Ipv4AndIpv6Matching) {
  EXPECT_TRUE(contains("10.0.0.0/8", "10.255.1.2"));
  EXPECT_FALSE(contains("10.0.0.0/8", "11.0.0.1"));
  EXPECT_TRUE(contains("192.168.1.7/32", "192.168.1.7"));
  EXPECT_FALSE(contains("192.168.1.7/32", "192.168.1.8"));
  EXPECT_TRUE(contains("0.0.0.0/0", "8.8.8.8"));
  EXPECT_TRUE(contains("10.1.2.3/8", "10.9.9.9"));  // host bits masked
  EXPECT_TRUE(contains("2400:cb00::/32", "2400:cb00:1::1"));
  EXPECT_FALSE(contains("2400:cb00::/32", "2400:cb01::1"));
  EXPECT_FALSE(contains("::/0", "1.2.3.4"));  // families do not mix
  EXPECT_TRUE(contains("10.0.0.0/25", "10.0.0.127"));
  EXPECT_FALSE(contains("10.0.0.0/25", "10.0.0.128"));
}

TEST(IpRange, MappedAddressesAndRangesCompareAsIpv4) {
  EXPECT_TRUE(contains("127.0.0.0/8", "::ffff:127.0.0.1"));
  EXPECT_TRUE(contains("::ffff:10.0.0.0/104", "10.1.1.1"));
  EXPECT_FALSE(contains("::ffff:10.0.0.0/104", "11.1.1.1"));
  EXPECT_FALSE(parse_cidr("::ffff:10.0.0.0/90").has_value());  // a mapped range shorter than /96
}

TEST(IpRange, MalformedCidrsAreRejected) {
  for (const char* bad : {"", "10.0.0.0", "10.0.0.0/", "10.0.0.0/33", "::/129", "10.0.0/8", "a.b.c.d/8", "10.0.0.0/8x",
                          "/8", "10.0.0.0/-1", "10.0.0.0/0008"})
    EXPECT_FALSE(parse_cidr(bad).has_value()) << bad;
}

RC_GTEST_PROP(IpRange, ParsingIsTotalAndAnAddressIsInsideItsOwnHostRange, (uint32_t addr, const std::string& text)) {
  parse_cidr(text);
  parse_ip(text);
  std::string ip = std::to_string(addr >> 24) + "." + std::to_string((addr >> 16) & 255) + "." +
                   std::to_string((addr >> 8) & 255) + "." + std::to_string(addr & 255);
  RC_ASSERT(range_contains(*parse_cidr(ip + "/32"), *parse_ip(ip)));
  RC_ASSERT(range_contains(*parse_cidr(ip + "/0"), *parse_ip("1.2.3.4")));
}

}  // namespace
}  // namespace scopecheck::emulator
