// Running the built `scopecheck` CLI the way a CI job does: arguments, exit code, stdout and
// stderr, inside a temporary folder the test owns.
#pragma once

#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>

namespace scopecheck::nightly_test {

// A fresh folder under the system temp dir, removed with everything in it at destruction.
class TempDir {
 public:
  TempDir() {
    std::random_device rd;
    path_ = std::filesystem::temp_directory_path() / ("scopecheck-nightly-" + std::to_string(rd()) + std::to_string(rd()));
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  std::string str(const std::string& rel = "") const { return rel.empty() ? path_.string() : (path_ / rel).string(); }

 private:
  std::filesystem::path path_;
};

inline std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

struct Process {
  int code = -1;  // the exit code, or -1 when killed by a signal
  std::string out;
  std::string err;
};

// Runs `command` with /bin/sh, stdout and stderr captured in files under `dir` (`tag` names them).
inline Process run_shell(const std::string& command, const TempDir& dir, const std::string& tag) {
  const std::string out = dir.str(tag + ".stdout"), err = dir.str(tag + ".stderr");
  const std::string full = command + " > '" + out + "' 2> '" + err + "' < /dev/null";
  const int status = std::system(full.c_str());
  Process p;
  p.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  p.out = slurp(out);
  p.err = slurp(err);
  return p;
}

// Runs the scopecheck CLI under test with `args` (already shell-quoted where needed).
inline Process run_cli(const std::string& args, const TempDir& dir, const std::string& tag) {
  return run_shell(std::string("'") + SCOPECHECK_BINARY + "' " + args, dir, tag);
}

}  // namespace scopecheck::nightly_test
