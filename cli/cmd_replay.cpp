// scopecheck replay CASE.json: re-creates a case's world on a target and re-runs its steps.
// Exit 1 when a violation reproduces, 0 when every check passes.
#include <fmt/format.h>

#include <fstream>
#include <iostream>
#include <sstream>

#include "cli/command.h"
#include "cli/output_paths.h"
#include "cli/target_failure.h"
#include "cli/target_options.h"
#include "harness/model/json_text.h"
#include "harness/report/plural.h"
#include "harness/scenario/reproduce.h"
#include "harness/scenario/runner.h"

namespace scopecheck::cli {
namespace {

struct ReplayArgs {
  TargetOptions target;
  std::vector<std::string> cases;
  bool verbose = false;
  bool strictness_given = false;  // else the case's own strictness
};

scenario::CaseFile read_case(const std::string& path) {
  auto text = model::read_text_file(path);
  if (!text) throw Failure(kExitUsage, fmt::format("{}: cannot read the case file ({})", path, text.error().message));
  auto parsed = scenario::parse_case(text.value());
  if (auto* err = std::get_if<scenario::CaseError>(&parsed))
    throw Failure(kExitUsage, fmt::format("{}: {}", path, err->message()));
  return std::get<scenario::CaseFile>(std::move(parsed));
}

// The bytes of a failing or undecided check, and how to send the same request by hand.
void print_exchange(const scenario::Scenario& s, const scenario::Exchange& x, const std::string& heading) {
  std::cout << fmt::format("\n  {} (step {}):\n", heading, x.step);
  auto indent = [](const std::string& text) {
    std::string out;
    size_t at = 0;
    while (at < text.size()) {
      const auto end = std::min(text.find('\n', at), text.size());
      out += "    " + text.substr(at, end - at) + "\n";
      at = end + 1;
    }
    return out;
  };
  std::cout << indent(scenario::exchange_text(x));
  const auto step = static_cast<size_t>(x.step);
  const auto* s3 = step < s.steps.size() ? std::get_if<scenario::S3Step>(&s.steps[step]) : nullptr;
  if (!s3) return;
  std::cout << "  with curl:\n" << indent(scenario::curl_command(*s3, x));
  std::cout << "  with the AWS CLI:\n" << indent(scenario::aws_cli_command(*s3, x));
}

int replay_command(const ReplayArgs& a) {
  // Read every case first: a corrupt file is a usage error before anything runs.
  std::vector<std::pair<std::string, scenario::CaseFile>> cases;
  for (const auto& path : a.cases) cases.emplace_back(path, read_case(path));
  if (!a.target.journal.empty()) check_output_file("--journal", a.target.journal);
  int reproduced = 0, unknown = 0;
  for (const auto& [path, c] : cases) {
    auto opts = a.target;
    if (opts.profile.empty()) opts.profile = c.profile;
    const auto profile = opts.load_profile();
    auto target = opts.make_target(c.seed);
    scenario::ExecOptions eo;
    if (!a.strictness_given) opts.strictness = c.strictness;
    eo.strictness = opts.parsed_strictness();
    eo.retries = opts.retries;
    scenario::ExecResult r;
    try {
      r = scenario::replay(c, *target, profile, eo);
    } catch (const targets::TargetError& e) {
      throw target_failure(e, fmt::format("{}: target {}", path, target->kind()));
    }
    if (!r.setup_error.empty()) throw Failure(kExitInconclusive, fmt::format("{}: setting up the case: {}", path, r.setup_error));
    std::cout << fmt::format("{}{}\n", path, c.title.empty() ? "" : " — " + c.title);
    if (a.verbose)
      for (const auto& check : r.checks)
        std::cout << fmt::format("  {} {} → {}{} (expected {})\n", model::to_string(check.verdict), check.request,
                                 check.status, check.code.empty() ? "" : " " + check.code, check.expected_wire);
    if (a.verbose) {
      bool printed = false;
      for (const auto& check : r.checks)
        if (check.exchange) {
          print_exchange(c.scenario, *check.exchange,
                         fmt::format("{} check, as sent and answered now", model::to_string(check.verdict)));
          printed = true;
        }
      // Nothing failed now: what failed when the case was saved is still worth seeing.
      if (!printed)
        for (const auto& x : c.exchanges) print_exchange(c.scenario, x, "failing check when the case was saved");
      std::cout << "\n";
    }
    if (r.violation) {
      ++reproduced;
      const auto& v = *r.violation;
      std::cout << fmt::format("  REPRODUCED at step {}: {}\n  expected: {}\n  actual:   {}{}\n  rules:    {}\n", v.step,
                               v.request, v.expected_wire, v.status, v.code.empty() ? "" : " " + v.code,
                               v.why.empty() ? "-" : v.why);
    } else if (r.inconclusive) {
      ++unknown;
      std::cout << "  INCONCLUSIVE: a check stayed undecided after its retries\n";
    } else {
      std::cout << fmt::format("  passes: {} {} with the model{}\n",
                               report::counted(static_cast<int64_t>(r.checks.size()), "check", "checks"),
                               r.checks.size() == 1 ? "agrees" : "agree",
                               c.expectations.empty() ? "" : " and the case's expectations");
    }
  }
  if (reproduced > 0) return kExitViolations;
  if (unknown > 0) return kExitInconclusive;
  return kExitOk;
}

CommandRegistrar reg("replay", [](CLI::App& root, int* exit_code) {
  auto args = std::make_shared<ReplayArgs>();
  auto* cmd = root.add_subcommand("replay", "Re-run saved case files on a target (exit 1 if a violation reproduces)");
  cmd->add_option("cases", args->cases, "Case files (JSON)")->required();
  args->target.add_to(*cmd);
  cmd->add_flag("-v,--verbose", args->verbose,
                "Print every check, and for a failing or undecided one the request and answer bytes with ready "
                "curl and aws s3api commands");
  auto* strictness = cmd->get_option("--strictness");
  cmd->callback([args, exit_code, strictness] {
    args->strictness_given = strictness->count() > 0;
    *exit_code = replay_command(*args);
  });
});

}  // namespace
}  // namespace scopecheck::cli
