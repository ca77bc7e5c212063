#include "harness/model/timestamp.h"

#include <cstdio>

namespace scopecheck::model {
namespace {

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

void civil_from_days(std::int64_t z, std::int64_t& y, unsigned& m, unsigned& d) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  y = static_cast<std::int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y += m <= 2;
}

bool digits(std::string_view s, std::size_t pos, std::size_t n, int& out) {
  if (pos + n > s.size()) return false;
  out = 0;
  for (std::size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    out = out * 10 + (s[i] - '0');
  }
  return true;
}

unsigned days_in_month(int y, int m) {
  static const unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : kDays[m - 1];
}

Result<Timestamp, TimestampError> assemble(int y, int mo, int d, int h, int mi, int s, int offset) {
  if (mo < 1 || mo > 12 || d < 1 || d > static_cast<int>(days_in_month(y, mo)) || h > 23 || mi > 59 ||
      s > 60) {
    return TimestampError::kRange;
  }
  if (s == 60) s = 59;  // a leap second is held at :59, the rules need no finer resolution
  Timestamp t = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s - offset;
  if (t < 0 || t > days_from_civil(9999, 12, 31) * 86400 + 86399) return TimestampError::kRange;
  return t;
}

}  // namespace

std::string_view message(TimestampError e) {
  switch (e) {
    case TimestampError::kSyntax: return "must be an RFC 3339 timestamp like 2026-01-02T03:04:05Z";
    case TimestampError::kRange: return "timestamp field out of range";
  }
  return "timestamp error";
}

Result<Timestamp, TimestampError> parse_rfc3339(std::string_view s) {
  int y, mo, d, h, mi, sec;
  if (!digits(s, 0, 4, y) || s.size() < 20 || s[4] != '-' || !digits(s, 5, 2, mo) || s[7] != '-' ||
      !digits(s, 8, 2, d) || s[10] != 'T' || !digits(s, 11, 2, h) || s[13] != ':' ||
      !digits(s, 14, 2, mi) || s[16] != ':' || !digits(s, 17, 2, sec)) {
    return TimestampError::kSyntax;
  }
  std::size_t pos = 19;
  if (s[pos] == '.') {
    ++pos;
    std::size_t start = pos;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') ++pos;
    if (pos == start) return TimestampError::kSyntax;
  }
  int offset = 0;
  if (pos < s.size() && s[pos] == 'Z' && pos + 1 == s.size()) {
    offset = 0;
  } else if (pos < s.size() && (s[pos] == '+' || s[pos] == '-') && pos + 6 == s.size() &&
             s[pos + 3] == ':') {
    int oh, om;
    if (!digits(s, pos + 1, 2, oh) || !digits(s, pos + 4, 2, om)) return TimestampError::kSyntax;
    if (oh > 23 || om > 59) return TimestampError::kRange;
    offset = (oh * 3600 + om * 60) * (s[pos] == '-' ? -1 : 1);
  } else {
    return TimestampError::kSyntax;
  }
  return assemble(y, mo, d, h, mi, sec, offset);
}

std::string format_rfc3339(Timestamp t) {
  std::int64_t days = t >= 0 ? t / 86400 : (t - 86399) / 86400;
  std::int64_t rem = t - days * 86400;
  std::int64_t y;
  unsigned m, d;
  civil_from_days(days, y, m, d);
  char buf[96];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02lld:%02lld:%02lldZ", static_cast<long long>(y), m, d,
                static_cast<long long>(rem / 3600), static_cast<long long>(rem / 60 % 60),
                static_cast<long long>(rem % 60));
  return buf;
}

std::string format_amz_date(Timestamp t) {
  std::string r = format_rfc3339(t);  // YYYY-MM-DDTHH:MM:SSZ
  std::string out;
  for (char c : r) {
    if (c != '-' && c != ':') out += c;
  }
  return out;
}

Result<Timestamp, TimestampError> parse_amz_date(std::string_view s) {
  int y, mo, d, h, mi, sec;
  if (s.size() != 16 || !digits(s, 0, 4, y) || !digits(s, 4, 2, mo) || !digits(s, 6, 2, d) ||
      s[8] != 'T' || !digits(s, 9, 2, h) || !digits(s, 11, 2, mi) || !digits(s, 13, 2, sec) ||
      s[15] != 'Z') {
    return TimestampError::kSyntax;
  }
  return assemble(y, mo, d, h, mi, sec, 0);
}

}  // namespace scopecheck::model
