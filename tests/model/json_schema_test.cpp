// Input files are held to the schemas that document them: unknown keys and wrong types are
// refused with their JSON path; syntax errors say line and column; folders are named as such.
#include "harness/model/json_schema.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "harness/model/json_text.h"
#include "harness/model/profile.h"

namespace scopecheck::model {
namespace {

using nlohmann::json;

json read_json(const std::string& rel) {
  std::ifstream in(std::string(SCOPECHECK_SOURCE_DIR) + "/" + rel);
  std::stringstream ss;
  ss << in.rdbuf();
  return json::parse(ss.str());
}

TEST(JsonSchema, EveryShippedFileFollowsItsSchema) {
  for (const char* p : {"r2", "aws-like", "rgw", "swift", "s3rver"}) {
    auto v = check_schema(read_json(std::string("scenarios/profiles/") + p + ".json"), InputSchema::kProfile);
    EXPECT_FALSE(v) << p << ": " << v->message();
  }
  auto s = check_schema(read_json("scenarios/static/s3rver.json"), InputSchema::kStatic);
  EXPECT_FALSE(s) << s->message();
  auto b = check_schema(read_json("scenarios/baseline.json"), InputSchema::kBaseline);
  EXPECT_FALSE(b) << b->message();
}

TEST(JsonSchema, AMisspelledKeyIsNamedWithItsPath) {
  json doc = read_json("scenarios/static/s3rver.json");
  doc["credentials"][0]["acess_key"] = doc["credentials"][0]["access_key"];
  doc["credentials"][0].erase("access_key");
  auto v = check_schema(doc, InputSchema::kStatic);
  ASSERT_TRUE(v);
  EXPECT_TRUE(v->unknown_key);
  EXPECT_EQ(v->message(),
            "credentials[0].acess_key: unknown key (scenarios/static/static.schema.json allows no key of that name here)");
}

TEST(JsonSchema, AWrongTypeIsNamedWithItsPath) {
  json doc = read_json("scenarios/static/s3rver.json");
  doc["buckets"][1]["create"] = "yes";
  auto v = check_schema(doc, InputSchema::kStatic);
  ASSERT_TRUE(v);
  EXPECT_EQ(v->message(), "buckets[1].create: wrong type: a string is not allowed here");
}

TEST(JsonSchema, ProfileWithAnUnknownTopLevelKeyIsRefused) {
  json doc = read_json("scenarios/profiles/r2.json");
  doc["deviatons"] = json::array();
  auto p = parse_profile(doc.dump(), "p.json");
  ASSERT_FALSE(p) << "a misspelled key was ignored";
  EXPECT_EQ(p.error().kind, ProfileErrorKind::kUnknownField);
  EXPECT_EQ(p.error().message(),
            "p.json: deviatons: unknown key (scenarios/profile.schema.json allows no key of that name here)");
}

TEST(JsonText, SyntaxErrorsSayLineAndColumn) {
  auto p = parse_profile("{\n  \"name\": \"x\",\n  \"features\": tru\n}", "p.json");
  ASSERT_FALSE(p);
  EXPECT_EQ(p.error().message().rfind("p.json: not JSON: line 3, column 18: syntax error while parsing value - invalid literal", 0), 0u) << p.error().message();
}

TEST(JsonText, AFolderIsNamedAsSuch) {
  const auto dir = std::filesystem::temp_directory_path() / ("scopecheck-folder-" + std::to_string(::getpid()) + ".json");
  std::filesystem::create_directories(dir);
  auto p = load_profile(dir.string());
  ASSERT_FALSE(p);
  EXPECT_EQ(p.error().message(), dir.string() + ": cannot read file (is a folder, not a file)");
  auto missing = read_text_file((dir / "nope.json").string());
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().message, "no such file");
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace scopecheck::model
