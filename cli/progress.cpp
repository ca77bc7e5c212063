#include "cli/progress.h"

#include <unistd.h>

#include <fmt/format.h>

#include <cstdlib>
#include <iostream>

#include "harness/report/plural.h"

namespace scopecheck::cli {
namespace {

using Clock = std::chrono::steady_clock;
constexpr auto kTtyTick = std::chrono::milliseconds(250);
constexpr auto kRateWindow = std::chrono::seconds(3);

std::string kind_of(const std::string& phase) { return phase.substr(0, phase.find(' ')); }

}  // namespace

std::chrono::duration<double> progress_interval() {
  if (const char* v = std::getenv("SCOPECHECK_PROGRESS_INTERVAL")) {
    char* end = nullptr;
    const double s = std::strtod(v, &end);
    if (end != v && *end == '\0' && s > 0) return std::chrono::duration<double>(s);
  }
  return std::chrono::seconds(30);
}

ProgressReporter::ProgressReporter(const scenario::CampaignProgress& live, std::string label, std::chrono::seconds budget)
    : live_(live), label_(std::move(label)), budget_(budget), tty_(::isatty(STDERR_FILENO) == 1),
      interval_(progress_interval()), start_(Clock::now()), rate_at_(start_) {
  thread_ = std::thread([this] { loop(); });
}

ProgressReporter::~ProgressReporter() { stop(); }

void ProgressReporter::stop(bool final_line) {
  {
    std::lock_guard lock(mu_);
    if (stopped_) return;
    stopping_ = true;
    final_line_ = final_line;
  }
  cv_.notify_all();
  thread_.join();
  std::lock_guard lock(mu_);
  stopped_ = true;
}

void ProgressReporter::say(const std::string& text) {
  std::lock_guard lock(mu_);
  if (!tty_ || stopped_) {
    std::cerr << text << std::endl;
    return;
  }
  std::cerr << "\r\033[K" << text << "\n";
  if (!stopping_) std::cerr << line(Clock::now());  // the final line is the loop's to draw
  std::cerr << std::flush;
}

std::string ProgressReporter::phase() const {
  const int64_t total = live_.matrix_items.load(std::memory_order_relaxed);
  const int64_t done = live_.matrix_done.load(std::memory_order_relaxed);
  if (live_.shrinking.load(std::memory_order_relaxed) > 0)
    return fmt::format("shrinking {}", live_.shrink_runs.load(std::memory_order_relaxed));
  if (total > 0 && done < total) return fmt::format("matrix {}/{}", done, total);
  return "random";
}

std::string ProgressReporter::line(Clock::time_point now, const std::string& phase_text) {
  const int64_t checks = live_.checks.load(std::memory_order_relaxed);
  if (now - rate_at_ >= kRateWindow) {
    rate_ = static_cast<double>(checks - rate_checks_) / std::chrono::duration<double>(now - rate_at_).count();
    rate_at_ = now;
    rate_checks_ = checks;
  } else if (rate_at_ == start_ && now > start_) {  // the first seconds: what there is so far
    rate_ = static_cast<double>(checks) / std::chrono::duration<double>(now - start_).count();
  }
  const double elapsed = std::chrono::duration<double>(now - start_).count();
  return fmt::format("{}: {} | {:.0f} s{} | {} | {:.0f} checks/s | {} | {}", label_,
                     phase_text.empty() ? phase() : phase_text, elapsed,
                     budget_.count() > 0 ? fmt::format(" of {} s", budget_.count()) : "",
                     report::counted(checks, "check", "checks"), rate_,
                     report::counted(live_.violations.load(std::memory_order_relaxed), "violation", "violations"),
                     report::counted(live_.unknowns.load(std::memory_order_relaxed), "unknown", "unknowns"));
}

void ProgressReporter::loop() {
  std::string last_kind;
  auto last_line = Clock::now();
  // Without a terminal the first line comes with the first check (or after one interval): a
  // target that fails at once leaves its error, not a progress line, first on stderr.
  bool started = tty_;
  std::unique_lock lock(mu_);
  for (;;) {
    const auto tick = tty_ ? std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(kTtyTick))
                           : std::chrono::duration_cast<Clock::duration>(std::min(interval_, std::chrono::duration<double>(0.25)));
    cv_.wait_for(lock, tick, [this] { return stopping_; });
    const bool last = stopping_;
    const auto now = Clock::now();
    if (last && !final_line_) {
      if (tty_) std::cerr << "\r\033[K" << std::flush;  // the error line that follows stands alone
      return;
    }
    const std::string kind = kind_of(phase());
    if (tty_) {
      // As without a terminal: a matrix that passed between two looks (it can take well under a
      // quarter of a second) is still drawn once, with its count, before the phase that follows.
      const int64_t total = live_.matrix_items.load(std::memory_order_relaxed);
      if (kind == "matrix") matrix_reported_ = true;
      if (!matrix_reported_ && total > 0 && live_.matrix_done.load(std::memory_order_relaxed) >= total) {
        matrix_reported_ = true;
        std::cerr << "\r\033[K" << line(now, fmt::format("matrix {}/{}", total, total));
      }
      std::cerr << "\r\033[K" << line(now) << (last ? "\n" : "") << std::flush;
    } else {
      // The matrix can pass between two looks (under a quarter of a second): its end is a phase
      // change of its own, said once, with the matrix's count.
      const int64_t total = live_.matrix_items.load(std::memory_order_relaxed);
      if (!matrix_reported_ && total > 0 && live_.matrix_done.load(std::memory_order_relaxed) >= total) {
        matrix_reported_ = true;
        started = true;
        std::cerr << line(now, fmt::format("matrix {}/{}", total, total)) << std::endl;
        last_line = now;
        last_kind = "matrix";
        if (!last) continue;
      }
      const bool due = now - last_line >= interval_;
      if (!started && (live_.checks.load(std::memory_order_relaxed) > 0 || due || last)) {
        started = true;
      } else if (!(started && (last || kind != last_kind || due))) {
        continue;
      }
      std::cerr << line(now) << std::endl;
      last_line = now;
      last_kind = kind;
    }
    if (last) return;
  }
}

}  // namespace scopecheck::cli
