// What a new user reads first: every --help shows the defaults, and `mutants --list` names each
// seeded bug with the rule it breaks.
#include <gtest/gtest.h>

#include <set>
#include <sstream>

#include "cli/mutant_catalogue.h"
#include "emulator/bugs.h"
#include "tests/cli/cli_run.h"

namespace scopecheck::cli::testing {
namespace {

TEST(Help, EveryCommandShowsItsDefaults) {
  TempDir dir;
  struct Case {
    std::string cmd;
    std::vector<std::string> shows;
  };
  for (const auto& c : {Case{"run", {"--budget TEXT=60s", "--out TEXT=scopecheck-out", "--seed UINT=1",
                                      "--target TEXT:{emulator,static,rgw,swift,cloudflare}=emulator", "=exact",
                                      "--max-steps INT:INT in [1 - 500]=24"}},
                        Case{"certify", {"--budget TEXT=60s", "--out TEXT=scopecheck-certificate", "--reference TEXT=r2",
                                         "=12"}},
                        Case{"mutants", {"--budget TEXT=60s", "--out TEXT=scopecheck-mutants"}},
                        Case{"replay", {"=emulator", "=exact", "--retries INT:INT in [0 - 50]=4"}},
                        Case{"emulate", {"=127.0.0.1:"}}}) {
    const auto r = run_cli(c.cmd + " --help", dir);
    EXPECT_EQ(r.code, 0) << c.cmd << r.err;
    for (const auto& s : c.shows) EXPECT_NE(r.out.find(s), std::string::npos) << c.cmd << " --help lacks " << s << "\n" << r.out;
  }
}

TEST(MutantsList, OneLinePerSeededBugWithItsRule) {
  TempDir dir;
  const auto r = run_cli("mutants --list", dir);
  EXPECT_EQ(r.code, 0) << r.err;
  std::istringstream lines(r.out);
  std::string line;
  std::set<std::string> names;
  while (std::getline(lines, line)) {
    std::istringstream words(line);
    std::string name, rule;
    words >> name >> rule;
    EXPECT_EQ(rule.rfind("SC-", 0), 0u) << line;
    EXPECT_GT(line.size(), name.size() + rule.size() + 10) << "no description: " << line;
    names.insert(name);
  }
  EXPECT_EQ(names.size(), static_cast<size_t>(emulator::kBugCount));
  for (auto b : emulator::all_bugs()) EXPECT_TRUE(names.count(std::string(emulator::bug_name(b)))) << emulator::bug_name(b);
  EXPECT_NE(r.out.find("bucket-prefix-match"), std::string::npos);
}

TEST(MutantsList, TheCatalogueNamesExactlyTheEmulatorsBugs) {
  std::set<std::string> catalogue, emulator;
  for (const auto& m : mutant_catalogue()) catalogue.insert(std::string(m.name));
  for (auto b : emulator::all_bugs()) emulator.insert(std::string(emulator::bug_name(b)));
  EXPECT_EQ(catalogue, emulator);
}

}  // namespace
}  // namespace scopecheck::cli::testing
