// What a long command (run, certify, mutants) shows while it works, on stderr: on a terminal one
// line rewritten four times a second — the phase (matrix i/n, random, shrinking), elapsed of the
// budget, the rate of the last few seconds, violations and unknowns; without a terminal (CI logs)
// the same as a full line every 30 s and whenever the phase changes. The interval can be set with
// $SCOPECHECK_PROGRESS_INTERVAL (seconds), so tests need not wait 30 s.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

#include "harness/scenario/campaign.h"

namespace scopecheck::cli {

class ProgressReporter {
 public:
  // `label` starts every line ("run", "certify", a bug's name); `budget` is what elapsed time is
  // shown against (zero: none).
  ProgressReporter(const scenario::CampaignProgress& live, std::string label, std::chrono::seconds budget);
  ~ProgressReporter();  // stop()
  ProgressReporter(const ProgressReporter&) = delete;
  ProgressReporter& operator=(const ProgressReporter&) = delete;

  // Prints `text` as a line of its own (a log message) while the display runs: on a terminal the
  // progress line is cleared first and drawn again below it, so the two never share a line.
  // Safe from any thread.
  void say(const std::string& text);

  // Prints the last line (the final counts, unless `final_line` is false: the command failed and
  // its error should stand alone) and ends the display. Idempotent.
  void stop(bool final_line = true);

 private:
  void loop();
  std::string line(std::chrono::steady_clock::time_point now, const std::string& phase_text = "");
  std::string phase() const;

  const scenario::CampaignProgress& live_;
  std::string label_;
  std::chrono::seconds budget_;
  bool tty_ = false;
  std::chrono::duration<double> interval_{30};
  std::chrono::steady_clock::time_point start_;
  // The rate is over the last few seconds, not the whole run: it shows a stall or a slow phase.
  std::chrono::steady_clock::time_point rate_at_;
  int64_t rate_checks_ = 0;
  double rate_ = 0;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  bool stopped_ = false;
  bool final_line_ = true;
  bool matrix_reported_ = false;  // the matrix's end has had its line (no terminal)
  std::thread thread_;
};

// The interval of the lines without a terminal: $SCOPECHECK_PROGRESS_INTERVAL seconds when set
// to a positive number, else 30 s.
std::chrono::duration<double> progress_interval();

}  // namespace scopecheck::cli
