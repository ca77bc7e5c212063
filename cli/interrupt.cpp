#include "cli/interrupt.h"

#include <signal.h>
#include <unistd.h>

#include <cstring>

namespace scopecheck::cli {
namespace {

std::atomic<bool> g_flag{false};
std::atomic<int> g_signal{0};
static_assert(std::atomic<bool>::is_always_lock_free && std::atomic<int>::is_always_lock_free,
              "the signal handler may only touch lock-free atomics");

struct sigaction g_old_int, g_old_term;

void say(const char* text) {
  // write(2) is async-signal-safe; a short write of a message is not worth looping for.
  [[maybe_unused]] const ssize_t n = ::write(STDERR_FILENO, text, std::strlen(text));
}

extern "C" void on_signal(int sig) {
  int none = 0;
  if (!g_signal.compare_exchange_strong(none, sig)) {
    say("\nscopecheck: second signal: exiting now, reports not written\n");
    ::_exit(128 + g_signal.load());
  }
  g_flag.store(true);
  say(sig == SIGINT ? "\nscopecheck: SIGINT: stopping at the next check and writing the reports marked INTERRUPTED "
                      "(again to exit at once)\n"
                    : "\nscopecheck: SIGTERM: stopping at the next check and writing the reports marked INTERRUPTED "
                      "(again to exit at once)\n");
}

}  // namespace

InterruptGuard::InterruptGuard() {
  g_flag.store(false);
  g_signal.store(0);
  struct sigaction sa {};
  sa.sa_handler = on_signal;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = SA_RESTART;  // blocking reads and writes carry on; the flag is polled between steps
  // A shell starts background jobs with SIGINT ignored, so that Ctrl-C reaches only the
  // foreground: such a job keeps ignoring it, as shells expect. SIGTERM is always handled.
  ::sigaction(SIGINT, nullptr, &g_old_int);
  if (g_old_int.sa_handler != SIG_IGN) ::sigaction(SIGINT, &sa, nullptr);
  ::sigaction(SIGTERM, &sa, &g_old_term);
}

InterruptGuard::~InterruptGuard() {
  ::sigaction(SIGINT, &g_old_int, nullptr);
  ::sigaction(SIGTERM, &g_old_term, nullptr);
}

const std::atomic<bool>* InterruptGuard::flag() const { return &g_flag; }

bool InterruptGuard::interrupted() const { return g_flag.load(); }

std::string InterruptGuard::signal_name() const {
  switch (g_signal.load()) {
    case SIGINT: return "SIGINT";
    case SIGTERM: return "SIGTERM";
    case 0: return "";
  }
  return "signal " + std::to_string(g_signal.load());
}

int InterruptGuard::exit_code() const { return 128 + g_signal.load(); }

}  // namespace scopecheck::cli
