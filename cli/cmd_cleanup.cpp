// scopecheck cleanup --journal FILE: removes what a crashed certify/replay run created on a
// third-party target (buckets with their objects, RGW users), from the journal only.
#include <fmt/format.h>

#include <iostream>

#include "cli/command.h"
#include "harness/targets/target_factory.h"

namespace scopecheck::cli {
namespace {

CommandRegistrar reg("cleanup", [](CLI::App& root, int* exit_code) {
  auto journal = std::make_shared<std::string>();
  auto* cmd = root.add_subcommand("cleanup", "Remove everything a journal lists (after a crashed certify or replay)");
  cmd->add_option("--journal", *journal, "The journal file (certify writes OUT/journal.jsonl)")->required();
  cmd->callback([journal, exit_code] {
    std::vector<std::string> log;
    const int failed = targets::cleanup_journal(*journal, &log);
    for (const auto& l : log) std::cout << l << "\n";
    if (failed > 0) throw Failure(kExitInconclusive, fmt::format("{}: {} entries could not be removed", *journal, failed));
    *exit_code = kExitOk;
  });
});

}  // namespace
}  // namespace scopecheck::cli
