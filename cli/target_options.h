// Options shared by the commands that drive a target (run, replay, mutants): which target, its
// connection details, the profile and the strictness. One place, so every command spells them
// the same way.
#pragma once

#include <CLI/CLI.hpp>

#include <memory>
#include <string>
#include <vector>

#include "harness/model/profile.h"
#include "harness/targets/target.h"

namespace scopecheck::cli {

struct TargetOptions {
  std::string target = "emulator";
  std::string profile;  // default: the target kind's own profile
  std::string strictness = "exact";
  // emulator
  std::vector<std::string> inject;
  int propagation_delay = 0;
  double faults = 0.0;
  int request_timeout_ms = 10000;
  int retries = 4;
  // cloudflare
  std::string api_base, api_token, account, s3_endpoint, s3_endpoint_eu;
  std::vector<std::string> connect_to;

  void add_to(CLI::App& cmd);
  // Throws Failure(kExitUsage) for a bad combination or an unloadable profile.
  model::Profile load_profile() const;
  model::Strictness parsed_strictness() const;
  std::unique_ptr<targets::Target> make_target(uint64_t seed) const;
};

}  // namespace scopecheck::cli
