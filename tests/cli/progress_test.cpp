// What a run shows while it works, where CI sees it (no terminal): the header first — version,
// target, profile, seed, budget, out folder — then a progress line at each phase change and every
// interval ($SCOPECHECK_PROGRESS_INTERVAL here, 30 s by default) with the phase, elapsed of the
// budget, the recent rate, violations and unknowns.
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <filesystem>
#include <regex>
#include <sstream>

#include "tests/cli/background.h"
#include "tests/cli/cli_run.h"

namespace scopecheck::cli::testing {
namespace {

using namespace std::chrono_literals;

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);) out.push_back(l);
  return out;
}

TEST(Progress, TheHeaderComesFirstWhileTheRunIsStillGoing) {
  TempDir dir;
  Background run(dir.str(), {"run", "--seed", "7", "--budget", "5m", "--out", "out"});
  ASSERT_TRUE(Background::wait_for([&] { return run.out().find('\n') != std::string::npos; }, 20s)) << run.err();
  const std::string header = lines_of(run.out()).front();
  EXPECT_EQ(run.wait(0ms), -1) << "the run ended before its header was checked";
  EXPECT_FALSE(std::filesystem::exists(dir.str("out/result.json")));
  EXPECT_TRUE(std::regex_search(header, std::regex("^scopecheck [0-9][^:]*: target emulator \\(scopecheck emulator [^)]*\\), profile r2, strictness exact, "
                                                   "seed 7, budget 5m, jobs [0-9]+, out out$")))
      << header;
  run.signal(SIGINT);
  EXPECT_EQ(run.wait(60s), 130) << run.err();
}

TEST(Progress, WithoutATerminalALineEveryIntervalAndAtEachPhaseChange) {
  TempDir dir;
  Background run(dir.str(), {"run", "--budget", "4s", "--out", "out"}, {"SCOPECHECK_PROGRESS_INTERVAL=0.5"});
  ASSERT_EQ(run.wait(120s), 0) << run.out() << run.err();
  const auto lines = lines_of(run.err());
  const std::regex progress(
      "^run: (matrix [0-9]+/[0-9]+|random|shrinking [0-9]+) \\| [0-9]+ s of 4 s \\| [0-9,]+ checks? \\| [0-9]+ checks/s \\| "
      "[0-9]+ violations? \\| [0-9]+ unknowns?$");
  int matching = 0;
  bool matrix = false, random = false;
  for (const auto& l : lines) {
    if (!std::regex_match(l, progress)) continue;
    ++matching;
    matrix |= l.rfind("run: matrix ", 0) == 0;
    random |= l.rfind("run: random ", 0) == 0;
  }
  // 4 s at one line per 0.5 s, the first at once and the last at the end.
  EXPECT_GE(matching, 6) << run.err();
  EXPECT_TRUE(matrix) << run.err();
  EXPECT_TRUE(random) << run.err();
  EXPECT_NE(lines.back().find("run: random | "), std::string::npos) << run.err();
  // No carriage returns or escape codes in a log.
  EXPECT_EQ(run.err().find('\r'), std::string::npos);
  EXPECT_EQ(run.err().find('\033'), std::string::npos);
}

TEST(Progress, WithoutATerminalTheDefaultIsQuietBetweenPhaseChanges) {
  TempDir dir;
  Background run(dir.str(), {"run", "--budget", "3s", "--out", "out"});
  ASSERT_EQ(run.wait(120s), 0) << run.out() << run.err();
  int lines = 0;
  for (const auto& l : lines_of(run.err())) lines += l.rfind("run: ", 0) == 0;
  // The first line, matrix → random, and the end: not one a quarter second.
  EXPECT_GE(lines, 2) << run.err();
  EXPECT_LE(lines, 4) << run.err();
}

}  // namespace
}  // namespace scopecheck::cli::testing
