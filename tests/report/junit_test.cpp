#include "harness/report/junit.h"

#include <cstdlib>
#include <fstream>

#include <gtest/gtest.h>
#include <pugixml.hpp>

#include "tests/report/sample_result.h"

namespace scopecheck::report {
namespace {

using testing::sample_result;
using testing::TempDir;

const std::string kXsd = std::string(SCOPECHECK_SOURCE_DIR) + "/reports/junit.xsd";

// xmllint's verdict on `xml` against reports/junit.xsd; its messages go to `log`.
bool validates(const std::string& xml, const TempDir& dir, std::string* log) {
  const std::string file = dir.str("junit.xml"), out = dir.str("xmllint.log");
  std::ofstream(file) << xml;
  const std::string cmd = "xmllint --noout --schema '" + kXsd + "' '" + file + "' > '" + out + "' 2>&1";
  const int rc = std::system(cmd.c_str());
  std::ifstream in(out);
  log->assign(std::istreambuf_iterator<char>(in), {});
  return rc == 0;
}

TEST(JunitTest, ValidatesAgainstTheJunitSchema) {
  TempDir dir;
  std::string log;
  EXPECT_TRUE(validates(render_junit(sample_result()), dir, &log)) << log;
}

// The schema must actually constrain: a testcase without its required name is refused.
TEST(JunitTest, SchemaRefusesATestcaseWithoutName) {
  TempDir dir;
  std::string log;
  const std::string bad =
      "<?xml version=\"1.0\"?><testsuites><testsuite name=\"x\" tests=\"1\"><testcase/></testsuite></testsuites>";
  EXPECT_FALSE(validates(bad, dir, &log));
  EXPECT_NE(log.find("name"), std::string::npos) << log;
}

TEST(JunitTest, OneSuitePerRuleOneTestcasePerCellAndCountsAddUp) {
  const RunResult r = sample_result();
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string(render_junit(r).c_str()));
  auto root = doc.child("testsuites");
  size_t cells = 0;
  for (const auto& [rule, ops] : r.grid) cells += ops.size();

  int64_t tests = 0, failures = 0, errors = 0, suites = 0;
  for (auto suite : root.children("testsuite")) {
    ++suites;
    const std::string rule = suite.attribute("name").value();
    ASSERT_TRUE(r.grid.count(rule)) << rule;
    int64_t t = 0, f = 0, e = 0, ms = 0;
    for (auto tc : suite.children("testcase")) {
      ++t;
      f += !tc.child("failure").empty();
      e += !tc.child("error").empty();
      EXPECT_TRUE(tc.child("skipped").empty());
      EXPECT_FALSE(!tc.child("failure").empty() && !tc.child("error").empty());
      ms += std::llround(tc.attribute("time").as_double() * 1000);
    }
    EXPECT_EQ(suite.attribute("tests").as_llong(), t) << rule;
    EXPECT_EQ(suite.attribute("failures").as_llong(), f) << rule;
    EXPECT_EQ(suite.attribute("errors").as_llong(), e) << rule;
    EXPECT_EQ(std::llround(suite.attribute("time").as_double() * 1000), ms) << rule;
    tests += t, failures += f, errors += e;
  }
  EXPECT_EQ(suites, static_cast<int64_t>(r.grid.size()));
  EXPECT_EQ(tests, static_cast<int64_t>(cells));
  EXPECT_EQ(failures, 2);  // SC-RES-2 × GetObject, SC-GR-2 × ListBuckets
  EXPECT_EQ(errors, 1);    // SC-TK-3 × PutObject
  EXPECT_EQ(root.attribute("tests").as_llong(), tests);
  EXPECT_EQ(root.attribute("failures").as_llong(), failures);
  EXPECT_EQ(root.attribute("errors").as_llong(), errors);
  EXPECT_EQ(std::string(root.attribute("time").value()), "12.500");
}

TEST(JunitTest, FailureHoldsExpectedActualStepsAndReplay) {
  const RunResult r = sample_result();
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string(render_junit(r).c_str()));
  auto tc = doc.select_node("//testsuite[@name='SC-RES-2']/testcase[@name='GetObject']").node();
  ASSERT_FALSE(tc.empty());
  auto failure = tc.child("failure");
  EXPECT_STREQ(failure.attribute("type").value(), "violation");
  EXPECT_STREQ(failure.attribute("message").value(), "SC-RES-2 (bucket resources match exactly on account, jurisdiction and name): expected 403 AccessDenied "
            "(access-denied), got 200");
  const std::string body = failure.text().get();
  const auto& v = r.violation_list[0];
  EXPECT_NE(body.find(v.expected), std::string::npos);
  EXPECT_NE(body.find("actual:   200"), std::string::npos);
  for (const auto& s : v.steps) EXPECT_NE(body.find(s), std::string::npos) << s;
  EXPECT_NE(body.find("replay: " + v.replay_command), std::string::npos);
}

TEST(JunitTest, UnknownsAreErrorsWithTheTransportErrorNeverSkipped) {
  const RunResult r = sample_result();
  const std::string xml = render_junit(r);
  EXPECT_EQ(xml.find("<skipped"), std::string::npos);
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string(xml.c_str()));
  auto error = doc.select_node("//testsuite[@name='SC-TK-3']/testcase[@name='PutObject']/error").node();
  ASSERT_FALSE(error.empty());
  EXPECT_STREQ(error.attribute("type").value(), "unknown");
  EXPECT_STREQ(error.attribute("message").value(), "timeout after 30000 ms talking to 127.0.0.1:9000");
  EXPECT_NE(std::string(error.text().get()).find("connection reset by peer"), std::string::npos);
}

TEST(JunitTest, UnattributedUnknownsGetTheirOwnSuite) {
  RunResult r = sample_result();
  r.unknown_list.push_back({"GET /x as token#9", "connect refused", 2, "", ""});
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string(render_junit(r).c_str()));
  auto error = doc.select_node("//testsuite[@name='unattributed']/testcase/error").node();
  ASSERT_FALSE(error.empty());
  EXPECT_STREQ(error.attribute("message").value(), "connect refused");
}

// Control bytes and broken UTF-8 from a target's answer must not make the file unparseable.
TEST(JunitTest, HostileTextStillValidates) {
  RunResult r = sample_result();
  r.violation_list[0].actual = std::string("200 \x01\x02 \xff\xfe bytes ]]> <x>&");
  r.violation_list[0].steps.push_back(std::string("GET /\x00nul", 8));
  TempDir dir;
  std::string log;
  const std::string xml = render_junit(r);
  EXPECT_TRUE(validates(xml, dir, &log)) << log;
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string(xml.c_str()));
  auto failure = doc.select_node("//testsuite[@name='SC-RES-2']/testcase/failure").node();
  EXPECT_NE(std::string(failure.text().get()).find("]]> <x>&"), std::string::npos);
}

TEST(JunitTest, EmptyRunIsAValidDocumentWithNoTests) {
  TempDir dir;
  std::string log;
  RunResult r;
  const std::string xml = render_junit(r);
  EXPECT_TRUE(validates(xml, dir, &log)) << log;
  EXPECT_NE(xml.find("tests=\"0\""), std::string::npos);
}

}  // namespace
}  // namespace scopecheck::report
