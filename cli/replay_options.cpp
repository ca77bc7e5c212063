#include "cli/replay_options.h"

#include <fmt/format.h>

#include "harness/report/replay_command.h"
#include "harness/scenario/profiles.h"

namespace scopecheck::cli {
namespace {

void add(std::string& o, const std::string& flag, const std::string& value) {
  o += (o.empty() ? "" : " ") + flag + " " + value;
}

}  // namespace

std::string replay_target_options(const TargetOptions& t, const std::string& report_dir) {
  const TargetOptions defaults;
  std::string o;
  auto file = [&](const std::string& path) { return report::path_from_report(path, report_dir); };
  if (t.target != defaults.target) add(o, "--target", t.target);
  if (t.target == "emulator") {
    // What shapes the emulator's answers: a case found with delayed propagation or faults is
    // replayed with them (the emulator is seeded from the case, so the same faults recur).
    if (t.propagation_delay != defaults.propagation_delay) add(o, "--propagation-delay", std::to_string(t.propagation_delay));
    if (t.faults != defaults.faults) add(o, "--faults", fmt::format("{}", t.faults));
    if (t.transport != defaults.transport) add(o, "--transport", report::shell_quote(t.transport));
    if (!t.tcp_via.empty()) add(o, "--tcp-via", report::shell_quote(t.tcp_via));
  } else if (t.target == "cloudflare") {
    if (!t.api_base.empty()) add(o, "--api-base", report::shell_quote(t.api_base));
    if (!t.account.empty()) add(o, "--account", report::shell_quote(t.account));
    if (!t.s3_endpoint.empty()) add(o, "--s3-endpoint", report::shell_quote(t.s3_endpoint));
    if (!t.s3_endpoint_eu.empty()) add(o, "--s3-endpoint-eu", report::shell_quote(t.s3_endpoint_eu));
    for (const auto& c : t.connect_to) add(o, "--connect-to", report::shell_quote(c));
    // The token by its file only; otherwise replay takes it from $CLOUDFLARE_API_TOKEN.
    if (!t.api_token_file.empty()) add(o, "--api-token-file", file(t.api_token_file));
  } else {
    if (!t.static_file.empty()) add(o, "--static-file", file(t.static_file));
    if (!t.target_json.empty()) add(o, "--target-json", file(t.target_json));
  }
  if (t.request_timeout_ms != defaults.request_timeout_ms) add(o, "--request-timeout-ms", std::to_string(t.request_timeout_ms));
  if (t.retries != defaults.retries) add(o, "--retries", std::to_string(t.retries));
  return o;
}

std::string replay_profile_option(const std::string& profile_arg, const std::string& report_dir) {
  if (profile_arg.empty() || !scenario::profile_is_path(profile_arg)) return "";
  return "--profile " + report::path_from_report(profile_arg, report_dir);
}

bool replay_options_name_files(const TargetOptions& t) {
  return !t.static_file.empty() || !t.target_json.empty() || (t.target == "cloudflare" && !t.api_token_file.empty()) ||
         (!t.profile.empty() && scenario::profile_is_path(t.profile));
}

}  // namespace scopecheck::cli
