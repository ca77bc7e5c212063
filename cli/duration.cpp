#include "cli/duration.h"

#include <fmt/format.h>

#include "cli/command.h"

namespace scopecheck::cli {

std::chrono::seconds parse_duration(const std::string& text, const std::string& flag, bool allow_zero) {
  const auto bad = [&] { return Failure(kExitUsage, fmt::format("{}: '{}' is not a duration like 60s, 5m or 1h", flag, text)); };
  size_t pos = 0;
  long long n = 0;
  try {
    n = std::stoll(text, &pos);
  } catch (...) {
    throw bad();
  }
  const std::string unit = text.substr(pos);
  long long mult = 0;
  if (unit.empty() || unit == "s") mult = 1;
  if (unit == "m") mult = 60;
  if (unit == "h") mult = 3600;
  if (mult == 0 || n < 0 || (n == 0 && !allow_zero)) throw bad();
  return std::chrono::seconds(n * mult);
}

}  // namespace scopecheck::cli
