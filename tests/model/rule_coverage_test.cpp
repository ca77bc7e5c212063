// Walks the rule book (harness/model/SCOPING.md, a byte-identical copy of the spec) and checks
// that every SC-… id is in the model's rule table and appears in at least one test of
// tests/model/ (a test name or a table row).
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

TEST(RuleCoverage, EveryRuleIdOfTheRuleBookIsTabledAndTested) {
  const std::filesystem::path root(SCOPECHECK_SOURCE_DIR);
  const std::set<std::string> spec = ids_in(slurp(root / "harness/model/SCOPING.md"));
  ASSERT_GE(spec.size(), 30u) << "SCOPING.md copy missing or unreadable";

  std::set<std::string> tabled;
  for (const Rule& r : all_rules()) tabled.insert(std::string(r.id));
  EXPECT_EQ(tabled, spec) << "harness/model/rules.cpp and SCOPING.md disagree";

  std::set<std::string> tested;
  for (const auto& entry : std::filesystem::directory_iterator(root / "tests/model")) {
    if (entry.path().extension() != ".cpp" || entry.path().filename() == "rule_coverage_test.cpp") continue;
    std::string text = slurp(entry.path());
    for (const std::string& id : ids_in(text)) tested.insert(id);
    // Test names spell ids with underscores: SC_RES_2.
    std::string dashed = std::regex_replace(text, std::regex("SC_([A-Z]+)_([0-9]+)"), "SC-$1-$2");
    for (const std::string& id : ids_in(dashed)) tested.insert(id);
  }
  for (const std::string& id : spec) EXPECT_TRUE(tested.count(id)) << id << " appears in no test of tests/model/";
}

}  // namespace
}  // namespace scopecheck::model
