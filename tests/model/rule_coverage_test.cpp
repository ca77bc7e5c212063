// Walks the rule book (harness/model/SCOPING.md) and checks that every SC-… id is in the model's
// rule table. Whether each is judged is measured from a run (tests/scenario/runner_test.cpp).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "harness/model/rules.h"

namespace scopecheck::model {
namespace {

std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

std::set<std::string> ids_in(const std::string& text) {
  std::set<std::string> ids;
  static const std::regex kId("SC-[A-Z]+-[0-9]+");
  for (auto it = std::sregex_iterator(text.begin(), text.end(), kId); it != std::sregex_iterator(); ++it) {
    ids.insert(it->str());
  }
  return ids;
}

TEST(RuleCoverage, EveryRuleIdOfTheRuleBookIsTabled) {
  const std::filesystem::path root(SCOPECHECK_SOURCE_DIR);
  const std::set<std::string> spec = ids_in(slurp(root / "harness/model/SCOPING.md"));
  ASSERT_GE(spec.size(), 40u) << "SCOPING.md copy missing or unreadable (32 S3 rules and SC-API-1…8)";

  std::set<std::string> tabled;
  for (const Rule& r : all_rules()) tabled.insert(std::string(r.id));
  EXPECT_EQ(tabled, spec) << "harness/model/rules.cpp and SCOPING.md disagree";

  // Whether each rule is judged is measured from a run's checks, not by grepping tests:
  // tests/scenario/runner_test.cpp (ADefaultRunJudgesEveryRuleOrSaysWhyNot).
}

}  // namespace
}  // namespace scopecheck::model
