// The emulator's notion of "now": injected, never read globally, so tests and the mutation
// study can put a token exactly at its expires_on instant.
#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace scopecheck::emulator {

using TimePoint = std::chrono::sys_seconds;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual TimePoint now() const = 0;
};

// Wall clock, truncated to whole seconds (every time the emulator compares has 1 s resolution).
class SystemClock final : public Clock {
 public:
  TimePoint now() const override;
};

// A clock that only moves when told to. Thread-safe.
class TestClock final : public Clock {
 public:
  explicit TestClock(TimePoint start) : now_(start) {}
  TimePoint now() const override;
  void set(TimePoint t);
  void advance(std::chrono::seconds s);

 private:
  mutable std::mutex mu_;
  TimePoint now_;
};

// RFC 3339 in UTC ("2026-01-02T03:04:05Z"). Parsing accepts a 'Z' or a numeric offset and drops
// fractional seconds; any other text gives nullopt (total: never throws).
std::optional<TimePoint> parse_rfc3339(std::string_view text);
std::string format_rfc3339(TimePoint t);
// RFC 7231 IMF-fixdate for Last-Modified / Date headers.
std::string format_http_date(TimePoint t);
// ISO 8601 with milliseconds, as S3 XML bodies carry ("2026-01-02T03:04:05.000Z").
std::string format_iso8601_ms(TimePoint t);

}  // namespace scopecheck::emulator
