// `scopecheck model explain`: runs the reference model on one world and one request and prints
// the decision, the rule ids, and each policy that matched or was skipped and why.
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>

#include "cli/command.h"
#include "harness/model/json_text.h"
#include "harness/model/decide.h"
#include "harness/model/explain.h"
#include "harness/model/profile.h"
#include "harness/model/world_codec.h"

namespace scopecheck::cli {
namespace {

namespace m = scopecheck::model;

std::string read_file(const std::string& path) {
  auto text = scopecheck::model::read_text_file(path);
  if (!text) throw Failure(kExitUsage, path + ": cannot read file (" + text.error().message + ")");
  return std::move(text).value();
}

// A profile argument is a path, or a bare name looked up as scenarios/profiles/<name>.json.
std::string profile_path(const std::string& arg) {
  if (arg.find('/') != std::string::npos || arg.ends_with(".json")) return arg;
  return "scenarios/profiles/" + arg + ".json";
}

struct ExplainArgs {
  std::string world;
  std::string request;
  std::string now;
  std::string profile;
};

int run_explain(const ExplainArgs& args) {
  auto world = m::parse_world(read_file(args.world));
  if (!world) throw Failure(kExitUsage, args.world + ": " + world.error().message());
  auto request = m::parse_request(read_file(args.request), *world);
  if (!request) throw Failure(kExitUsage, args.request + ": " + request.error().message());

  std::optional<m::Timestamp> now = world->now;
  if (!args.now.empty()) {
    auto t = m::parse_rfc3339(args.now);
    if (!t) t = m::parse_amz_date(args.now);
    if (!t) throw Failure(kExitUsage, "--now: " + std::string(m::message(t.error())));
    now = *t;
  }
  if (!now) throw Failure(kExitUsage, args.world + ": now: missing (give it in the world or with --now)");

  std::optional<m::Profile> profile;
  m::DecideOptions options;
  if (!args.profile.empty()) {
    auto p = m::load_profile(profile_path(args.profile));
    if (!p) throw Failure(kExitUsage, p.error().message());
    profile = std::move(p).value();
    options = m::decide_options(*profile);
  }
  m::Decision d = m::decide(*world, *request, *now, options);
  std::cout << m::explain(*request, d, profile ? &*profile : nullptr);
  return kExitOk;
}

CommandRegistrar reg("model", [](CLI::App& root, int* exit_code) {
  auto* model = root.add_subcommand("model", "Query the reference model of the scoping rules (SCOPING.md)");
  model->require_subcommand(1);
  auto args = std::make_shared<ExplainArgs>();
  auto* explain = model->add_subcommand("explain", "Decide one request in one world and say why");
  explain->add_option("--world", args->world, "World JSON (harness/model/README.md)")->required();
  explain->add_option("--request", args->request, "Request JSON (harness/model/README.md)")->required();
  explain->add_option("--now", args->now, "Instant to decide at (RFC 3339 or x-amz-date); default: the world's now");
  explain->add_option("--profile", args->profile, "Target profile: a path or a name under scenarios/profiles/");
  explain->callback([args, exit_code] { *exit_code = run_explain(*args); });
});

}  // namespace
}  // namespace scopecheck::cli
