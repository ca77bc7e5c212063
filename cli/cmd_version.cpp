#include <iostream>

#include "cli/command.h"
#include "scopecheck_version.h"

namespace scopecheck::cli {
namespace {
CommandRegistrar reg("version", [](CLI::App& root, int* exit_code) {
  auto* cmd = root.add_subcommand("version", "Print the harness version");
  cmd->callback([exit_code] {
    std::cout << "scopecheck " << SCOPECHECK_VERSION << "\n";
    *exit_code = kExitOk;
  });
});
}  // namespace
}  // namespace scopecheck::cli
