// Runs the built scopecheck binary with a shell command line and captures its exit code, stdout
// and stderr; a temporary folder removed at the end of the test.
#pragma once

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

namespace scopecheck::cli::testing {

struct CliResult {
  int code = -1;
  std::string out;
  std::string err;
};

class TempDir {
 public:
  TempDir() {
    static int n = 0;
    path_ = std::filesystem::temp_directory_path() /
            ("scopecheck-cli-" + std::to_string(::getpid()) + "-" + std::to_string(++n));
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::permissions(path_, std::filesystem::perms::owner_all, ec);
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  std::string str(const std::string& rel = "") const { return rel.empty() ? path_.string() : (path_ / rel).string(); }
  std::string write(const std::string& rel, const std::string& text) const {
    std::filesystem::create_directories((path_ / rel).parent_path());
    std::ofstream(path_ / rel) << text;
    return str(rel);
  }

 private:
  std::filesystem::path path_;
};

// `args` is put on a shell command line as it is: quote paths with q().
inline CliResult run_cli(const std::string& args, const TempDir& dir) {
  const std::string out = dir.str(".stdout"), err = dir.str(".stderr");
  const std::string cmd = "cd '" + dir.str() + "' && " + SCOPECHECK_BINARY + " " + args + " >'" + out + "' 2>'" + err +
                          "' </dev/null";
  const int status = std::system(cmd.c_str());
  CliResult r;
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  std::ifstream o(out), e(err);
  r.out.assign(std::istreambuf_iterator<char>(o), {});
  r.err.assign(std::istreambuf_iterator<char>(e), {});
  std::filesystem::remove(out);
  std::filesystem::remove(err);
  return r;
}

inline std::string q(const std::string& s) { return "'" + s + "'"; }

}  // namespace scopecheck::cli::testing
