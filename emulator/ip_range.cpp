#include "emulator/ip_range.h"

#include <arpa/inet.h>

#include <cstring>

namespace scopecheck::emulator {
namespace {
bool is_mapped(const std::array<uint8_t, 16>& b) {
  for (int i = 0; i < 10; ++i)
    if (b[i] != 0) return false;
  return b[10] == 0xff && b[11] == 0xff;
}
}  // namespace

std::optional<IpAddress> parse_ip(std::string_view text) {
  if (text.empty() || text.size() > 64) return std::nullopt;
  std::string s(text);
  if (s.front() == '[' && s.back() == ']') s = s.substr(1, s.size() - 2);
  IpAddress a;
  if (s.find(':') == std::string::npos) {
    in_addr v4{};
    if (inet_pton(AF_INET, s.c_str(), &v4) != 1) return std::nullopt;
    std::memcpy(a.bytes.data(), &v4, 4);
    return a;
  }
  in6_addr v6{};
  if (inet_pton(AF_INET6, s.c_str(), &v6) != 1) return std::nullopt;
  std::memcpy(a.bytes.data(), &v6, 16);
  if (is_mapped(a.bytes)) {
    std::array<uint8_t, 16> v4{};
    std::memcpy(v4.data(), a.bytes.data() + 12, 4);
    a.bytes = v4;
    return a;
  }
  a.v6 = true;
  return a;
}

std::optional<IpRange> parse_cidr(std::string_view text) {
  auto slash = text.find('/');
  if (slash == std::string_view::npos || slash + 1 >= text.size() || text.size() - slash > 4)
    return std::nullopt;
  int prefix = 0;
  for (char c : text.substr(slash + 1)) {
    if (c < '0' || c > '9') return std::nullopt;
    prefix = prefix * 10 + (c - '0');
  }
  std::string_view host = text.substr(0, slash);
  auto a = parse_ip(host);
  if (!a) return std::nullopt;
  bool written_v6 = host.find(':') != std::string_view::npos;
  if (written_v6 && !a->v6) {  // a mapped range: only its IPv4 part is meaningful
    if (prefix > 128 || prefix < 96) return std::nullopt;
    prefix -= 96;
  }
  if (prefix > (a->v6 ? 128 : 32)) return std::nullopt;
  IpRange r{*a, prefix, std::string(text)};
  int bits = a->v6 ? 128 : 32;
  for (int i = prefix; i < bits; ++i) r.base.bytes[i / 8] &= static_cast<uint8_t>(~(0x80u >> (i % 8)));
  return r;
}

bool range_contains(const IpRange& r, const IpAddress& a) {
  if (r.base.v6 != a.v6) return false;
  int full = r.prefix / 8;
  if (std::memcmp(r.base.bytes.data(), a.bytes.data(), full) != 0) return false;
  int rest = r.prefix % 8;
  if (rest == 0) return true;
  uint8_t mask = static_cast<uint8_t>(0xff00u >> rest);
  return (r.base.bytes[full] & mask) == (a.bytes[full] & mask);
}

}  // namespace scopecheck::emulator
