#include "harness/report/baseline.h"

#include <fstream>

#include <gtest/gtest.h>

#include "harness/report/file_io.h"
#include "harness/report/report_error.h"
#include "tests/report/sample_result.h"

namespace scopecheck::report {
namespace {

using testing::sample_result;
using testing::TempDir;

const CivilDate kToday{2026, 11, 29};

TEST(BaselineTest, CivilDatesAreStrictAndReal) {
  EXPECT_EQ(parse_civil_date("2026-11-29"), (CivilDate{2026, 11, 29}));
  EXPECT_EQ(parse_civil_date("2028-02-29"), (CivilDate{2028, 2, 29}));
  for (const char* bad : {"2027-02-29", "2026-13-01", "2026-00-10", "2026-04-31", "2026-1-01", "26-11-29",
                          "2026/11/29", "2026-11-29T00:00:00Z", "", "2026-11-2x", "1900-02-29"}) {
    EXPECT_FALSE(parse_civil_date(bad)) << bad;
  }
  EXPECT_EQ(format_civil_date({2026, 1, 5}), "2026-01-05");
  EXPECT_LT((CivilDate{2026, 11, 29}), (CivilDate{2026, 12, 1}));
}

Baseline three_entries() {
  return parse_baseline(R"({"entries": [
    {"case_id": "c0ffee01", "rule": "SC-RES-2", "reason": "#12 fixed in next release", "expires": "2027-01-01"},
    {"case_id": "deadbeef", "rule": "SC-GR-2", "reason": "#15", "expires": "2026-11-29"},
    {"case_id": "gone", "rule": "SC-TK-3", "reason": "#9", "expires": "2027-06-30"}
  ]})");
}

TEST(BaselineTest, PartitionsViolationsIntoNewAndAccepted) {
  const BaselineOutcome o = partition(sample_result(), three_entries(), kToday);
  ASSERT_EQ(o.accepted_violations.size(), 1u);
  EXPECT_EQ(o.accepted_violations[0].case_id, "c0ffee01");
  ASSERT_EQ(o.new_violations.size(), 1u);  // deadbeef's entry expires today: no longer accepted
  EXPECT_EQ(o.new_violations[0].case_id, "deadbeef");
  ASSERT_EQ(o.accepted.size(), 1u);
  EXPECT_EQ(o.accepted[0].case_id, "c0ffee01");
}

TEST(BaselineTest, ListsExpiredAndNotReproducedEntries) {
  const BaselineOutcome o = partition(sample_result(), three_entries(), kToday);
  ASSERT_EQ(o.expired.size(), 1u);
  EXPECT_EQ(o.expired[0].case_id, "deadbeef");
  ASSERT_EQ(o.not_reproduced.size(), 1u);
  EXPECT_EQ(o.not_reproduced[0].case_id, "gone");
  // The day before its expiry the entry still accepts.
  const BaselineOutcome before = partition(sample_result(), three_entries(), {2026, 11, 28});
  EXPECT_TRUE(before.new_violations.empty());
  EXPECT_TRUE(before.expired.empty());
}

TEST(BaselineTest, SameCaseUnderAnotherRuleIsNotAccepted) {
  Baseline b = three_entries();
  b.entries[0].rule = "SC-RES-1";
  const BaselineOutcome o = partition(sample_result(), b, kToday);
  EXPECT_EQ(o.new_violations.size(), 2u);
  EXPECT_EQ(o.not_reproduced.size(), 2u);
}

TEST(BaselineTest, ApplyRecordsTheOutcomeInTheResult) {
  const RunResult r = apply_baseline(sample_result(), three_entries(), kToday, "scenarios/baseline.json");
  ASSERT_TRUE(r.baseline);
  EXPECT_EQ(r.baseline->file, "scenarios/baseline.json");
  EXPECT_EQ(r.baseline->today, "2026-11-29");
  EXPECT_EQ(r.baseline->accepted.size(), 1u);
  EXPECT_EQ(r.baseline->expired.size(), 1u);
  EXPECT_EQ(r.baseline->not_reproduced.size(), 1u);
}

