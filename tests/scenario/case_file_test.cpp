#include "harness/scenario/case_file.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace scopecheck::scenario {
namespace {

std::string read(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

constexpr const char* kMinimal = R"({
  "world": {"buckets": ["logs"],
            "tokens": [{"policies": [{"effect": "allow",
              "resources": {"com.cloudflare.edge.r2.bucket.0123456789abcdef0123456789abcdef_default_logs": "*"},
              "permission_groups": [{"id": "6a018a9f2fc74eb6b293b0c548f38b39"}]}]}]},
  "steps": [{"s3": "GetObject", "bucket": "logs", "key": "a.txt"}]
})";

TEST(CaseFile, MinimalHandWrittenCaseTakesDefaults) {
  auto parsed = parse_case(kMinimal);
  ASSERT_TRUE(std::holds_alternative<CaseFile>(parsed)) << std::get<CaseError>(parsed).message();
  const auto& c = std::get<CaseFile>(parsed);
  ASSERT_EQ(c.scenario.world.accounts.size(), 1u);
  EXPECT_EQ(c.scenario.world.accounts[0], "0123456789abcdef0123456789abcdef");
  ASSERT_EQ(c.scenario.world.tokens.size(), 1u);
  EXPECT_EQ(c.scenario.world.tokens[0].ref, "t0");
  const auto& step = std::get<S3Step>(c.scenario.steps.at(0));
  EXPECT_EQ(step.token, "t0");
  EXPECT_EQ(step.endpoint_account, "0123456789abcdef0123456789abcdef");
  EXPECT_EQ(step.auth, AuthMode::kHeader);
  EXPECT_EQ(step.defect, Defect::kNone);
  EXPECT_EQ(step.source_ip, "127.0.0.1");
}

TEST(CaseFile, EmitParseEmitIsStable) {
  auto first = std::get<CaseFile>(parse_case(kMinimal));
  const auto once = emit_case(first).dump();
  auto second = parse_case(once);
  ASSERT_TRUE(std::holds_alternative<CaseFile>(second)) << std::get<CaseError>(second).message();
  EXPECT_EQ(emit_case(std::get<CaseFile>(second)).dump(), once);
  EXPECT_EQ(case_id(first.scenario), case_id(std::get<CaseFile>(second).scenario));
}

struct BadCase {
  const char* name;
  std::string text;
  std::string message;  // verbatim
};

std::string with_steps(const std::string& steps) {
  std::string base = kMinimal;
  const auto at = base.find("\"steps\"");
  return base.substr(0, at) + "\"steps\": " + steps + "\n}";
}

class CaseFileErrors : public testing::TestWithParam<BadCase> {};

TEST_P(CaseFileErrors, NamesTheFieldAndWhy) {
  auto parsed = parse_case(GetParam().text);
  ASSERT_TRUE(std::holds_alternative<CaseError>(parsed)) << "accepted a malformed case";
  EXPECT_EQ(std::get<CaseError>(parsed).message(), GetParam().message);
}

