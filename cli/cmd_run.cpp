// scopecheck run: the default suite (matrix, then random scenarios) against a target, every
// response checked, violations shrunk and saved, reports written.
#include <unistd.h>

#include <fmt/format.h>

#include <cstdio>
#include <limits>
#include <optional>
#include <iostream>
#include <thread>

#include "cli/command.h"
#include "cli/duration.h"
#include "cli/flags.h"
#include "cli/interrupt.h"
#include "cli/progress.h"
#include "cli/replay_options.h"
#include "cli/output_paths.h"
#include "cli/target_failure.h"
#include "cli/target_options.h"
#include "harness/report/baseline.h"
#include "harness/report/junit.h"
#include "harness/report/plural.h"
#include "harness/report/replay_command.h"
#include "harness/report/report_error.h"
#include "harness/report/rule_text.h"
#include "harness/report/verdict.h"
#include "harness/report/write_all.h"
#include "harness/scenario/runner.h"
#include "scopecheck_version.h"

namespace scopecheck::cli {
namespace {

struct RunArgs {
  TargetOptions target;
  uint64_t seed = 1;
  std::string budget = "60s";
  int64_t max_checks = 0;
  std::string shard;
  std::string out = "scopecheck-out";
  std::string junit;
  bool no_matrix = false;
  bool matrix_only = false;
  bool stats = false;
  int max_steps = 24;
  int max_violations = 1;
  int jobs = 0;  // 0: the cores for the emulator, 8 for cloudflare, 1 for fixed-credential targets
  int64_t min_checks = 100;
  std::string baseline;
  std::string today;  // YYYY-MM-DD; default: the UTC date
};

std::pair<int, int> parse_shard(const std::string& text) {
  int i = 0, n = 0;
  char slash = 0;
  if (std::sscanf(text.c_str(), "%d%c%d", &i, &slash, &n) != 3 || slash != '/' || n < 1 || i < 1 || i > n)
    throw Failure(kExitUsage, fmt::format("--shard: '{}' is not i/n with 1 ≤ i ≤ n", text));
  return {i - 1, n};
}

// `cd_first`: the command names files from the report's folder (a static file, a profile file),
// so the terminal says to go there, as certify does.
void print_violation(const report::RunResult& r, const report::ViolationSummary& v, const std::string& out, bool cd_first) {
  std::cout << fmt::format("\nVIOLATION of {} on {}\n  expected: {}\n  actual:   {}\n  minimal case:\n",
                           report::rule_with_gist(v.rule), v.operation, v.expected, v.actual);
  for (const auto& s : v.steps) std::cout << "    " << s << "\n";
  // On the terminal the case is named from where the command ran; the reports name it from
  // their own folder.
  const std::string replay = !cd_first || v.case_file.empty() || out == "."
                                 ? report::replay_command_from(r, v, cd_first ? "." : out)
                                 : "cd " + report::shell_quote(out) + " && " + report::relative_replay_command(r, v);
  if (!replay.empty()) std::cout << "  replay:   " << replay << "\n";
}

report::CivilDate today_or(const std::string& text) {
  if (!text.empty()) {
    auto d = report::parse_civil_date(text);
    if (!d) throw Failure(kExitUsage, fmt::format("--today: '{}' is not a date like 2026-11-29", text));
    return *d;
  }
  const auto days = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
  const std::chrono::year_month_day ymd{days};
  return {static_cast<int>(ymd.year()), static_cast<int>(static_cast<unsigned>(ymd.month())),
          static_cast<int>(static_cast<unsigned>(ymd.day()))};
}

int run_command(const RunArgs& a) {
  // Everything that will be written is checked before the budget is spent.
  check_report_dir("--out", a.out);
  if (!a.junit.empty()) check_output_file("--junit", a.junit);
  if (!a.target.journal.empty()) check_output_file("--journal", a.target.journal);
  // So is every input: a bad baseline is found now, not after the budget.
  std::optional<report::Baseline> baseline;
  if (!a.baseline.empty()) {
    try {
      baseline = report::load_baseline(a.baseline);
    } catch (const std::exception& e) {
      throw Failure(kExitUsage, e.what());
    }
  }
  const auto today = today_or(a.today);
  scenario::RunOptions o;
  o.seed = a.seed;
  o.budget = parse_duration(a.budget, "--budget", false);
  if (a.max_checks > 0) o.max_checks = a.max_checks;
  if (!a.shard.empty()) std::tie(o.shard_index, o.shard_count) = parse_shard(a.shard);
  o.exec.strictness = a.target.parsed_strictness();
  o.exec.retries = a.target.retries;
  o.matrix = !a.no_matrix;
  o.random_phase = !a.matrix_only;
  o.max_violations = a.max_violations;
  o.out_dir = a.out;
  o.injected_bugs = a.target.inject;
  // The replay commands in the reports reach this same target from the report's folder.
  o.replay_options = replay_target_options(a.target, a.out);
  if (const auto p = replay_profile_option(a.target.profile, a.out); !p.empty())
    o.replay_options += (o.replay_options.empty() ? "" : " ") + p;
  o.gen.max_steps = a.max_steps;
  const auto profile = a.target.load_profile();
  o.min_checks = a.min_checks;
  // The emulator's workers use every core. A cloudflare account is remote: its workers mostly
  // wait for answers, so several scenarios are in flight at once (each item's buckets and tokens
  // carry the item's own tag, so they never meet). A fixed-credential target (static, rgw,
  // swift) has one set of buckets for every scenario: one at a time.
  const bool in_process = a.target.target == "emulator";
  const bool remote_pool = a.target.target == "cloudflare";
  constexpr int kRemoteJobs = 8;
  o.jobs = a.jobs > 0 ? a.jobs
           : in_process ? static_cast<int>(std::max(1u, std::thread::hardware_concurrency()))
           : remote_pool ? kRemoteJobs
                         : 1;
  if (o.jobs > 1 && !in_process && !remote_pool)
    throw Failure(kExitUsage, fmt::format("--jobs {}: target {} runs one scenario at a time (every scenario uses "
                                          "its one set of buckets and credentials); --jobs > 1 is for the emulator "
                                          "and cloudflare targets",
                                          o.jobs, a.target.target));
  auto target_options = a.target;
  if (o.shard_count > 1) target_options.name_tag = fmt::format("s{}-", o.shard_index + 1);
  auto pool = target_options.make_targets(a.seed, o.jobs);
  auto& target = pool.front();
  const auto caps = target->capabilities();
  o.gen.token_api = caps.token_api;
  o.gen.api_steps = caps.api_steps;
  o.gen.clock_control = caps.clock_control;
  o.gen.virtual_host = caps.virtual_host;
  o.gen.presign = caps.presign;
  o.gen.jurisdictions = caps.jurisdictions;
  o.gen.sigv2_steps = caps.sigv2;
  o.gen.fixed_accounts = caps.accounts;
  o.gen.bucket_prefix = caps.bucket_prefix;
  if (!caps.ipv4_sources) o.gen.source_ips = {"127.0.0.1"};
  if (a.target.third_party()) o.gen.source_ips = caps.ipv4_sources ? std::vector<std::string>{"127.0.0.1", "127.0.0.2"}
                                                                   : std::vector<std::string>{"127.0.0.1"};
  // What runs, before it runs: a log cut short still says what it was.
  const std::string target_name = target->name();
  std::cout << fmt::format("scopecheck {}: target {}{}, profile {}, strictness {}, seed {}{}, budget {}, jobs {}, out {}\n",
                           SCOPECHECK_VERSION, target->kind(), target_name.empty() ? "" : " (" + target_name + ")",
                           profile.name, a.target.strictness, a.seed, a.shard.empty() ? "" : ", shard " + a.shard,
                           a.budget, o.jobs, a.out)
            << std::flush;

  // From here on a signal stops the run at its next check; the reports are still written.
  InterruptGuard interrupt;
  o.interrupt = interrupt.flag();
  scenario::CampaignProgress live;
  o.live = &live;
  report::RunResult result;
  {
    ProgressReporter progress(live, "run", o.budget);
    try {
      result = scenario::run([&](int i) -> targets::Target& { return *pool.at(static_cast<size_t>(i)); }, profile, o);
    } catch (const targets::TargetError& e) {
      progress.stop(false);
      throw target_failure(e, fmt::format("target {}", target->kind()));
    }
  }
  if (interrupt.interrupted()) result.interrupted = interrupt.signal_name();

  if (baseline) result = report::apply_baseline(std::move(result), *baseline, today, a.baseline);
  try {
    report::write_all(result, a.out);
    if (!a.junit.empty()) report::write_junit(result, a.junit);
  } catch (const report::ReportError& e) {
    throw Failure(kExitUsage, e.what());
  }

  std::cout << fmt::format("{}, {} in {:.1f} s: {} passed, {}, {} ({})\n",
                           report::counted(result.scenarios, "scenario", "scenarios"),
                           report::counted(result.checks, "check", "checks"), result.duration_seconds, result.passes,
                           report::counted(result.violations, "violation", "violations"),
                           report::counted(result.unknowns, "unknown", "unknowns"),
                           report::counted(result.retries, "retry", "retries"));
  if (a.stats) {
    std::cout << "\nDistribution (group × resource form × capability × auth):\n";
    std::vector<std::pair<int64_t, std::string>> rows;
    for (const auto& [tag, n] : result.distribution) rows.emplace_back(n, tag);
    std::sort(rows.rbegin(), rows.rend());
    for (const auto& [n, tag] : rows)
      std::cout << fmt::format("  {:6.2f}%  {}\n", 100.0 * static_cast<double>(n) / std::max<int64_t>(1, result.checks), tag);
  }
  for (const auto& v : result.violation_list) {
    if (report::is_accepted(result, v)) {
      std::cout << fmt::format("\naccepted by the baseline: {} on {} (case {})\n", v.rule, v.operation, v.case_id);
      continue;
    }
    print_violation(result, v, a.out, replay_options_name_files(a.target));
  }
  if (result.baseline)
    for (const auto& e : result.baseline->not_reproduced)
      std::cout << fmt::format("baseline entry {} ({}) did not reproduce: remove it from {}\n", e.case_id, e.rule, a.baseline);
  std::cout << report::verdict_line(result) << "\n";
  std::cout << fmt::format("\nreports: {}/report.html, {}/result.json, {}/junit.xml, {}/summary.md\n", a.out, a.out, a.out, a.out);
  switch (report::verdict_of(result)) {
    case report::Verdict::kInterrupted:
      return interrupt.exit_code();
    case report::Verdict::kViolations:
      return kExitViolations;
    case report::Verdict::kInconclusive:
      return kExitInconclusive;
    case report::Verdict::kPass:
      return kExitOk;
  }
  return kExitOk;
}

CommandRegistrar reg("run", [](CLI::App& root, int* exit_code) {
  auto args = std::make_shared<RunArgs>();
  auto* cmd = root.add_subcommand("run", "Run the scenario suite against a target and check every response");
  args->target.add_to(*cmd);
  cmd->add_option("--seed", args->seed, "Seed of the random phase (the same seed gives the same scenarios)")
      ->check(seed_validator());
  cmd->add_option("--budget", args->budget, "Time for the run, e.g. 60s, 5m (shrinking may take as long again)");
  cmd->add_option("--max-checks", args->max_checks, "Stop after this many checks (0: no limit)")
      ->check(CLI::Range(int64_t{0}, std::numeric_limits<int64_t>::max()));
  cmd->add_option("--shard", args->shard, "i/n: run the i-th of n disjoint parts of the seed space");
  cmd->add_option("--out", args->out, "Folder for result.json, junit.xml, summary.md, report.html and cases/");
  cmd->add_option("--junit", args->junit, "Also write the JUnit XML here");
  auto* no_matrix =
      cmd->add_flag("--no-matrix", args->no_matrix, "Skip the deterministic group × resource × operation matrix");
  cmd->add_flag("--matrix-only", args->matrix_only, "Run only the matrix")->excludes(no_matrix);
  cmd->add_flag("--stats", args->stats, "Print the distribution of generated scenarios");
  cmd->add_option("--jobs", args->jobs,
                  "Scenarios run at once, each worker with its own target (default: the cores for the emulator, "
                  "8 for cloudflare, else 1); results do not depend on it")
      ->check(CLI::Range(1, 256));
  cmd->add_option("--min-checks", args->min_checks,
                  "A run that judged fewer checks is INCONCLUSIVE (exit 3), never PASS")
      ->check(CLI::Range(int64_t{0}, int64_t{1} << 40));
  cmd->add_option("--max-steps", args->max_steps, "Most steps in one generated scenario")->check(CLI::Range(1, 500));
  cmd->add_option("--max-violations", args->max_violations, "Stop after this many distinct violations")
      ->check(CLI::Range(1, 1000));
  cmd->add_option("--baseline", args->baseline, "Accepted violations (JSON): the run fails only on others");
  cmd->add_option("--today", args->today, "The date baseline expiries are judged at (default: today, UTC)");
  cmd->callback([args, exit_code] { *exit_code = run_command(*args); });
});

}  // namespace
}  // namespace scopecheck::cli
