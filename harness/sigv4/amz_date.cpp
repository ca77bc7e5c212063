#include "harness/sigv4/amz_date.h"

#include <fmt/compile.h>
#include <fmt/format.h>

namespace scopecheck::sigv4 {
namespace {

// Reads n ASCII digits at s[pos]; -1 when any is not a digit.
int digits(std::string_view s, std::size_t pos, std::size_t n) {
  int v = 0;
  for (std::size_t i = 0; i < n; ++i) {
    char c = s[pos + i];
    if (c < '0' || c > '9') return -1;
    v = v * 10 + (c - '0');
  }
  return v;
}

std::optional<std::chrono::sys_days> read_date(std::string_view s) {
  int y = digits(s, 0, 4), m = digits(s, 4, 2), d = digits(s, 6, 2);
  if (y < 0 || m < 0 || d < 0) return std::nullopt;
  std::chrono::year_month_day ymd{std::chrono::year{y},
                                  std::chrono::month{static_cast<unsigned>(m)},
                                  std::chrono::day{static_cast<unsigned>(d)}};
  if (!ymd.ok()) return std::nullopt;
  return std::chrono::sys_days{ymd};
}

}  // namespace

Parsed<std::chrono::sys_seconds> parse_amz_date(std::string_view text) {
  if (text.size() != 16 || text[8] != 'T' || text[15] != 'Z') return ParseError::bad_amz_date;
  auto day = read_date(text);
  int hh = digits(text, 9, 2), mm = digits(text, 11, 2), ss = digits(text, 13, 2);
  if (!day || hh < 0 || mm < 0 || ss < 0 || hh > 23 || mm > 59 || ss > 59)
    return ParseError::bad_amz_date;
  return std::chrono::sys_seconds{*day} + std::chrono::hours{hh} + std::chrono::minutes{mm} +
         std::chrono::seconds{ss};
}

std::string format_amz_date(std::chrono::sys_seconds t) {
  auto day = std::chrono::floor<std::chrono::days>(t);
  std::chrono::year_month_day ymd{day};
  std::chrono::hh_mm_ss hms{t - day};
  return fmt::format(FMT_COMPILE("{:04}{:02}{:02}T{:02}{:02}{:02}Z"), static_cast<int>(ymd.year()),
                     static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                     hms.hours().count(), hms.minutes().count(), hms.seconds().count());
}

Parsed<std::chrono::sys_days> parse_scope_date(std::string_view text) {
  if (text.size() != 8) return ParseError::bad_scope_date;
  auto day = read_date(text);
  if (!day) return ParseError::bad_scope_date;
  return *day;
}

std::string format_scope_date(std::chrono::sys_seconds t) {
  return format_amz_date(t).substr(0, 8);
}

}  // namespace scopecheck::sigv4
