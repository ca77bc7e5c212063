// `--shard i/n` splits the random phase's seed space: the nightly shards must test different
// scenarios (else n runners repeat one run), and one shard must be reproducible from its seed.
#include <gtest/gtest.h>

#include <string>

#include "harness/report/json_report.h"
#include "tests/nightly/cli_process.h"

namespace scopecheck::nightly_test {
namespace {

// The random phase only, stopped by a check count so the run does not depend on machine speed.
report::RunResult random_phase(const std::string& shard, const TempDir& dir, const std::string& name) {
  const Process p = run_cli("run --no-matrix --seed 11 --max-checks 100 --budget 60s --shard " + shard + " --out '" +
                                dir.str(name) + "'",
                            dir, name);
  // 1: the emulator may disagree with the model somewhere; the distribution is still complete.
  EXPECT_TRUE(p.code == 0 || p.code == 1) << name << ": " << p.out << p.err;
  return report::read_result_file(dir.str(name + "/result.json"));
}

TEST(NightlyShardSeedsTest, TwoShardsGenerateDifferentScenariosAndOneShardTheSameTwice) {
  TempDir dir;
  const auto one = random_phase("1/3", dir, "one");
  const auto one_again = random_phase("1/3", dir, "one-again");
  const auto three = random_phase("3/3", dir, "three");
  ASSERT_GT(one.scenarios, 0);
  ASSERT_FALSE(one.distribution.empty());
  EXPECT_EQ(one.shard, "1/3");
  EXPECT_EQ(three.shard, "3/3");
  EXPECT_EQ(one.distribution, one_again.distribution) << "the same shard and seed must generate the same scenarios";
  EXPECT_EQ(one.scenarios, one_again.scenarios);
  EXPECT_NE(one.distribution, three.distribution) << "shards 1/3 and 3/3 generated the same scenarios";
}

}  // namespace
}  // namespace scopecheck::nightly_test
