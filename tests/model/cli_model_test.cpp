// `scopecheck model explain` through the built binary (SCOPECHECK_BINARY).
#include <gtest/gtest.h>

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <string>

namespace {

struct CliRun {
  int exit_code;
  std::string out;  // stdout and stderr together
};

CliRun run(const std::string& args) {
  std::string cmd = std::string(SCOPECHECK_BINARY) + " " + args + " 2>&1";
  CliRun r{-1, {}};
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return r;
  std::array<char, 4096> buf;
  std::size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) r.out.append(buf.data(), n);
  int status = pclose(p);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

std::string source(const std::string& rel) { return std::string(SCOPECHECK_SOURCE_DIR) + "/" + rel; }

std::string write_temp(const std::string& name, const std::string& text) {
  std::string path = ::testing::TempDir() + "scopecheck_model_" + name;
  std::ofstream(path) << text;
  return path;
}

const std::string kWorld = source("scenarios/examples/model/world.json");
const std::string kRequest = source("scenarios/examples/model/request.json");

TEST(CliModel, ExplainPrintsDecisionRulesAndEachPolicy) {
  CliRun r = run("model explain --world " + kWorld + " --request " + kRequest + " --profile " + source("scenarios/profiles/r2.json"));
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("decision: access-denied\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("rules: SC-OP-2, SC-GR-3\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("wire (r2): 403 AccessDenied\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("bucket.write on bucket 4793d734c0b8e484dfc37ec392b5fa8a_default_logs: no grant (implicit deny)"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("policy[0] allow Workers R2 Storage Bucket Item Read on "
                       "com.cloudflare.edge.r2.bucket.4793d734c0b8e484dfc37ec392b5fa8a_default_logs: skipped "
                       "(SC-OP-2: grants bucket.read, not bucket.write)"),
            std::string::npos)
      << r.out;
}

TEST(CliModel, NowFromTheCommandLineOverridesTheWorld) {
  std::string world = write_temp("expiring.json", R"({
    "accounts": ["4793d734c0b8e484dfc37ec392b5fa8a"], "buckets": [{"name": "logs", "objects": ["a.txt"]}],
    "tokens": [{"id": "ed17574386854bf78a67040be0a770b0", "value": "m7Jq3kP9xV2tR8wL5nB1cF6hD4gS0aZyXeUoIiQp",
                "expires_on": "2026-11-29T04:00:00Z",
                "policies": [{"effect": "allow",
                  "resources": {"com.cloudflare.edge.r2.bucket.4793d734c0b8e484dfc37ec392b5fa8a_default_logs": "*"},
                  "permission_groups": [{"id": "6a018a9f2fc74eb6b293b0c548f38b39"}]}]}]})");
  std::string request = write_temp("get.json", R"({"operation": "GetObject", "bucket": "logs", "key": "a.txt",
    "access_key_id": "ed17574386854bf78a67040be0a770b0", "amz_date": "2026-11-29T03:59:59Z"})");
  CliRun before = run("model explain --world " + world + " --request " + request + " --now 2026-11-29T03:59:59Z");
  EXPECT_EQ(before.exit_code, 0) << before.out;
  EXPECT_NE(before.out.find("decision: ok\n"), std::string::npos) << before.out;
  CliRun at = run("model explain --world " + world + " --request " + request + " --now 20261129T040000Z");
  EXPECT_NE(at.out.find("decision: inactive-token\nrules: SC-TK-3\n"), std::string::npos) << at.out;
  CliRun none = run("model explain --world " + world + " --request " + request);
  EXPECT_EQ(none.exit_code, 2);
  EXPECT_EQ(none.out, "scopecheck: error: " + world + ": now: missing (give it in the world or with --now)\n");
}

TEST(CliModel, MalformedWorldIsExit2WithOneLineNamingFileAndField) {
  std::string world = write_temp("bad_world.json", R"({"accounts": ["4793d734c0b8e484dfc37ec392b5fa8a"],
    "tokens": [{"id": "ed17574386854bf78a67040be0a770b0", "value": "m7Jq3kP9xV2tR8wL5nB1cF6hD4gS0aZyXeUoIiQp",
                "policies": [{"effect": "permit", "resources": {"com.cloudflare.api.account.*": "*"},
                              "permission_groups": []}]}]})");
  CliRun r = run("model explain --world " + world + " --request " + kRequest);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "scopecheck: error: " + world + ": tokens[0].policies[0].effect: must be \"allow\" or \"deny\"\n");
}

TEST(CliModel, InputErrorsAreExit2) {
  std::string bad_request = write_temp("bad_request.json", R"({"operation": "GetObject", "bucket": "logs"})");
  CliRun r = run("model explain --world " + kWorld + " --request " + bad_request);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "scopecheck: error: " + bad_request + ": access_key_id: missing required field\n");

  CliRun missing = run("model explain --world /nonexistent/w.json --request " + kRequest);
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_EQ(missing.out, "scopecheck: error: /nonexistent/w.json: cannot read file (no such file)\n");

  CliRun profile = run("model explain --world " + kWorld + " --request " + kRequest + " --profile /nonexistent/p.json");
  EXPECT_EQ(profile.exit_code, 2);
  EXPECT_EQ(profile.out, "scopecheck: error: /nonexistent/p.json: cannot read file (no such file)\n");

  CliRun usage = run("model explain --world " + kWorld);
  EXPECT_EQ(usage.exit_code, 2) << usage.out;
}

}  // namespace
