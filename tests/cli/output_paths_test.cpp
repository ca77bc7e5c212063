// Every output path is checked before any work: a run whose --out names a file must not spend
// its budget and then fail to write ("internal error: … cannot write file", exit 3).
#include <gtest/gtest.h>

#include <filesystem>

#include "tests/cli/cli_run.h"

namespace scopecheck::cli::testing {
namespace {

// The run would take a while if it started: the matrix alone is thousands of checks.
const std::string kRun = "run --matrix-only --budget 30s ";

TEST(OutputPaths, RunOutNamingAFileIsRefusedBeforeTheRun) {
  TempDir dir;
  const std::string file = dir.write("taken", "x");
  const auto r = run_cli(kRun + "--out " + q(file), dir);
  EXPECT_EQ(r.code, 2) << r.err;
  EXPECT_EQ(r.err, "scopecheck: error: --out " + file + ": exists and is a file, not a folder\n");
  EXPECT_EQ(r.out, "") << "nothing ran";
}

TEST(OutputPaths, RunOutUnderAFileCannotBeCreated) {
  TempDir dir;
  const std::string file = dir.write("taken", "x");
  const auto r = run_cli(kRun + "--out " + q(file + "/out"), dir);
  EXPECT_EQ(r.code, 2) << r.err;
  EXPECT_EQ(r.err, "scopecheck: error: --out " + file + "/out: cannot be created: " + file + " is a file, not a folder\n");
}

TEST(OutputPaths, AReportFileThatIsAFolderIsRefused) {
  TempDir dir;
  std::filesystem::create_directories(dir.str("out/junit.xml"));
  const auto r = run_cli(kRun + "--out out", dir);
  EXPECT_EQ(r.code, 2) << r.err;
  EXPECT_EQ(r.err, "scopecheck: error: --out out: junit.xml inside it is a folder, where a file will be written\n");
}

TEST(OutputPaths, RunJunitNamingAFolderIsRefused) {
  TempDir dir;
  std::filesystem::create_directories(dir.str("j"));
  const auto r = run_cli(kRun + "--out out --junit j", dir);
  EXPECT_EQ(r.code, 2) << r.err;
  EXPECT_EQ(r.err, "scopecheck: error: --junit j: is a folder, where a file will be written\n");
}

TEST(OutputPaths, ReadOnlyOutFolderIsRefused) {
  if (::geteuid() == 0) GTEST_SKIP() << "root writes into read-only folders";
  TempDir dir;
  std::filesystem::create_directories(dir.str("ro"));
  std::filesystem::permissions(dir.str("ro"), std::filesystem::perms::owner_read | std::filesystem::perms::owner_exec);
  const auto r = run_cli(kRun + "--out ro", dir);
  EXPECT_EQ(r.code, 2) << r.err;
  EXPECT_EQ(r.err, "scopecheck: error: --out ro: not writable (Permission denied)\n");
}

TEST(OutputPaths, CertifyMutantsAndReportCheckTheirsToo) {
  TempDir dir;
  const std::string file = dir.write("taken", "x");
  const std::string statics = std::string(SCOPECHECK_SOURCE_DIR) + "/scenarios/static/s3rver.json";
  const std::string why = ": exists and is a file, not a folder\n";
  struct Case {
    std::string args, flag;
  };
  for (const auto& c : {Case{"certify --target static --static-file " + q(statics) + " --out " + q(file), "--out"},
                        Case{"mutants --bug deny-ignored --budget 5s --out " + q(file), "--out"},
                        Case{"report merge " + q(dir.str()) + " --out " + q(file), "--out"},
                        Case{"report render " + q(file) + " --out " + q(file), "--out"}}) {
    const auto r = run_cli(c.args, dir);
    EXPECT_EQ(r.code, 2) << c.args << "\n" << r.err;
    EXPECT_EQ(r.err, "scopecheck: error: " + c.flag + " " + file + why) << c.args;
  }
  std::filesystem::create_directories(dir.str("j"));
  const auto json = run_cli("mutants --bug deny-ignored --budget 5s --out m --json j", dir);
  EXPECT_EQ(json.code, 2) << json.err;
  EXPECT_EQ(json.err, "scopecheck: error: --json j: is a folder, where a file will be written\n");
}

}  // namespace
}  // namespace scopecheck::cli::testing
