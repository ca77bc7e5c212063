// scopecheck cleanup --journal FILE: removes what a crashed run created, from its journal only.
// Two journals exist because two kinds of target exist: third-party targets (certify, replay:
// buckets with their objects, RGW users; the journal's first line says where and with which
// credential) and the cloudflare target (run: tokens and buckets on an R2 account; the journal
// holds no secret, so the API token is given again here).
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <iostream>

#include "cli/command.h"
#include "harness/targets/cloudflare_target.h"
#include "harness/targets/target_factory.h"

namespace scopecheck::cli {
namespace {

struct CleanupArgs {
  std::string journal;
  targets::CloudflareTargetOptions cf;
};

// A cloudflare journal's lines are entries ({"kind": …}); a third-party journal starts with a
// header ({"journal": "scopecheck-journal/1", …}).
bool is_cloudflare_journal(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw Failure(kExitUsage, fmt::format("{}: cannot read the journal", path));
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    const auto j = nlohmann::json::parse(line, nullptr, false);
    if (!j.is_object()) throw Failure(kExitUsage, fmt::format("{}:1: not a journal line (not a JSON object)", path));
    return j.contains("kind") && !j.contains("journal");
  }
  return false;  // empty: nothing to do either way
}

int cleanup_cloudflare(CleanupArgs& a, std::vector<std::string>& log) {
  for (const auto& [flag, value] : {std::pair{"--api-base", &a.cf.api_base}, {"--api-token", &a.cf.api_token},
                                    {"--account", &a.cf.account}, {"--s3-endpoint", &a.cf.s3_endpoint}})
    if (value->empty()) throw Failure(kExitUsage, fmt::format("{} is a cloudflare journal: cleanup needs {}", a.journal, flag));
  a.cf.journal_path = a.journal;
  try {
    targets::CloudflareTarget t(a.cf);
    t.begin_scenario(0);  // its own admin token, to delete buckets with
    return t.remove_journaled(&log);
  } catch (const targets::TargetError& e) {
    throw Failure(e.kind() == targets::TargetError::Kind::kUnreachable ? kExitInconclusive : kExitUsage,
                  fmt::format("target cloudflare: {}", e.what()));
  }
}

CommandRegistrar reg("cleanup", [](CLI::App& root, int* exit_code) {
  auto a = std::make_shared<CleanupArgs>();
  auto* cmd = root.add_subcommand("cleanup", "Remove everything a journal lists (after a crashed run, certify or replay)");
  cmd->add_option("--journal", a->journal, "The journal file (certify writes OUT/journal.jsonl; run --target cloudflare its --journal)")
      ->required();
  cmd->add_option("--api-base", a->cf.api_base, "cloudflare journal: API base URL");
  cmd->add_option("--api-token", a->cf.api_token, "cloudflare journal: API token that may delete tokens");
  cmd->add_option("--account", a->cf.account, "cloudflare journal: account id");
  cmd->add_option("--s3-endpoint", a->cf.s3_endpoint, "cloudflare journal: S3 endpoint URL");
  cmd->add_option("--s3-endpoint-eu", a->cf.s3_endpoint_eu, "cloudflare journal: S3 endpoint URL of the eu jurisdiction");
  cmd->add_option("--connect-to", a->cf.connect_to, "cloudflare journal: HOST:PORT:HOST2:PORT2 like curl --connect-to");
  cmd->callback([a, exit_code] {
    std::vector<std::string> log;
    const int failed = is_cloudflare_journal(a->journal) ? cleanup_cloudflare(*a, log) : targets::cleanup_journal(a->journal, &log);
    for (const auto& l : log) std::cout << l << "\n";
    if (failed > 0) throw Failure(kExitInconclusive, fmt::format("{}: {} entries could not be removed", a->journal, failed));
    *exit_code = kExitOk;
  });
});

}  // namespace
}  // namespace scopecheck::cli
