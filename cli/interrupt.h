// SIGINT and SIGTERM during a long command (run, certify, mutants): the first one asks the
// campaign to stop at its next step, so the command still writes its reports (marked
// INTERRUPTED) and keeps its saved cases; a second one ends the process at once. The handler
// only stores into lock-free atomics and calls write(2) and _exit(2), which are
// async-signal-safe; everything else happens on the command's own threads.
#pragma once

#include <atomic>
#include <string>

namespace scopecheck::cli {

class InterruptGuard {
 public:
  // Installs the handlers (sigaction, SA_RESTART) for as long as the guard lives.
  InterruptGuard();
  ~InterruptGuard();
  InterruptGuard(const InterruptGuard&) = delete;
  InterruptGuard& operator=(const InterruptGuard&) = delete;

  // Set by the first signal; give it to the campaign (RunOptions::interrupt, CertifyOptions).
  const std::atomic<bool>* flag() const;
  bool interrupted() const;
  // "SIGINT" / "SIGTERM", "" before any signal.
  std::string signal_name() const;
  // The exit code of an interrupted command: 128 + the signal's number, as shells report it
  // (130 for SIGINT, 143 for SIGTERM).
  int exit_code() const;
};

}  // namespace scopecheck::cli
