// IP addresses and CIDR ranges of a token's IP condition (SC-TK-4), IPv4 and IPv6.
// IPv4-mapped IPv6 addresses (::ffff:a.b.c.d) are compared as IPv4, in addresses and in ranges.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "harness/model/result.h"

namespace scopecheck::model {

struct IpAddress {
  bool v6 = false;
  std::array<std::uint8_t, 16> bytes{};  // IPv4 uses bytes[0..3]

  friend bool operator==(const IpAddress&, const IpAddress&) = default;
};

struct Cidr {
  IpAddress address;  // as written (host bits are kept, matching ignores them)
  int prefix = 0;     // 0..32 or 0..128

  friend bool operator==(const Cidr&, const Cidr&) = default;
};

enum class CidrError { kEmpty, kBadAddress, kMissingPrefix, kBadPrefix };

// Stable, user-visible messages (tested verbatim), e.g. "malformed CIDR: prefix length out of range".
std::string_view message(CidrError e);

// Dotted-quad IPv4 (no leading zeros beyond a single 0) or RFC 4291 IPv6 text (with "::" and
// an embedded IPv4 tail). Errors: kEmpty, kBadAddress.
Result<IpAddress, CidrError> parse_ip(std::string_view text);

// "<address>/<prefix>"; the prefix is required (a single host is written /32 or /128).
// Errors: kEmpty, kBadAddress, kMissingPrefix, kBadPrefix (not a number, or above 32/128).
Result<Cidr, CidrError> parse_cidr(std::string_view text);

// Canonical text: dotted quad; RFC 5952 for IPv6 (lowercase, longest zero run as "::",
// ::ffff:a.b.c.d for mapped addresses).
std::string format_ip(const IpAddress& ip);
std::string format_cidr(const Cidr& cidr);

// Whether `ip` falls in `range`. An IPv4-mapped IPv6 address, or a mapped range with prefix
// ≥ 96, is first turned into its IPv4 form; an IPv4 address never matches a non-mapped IPv6 range.
bool contains(const Cidr& range, const IpAddress& ip);

}  // namespace scopecheck::model
