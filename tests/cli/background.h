// A scopecheck process in the background, for tests that watch it while it runs (its progress
// lines) and signal it (SIGINT, SIGTERM): started with fork/exec in a folder, stdout and stderr
// to files, killed at the end if still running.
#pragma once

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <iterator>
#include <string>
#include <thread>
#include <vector>

#include "tests/cli/exec_scopecheck.h"

namespace scopecheck::cli::testing {

class Background {
 public:
  // `env` adds NAME=VALUE entries to the environment.
  Background(const std::string& dir, const std::vector<std::string>& args, const std::vector<std::string>& env = {})
      : out_(dir + "/.bg-stdout"), err_(dir + "/.bg-stderr") {
    pid_ = ::fork();
    if (pid_ == 0) {
      if (::chdir(dir.c_str()) != 0) ::_exit(120);
      const int o = ::open(out_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      const int e = ::open(err_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      const int in = ::open("/dev/null", O_RDONLY);
      if (o < 0 || e < 0 || in < 0) ::_exit(121);
      ::dup2(o, STDOUT_FILENO);
      ::dup2(e, STDERR_FILENO);
      ::dup2(in, STDIN_FILENO);
      exec_scopecheck(args, env);
    }
  }
  ~Background() {
    if (pid_ > 0 && !done_) {
      ::kill(pid_, SIGKILL);
      int status = 0;
      ::waitpid(pid_, &status, 0);
    }
  }
  Background(const Background&) = delete;
  Background& operator=(const Background&) = delete;

  void signal(int sig) const { ::kill(pid_, sig); }

  // Waits up to `limit` for the process to end; its exit code (128 + N when killed by signal N),
  // or -1 when it is still running.
  int wait(std::chrono::milliseconds limit) {
    const auto until = std::chrono::steady_clock::now() + limit;
    for (;;) {
      int status = 0;
      const pid_t r = ::waitpid(pid_, &status, WNOHANG);
      if (r == pid_) {
        done_ = true;
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      }
      if (std::chrono::steady_clock::now() >= until) return -1;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }

  // Polls `ready` until it holds or `limit` passes.
  static bool wait_for(const std::function<bool()>& ready, std::chrono::milliseconds limit) {
    const auto until = std::chrono::steady_clock::now() + limit;
    while (!ready()) {
      if (std::chrono::steady_clock::now() >= until) return false;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return true;
  }

  std::string out() const { return slurp(out_); }
  std::string err() const { return slurp(err_); }

 private:
  static std::string slurp(const std::string& path) {
    std::ifstream in(path);
    return {std::istreambuf_iterator<char>(in), {}};
  }
  pid_t pid_ = -1;
  bool done_ = false;
  std::string out_, err_;
};

}  // namespace scopecheck::cli::testing
