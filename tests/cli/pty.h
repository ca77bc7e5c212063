// A scopecheck process on a pseudo-terminal, for tests of what a user at a terminal sees (the
// progress line rewritten in place): stdin, stdout and stderr are the terminal; everything it
// writes is read back as the terminal received it.
#pragma once

#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <vector>

#include "tests/cli/exec_scopecheck.h"

namespace scopecheck::cli::testing {

struct PtyResult {
  int code = -1;       // exit code, 128 + N when killed by signal N, -1 when it did not end in time
  std::string output;  // stdout and stderr as the terminal got them
};

// Runs the binary with `args` in `dir` on a fresh pseudo-terminal (80 columns) until it ends or
// `limit` passes (then it is killed). `env` adds NAME=VALUE entries.
inline PtyResult run_on_pty(const std::string& dir, const std::vector<std::string>& args, std::chrono::milliseconds limit,
                            const std::vector<std::string>& env = {}) {
  PtyResult r;
  winsize size{};
  size.ws_row = 24;
  size.ws_col = 80;
  int master = -1;
  const pid_t pid = ::forkpty(&master, nullptr, nullptr, &size);
  if (pid < 0) return r;
  if (pid == 0) {
    if (::chdir(dir.c_str()) != 0) ::_exit(120);
    exec_scopecheck(args, env);
  }
  const auto until = std::chrono::steady_clock::now() + limit;
  char buf[4096];
  bool ended = false;
  int status = 0;
  for (;;) {
    pollfd p{master, POLLIN, 0};
    if (::poll(&p, 1, 50) > 0) {
      const ssize_t n = ::read(master, buf, sizeof buf);
      if (n > 0) {
        r.output.append(buf, static_cast<size_t>(n));
        continue;
      }
      // EIO: the child's side is closed (it ended); what it wrote has been read.
      if (n < 0 && ended) break;
    }
    if (!ended && ::waitpid(pid, &status, WNOHANG) == pid) {
      ended = true;
      continue;  // read what is left
    }
    if (ended) break;
    if (std::chrono::steady_clock::now() >= until) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, &status, 0);
      ::close(master);
      return r;
    }
  }
  ::close(master);
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return r;
}

}  // namespace scopecheck::cli::testing
