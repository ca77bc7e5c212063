// The child's half of the process tests' fork/exec (background.h, pty.h): the scopecheck binary
// with `args`, `env` (NAME=VALUE) added to the environment. Never returns: 122 if exec failed.
#pragma once

#include <unistd.h>

#include <cstdlib>
#include <string>
#include <vector>

namespace scopecheck::cli::testing {

[[noreturn]] inline void exec_scopecheck(const std::vector<std::string>& args, const std::vector<std::string>& env) {
  for (const auto& kv : env) ::putenv(const_cast<char*>(kv.c_str()));
  std::vector<char*> argv{const_cast<char*>(SCOPECHECK_BINARY)};
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  ::execv(SCOPECHECK_BINARY, argv.data());
  ::_exit(122);
}

}  // namespace scopecheck::cli::testing
