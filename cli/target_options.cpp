#include "cli/target_options.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli/command.h"
#include "cli/target_failure.h"
#include "emulator/emulator.h"
#include "harness/scenario/profiles.h"
#include "harness/targets/cloudflare_target.h"
#include "harness/targets/emulator_target.h"

namespace scopecheck::cli {

std::string resolve_api_token(const std::string& api_token, const std::string& api_token_file) {
  if (!api_token.empty() && !api_token_file.empty())
    throw Failure(kExitUsage, "--api-token and --api-token-file: give one (better the file, or $CLOUDFLARE_API_TOKEN)");
  if (!api_token_file.empty()) {
    if (std::filesystem::is_directory(api_token_file))
      throw Failure(kExitUsage, fmt::format("--api-token-file {}: a folder, not a file", api_token_file));
    std::ifstream in(api_token_file);
    if (!in) throw Failure(kExitUsage, fmt::format("--api-token-file {}: cannot read", api_token_file));
    std::string token;
    std::getline(in, token);
    while (!token.empty() && (token.back() == '\r' || token.back() == ' ' || token.back() == '\t')) token.pop_back();
    if (token.empty()) throw Failure(kExitUsage, fmt::format("--api-token-file {}: empty first line", api_token_file));
    return token;
  }
  if (!api_token.empty()) return api_token;
  const char* env = std::getenv("CLOUDFLARE_API_TOKEN");
  return env ? env : "";
}

void add_api_token_options(CLI::App& cmd, std::string& api_token, std::string& api_token_file, const std::string& prefix) {
  cmd.add_option("--api-token-file", api_token_file,
                 prefix + "file whose first line is the API token (default: $CLOUDFLARE_API_TOKEN)");
  cmd.add_option("--api-token", api_token, prefix + "the API token itself (shows in `ps`: prefer the file or the variable)");
}

void TargetOptions::add_to(CLI::App& cmd) {
  cmd.add_option("--target", target,
                 "Target kind: emulator (in-process, default), static (--static-file), rgw or swift (--target-json), "
                 "cloudflare")
      ->check(CLI::IsMember({"emulator", "static", "rgw", "swift", "cloudflare"}));
  cmd.add_option("--static-file", static_file, "static: JSON file of credentials, grants and buckets (scenarios/static/)");
  cmd.add_option("--target-json", target_json, "rgw/swift: file holding the JSON line scripts/targets/X-up.sh printed");
  cmd.add_option("--journal", journal, "static/rgw/swift: file listing every user and bucket created (for scopecheck cleanup)");
  cmd.add_option("--api-base", api_base, "cloudflare: API base URL");
  add_api_token_options(cmd, api_token, api_token_file, "cloudflare: API token that may create tokens: ");
  cmd.add_option("--account", account, "cloudflare: account id");
  cmd.add_option("--s3-endpoint", s3_endpoint, "cloudflare: S3 endpoint URL");
  cmd.add_option("--s3-endpoint-eu", s3_endpoint_eu, "cloudflare: S3 endpoint URL of the eu jurisdiction");
  cmd.add_option("--connect-to", connect_to, "cloudflare: HOST:PORT:HOST2:PORT2 like curl --connect-to (repeatable)");
  cmd.add_option("--profile", profile, "Profile: a built-in name (r2, aws-like, rgw, swift, s3rver) or a .json file");
  cmd.add_option("--strictness", strictness, "Compare answers by: exact (status and S3 Code), status, or decision")
      ->check(CLI::IsMember({"exact", "status", "decision"}));
  cmd.add_option("--inject", inject, "Emulator: switch on a seeded bug of harness/model/MUTANTS.md (repeatable)");
  cmd.add_option("--propagation-delay", propagation_delay, "Emulator: seconds before token changes reach S3")
      ->check(CLI::Range(0, 3600));
  cmd.add_option("--faults", faults, "Emulator: share of S3 answers turned into transient failures")
      ->check(CLI::Range(0.0, 0.5));
  cmd.add_option("--transport", transport,
                 "Emulator: inproc (the request and answer bytes go straight to its handlers) or tcp (real "
                 "HTTP on loopback ports)")
      ->check(CLI::IsMember({"inproc", "tcp"}));
  cmd.add_option("--tcp-via", tcp_via,
                 "Emulator with --transport tcp: connect through this HOST:PORT, an HTTP relay that forwards by the "
                 "Host header's port (bench/delay_proxy adds a delay per request)");
  cmd.add_option("--request-timeout-ms", request_timeout_ms, "Timeout of one request")->check(CLI::Range(100, 600000));
  cmd.add_option("--retries", retries, "Retries of a check whose answer was a transport failure or 500/503")
      ->check(CLI::Range(0, 50));
}

model::Profile TargetOptions::load_profile() const {
  std::string name = profile;
  if (name.empty()) {
    // The target kind's own profile; a static file may name one ("profile": "s3rver").
    name = target == "rgw" ? "rgw" : target == "swift" ? "swift" : target == "static" ? "aws-like" : "r2";
    if (target == "static" && !static_file.empty()) {
      std::ifstream in(static_file);
      std::stringstream ss;
      ss << in.rdbuf();
      auto j = nlohmann::json::parse(ss.str(), nullptr, false);
      if (j.is_object() && j.contains("profile") && j["profile"].is_string()) name = j["profile"];
    }
  }
  auto p = scenario::find_profile(name);
  if (!p) throw Failure(kExitUsage, fmt::format("profile {}", p.error().message()));
  return p.value();
}

model::Strictness TargetOptions::parsed_strictness() const {
  auto s = model::parse_strictness(strictness);
  if (!s) throw Failure(kExitUsage, fmt::format("--strictness: unknown value '{}'", strictness));
  return *s;
}

std::unique_ptr<targets::CertifiableTarget> TargetOptions::make_certifiable(uint64_t seed) const {
  if (!third_party())
    throw Failure(kExitUsage, fmt::format("--target {}: not a third-party target (static, rgw, swift)", target));
  targets::ThirdPartyOptions o;
  o.kind = target;
  o.static_file = static_file;
  o.target_json = target_json;
  o.journal = journal.empty() ? (std::filesystem::temp_directory_path() / fmt::format("scopecheck-journal-{}.jsonl", ::getpid())).string()
                              : journal;
  o.seed = seed;
  o.request_timeout = std::chrono::milliseconds(request_timeout_ms);
  try {
    return targets::make_certifiable_target(o);
  } catch (const targets::TargetError& e) {
    throw target_failure(e, fmt::format("target {}", target));
  }
}

targets::CloudflareTargetOptions TargetOptions::cloudflare_options(uint64_t seed) const {
  targets::CloudflareTargetOptions c;
  c.api_base = api_base;
  c.api_token = resolve_api_token(api_token, api_token_file);
  c.account = account;
  c.s3_endpoint = s3_endpoint;
  c.s3_endpoint_eu = s3_endpoint_eu;
  c.connect_to = connect_to;
  c.journal_path = journal.empty() ? "scopecheck-journal.jsonl" : journal;
  c.run_prefix = fmt::format("sc{:x}-{}", seed % 0xfffff, name_tag);
  c.request_timeout = std::chrono::milliseconds(request_timeout_ms);
  for (const auto& [flag, value] : {std::pair{"--api-base", &api_base}, {"--api-token-file or $CLOUDFLARE_API_TOKEN", &c.api_token},
                                    {"--account", &account}, {"--s3-endpoint", &s3_endpoint}})
    if (value->empty()) throw Failure(kExitUsage, fmt::format("--target cloudflare needs {}", flag));
  return c;
}

std::vector<std::unique_ptr<targets::Target>> TargetOptions::make_targets(uint64_t seed, int n) const {
  if (target == "cloudflare") {
    try {
      return targets::CloudflareTarget::pool(cloudflare_options(seed), n);
    } catch (const targets::TargetError& e) {
      throw target_failure(e, "target cloudflare");
    } catch (const std::runtime_error& e) {
      throw Failure(kExitUsage, fmt::format("target cloudflare: {}", e.what()));
    }
  }
  std::vector<std::unique_ptr<targets::Target>> out;
  for (int i = 0; i < n; ++i) out.push_back(make_target(seed));
  return out;
}

std::unique_ptr<targets::Target> TargetOptions::make_target(uint64_t seed) const {
  if (third_party()) return make_certifiable(seed);
  if (target == "cloudflare") return std::move(make_targets(seed, 1).front());
  targets::EmulatorTargetOptions o;
  o.inject = inject;
  o.propagation_delay = propagation_delay;
  o.faults = faults;
  o.seed = seed;
  o.request_timeout = std::chrono::milliseconds(request_timeout_ms);
  o.transport = transport == "tcp" ? targets::EmulatorTransport::kTcp : targets::EmulatorTransport::kInProcess;
  if (!tcp_via.empty() && o.transport != targets::EmulatorTransport::kTcp)
    throw Failure(kExitUsage, "--tcp-via: only with --transport tcp");
  o.tcp_via = tcp_via;
  try {
    return std::make_unique<targets::EmulatorTarget>(o);
  } catch (const emulator::ConfigError& e) {
    throw Failure(kExitUsage, fmt::format("--inject: {}", e.what()));
  }
}

}  // namespace scopecheck::cli
