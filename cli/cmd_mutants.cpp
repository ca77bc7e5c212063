// scopecheck mutants: the mutation study. Runs the default suite against the emulator once per
// seeded bug (mutants --list) and prints, per bug: caught or not, time and checks to the first
// violation, steps in the shrunk case, and whether that case replays (violation against the
// mutant, pass against the clean emulator).
#include <fmt/format.h>

#include <thread>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "cli/command.h"
#include "cli/duration.h"
#include "cli/flags.h"
#include "cli/interrupt.h"
#include "cli/mutant_catalogue.h"
#include "cli/output_paths.h"
#include "cli/progress.h"
#include "cli/target_options.h"
#include "emulator/bugs.h"
#include "harness/report/plural.h"
#include "harness/scenario/runner.h"
#include "scopecheck_version.h"

namespace scopecheck::cli {
namespace {

struct MutantsArgs {
  std::vector<std::string> only;
  std::string budget = "60s";
  uint64_t seed = 1;
  std::string out = "scopecheck-mutants";
  std::string json_out;
  bool list = false;
};

int list_mutants() {
  size_t width = 0;
  for (const auto& m : mutant_catalogue()) width = std::max(width, m.name.size());
  for (const auto& m : mutant_catalogue()) std::cout << fmt::format("{:<{}}  {:<9}  {}\n", m.name, width, m.rule, m.bug);
  return kExitOk;
}

struct Row {
  std::string bug;
  bool caught = false;
  double seconds = 0;
  int64_t checks = 0;
  size_t steps = 0;
  std::string rule;
  std::string replay_mutant = "-";
  std::string replay_clean = "-";
  std::string case_file;
};

std::string replay_verdict(const scenario::CaseFile& c, const std::vector<std::string>& inject, const model::Profile& profile) {
  TargetOptions t;
  t.inject = inject;
  auto target = t.make_target(c.seed);
  scenario::ExecOptions eo;
  auto r = scenario::replay(c, *target, profile, eo);
  if (r.violation) return "violation";
  if (r.inconclusive || !r.setup_error.empty()) return "unknown";
  return "pass";
}

int mutants_command(const MutantsArgs& a) {
  if (a.list) return list_mutants();
  std::vector<std::string> bugs;
  if (a.only.empty()) {
    for (auto b : emulator::all_bugs()) bugs.emplace_back(emulator::bug_name(b));
  } else {
    for (const auto& name : a.only) {
      if (!emulator::parse_bug(name))
        throw Failure(kExitUsage, fmt::format("--bug: '{}' is not a seeded bug (scopecheck mutants --list)", name));
      bugs.push_back(name);
    }
  }
  // Everything that will be written is checked before the first bug's budget is spent.
  check_output_dir("--out", a.out);
  if (!a.json_out.empty()) check_output_file("--json", a.json_out);
  TargetOptions base;
  const auto profile = base.load_profile();
  const auto budget = parse_duration(a.budget, "--budget", false);
  std::cout << fmt::format("scopecheck {}: mutants, {} against the emulator, seed {}, budget {} per bug, out {}\n",
                           SCOPECHECK_VERSION, report::counted(static_cast<int64_t>(bugs.size()), "bug", "bugs"), a.seed,
                           a.budget, a.out)
            << std::flush;
  // A signal stops the bug in progress at its next check; the table covers the bugs that ran.
  InterruptGuard interrupt;
  std::vector<Row> rows;
  for (const auto& bug : bugs) {
    if (interrupt.interrupted()) break;
    Row row;
    row.bug = bug;
    TargetOptions t;
    t.inject = {bug};
    scenario::RunOptions o;
    o.jobs = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    std::vector<std::unique_ptr<targets::Target>> pool;
    for (int i = 0; i < o.jobs; ++i) pool.push_back(t.make_target(a.seed));
    o.seed = a.seed;
    o.budget = budget;
    o.out_dir = (std::filesystem::path(a.out) / bug).string();
    o.injected_bugs = {bug};
    o.matrix = true;
    o.interrupt = interrupt.flag();
    scenario::CampaignProgress live;
    o.live = &live;
    report::RunResult result;
    {
      ProgressReporter progress(live, bug, budget);
      result = scenario::run([&](int i) -> targets::Target& { return *pool.at(static_cast<size_t>(i)); }, profile, o);
    }
    if (interrupt.interrupted() && result.violation_list.empty()) break;  // cut short: neither caught nor missed
    std::cerr << fmt::format("{:<28} ", bug);
    if (!result.violation_list.empty()) {
      const auto& v = result.violation_list.front();
      row.caught = true;
      row.seconds = v.seconds_to_first;
      row.checks = v.checks_to_first;
      row.rule = v.rule;
      row.case_file = (std::filesystem::path(o.out_dir) / v.case_file).string();
      std::ifstream in(row.case_file);
      std::stringstream ss;
      ss << in.rdbuf();
      auto parsed = scenario::parse_case(ss.str());
      if (auto* c = std::get_if<scenario::CaseFile>(&parsed)) {
        row.steps = c->scenario.steps.size();
        row.replay_mutant = replay_verdict(*c, {bug}, profile);
        row.replay_clean = replay_verdict(*c, {}, profile);
      }
    }
    std::cerr << (row.caught ? fmt::format("caught in {:.2f} s", row.seconds) : std::string("NOT CAUGHT")) << "\n";
    rows.push_back(row);
  }

  std::cout << fmt::format("\n| {:<28} | {:<6} | {:>8} | {:>8} | {:>5} | {:<10} | {:<14} | {:<13} |\n", "bug", "caught",
                           "seconds", "checks", "steps", "rule", "replay mutant", "replay clean");
  std::cout << "|" << std::string(30, '-') << "|" << std::string(8, '-') << "|" << std::string(10, '-') << "|"
            << std::string(10, '-') << "|" << std::string(7, '-') << "|" << std::string(12, '-') << "|"
            << std::string(16, '-') << "|" << std::string(15, '-') << "|\n";
  int caught = 0, replay_ok = 0;
  nlohmann::json j = nlohmann::json::array();
  for (const auto& r : rows) {
    caught += r.caught;
    const bool ok = r.replay_mutant == "violation" && r.replay_clean == "pass";
    replay_ok += ok;
    std::cout << fmt::format("| {:<28} | {:<6} | {:>8.2f} | {:>8} | {:>5} | {:<10} | {:<14} | {:<13} |\n", r.bug,
                             r.caught ? "yes" : "NO", r.seconds, r.checks, r.steps, r.rule, r.replay_mutant, r.replay_clean);
    j.push_back({{"bug", r.bug}, {"caught", r.caught}, {"seconds_to_first", r.seconds}, {"checks_to_first", r.checks},
                 {"shrunk_steps", r.steps}, {"rule", r.rule}, {"replay_mutant", r.replay_mutant},
                 {"replay_clean", r.replay_clean}, {"case_file", r.case_file}});
  }
  if (interrupt.interrupted())
    std::cout << fmt::format("\nINTERRUPTED by {} after {} of {}: the table covers those\n", interrupt.signal_name(),
                             rows.size(), report::counted(static_cast<int64_t>(bugs.size()), "bug", "bugs"));
  std::cout << fmt::format("\n{} of {} caught; {} {} as a violation on the mutant and a pass on the clean emulator\n", caught,
                           report::counted(static_cast<int64_t>(rows.size()), "bug", "bugs"),
                           report::counted(replay_ok, "shrunk case", "shrunk cases"), replay_ok == 1 ? "replays" : "replay");
  if (!a.json_out.empty()) {
    // The table, and whether it covers every bug asked for: a study a signal stopped says so, as
    // result.json does ("interrupted": "SIGINT"), so a script does not take it for the whole.
    nlohmann::json doc = {{"seed", a.seed}, {"budget_per_bug", a.budget}, {"bugs_planned", bugs.size()}, {"bugs", j}};
    if (interrupt.interrupted()) doc["interrupted"] = interrupt.signal_name();
    std::ofstream json_file(a.json_out);
    json_file << doc.dump(2) << "\n";
    if (!json_file.flush()) throw Failure(kExitUsage, fmt::format("--json {}: cannot write the file", a.json_out));
  }
  if (interrupt.interrupted()) return interrupt.exit_code();
  return caught == static_cast<int>(rows.size()) && replay_ok == caught ? kExitOk : kExitViolations;
}

CommandRegistrar reg("mutants", [](CLI::App& root, int* exit_code) {
  auto args = std::make_shared<MutantsArgs>();
  auto* cmd = root.add_subcommand("mutants", "Mutation study: is every seeded bug (--list) caught by the default suite?");
  cmd->add_flag("--list", args->list, "List the seeded bugs (name, rule, what is wrong) and exit");
  cmd->add_option("--bug", args->only, "Only this bug (repeatable); default: every bug of --list");
  cmd->add_option("--budget", args->budget, "Budget per bug, e.g. 60s");
  cmd->add_option("--seed", args->seed, "Seed of the random phase")->check(seed_validator());
  cmd->add_option("--out", args->out, "Folder for each bug's reports and shrunk case");
  cmd->add_option("--json", args->json_out,
                  "Also write the table as JSON here: {seed, budget_per_bug, bugs_planned, bugs: [rows], interrupted "
                  "(only when a signal stopped the study)}");
  cmd->callback([args, exit_code] { *exit_code = mutants_command(*args); });
});

}  // namespace
}  // namespace scopecheck::cli