INSTANTIATE_TEST_SUITE_P(
    Malformed, CaseFileErrors,
    testing::Values(
        BadCase{"not_json", "{not json",
                "not JSON: line 1, column 3: syntax error while parsing object key - invalid literal; last read: '{no'; "
                "expected string literal"},
        BadCase{"misspelled_key", with_steps(R"([{"s3": "GetObject", "bukket": "logs"}])"),
                "steps[0].bukket: unknown key (scenarios/case.schema.json allows no key of that name here)"},
        BadCase{"wrong_type", with_steps(R"([{"s3": "GetObject", "expect": {"status": "403"}}])"),
                "steps[0].expect.status: must be an integer"},
        BadCase{"no_world", R"({"steps": []})", "world: missing: a case needs a world"},
        BadCase{"no_steps", R"({"world": {}})", "steps: missing: a case needs an array of steps"},
        BadCase{"bad_format", R"({"format": "other/2", "world": {}, "steps": []})",
                "format: unsupported format \"other/2\" (expected scopecheck-case/1)"},
        BadCase{"unknown_operation", with_steps(R"([{"s3": "GetObjekt"}])"), "steps[0].s3: unknown operation \"GetObjekt\""},
        BadCase{"unknown_token", with_steps(R"([{"s3": "GetObject", "token": "t9"}])"),
                "steps[0].token: no token \"t9\" in the world"},
        BadCase{"bad_defect", with_steps(R"([{"s3": "GetObject", "defect": "typo"}])"),
                "steps[0].defect: unknown defect \"typo\""},
        // The presigned URL has no Authorization header to break: the request would go out valid
        // while the model was told it is malformed (a false violation found by model_vs_emulator).
        BadCase{"copy_without_source", with_steps(R"([{"s3": "CopyObject", "key": "k"}])"),
                "steps[0].copy_source: missing: CopyObject needs \"bucket/key\""},
        BadCase{"copy_source_without_key", with_steps(R"([{"s3": "CopyObject", "key": "k", "copy_source": "logs/"}])"),
                "steps[0].copy_source: must be \"bucket/key\""},
        BadCase{"defect_not_for_auth",
                with_steps(R"([{"s3": "GetObject", "auth": "presigned", "defect": "malformed-authorization"}])"),
                "steps[0].defect: defect \"malformed-authorization\" does not apply to auth \"presigned\""},
        BadCase{"upload_forward_reference", with_steps(R"([{"s3": "UploadPart", "upload": 3}])"),
                "steps[0].upload: must name an earlier step"},
        BadCase{"bad_account", with_steps(R"([{"s3": "GetObject", "account": "XYZ"}])"),
                "steps[0].account: must be 32 lowercase hex chars or \"@<index>\""},
        BadCase{"bad_step_kind", with_steps(R"([{"frobnicate": 1}])"),
                "steps[0]: a step needs one of \"s3\", \"token_change\", \"api\" or \"clock\""},
        BadCase{"bad_api_endpoint", with_steps(R"([{"api": "frobnicate"}])"),
                "steps[0].api: must be one of verify, list, get, create, update, delete, roll, permission-groups"},
        BadCase{"api_subject_later", with_steps(R"([{"api": "get", "subject_step": 0}])"),
                "steps[0].subject_step: must name an earlier step"},
        BadCase{"bad_bucket_name", R"({"world": {"buckets": ["Bad_Name"]}, "steps": []})",
                "world.buckets[0].name: \"Bad_Name\" is not a valid bucket name"},
        BadCase{"bad_policy", R"({"world": {"tokens": [{"policies": [{"effect": "maybe", "resources": {"com.cloudflare.api.account.*": "*"}, "permission_groups": [{"id": "6a018a9f2fc74eb6b293b0c548f38b39"}]}]}]}, "steps": []})",
                "world.tokens[0].policies[0].effect: must be \"allow\" or \"deny\""}),
    [](const testing::TestParamInfo<BadCase>& info) { return std::string(info.param.name); });

TEST(CaseFile, EveryExampleAndRegressionParses) {
  int n = 0;
  for (const char* dir : {"scenarios/examples", "scenarios/regressions"}) {
    const auto root = std::filesystem::path(SCOPECHECK_SOURCE_DIR) / dir;
    if (!std::filesystem::exists(root)) continue;
    for (const auto& e : std::filesystem::directory_iterator(root)) {
      if (e.path().extension() != ".json") continue;
      auto parsed = parse_case(read(e.path()));
      EXPECT_TRUE(std::holds_alternative<CaseFile>(parsed))
          << e.path() << ": " << std::get<CaseError>(parsed).message();
      ++n;
    }
  }
  EXPECT_GE(n, 5) << "the examples of harness/model/SOURCES.md §8 are missing";
}

}  // namespace
}  // namespace scopecheck::scenario