void expect_rejected(const std::string& text, Errc code, const std::string& what) {
  try {
    parse_baseline(text);
    ADD_FAILURE() << "accepted " << text;
  } catch (const ReportError& e) {
    EXPECT_EQ(e.code(), code) << e.what();
    EXPECT_STREQ(e.what(), what.c_str());
  }
}

TEST(BaselineTest, MalformedFilesNameTheEntryAndTheField) {
  const std::string ok = R"({"case_id": "a", "rule": "SC-RES-2", "reason": "r", "expires": "2027-01-01"})";
  expect_rejected("{", Errc::kNotJson,
                  "not valid JSON (line 1, column 2: syntax error while parsing object key - unexpected end of input; "
                  "expected string literal)");
  expect_rejected("[]", Errc::kWrongType, "(root): field has the wrong type (expected an object, got array)");
  expect_rejected("{}", Errc::kMissingField, "entries: required field is missing");
  expect_rejected(R"({"entries": {}})", Errc::kWrongType,
                  "entries: field has the wrong type (expected an array, got object)");
  expect_rejected(R"({"entries": [)" + ok + R"(, {"case_id": "b", "rule": "SC-RES-2", "reason": "r"}]})",
                  Errc::kMissingField, "entries[1].expires: required field is missing");
  expect_rejected(R"({"entries": [{"case_id": "b", "rule": "SC-RES-2", "reason": "r", "expires": "2027-02-30"}]})",
                  Errc::kBadValue, "entries[0].expires: field has an invalid value (expected a real date as YYYY-MM-DD)");
  expect_rejected(R"({"entries": [{"case_id": "b", "rule": "RES-2", "reason": "r", "expires": "2027-02-01"}]})",
                  Errc::kBadValue, "entries[0].rule: field has an invalid value (expected a rule id such as SC-RES-2)");
  expect_rejected(R"({"entries": [{"case_id": 7, "rule": "SC-RES-2", "reason": "r", "expires": "2027-02-01"}]})",
                  Errc::kWrongType, "entries[0].case_id: field has the wrong type (expected a string, got number)");
  expect_rejected(R"({"entries": [{"case_id": "b", "rule": "SC-RES-2", "reason": "", "expires": "2027-02-01"}]})",
                  Errc::kBadValue, "entries[0].reason: field has an invalid value (must say why it is accepted)");
  expect_rejected(R"({"entries": [{"case_id": "b", "rule": "SC-RES-2", "reason": "r", "expire": "2027-02-01"}]})",
                  Errc::kBadValue, "entries[0].expire: field has an invalid value (unknown field)");
  expect_rejected(R"({"entries": [)" + ok + "," + ok + "]}", Errc::kDuplicateEntry,
                  "entries[1]: duplicate baseline entry (same case_id and rule as entries[0])");
  expect_rejected(R"({"entries": [], "extra": 1})", Errc::kBadValue, "extra: field has an invalid value (unknown field)");
}

TEST(BaselineTest, LoadErrorsNameTheFile) {
  TempDir dir;
  const std::string path = dir.str("baseline.json");
  std::ofstream(path) << R"({"entries": [{"case_id": "b", "rule": "SC-RES-2", "reason": "r", "expires": "soon"}]})";
  try {
    load_baseline(path);
    FAIL();
  } catch (const ReportError& e) {
    EXPECT_EQ(std::string(e.what()),
              path + ": entries[0].expires: field has an invalid value (expected a real date as YYYY-MM-DD)");
  }
}

TEST(BaselineTest, JsonRoundTripAndSchemaAgreeOnTheEntryFields) {
  const Baseline b = three_entries();
  EXPECT_EQ(parse_baseline(baseline_to_json(b).dump()), b);
  const auto schema = nlohmann::json::parse(read_whole_file(std::string(SCOPECHECK_SOURCE_DIR) + "/scenarios/baseline.schema.json"));
  const auto& item = schema.at("properties").at("entries").at("items");
  EXPECT_EQ(item.at("required"), nlohmann::json({"case_id", "rule", "reason", "expires"}));
  EXPECT_EQ(item.at("additionalProperties"), false);
  EXPECT_EQ(baseline_to_json(b).at("entries")[0].size(), item.at("properties").size());
}

}  // namespace
}  // namespace scopecheck::report
