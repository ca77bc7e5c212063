// CIDR ranges for token IP conditions (the emulator's own matcher, independent of the model's).
// IPv4-mapped IPv6 addresses and ranges (::ffff:a.b.c.d) are compared as IPv4.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace scopecheck::emulator {

struct IpAddress {
  bool v6 = false;
  std::array<uint8_t, 16> bytes{};  // v4 uses the first 4
};

struct IpRange {
  IpAddress base;  // host bits cleared
  int prefix = 0;
  std::string text;  // as given, echoed back by the token API
};

// "a.b.c.d", "::1", "::ffff:1.2.3.4" (mapped → v4). Total: nullopt on anything else.
std::optional<IpAddress> parse_ip(std::string_view text);
// "a.b.c.d/n" (n ≤ 32) or "v6/n" (n ≤ 128); the prefix is required. Host bits are masked.
std::optional<IpRange> parse_cidr(std::string_view text);
bool range_contains(const IpRange& r, const IpAddress& a);

}  // namespace scopecheck::emulator
