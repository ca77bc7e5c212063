// scopecheck cleanup --journal FILE: removes what a crashed run created, from its journal only.
// Two journals exist because two kinds of target exist: third-party targets (certify, replay:
// buckets with their objects, RGW users; the journal's first line says where, and which file
// holds the admin credential) and the cloudflare target (run: tokens and buckets on an R2
// account). Neither holds a secret: credentials are given again here, the way run takes them.
// Exit 3 while anything the run made may remain (the journal then keeps listing it).
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <iostream>

#include "cli/command.h"
#include "cli/target_failure.h"
#include "cli/target_options.h"
#include "harness/targets/cloudflare_target.h"
#include "harness/targets/static_target.h"

namespace scopecheck::cli {
namespace {

struct CleanupArgs {
  std::string journal;
  std::string api_token, api_token_file;
  std::string static_file, target_json;
  targets::CloudflareTargetOptions cf;
};

enum class JournalKind { kEmpty, kCloudflare, kThirdParty };

// A cloudflare journal's lines are entries ({"kind": …}); a third-party journal starts with a
// header ({"journal": "scopecheck-journal/1", …}). A run that ended cleanly leaves it empty.
JournalKind journal_kind(const std::string& path) {
  std::ifstream in(path);
  if (!in || std::filesystem::is_directory(path)) throw Failure(kExitUsage, fmt::format("{}: cannot read the journal", path));
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    const auto j = nlohmann::json::parse(line, nullptr, false);
    if (!j.is_object()) throw Failure(kExitUsage, fmt::format("{}:1: not a journal line (not a JSON object)", path));
    return j.contains("kind") && !j.contains("journal") ? JournalKind::kCloudflare : JournalKind::kThirdParty;
  }
  return JournalKind::kEmpty;
}

int cleanup_cloudflare(CleanupArgs& a, std::vector<std::string>& log) {
  a.cf.api_token = resolve_api_token(a.api_token, a.api_token_file);
  for (const auto& [flag, value] : {std::pair{"--api-base", &a.cf.api_base}, {"--api-token-file or $CLOUDFLARE_API_TOKEN", &a.cf.api_token},
                                    {"--account", &a.cf.account}, {"--s3-endpoint", &a.cf.s3_endpoint}})
    if (value->empty()) throw Failure(kExitUsage, fmt::format("{} is a cloudflare journal: cleanup needs {}", a.journal, flag));
  a.cf.journal_path = a.journal;
  // Cleanup's own admin token has a name no run gives, so that no lookup of a run's names finds it.
  a.cf.run_prefix = "scopecheck-cleanup-";
  try {
    targets::CloudflareTarget t(a.cf);
    t.begin_scenario(0);  // its own admin token, to delete buckets with
    int left = t.remove_journaled(&log);
    if (!t.release_admin()) {
      log.push_back("cleanup's own admin token: NOT removed (the journal lists it)");
      ++left;
    }
    return left;
  } catch (const targets::TargetError& e) {
    throw Failure(exit_code_of(e), fmt::format("target cloudflare: {} ({} keeps every entry)", e.what(), a.journal));
  } catch (const std::runtime_error& e) {
    throw Failure(kExitInconclusive, fmt::format("{} ({} may still list entries)", e.what(), a.journal));
  }
}

int cleanup_third_party(const CleanupArgs& a, std::vector<std::string>& log) {
  try {
    return targets::cleanup_journal(a.journal, a.static_file.empty() ? a.target_json : a.static_file, &log);
  } catch (const targets::TargetError& e) {
    throw Failure(exit_code_of(e), e.what());
  }
}

CommandRegistrar reg("cleanup", [](CLI::App& root, int* exit_code) {
  auto a = std::make_shared<CleanupArgs>();
  auto* cmd = root.add_subcommand("cleanup", "Remove everything a journal lists (after a crashed run, certify or replay)");
  cmd->add_option("--journal", a->journal, "The journal file (certify writes OUT/journal.jsonl; run --target cloudflare its --journal)")
      ->required();
  cmd->add_option("--static-file", a->static_file, "static journal: the static file of the run (default: the one the journal names)");
  cmd->add_option("--target-json", a->target_json, "rgw/swift journal: the JSON line file of the run (default: the one the journal names)");
  cmd->add_option("--api-base", a->cf.api_base, "cloudflare journal: API base URL");
  add_api_token_options(*cmd, a->api_token, a->api_token_file, "cloudflare journal: API token that may delete tokens: ");
  cmd->add_option("--account", a->cf.account, "cloudflare journal: account id");
  cmd->add_option("--s3-endpoint", a->cf.s3_endpoint, "cloudflare journal: S3 endpoint URL");
  cmd->add_option("--s3-endpoint-eu", a->cf.s3_endpoint_eu, "cloudflare journal: S3 endpoint URL of the eu jurisdiction");
  cmd->add_option("--connect-to", a->cf.connect_to, "cloudflare journal: HOST:PORT:HOST2:PORT2 like curl --connect-to");
  cmd->callback([a, exit_code] {
    std::vector<std::string> log;
    const auto kind = journal_kind(a->journal);
    if (kind == JournalKind::kEmpty) log.push_back(a->journal + ": empty, nothing to remove");
    const int failed = kind == JournalKind::kCloudflare   ? cleanup_cloudflare(*a, log)
                       : kind == JournalKind::kThirdParty ? cleanup_third_party(*a, log)
                                                          : 0;
    for (const auto& l : log) std::cout << l << "\n";
    if (failed > 0)
      throw Failure(kExitInconclusive,
                    fmt::format("{}: {} {} could not be removed or resolved; the journal keeps listing {}", a->journal, failed,
                                failed == 1 ? "entry" : "entries", failed == 1 ? "it" : "them"));
    *exit_code = kExitOk;
  });
});

}  // namespace
}  // namespace scopecheck::cli
