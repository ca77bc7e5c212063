// The campaign engine (harness/scenario/campaign.h) as `scopecheck run` drives it: results do not
// depend on the number of workers, faults differ from one scenario to the next, and a run that
// did not do its work is never a pass.
#include "harness/scenario/campaign.h"

#include <gtest/gtest.h>

#include "harness/report/verdict.h"
#include "harness/scenario/profiles.h"
#include "harness/scenario/runner.h"
#include "harness/targets/emulator_target.h"

namespace scopecheck::scenario {
namespace {

model::Profile r2() { return find_profile("r2").value(); }

std::vector<std::unique_ptr<targets::Target>> pool(int n, std::vector<std::string> inject = {}, double faults = 0) {
  std::vector<std::unique_ptr<targets::Target>> out;
  for (int i = 0; i < n; ++i) {
    targets::EmulatorTargetOptions o;
    o.inject = inject;
    o.faults = faults;
    o.seed = 11;
    o.request_timeout = std::chrono::milliseconds(1500);
    out.push_back(std::make_unique<targets::EmulatorTarget>(o));
  }
  return out;
}

report::RunResult run_on(std::vector<std::unique_ptr<targets::Target>>& targets, RunOptions o) {
  o.jobs = static_cast<int>(targets.size());
  return run([&](int i) -> targets::Target& { return *targets.at(static_cast<size_t>(i)); }, r2(), o);
}

// Everything but the clock readings.
nlohmann::json without_timings(report::RunResult r) {
  r.started_at.clear();
  r.duration_seconds = 0;
  r.checks_over_time.clear();
  for (auto& v : r.violation_list) v.seconds_to_first = 0;
  return report::to_json(r);
}

TEST(Campaign, OneWorkerOrThreeGiveTheSameResult) {
  RunOptions o;
  o.seed = 5;
  o.budget = std::chrono::seconds(600);  // the check limit ends the run, not the clock
  o.max_checks = 1500;
  o.matrix = true;
  auto one = pool(1);
  auto three = pool(3);
  const auto a = run_on(one, o);
  const auto b = run_on(three, o);
  EXPECT_GE(a.checks, 1500);
  EXPECT_EQ(a.violations, 0);
  EXPECT_EQ(without_timings(a), without_timings(b));
}

TEST(Campaign, AViolationFoundByAnyWorkerIsTheSameCase) {
  RunOptions o;
  o.seed = 9;
  o.budget = std::chrono::seconds(600);
  o.matrix = false;
  auto one = pool(1, {"bucket-prefix-match"});
  auto two = pool(2, {"bucket-prefix-match"});
  const auto a = run_on(one, o);
  const auto b = run_on(two, o);
  ASSERT_EQ(a.violation_list.size(), 1u);
  EXPECT_EQ(without_timings(a), without_timings(b));
}

TEST(Campaign, FaultsDifferFromOneScenarioToTheNext) {
  // Seed 42 once drew a fault sequence without a single fault for every scenario (each
  // scenario's emulator took the run's seed): faults must come per scenario.
  RunOptions o;
  o.seed = 42;
  o.budget = std::chrono::seconds(600);
  o.max_checks = 2000;
  o.matrix = false;
  auto targets = pool(1, {}, 0.05);
  const auto r = run_on(targets, o);
  EXPECT_GT(r.retries, 20) << "about 5% of " << r.checks << " answers should have been faults";
  EXPECT_EQ(r.violations, 0);
}

TEST(Campaign, AnUnfinishedMatrixIsInconclusive) {
  RunOptions o;
  o.budget = std::chrono::seconds(0);
  o.matrix = true;
  auto targets = pool(1);
  const auto r = run_on(targets, o);
  ASSERT_FALSE(r.inconclusive_reasons.empty());
  EXPECT_NE(r.inconclusive_reasons.front().find("the matrix did not finish"), std::string::npos);
  EXPECT_EQ(report::verdict_of(r), report::Verdict::kInconclusive);
}

TEST(Campaign, FewerChecksThanTheFloorIsInconclusiveNeverAPass) {
  RunOptions o;
  o.budget = std::chrono::seconds(600);
  o.matrix = true;
  o.random_phase = false;
  o.min_checks = 1000000;
  auto targets = pool(1);
  const auto r = run_on(targets, o);
  EXPECT_EQ(r.violations, 0);
  EXPECT_EQ(r.unknowns, 0);
  EXPECT_EQ(report::verdict_of(r), report::Verdict::kInconclusive);
  EXPECT_NE(report::verdict_line(r).find("fewer than the floor of 1000000"), std::string::npos) << report::verdict_line(r);
}

TEST(Campaign, RandomItemsAreTheSameScenariosWhateverTheShard) {
  GenOptions g;
  std::lock_guard lock(generator_mutex());
  const auto a = random_scenario(g, 3, 17).value();
  const auto b = random_scenario(g, 3, 17).value();
  const auto c = random_scenario(g, 3, 18).value();
  EXPECT_EQ(show(a.steps.front()), show(b.steps.front()));
  EXPECT_EQ(a.steps.size(), b.steps.size());
  EXPECT_TRUE(a.steps.size() != c.steps.size() || a.world.accounts != c.world.accounts ||
              show(a.steps.front()) != show(c.steps.front()));
}

}  // namespace
}  // namespace scopecheck::scenario

namespace scopecheck::scenario {
namespace {

TEST(Campaign, TheBudgetHoldsWhenAnswersStall) {
  // Over TCP a stalled answer costs the client its whole timeout, and a check is retried: a 10 s
  // run once took 30 s. No step and no retry starts after the budget, so a run ends within its
  // budget plus about one request timeout (and the emulators' shutdown).
  targets::EmulatorTargetOptions t;
  t.faults = 0.5;
  t.seed = 3;
  t.request_timeout = std::chrono::milliseconds(1000);
  t.transport = targets::EmulatorTransport::kTcp;
  targets::EmulatorTarget target(t);
  RunOptions o;
  o.seed = 3;
  o.budget = std::chrono::seconds(2);
  o.matrix = false;
  const auto r = run(target, find_profile("r2").value(), o);
  EXPECT_LT(r.duration_seconds, 2.0 + 1.0 + 5.0) << r.checks << " checks, " << r.retries << " retries";
  EXPECT_GT(r.scenarios, 0);
}

TEST(Campaign, NoStepStartsPastTheDeadline) {
  targets::EmulatorTargetOptions t;
  t.seed = 3;
  targets::EmulatorTarget target(t);
  const auto scenarios = matrix_scenarios(GenOptions{});
  ExecOptions o;
  o.deadline = std::chrono::steady_clock::now() - std::chrono::seconds(1);
  const auto late = execute(scenarios.front(), target, find_profile("r2").value(), o);
  EXPECT_TRUE(late.cut_short);
  EXPECT_TRUE(late.checks.empty());
  o.deadline.reset();
  const auto on_time = execute(scenarios.front(), target, find_profile("r2").value(), o);
  EXPECT_FALSE(on_time.cut_short);
  EXPECT_GT(on_time.checks.size(), 10u);
}

}  // namespace
}  // namespace scopecheck::scenario
