// The emulator target keeps one emulator for all its scenarios and resets it before each: a
// scenario's checks (statuses, codes, verdicts) are the same on a target that ran other scenarios
// first as on a fresh one, which is what a case replayed alone relies on; run twice in a row it
// also gets the same answer bodies (token ids and values, upload ids). (The reset itself, and ids
// after it independent of what came before: tests/emulator/emulator_test.cpp.)
#include "harness/targets/emulator_target.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "harness/scenario/choices.h"
#include "harness/scenario/executor.h"
#include "harness/scenario/generators.h"
#include "harness/scenario/profiles.h"

namespace scopecheck::targets {
namespace {

model::Profile r2_profile() {
  auto p = scenario::find_profile("r2");
  EXPECT_TRUE(p.ok());
  return p.value();
}

// A scenario from fixed bytes through the generators every run uses.
scenario::Scenario scenario_from(uint32_t n) {
  std::vector<uint8_t> bytes(4096);
  uint64_t x = 0x9e3779b97f4a7c15ULL * (n + 1);
  for (auto& b : bytes) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    b = static_cast<uint8_t>(x);
  }
  scenario::ByteChoices choices(bytes.data(), bytes.size());
  return scenario::make_scenario(choices, scenario::GenOptions{});
}

// Everything a check saw, as one comparable line per check.
std::vector<std::string> observed(const scenario::ExecResult& r) {
  std::vector<std::string> out;
  for (const auto& c : r.checks)
    out.push_back(std::to_string(c.step) + " " + std::to_string(c.status) + " " + c.code + " " +
                  std::to_string(static_cast<int>(c.verdict)) + " " + c.transport_error + " | " + c.body_excerpt);
  if (!r.setup_error.empty()) out.push_back("setup: " + r.setup_error);
  return out;
}

scenario::ExecResult run_on(const scenario::Scenario& s, Target& t, uint64_t seed) {
  scenario::ExecOptions o;
  o.scenario_seed = seed;
  o.stop_at_violation = false;
  return scenario::execute(s, t, r2_profile(), o);
}

TEST(EmulatorTarget, AScenarioGetsTheSameChecksAfterOtherScenariosAsOnAFreshTarget) {
  EmulatorTargetOptions opt;
  opt.seed = 17;
  opt.propagation_delay = 2;  // token changes wait in a queue the reset must empty
  EmulatorTarget reused(opt);
  int checks = 0, api_checks = 0;
  for (uint32_t n = 0; n < 40; ++n) {
    const auto s = scenario_from(n);
    const auto on_reused = run_on(s, reused, n);
    EmulatorTarget fresh(opt);
    const auto on_fresh = run_on(s, fresh, n);
    ASSERT_EQ(observed(on_reused), observed(on_fresh)) << "scenario " << n;
    checks += static_cast<int>(on_fresh.checks.size());
    api_checks += on_fresh.api_checks;
  }
  // The comparison means something only if the scenarios did things.
  EXPECT_GT(checks, 100);
  EXPECT_GT(api_checks, 5);
}

TEST(EmulatorTarget, TheSameScenarioTwiceInARowGivesTheSameAnswers) {
  EmulatorTargetOptions opt;
  opt.seed = 5;
  EmulatorTarget t(opt);
  for (uint32_t n = 0; n < 10; ++n) {
    const auto s = scenario_from(100 + n);
    const auto first = run_on(s, t, n);
    const auto second = run_on(s, t, n);
    ASSERT_EQ(observed(first), observed(second)) << "scenario " << n;
  }
}

}  // namespace
}  // namespace scopecheck::targets
