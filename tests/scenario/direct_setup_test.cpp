// EmulatorTargetOptions::direct_setup (what the differential fuzzer uses) puts a scenario's world
// and its token updates into the emulator without the wire. It must leave the emulator as the
// token API and signed S3 PUTs do: every check answered byte for byte the same (answers carry
// token ids, and the token-API steps' answers the values), judged the same.
#include <gtest/gtest.h>

#include "harness/scenario/executor.h"
#include "harness/scenario/generators.h"
#include "harness/scenario/profiles.h"
#include "harness/targets/emulator_target.h"

namespace scopecheck::scenario {
namespace {

targets::EmulatorTargetOptions options(bool direct, std::vector<std::string> inject = {}) {
  targets::EmulatorTargetOptions o;
  o.seed = 3;
  o.inject = std::move(inject);
  o.direct_setup = direct;
  return o;
}

void expect_same_runs(const std::vector<std::string>& inject, int scenarios, uint64_t seed) {
  const auto profile = find_profile("r2").value();
  targets::EmulatorTarget api(options(false, inject)), direct(options(true, inject));
  rc::Random random(seed);
  const auto gen = gen_scenario(GenOptions{});
  int checks = 0, api_checks = 0, token_changes = 0;
  for (int i = 0; i < scenarios; ++i) {
    const Scenario s = gen(random.split(), 10 + i % 90).value();
    for (const auto& step : s.steps) token_changes += std::holds_alternative<TokenStep>(step) ? 1 : 0;
    ExecOptions e;
    e.scenario_seed = seed * 1000 + static_cast<uint64_t>(i);
    e.stop_at_violation = false;
    const ExecResult a = execute(s, api, profile, e);
    const ExecResult b = execute(s, direct, profile, e);
    ASSERT_EQ(a.setup_error, b.setup_error) << "scenario " << i;
    ASSERT_EQ(a.skipped, b.skipped) << "scenario " << i;
    ASSERT_EQ(a.checks.size(), b.checks.size()) << "scenario " << i;
    for (size_t k = 0; k < a.checks.size(); ++k) {
      const auto &x = a.checks[k], &y = b.checks[k];
      EXPECT_EQ(x.request, y.request) << "scenario " << i << " check " << k;
      EXPECT_EQ(x.status, y.status) << "scenario " << i << ": " << x.request;
      EXPECT_EQ(x.code, y.code) << "scenario " << i << ": " << x.request;
      EXPECT_EQ(x.body_excerpt, y.body_excerpt) << "scenario " << i << ": " << x.request;
      EXPECT_EQ(x.verdict, y.verdict) << "scenario " << i << ": " << x.request;
    }
    checks += static_cast<int>(a.checks.size());
    api_checks += a.api_checks;
  }
  // The comparison covered S3 checks, token-API checks and token changes.
  EXPECT_GT(checks - api_checks, scenarios);
  EXPECT_GT(api_checks, 0);
  EXPECT_GT(token_changes, 0);
}

TEST(DirectSetup, AnswersAndVerdictsAreThoseOfTheTokenApiSetup) { expect_same_runs({}, 150, 7); }

// With a seeded bug the answers differ from the model's; they must still not differ between
// the two ways of building the world.
TEST(DirectSetup, AlsoOnASeededBugEmulator) { expect_same_runs({"stale-after-update"}, 60, 8); }

}  // namespace
}  // namespace scopecheck::scenario
