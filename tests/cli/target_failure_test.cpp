// One mapping from a target's failure to an exit code (cli/target_failure.h) for every target
// kind and command, as the README's table documents: unreachable 3, refused or unsupported 2.
// `--target cloudflare` goes through it too (it had a mapping of its own that made every
// failure 2).
#include "cli/target_failure.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <sys/wait.h>

namespace scopecheck::cli {
namespace {

using Kind = targets::TargetError::Kind;

TEST(TargetFailure, EachKindGetsItsDocumentedExitCode) {
  EXPECT_EQ(exit_code_of(targets::TargetError(Kind::kUnreachable, "x")), kExitInconclusive);
  EXPECT_EQ(exit_code_of(targets::TargetError(Kind::kRejected, "x")), kExitUsage);
  EXPECT_EQ(exit_code_of(targets::TargetError(Kind::kUnsupported, "x")), kExitUsage);
  const auto f = target_failure(targets::TargetError(Kind::kUnreachable, "connect: refused"), "target cloudflare");
  EXPECT_EQ(f.code(), kExitInconclusive);
  EXPECT_EQ(std::string(f.what()), "target cloudflare: connect: refused");
}

int run(const std::string& args, const std::string& log) {
  const int rc = std::system((std::string("'") + SCOPECHECK_BINARY + "' " + args + " > '" + log + "' 2>&1").c_str());
  return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

std::string slurp(const std::string& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// What the cloudflare target refuses while it is being built is an input error naming the flag.
TEST(TargetFailure, CloudflareOptionsTheTargetRefusesAreExitTwoNamingTheFlag) {
  const auto dir = std::filesystem::temp_directory_path() / ("scopecheck-target-failure-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::string log = (dir / "log").string();
  const std::string common = " --api-base http://127.0.0.1:1/client/v4 --api-token x --journal '" + (dir / "j").string() +
                             "' --out '" + (dir / "o").string() + "' --budget 1s";
  EXPECT_EQ(run("run --target cloudflare --account 0123 --s3-endpoint http://127.0.0.1:1" + common, log), 2) << slurp(log);
  EXPECT_NE(slurp(log).find("target cloudflare: --account 0123: must be 32 lowercase hex chars"), std::string::npos) << slurp(log);
  EXPECT_EQ(run("run --target cloudflare --account 0123456789abcdef0123456789abcdef --s3-endpoint nota-url" + common, log), 2)
      << slurp(log);
  EXPECT_NE(slurp(log).find("--s3-endpoint nota-url"), std::string::npos) << slurp(log);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace scopecheck::cli
