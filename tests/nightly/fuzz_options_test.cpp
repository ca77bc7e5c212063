// scripts/fuzz-options: the libFuzzer options that scripts/fuzz, scripts/fuzz-mutants and
// scripts/bench-fuzz run a fuzzer with, from fuzzers/<target>.options (OSS-Fuzz's format). The
// benchmark's figure is only the fuzzing run's if both read the same options.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "tests/nightly/cli_process.h"

namespace scopecheck::nightly_test {
namespace {

const std::string kRoot = SCOPECHECK_SOURCE_DIR;

TEST(FuzzOptions, ModelVsEmulatorRunsWithTheCommittedEntropicThreshold) {
  TempDir dir;
  const auto p = run_shell("'" + kRoot + "/scripts/fuzz-options' model_vs_emulator", dir, "mve");
  EXPECT_EQ(p.code, 0) << p.err;
  EXPECT_EQ(p.out, "-entropic_feature_frequency_threshold=16\n");
  // A fuzzer without an options file runs with libFuzzer's defaults.
  const auto q = run_shell("'" + kRoot + "/scripts/fuzz-options' sigv4_amz_date", dir, "none");
  EXPECT_EQ(q.code, 0) << q.err;
  EXPECT_EQ(q.out, "");
  // Every script that runs model_vs_emulator reads them.
  for (const char* script : {"fuzz", "fuzz-mutants", "bench-fuzz"})
    EXPECT_NE(slurp(kRoot + "/scripts/" + script).find("scripts/fuzz-options"), std::string::npos) << script;
}

// Only the [libfuzzer] section counts; comments and blank lines are skipped; a line that is not
// "name = value" is named with its file and line number, exit 2.
TEST(FuzzOptions, ReadsTheLibFuzzerSectionAndNamesABadLine) {
  TempDir dir;
  std::filesystem::create_directories(dir.str("scripts"));
  std::filesystem::create_directories(dir.str("fuzzers"));
  std::filesystem::copy_file(kRoot + "/scripts/fuzz-options", dir.str("scripts/fuzz-options"));
  std::ofstream(dir.str("fuzzers/good.options")) << "# why\n[asan]\ndetect_leaks = 0\n\n[libfuzzer]\n"
                                                 << "max_len = 4096  # bytes\n  dict=x.dict\n";
  std::ofstream(dir.str("fuzzers/bad.options")) << "[libfuzzer]\nmax_len = 4096\nrss limit\n";
  const auto good = run_shell("'" + dir.str("scripts/fuzz-options") + "' good", dir, "good");
  EXPECT_EQ(good.code, 0) << good.err;
  EXPECT_EQ(good.out, "-max_len=4096\n-dict=x.dict\n");
  const auto bad = run_shell("'" + dir.str("scripts/fuzz-options") + "' bad", dir, "bad");
  EXPECT_EQ(bad.code, 2);
  EXPECT_NE(bad.err.find("fuzzers/bad.options:3: not 'name = value'"), std::string::npos) << bad.err;
}

}  // namespace
}  // namespace scopecheck::nightly_test
