#include "harness/report/json_report.h"

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "harness/report/report_error.h"
#include "tests/report/sample_result.h"

namespace scopecheck::report {
namespace {

using nlohmann::json;
using testing::sample_result;
using testing::TempDir;

// Text with the characters that break naive writers: quotes, backslashes, markup, newlines,
// multi-byte UTF-8.
rc::Gen<std::string> text() {
  return rc::gen::map(rc::gen::container<std::vector<std::string>>(
                          rc::gen::element<std::string>("a", "Z", "0", "\"", "\\", "<", ">", "&", "\n", " ", "é",
                                                        "→", "\t", "{", "|", "`")),
                      [](const std::vector<std::string>& parts) {
                        std::string s;
                        for (const auto& p : parts) s += p;
                        return s;
                      });
}

rc::Gen<int64_t> count() { return rc::gen::inRange<int64_t>(0, std::numeric_limits<int64_t>::max()); }
rc::Gen<double> seconds() {
  return rc::gen::map(rc::gen::arbitrary<int32_t>(), [](int32_t i) { return i / 8.0; });
}
rc::Gen<std::vector<std::pair<double, int64_t>>> series() {
  return rc::gen::container<std::vector<std::pair<double, int64_t>>>(rc::gen::pair(seconds(), count()));
}

RunResult random_result() {
  RunResult r;
  r.harness_version = *text();
  r.target_kind = *text();
  r.target_name = *text();
  r.profile = *text();
  r.strictness = *text();
  r.seed = *rc::gen::arbitrary<uint64_t>();
  r.shard = *text();
  r.started_at = *text();
  r.duration_seconds = *seconds();
  r.injected_bugs = *rc::gen::container<std::vector<std::string>>(text());
  r.checks = *count();
  r.passes = *count();
  r.violations = *count();
  r.unknowns = *count();
  r.retries = *count();
  r.scenarios = *count();
  const int rows = *rc::gen::inRange(0, 4);
  for (int i = 0; i < rows; ++i) {
    r.grid[*text()][*text()] = CellCounts{*count(), *count(), *count()};
  }
  r.distribution = *rc::gen::container<std::map<std::string, int64_t>>(text(), count());
  r.checks_over_time = *series();
  const int nv = *rc::gen::inRange(0, 3);
  for (int i = 0; i < nv; ++i) {
    ViolationSummary v;
    v.case_id = *text();
    v.rule = *text();
    v.operation = *text();
    v.expected = *text();
    v.actual = *text();
    v.steps = *rc::gen::container<std::vector<std::string>>(text());
    v.case_file = *text();
    v.replay_command = *text();
    v.seed = *rc::gen::arbitrary<uint64_t>();
    v.checks_to_first = *count();
    v.seconds_to_first = *seconds();
    r.violation_list.push_back(v);
  }
  const int nu = *rc::gen::inRange(0, 3);
  for (int i = 0; i < nu; ++i) {
    r.unknown_list.push_back({*text(), *text(), *rc::gen::inRange(0, 1000), *text(), *text()});
  }
  const int ns = *rc::gen::inRange(0, 3);
  for (int i = 0; i < ns; ++i) {
    r.shards.push_back({*text(), *rc::gen::arbitrary<uint64_t>(), *text(), *seconds(), *count(), *count(), *count(),
                        *series()});
  }
  if (*rc::gen::arbitrary<bool>()) {
    BaselineSection b;
    b.file = *text();
    b.today = *text();
    b.accepted = {{*text(), *text(), *text(), *text()}};
    b.not_reproduced = {{*text(), *text(), *text(), *text()}};
    r.baseline = b;
  }
  return r;
}

RC_GTEST_PROP(JsonReportTest, RoundTripThroughTextIsIdentity, ()) {
  const RunResult r = random_result();
  RC_ASSERT(parse_result(to_json(r).dump()) == r);
}

TEST(JsonReportTest, SampleRoundTripsThroughAFile) {
  TempDir dir;
  const RunResult r = sample_result();
  write_json(r, dir.str("nested/deeper/result.json"));  // missing folders are created
  EXPECT_EQ(read_result_file(dir.str("nested/deeper/result.json")), r);
  EXPECT_FALSE(std::filesystem::exists(dir.str("nested/deeper/result.json.tmp")));
}

TEST(JsonReportTest, FormatFieldIsWrittenAndRequired) {
  json j = to_json(sample_result());
  EXPECT_EQ(j.at("format"), "scopecheck-result/1");
  j["format"] = "scopecheck-result/2";
  try {
    run_result_from_json(j);
    FAIL() << "format 2 accepted";
  } catch (const ReportError& e) {
    EXPECT_EQ(e.code(), Errc::kUnsupportedFormat);
    EXPECT_EQ(e.where(), "format");
  }
}

// Each error names the exact field a person has to look at.
TEST(JsonReportTest, ErrorsNameTheFieldPath) {
  struct Case {
    std::function<void(json&)> corrupt;
    Errc code;
    std::string where;
  };
  const std::vector<Case> cases = {
      {[](json& j) { j.erase("checks"); }, Errc::kMissingField, "checks"},
      {[](json& j) { j["checks"] = "12"; }, Errc::kWrongType, "checks"},
      {[](json& j) { j["checks"] = -1; }, Errc::kBadValue, "checks"},
      {[](json& j) { j["seed"] = -5; }, Errc::kBadValue, "seed"},
      {[](json& j) { j["violation_list"][1]["steps"][0] = 7; }, Errc::kWrongType, "violation_list[1].steps[0]"},
      {[](json& j) { j["violation_list"][0].erase("replay_command"); }, Errc::kMissingField,
       "violation_list[0].replay_command"},
      {[](json& j) { j["grid"]["SC-RES-2"]["GetObject"]["pass"] = 1.5; }, Errc::kWrongType,
       "grid[\"SC-RES-2\"][\"GetObject\"].pass"},
      {[](json& j) { j["checks_over_time"][3] = json::array({1}); }, Errc::kBadValue, "checks_over_time[3]"},
      {[](json& j) { j["unknown_list"][1]["attempts"] = nullptr; }, Errc::kWrongType, "unknown_list[1].attempts"},
      {[](json& j) { j["distribution"]["x"] = "many"; }, Errc::kWrongType, "distribution[\"x\"]"},
      {[](json& j) { j = json::array(); }, Errc::kWrongType, "(root)"},
  };
  for (const auto& c : cases) {
    json j = to_json(sample_result());
    c.corrupt(j);
    try {
      run_result_from_json(j);
      ADD_FAILURE() << "accepted a result corrupted at " << c.where;
    } catch (const ReportError& e) {
      EXPECT_EQ(e.code(), c.code) << e.what();
      EXPECT_EQ(e.where(), c.where) << e.what();
    }
  }
}

TEST(JsonReportTest, NotJsonSaysWhereTheTextBroke) {
  try {
    parse_result("{\"format\": ");
    FAIL();
  } catch (const ReportError& e) {
    EXPECT_EQ(e.code(), Errc::kNotJson);
    EXPECT_NE(std::string(e.what()).find("line 1, column 12: syntax error"), std::string::npos) << e.what();
  }
}

TEST(JsonReportTest, ReadErrorsStartWithTheFileName) {
  TempDir dir;
  const std::string path = dir.str("result.json");
  std::ofstream(path) << "{\"format\":\"scopecheck-result/1\"}";
  try {
    read_result_file(path);
    FAIL();
  } catch (const ReportError& e) {
    EXPECT_EQ(std::string(e.what()), path + ": harness_version: required field is missing");
  }
  try {
    read_result_file(dir.str("absent.json"));
    FAIL();
  } catch (const ReportError& e) {
    EXPECT_EQ(e.code(), Errc::kReadFailed);
    EXPECT_EQ(e.where(), dir.str("absent.json"));
  }
}

// Any single-field corruption of a valid result gives a value or a ReportError, never a crash
// or another exception type.
RC_GTEST_PROP(JsonReportTest, CorruptedFieldsGiveOnlyReportErrors, ()) {
  json j = to_json(sample_result());
  std::vector<json::json_pointer> pointers;
  const json flat = j.flatten();
  for (const auto& [key, value] : flat.items()) pointers.emplace_back(key);
  const auto& p = *rc::gen::elementOf(pointers);
  const json replacement = *rc::gen::element<json>(json(), json("x"), json(-3), json(1.5), json::array(),
                                                   json::object(), json(true), json(UINT64_MAX));
  if (*rc::gen::arbitrary<bool>()) {
    j[p] = replacement;
  } else {
    j[p.parent_pointer()] = replacement;
  }
  try {
    (void)run_result_from_json(j);
  } catch (const ReportError&) {
  }
  // Any other exception type fails the property by escaping.
}

}  // namespace
}  // namespace scopecheck::report
