#include "harness/report/report_error.h"

#include <gtest/gtest.h>

namespace scopecheck::report {
namespace {

// Users grep for these; changing one is a breaking change and must show up here.
TEST(ReportErrorTest, EveryCodeHasItsStableMessage) {
  const std::pair<Errc, const char*> expected[] = {
      {Errc::kNotJson, "not valid JSON"},
      {Errc::kMissingField, "required field is missing"},
      {Errc::kWrongType, "field has the wrong type"},
      {Errc::kBadValue, "field has an invalid value"},
      {Errc::kUnsupportedFormat, "not a scopecheck result of a supported format"},
      {Errc::kReadFailed, "cannot read file"},
      {Errc::kWriteFailed, "cannot write file"},
      {Errc::kNothingToMerge, "no results to merge"},
      {Errc::kProfileMismatch, "cannot merge results of different profiles"},
      {Errc::kTargetMismatch, "cannot merge results of different targets"},
      {Errc::kStrictnessMismatch, "cannot merge results of different strictness levels"},
      {Errc::kInjectedBugsMismatch, "cannot merge results with different injected bugs"},
      {Errc::kDuplicateShard, "the same shard is merged twice"},
      {Errc::kDuplicateEntry, "duplicate baseline entry"},
  };
  for (const auto& [code, text] : expected) {
    EXPECT_EQ(message(code), text);
    EXPECT_EQ(std::error_code(code).message(), text);
    EXPECT_EQ(std::error_code(code).category().name(), std::string("scopecheck.report"));
  }
}

TEST(ReportErrorTest, WhatIsOneLineWithWhereMessageAndDetail) {
  ReportError e(Errc::kWrongType, "violation_list[2].steps[0]", "expected a string, got number");
  EXPECT_STREQ(e.what(), "violation_list[2].steps[0]: field has the wrong type (expected a string, got number)");
  EXPECT_EQ(e.code(), Errc::kWrongType);
  EXPECT_STREQ(ReportError(Errc::kNothingToMerge, "").what(), "no results to merge");
}

TEST(ReportErrorTest, InPutsTheFileInFrontOfTheFieldPath) {
  ReportError e = ReportError(Errc::kMissingField, "checks").in("shard-2/result.json");
  EXPECT_STREQ(e.what(), "shard-2/result.json: checks: required field is missing");
  EXPECT_EQ(e.where(), "shard-2/result.json: checks");
}

}  // namespace
}  // namespace scopecheck::report
