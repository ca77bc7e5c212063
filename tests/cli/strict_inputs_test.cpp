// Strict inputs: a hand-written case with a misspelled key is refused with its path, not replayed
// as a pass; syntax errors say line and column; a folder is named as such; out-of-range or
// conflicting flags and mistyped commands are refused with exit 2.
#include <gtest/gtest.h>

#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "tests/cli/cli_run.h"

namespace scopecheck::cli::testing {
namespace {

// The README's minimal case, with "bucket" misspelled in its step.
const std::string kMisspelled = R"({"world": {"buckets": ["logs"],
           "tokens": [{"policies": [{"effect": "allow",
             "resources": {"com.cloudflare.edge.r2.bucket.0123456789abcdef0123456789abcdef_default_logs": "*"},
             "permission_groups": [{"id": "6a018a9f2fc74eb6b293b0c548f38b39"}]}]}]},
 "steps": [{"s3": "PutObject", "bukket": "logs", "key": "a.txt", "expect": {"status": 403, "code": "AccessDenied"}}]})";

TEST(StrictInputs, AMisspelledKeyInACaseIsRefusedWithItsPath) {
  TempDir dir;
  const std::string path = dir.write("case.json", kMisspelled);
  const auto r = run_cli("replay " + q(path), dir);
  EXPECT_EQ(r.code, 2) << r.out << r.err;
  EXPECT_EQ(r.err, "scopecheck: error: " + path +
                       ": steps[0].bukket: unknown key (scenarios/case.schema.json allows no key of that name here)\n");
  EXPECT_EQ(r.out, "") << "the case must not run";
}

TEST(StrictInputs, AWrongTypeInACaseIsRefusedWithItsPath) {
  TempDir dir;
  std::string text = kMisspelled;
  text.replace(text.find("\"bukket\""), 8, "\"bucket\"");
  text.replace(text.find("\"status\": 403"), 13, "\"status\": \"403\"");
  const std::string path = dir.write("case.json", text);
  const auto r = run_cli("replay " + q(path), dir);
  EXPECT_EQ(r.code, 2) << r.out << r.err;
  EXPECT_NE(r.err.find(path + ": steps[0].expect.status: "), std::string::npos) << r.err;
}

TEST(StrictInputs, SyntaxErrorsSayLineAndColumn) {
  TempDir dir;
  const std::string path = dir.write("case.json", "{\n  \"world\": {\"buckets\": [\"logs\"]},\n  \"steps\": [,]\n}\n");
  const auto r = run_cli("replay " + q(path), dir);
  EXPECT_EQ(r.code, 2) << r.err;
  EXPECT_EQ(r.err.rfind("scopecheck: error: " + path + ": not JSON: line 3, column 13: syntax error", 0), 0u) << r.err;
}

TEST(StrictInputs, AFolderGivenAsACaseIsNamedAsSuch) {
  TempDir dir;
  std::filesystem::create_directories(dir.str("cases"));
  const auto r = run_cli("replay cases", dir);
  EXPECT_EQ(r.code, 2) << r.err;
  EXPECT_EQ(r.err, "scopecheck: error: cases: cannot read the case file (is a folder, not a file)\n");
}

TEST(StrictInputs, OutOfRangeAndConflictingFlagsAreRefused) {
  TempDir dir;
  struct Case {
    std::string args, says;
  };
  // Bounded, so that a run the flags fail to stop ends quickly (and the test fails, not hangs).
  const std::string small = " --budget 1s --max-checks 1 --out out";
  for (const auto& c : {Case{"run --seed -1" + small, "--seed"}, Case{"run --seed 18446744073709551616" + small, "--seed"},
                        Case{"run --seed 0x10" + small, "--seed"}, Case{"certify --seed -1", "--seed"},
                        Case{"mutants --seed -5 --list", "--seed"},
                        Case{"run --max-checks -3 --budget 1s --out out", "--max-checks"},
                        Case{"run --matrix-only --no-matrix --budget 1s --out out", "--no-matrix excludes --matrix-only"}}) {
    const auto r = run_cli(c.args, dir);
    EXPECT_EQ(r.code, 2) << c.args << ": " << r.err;
    EXPECT_NE(r.err.find(c.says), std::string::npos) << c.args << ": " << r.err;
    EXPECT_EQ(r.out, "") << c.args << " ran";
  }
}

// `scopecheck emulate` refuses ports, counts, sizes, times and shares out of range, naming the
// flag, instead of starting with them (a 0 thread count, a wrapped -1 size, port 70000).
TEST(StrictInputs, EmulateRefusesOutOfRangeValuesNamingTheFlag) {
  TempDir dir;
  for (const std::string flag : {"--listen 127.0.0.1:70000", "--api-listen 127.0.0.1:-1", "--eu-listen 127.0.0.1:99999",
                                 "--listen localhost", "--threads 0", "--threads -1", "--max-connections 0",
                                 "--max-connections -4", "--idle-timeout 0", "--idle-timeout -5", "--header-timeout -1",
                                 "--max-body-bytes -1", "--max-body-bytes 0", "--max-header-bytes 0", "--faults 1.5",
                                 "--faults -0.1", "--propagation-delay -1"}) {
    // Bounded: an emulator that accepted the value would serve until killed (124).
    const int status = std::system(("cd '" + dir.str() + "' && timeout 5 " + SCOPECHECK_BINARY + " emulate " + flag +
                                    " >'" + dir.str("out") + "' 2>'" + dir.str("err") + "' </dev/null")
                                       .c_str());
    std::ifstream e(dir.str("err"));
    const std::string err(std::istreambuf_iterator<char>(e), {});
    EXPECT_EQ(WIFEXITED(status) ? WEXITSTATUS(status) : -1, 2) << flag << ": " << err;
    const std::string name = flag.substr(0, flag.find(' '));
    EXPECT_NE(err.find(name), std::string::npos) << flag << ": " << err;
  }
}

TEST(StrictInputs, AMistypedCommandSuggestsTheNearest) {
  TempDir dir;
  const auto r = run_cli("rnu --budget 1s", dir);
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err,
            "scopecheck: error: unknown command 'rnu' (did you mean run?)\nRun 'scopecheck --help' for the list of commands.\n");
  const auto m = run_cli("report mrege out --out x", dir);
  EXPECT_EQ(m.code, 2);
  EXPECT_NE(m.err.find("unknown command 'report mrege' (did you mean report merge?)"), std::string::npos) << m.err;
  const auto far = run_cli("frobnicate", dir);
  EXPECT_EQ(far.code, 2);
  EXPECT_NE(far.err.find("unknown command 'frobnicate' (commands: certify, cleanup, emulate, "), std::string::npos)
      << far.err;
}

}  // namespace
}  // namespace scopecheck::cli::testing
