#include "cli/target_options.h"

#include <fmt/format.h>

#include "cli/command.h"
#include "emulator/emulator.h"
#include "harness/scenario/profiles.h"
#include "harness/targets/emulator_target.h"

namespace scopecheck::cli {

void TargetOptions::add_to(CLI::App& cmd) {
  cmd.add_option("--target", target, "Target kind: emulator (in-process, default)")
      ->check(CLI::IsMember({"emulator"}));
  cmd.add_option("--profile", profile, "Profile: a built-in name (r2, aws-like, rgw, swift, s3rver) or a .json file");
  cmd.add_option("--strictness", strictness, "Compare answers by: exact (status and S3 Code), status, or decision")
      ->check(CLI::IsMember({"exact", "status", "decision"}));
  cmd.add_option("--inject", inject, "Emulator: switch on a seeded bug of MUTANTS.md (repeatable)");
  cmd.add_option("--propagation-delay", propagation_delay, "Emulator: seconds before token changes reach S3")
      ->check(CLI::Range(0, 3600));
  cmd.add_option("--faults", faults, "Emulator: share of S3 answers turned into transient failures")
      ->check(CLI::Range(0.0, 0.5));
  cmd.add_option("--request-timeout-ms", request_timeout_ms, "Timeout of one request")->check(CLI::Range(100, 600000));
  cmd.add_option("--retries", retries, "Retries of a check whose answer was a transport failure or 500/503")
      ->check(CLI::Range(0, 50));
}

model::Profile TargetOptions::load_profile() const {
  const std::string name = profile.empty() ? "r2" : profile;
  auto p = scenario::find_profile(name);
  if (!p) throw Failure(kExitUsage, fmt::format("profile {}", p.error().message()));
  return p.value();
}

model::Strictness TargetOptions::parsed_strictness() const {
  auto s = model::parse_strictness(strictness);
  if (!s) throw Failure(kExitUsage, fmt::format("--strictness: unknown value '{}'", strictness));
  return *s;
}

std::unique_ptr<targets::Target> TargetOptions::make_target(uint64_t seed) const {
  targets::EmulatorTargetOptions o;
  o.inject = inject;
  o.propagation_delay = propagation_delay;
  o.faults = faults;
  o.seed = seed;
  o.request_timeout = std::chrono::milliseconds(request_timeout_ms);
  try {
    return std::make_unique<targets::EmulatorTarget>(o);
  } catch (const emulator::ConfigError& e) {
    throw Failure(kExitUsage, fmt::format("--inject: {}", e.what()));
  }
}

}  // namespace scopecheck::cli
