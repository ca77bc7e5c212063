// The scopecheck CLI: one binary, git-style subcommands. Each cli/cmd_*.cpp registers its
// subcommand with a static CommandRegistrar, so adding a command touches no shared file.
#pragma once

#include <CLI/CLI.hpp>

#include <functional>
#include <stdexcept>
#include <string>

namespace scopecheck::cli {

// Exit codes, stable and documented in README.md.
enum ExitCode : int {
  kExitOk = 0,           // ran, nothing wrong found
  kExitViolations = 1,   // violations found (or a replayed case reproduced)
  kExitUsage = 2,        // bad flags, unreadable or malformed input files
  kExitInconclusive = 3  // target unreachable, or checks left undecided
};

// Thrown by a command to end the process with a one-line message and an exit code.
class Failure : public std::runtime_error {
 public:
  Failure(ExitCode code, const std::string& message) : std::runtime_error(message), code_(code) {}
  ExitCode code() const { return code_; }

 private:
  ExitCode code_;
};

// setup() adds the subcommand to the root app; its callback stores the exit code in *exit_code.
using CommandSetup = std::function<void(CLI::App& root, int* exit_code)>;

struct CommandRegistrar {
  CommandRegistrar(const std::string& name, CommandSetup setup);
};

}  // namespace scopecheck::cli
