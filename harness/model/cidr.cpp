#include "harness/model/cidr.h"

#include <cstdio>
#include <vector>

namespace scopecheck::model {
namespace {

bool parse_v4(std::string_view s, std::uint8_t out[4]) {
  int part = 0;
  std::size_t i = 0;
  while (part < 4) {
    if (i >= s.size() || s[i] < '0' || s[i] > '9') return false;
    std::size_t start = i;
    int v = 0;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
      v = v * 10 + (s[i] - '0');
      if (v > 255) return false;
      ++i;
    }
    if (i - start > 1 && s[start] == '0') return false;  // leading zeros are ambiguous (octal)
    out[part++] = static_cast<std::uint8_t>(v);
    if (part < 4) {
      if (i >= s.size() || s[i] != '.') return false;
      ++i;
    }
  }
  return i == s.size();
}

int hexval(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Parses the groups of one side of "::" into 16-bit words; an IPv4 tail counts as two words.
bool parse_groups(std::string_view s, std::vector<std::uint16_t>& words, bool allow_v4_tail) {
  if (s.empty()) return true;
  std::size_t i = 0;
  while (true) {
    std::size_t end = s.find(':', i);
    std::string_view g = s.substr(i, end == std::string_view::npos ? std::string_view::npos : end - i);
    if (end == std::string_view::npos && allow_v4_tail && g.find('.') != std::string_view::npos) {
      std::uint8_t v4[4];
      if (!parse_v4(g, v4)) return false;
      words.push_back(static_cast<std::uint16_t>(v4[0] << 8 | v4[1]));
      words.push_back(static_cast<std::uint16_t>(v4[2] << 8 | v4[3]));
      return true;
    }
    if (g.empty() || g.size() > 4) return false;
    unsigned v = 0;
    for (char c : g) {
      int h = hexval(c);
      if (h < 0) return false;
      v = v * 16 + static_cast<unsigned>(h);
    }
    words.push_back(static_cast<std::uint16_t>(v));
    if (end == std::string_view::npos) return true;
    i = end + 1;
  }
}

bool parse_v6(std::string_view s, std::array<std::uint8_t, 16>& out) {
  std::vector<std::uint16_t> head, tail;
  std::size_t dc = s.find("::");
  if (dc != std::string_view::npos) {
    if (s.find("::", dc + 1) != std::string_view::npos) return false;
    if (!parse_groups(s.substr(0, dc), head, false)) return false;
    if (!parse_groups(s.substr(dc + 2), tail, true)) return false;
    if (head.size() + tail.size() > 7) return false;
  } else {
    if (!parse_groups(s, head, true)) return false;
    if (head.size() != 8) return false;
  }
  std::vector<std::uint16_t> words = head;
  words.resize(8 - tail.size(), 0);
  words.insert(words.end(), tail.begin(), tail.end());
  for (int i = 0; i < 8; ++i) {
    out[2 * i] = static_cast<std::uint8_t>(words[i] >> 8);
    out[2 * i + 1] = static_cast<std::uint8_t>(words[i] & 0xff);
  }
  return true;
}

bool is_mapped(const IpAddress& ip) {
  if (!ip.v6) return false;
  for (int i = 0; i < 10; ++i) {
    if (ip.bytes[i] != 0) return false;
  }
  return ip.bytes[10] == 0xff && ip.bytes[11] == 0xff;
}

IpAddress unmap(const IpAddress& ip) {
  IpAddress v4;
  for (int i = 0; i < 4; ++i) v4.bytes[i] = ip.bytes[12 + i];
  return v4;
}

bool prefix_equal(const IpAddress& a, const IpAddress& b, int prefix) {
  for (int bit = 0; bit < prefix; ++bit) {
    int byte = bit / 8, shift = 7 - bit % 8;
    if (((a.bytes[byte] >> shift) & 1) != ((b.bytes[byte] >> shift) & 1)) return false;
  }
  return true;
}

}  // namespace

std::string_view message(CidrError e) {
  switch (e) {
    case CidrError::kEmpty: return "malformed CIDR: empty";
    case CidrError::kBadAddress: return "malformed CIDR: not an IPv4 or IPv6 address";
    case CidrError::kMissingPrefix: return "malformed CIDR: missing /prefix";
    case CidrError::kBadPrefix: return "malformed CIDR: prefix length out of range";
  }
  return "malformed CIDR";
}

Result<IpAddress, CidrError> parse_ip(std::string_view text) {
  if (text.empty()) return CidrError::kEmpty;
  IpAddress ip;
  if (text.find(':') != std::string_view::npos) {
    ip.v6 = true;
    if (!parse_v6(text, ip.bytes)) return CidrError::kBadAddress;
    return ip;
  }
  std::uint8_t v4[4];
  if (!parse_v4(text, v4)) return CidrError::kBadAddress;
  for (int i = 0; i < 4; ++i) ip.bytes[i] = v4[i];
  return ip;
}

Result<Cidr, CidrError> parse_cidr(std::string_view text) {
  if (text.empty()) return CidrError::kEmpty;
  std::size_t slash = text.find('/');
  auto addr = parse_ip(text.substr(0, slash));
  if (!addr) return addr.error();
  if (slash == std::string_view::npos) return CidrError::kMissingPrefix;
  std::string_view p = text.substr(slash + 1);
  if (p.empty() || p.size() > 3 || (p.size() > 1 && p[0] == '0')) return CidrError::kBadPrefix;
  int prefix = 0;
  for (char c : p) {
    if (c < '0' || c > '9') return CidrError::kBadPrefix;
    prefix = prefix * 10 + (c - '0');
  }
  if (prefix > (addr->v6 ? 128 : 32)) return CidrError::kBadPrefix;
  return Cidr{*addr, prefix};
}

std::string format_ip(const IpAddress& ip) {
  char buf[64];
  if (!ip.v6) {
    std::snprintf(buf, sizeof buf, "%u.%u.%u.%u", ip.bytes[0], ip.bytes[1], ip.bytes[2], ip.bytes[3]);
    return buf;
  }
  if (is_mapped(ip)) {
    std::snprintf(buf, sizeof buf, "::ffff:%u.%u.%u.%u", ip.bytes[12], ip.bytes[13], ip.bytes[14],
                  ip.bytes[15]);
    return buf;
  }
  unsigned words[8];
  for (int i = 0; i < 8; ++i) words[i] = static_cast<unsigned>(ip.bytes[2 * i] << 8 | ip.bytes[2 * i + 1]);
  int best = -1, best_len = 0;
  for (int i = 0; i < 8;) {
    if (words[i] != 0) {
      ++i;
      continue;
    }
    int j = i;
    while (j < 8 && words[j] == 0) ++j;
    if (j - i > best_len && j - i >= 2) {
      best = i;
      best_len = j - i;
    }
    i = j;
  }
  std::string out;
  for (int i = 0; i < 8; ++i) {
    if (i == best) {
      out += "::";
      i += best_len - 1;
      continue;
    }
    if (!out.empty() && out.back() != ':') out += ':';
    std::snprintf(buf, sizeof buf, "%x", words[i]);
    out += buf;
  }
  return out;
}

std::string format_cidr(const Cidr& cidr) { return format_ip(cidr.address) + "/" + std::to_string(cidr.prefix); }

bool contains(const Cidr& range, const IpAddress& ip) {
  IpAddress addr = is_mapped(ip) ? unmap(ip) : ip;
  IpAddress net = range.address;
  int prefix = range.prefix;
  if (is_mapped(net) && prefix >= 96) {
    net = unmap(net);
    prefix -= 96;
  }
  if (addr.v6 != net.v6) return false;
  return prefix_equal(net, addr, prefix);
}

}  // namespace scopecheck::model
