// Malformed inputs to the CLI: each gives one line naming the problem and a distinct exit code.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

namespace {

struct Outcome {
  int exit_code = -1;
  std::string stderr_text;
  std::string stdout_text;
};

Outcome run(const std::string& args) {
  const auto dir = std::filesystem::temp_directory_path();
  const auto err = dir / ("scopecheck-cli-err-" + std::to_string(::getpid()));
  const auto out = dir / ("scopecheck-cli-out-" + std::to_string(::getpid()));
  const std::string cmd = std::string(SCOPECHECK_BINARY) + " " + args + " >" + out.string() + " 2>" + err.string();
  const int status = std::system(cmd.c_str());
  Outcome o;
  o.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  std::ifstream e(err), s(out);
  o.stderr_text.assign(std::istreambuf_iterator<char>(e), {});
  o.stdout_text.assign(std::istreambuf_iterator<char>(s), {});
  std::filesystem::remove(err);
  std::filesystem::remove(out);
  return o;
}

std::string write_temp(const std::string& name, const std::string& text) {
  const auto p = std::filesystem::temp_directory_path() / (std::to_string(::getpid()) + "-" + name);
  std::ofstream(p) << text;
  return p.string();
}

int lines(const std::string& s) {
  int n = 0;
  for (char c : s) n += c == '\n';
  return n;
}

TEST(CliErrors, UnknownFlagIsAUsageError) {
  auto o = run("run --no-such-flag");
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_EQ(lines(o.stderr_text), 1) << o.stderr_text;
  EXPECT_NE(o.stderr_text.find("--no-such-flag"), std::string::npos) << o.stderr_text;
}

TEST(CliErrors, BadBudgetIsAUsageError) {
  auto o = run("run --budget soon");
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_EQ(o.stderr_text, "scopecheck: error: --budget: 'soon' is not a duration like 60s, 5m or 1h\n");
}

// A fixed-credential target has one set of buckets for every scenario: several at once would
// meet there, so --jobs > 1 is refused before anything is touched (cloudflare and the emulator
// take it).
TEST(CliErrors, JobsOnAFixedCredentialTargetIsAUsageError) {
  auto o = run("run --target static --static-file /nonexistent/static.json --jobs 2 --out " +
               (std::filesystem::temp_directory_path() / ("scopecheck-jobs-" + std::to_string(::getpid()))).string());
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_EQ(lines(o.stderr_text), 1) << o.stderr_text;
  EXPECT_NE(o.stderr_text.find("--jobs 2: target static runs one scenario at a time"), std::string::npos) << o.stderr_text;
}

TEST(CliErrors, BadShardIsAUsageError) {
  auto o = run("run --shard 4/3");
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_EQ(o.stderr_text, "scopecheck: error: --shard: '4/3' is not i/n with 1 ≤ i ≤ n\n");
}

TEST(CliErrors, UnreadableCaseFile) {
  auto o = run("replay /nonexistent/case.json");
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_EQ(o.stderr_text, "scopecheck: error: /nonexistent/case.json: cannot read the case file (no such file)\n");
}

TEST(CliErrors, CorruptCaseFileNamesTheField) {
  const auto path = write_temp("corrupt-case.json", R"({"world": {}, "steps": [{"s3": "Frobnicate"}]})");
  auto o = run("replay " + path);
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_EQ(o.stderr_text, "scopecheck: error: " + path + ": steps[0].s3: unknown operation \"Frobnicate\"\n");
  std::filesystem::remove(path);
}

TEST(CliErrors, TruncatedCaseFile) {
  const auto path = write_temp("truncated-case.json", R"({"world": {"buckets": ["lo)");
  auto o = run("replay " + path);
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_EQ(o.stderr_text, "scopecheck: error: " + path +
                               ": not JSON: line 1, column 27: syntax error while parsing value - invalid string: missing "
                               "closing quote; last read: '\"lo'\n");
  std::filesystem::remove(path);
}

TEST(CliErrors, ProfileThatDoesNotParse) {
  const auto path = write_temp("bad-profile.json", R"({"name": "x", "features": {}, "wire": {}})");
  auto o = run("run --budget 5s --profile " + path);
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_EQ(lines(o.stderr_text), 1) << o.stderr_text;
  EXPECT_NE(o.stderr_text.find(path), std::string::npos) << o.stderr_text;
  std::filesystem::remove(path);
}

TEST(CliErrors, UnknownBuiltinProfile) {
  auto o = run("run --budget 5s --profile nosuch");
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_NE(o.stderr_text.find("no built-in profile of that name"), std::string::npos) << o.stderr_text;
}

TEST(CliErrors, UnknownInjectedBug) {
  auto o = run("run --budget 5s --inject no-such-bug");
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_EQ(lines(o.stderr_text), 1) << o.stderr_text;
  EXPECT_NE(o.stderr_text.find("no-such-bug"), std::string::npos) << o.stderr_text;
}

TEST(CliErrors, UnreachableTargetExitsThree) {
  const auto journal = (std::filesystem::temp_directory_path() / ("journal-" + std::to_string(::getpid()))).string();
  auto o = run("run --budget 5s --target cloudflare --api-base http://127.0.0.1:1/client/v4 --api-token x "
               "--account 0123456789abcdef0123456789abcdef --s3-endpoint http://127.0.0.1:1 --journal " + journal);
  EXPECT_EQ(o.exit_code, 3) << o.stderr_text;
  EXPECT_EQ(lines(o.stderr_text), 1) << o.stderr_text;
  EXPECT_NE(o.stderr_text.find("127.0.0.1:1"), std::string::npos) << o.stderr_text;
  std::filesystem::remove(journal);
}

}  // namespace
