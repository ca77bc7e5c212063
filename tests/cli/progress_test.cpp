// What a run shows while it works, where CI sees it (no terminal): the header first — version,
// target, profile, seed, budget, out folder — then a progress line at each phase change and every
// interval ($SCOPECHECK_PROGRESS_INTERVAL here, 30 s by default) with the phase, elapsed of the
// budget, the recent rate, violations and unknowns.
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "tests/cli/background.h"
#include "tests/cli/cli_run.h"
#include "tests/cli/pty.h"
#include "tests/cli/static_server.h"

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

// certify without a terminal: the same lines as run's, labelled certify, with the elapsed time
// alone (its budget starts after the matrix), at each phase change and every interval.
TEST(Progress, CertifyWithoutATerminalALineEveryIntervalAndAtEachPhaseChange) {
  TempDir dir;
  StaticServer server(dir.str(), dir.str("static.json"));
  ASSERT_FALSE(server.static_file.empty()) << server.log();
  const std::regex progress(
      "^certify: (matrix [0-9]+/[0-9]+|random) \\| [0-9]+ s \\| [0-9,]+ checks? \\| [0-9]+ checks/s \\| "
      "[0-9]+ violations? \\| [0-9]+ unknowns?$");
  struct Seen {
    int lines = 0;
    bool matrix = false, random = false;
    std::string last;
  };
  auto certify = [&](const std::string& interval, const std::string& out) {
    Background run(dir.str(), {"certify", "--target", "static", "--static-file", "static.json", "--budget", "3s", "--out", out},
                   {"SCOPECHECK_PROGRESS_INTERVAL=" + interval});
    EXPECT_EQ(run.wait(120s), 0) << run.out() << run.err();
    EXPECT_EQ(run.err().find('\r'), std::string::npos);
    EXPECT_EQ(run.err().find('\033'), std::string::npos);
    Seen seen;
    for (const auto& l : lines_of(run.err())) {
      if (!std::regex_match(l, progress)) continue;
      ++seen.lines;
      seen.matrix |= l.rfind("certify: matrix ", 0) == 0;
      seen.random |= l.rfind("certify: random ", 0) == 0;
      seen.last = l;
    }
    return std::pair{seen, run.err()};
  };
  // One line every half second over the matrix and 3 s of random scenarios.
  const auto [often, often_log] = certify("0.5", "cert-a");
  EXPECT_GE(often.lines, 6) << often_log;
  EXPECT_TRUE(often.matrix) << often_log;
  EXPECT_TRUE(often.random) << often_log;
  EXPECT_EQ(often.last.rfind("certify: random | ", 0), 0u) << often_log;
  // The default (a line every 30 s): the first line, the matrix's end, the random phase, the end.
  const auto [quiet, quiet_log] = certify("30", "cert-b");
  EXPECT_GE(quiet.lines, 2) << quiet_log;
  EXPECT_LE(quiet.lines, 5) << quiet_log;
  EXPECT_TRUE(quiet.random) << quiet_log;
}

// The lines a terminal shows once `output` is drawn: \r returns to the line's start, ESC[K
// clears the rest of it, \n ends it. What was rewritten in place leaves only its last state.
std::vector<std::string> terminal_lines(const std::string& output) {
  std::vector<std::string> lines;
  std::string line;
  size_t col = 0;
  for (size_t i = 0; i < output.size(); ++i) {
    const char c = output[i];
    if (c == '\r') {
      col = 0;
    } else if (c == '\n') {
      lines.push_back(line);
      line.clear();
      col = 0;
    } else if (c == '\033' && output.compare(i, 3, "\033[K") == 0) {
      line.resize(col);
      i += 2;
    } else {
      if (col < line.size()) line[col] = c;
      else line.push_back(c);
      ++col;
    }
  }
  if (!line.empty()) lines.push_back(line);
  return lines;
}

size_t count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

// On a terminal: the header, then one line drawn again in place four times a second with the
// phase, and ended once; no other output shares it.
void one_line_in_place(const PtyResult& r, const std::string& label, const std::regex& progress) {
  const auto lines = terminal_lines(r.output);
  ASSERT_FALSE(lines.empty()) << r.output;
  EXPECT_EQ(lines.front().rfind("scopecheck ", 0), 0u) << "the header comes first: " << lines.front();
  int ended = 0;
  for (const auto& l : lines) {
    EXPECT_LE(count(l, label + ": "), 1u) << "two things on one line: " << l;
    ended += std::regex_match(l, progress);
  }
  EXPECT_EQ(ended, 1) << "the progress line is rewritten, and ended once:\n" << r.output;
  EXPECT_GE(count(r.output, "\r\033[K" + label + ": matrix "), 1u) << r.output;
  EXPECT_GE(count(r.output, "\r\033[K" + label + ": random | "), 4u) << r.output;
}

TEST(Progress, OnATerminalOneLineRewrittenInPlace) {
  TempDir dir;
  const auto r = run_on_pty(dir.str(), {"run", "--budget", "3s", "--out", "out"}, 120s);
  ASSERT_EQ(r.code, 0) << r.output;
  one_line_in_place(r, "run",
                    std::regex("run: random \\| [0-9]+ s of 3 s \\| [0-9,]+ checks \\| [0-9]+ checks/s \\| [0-9]+ violations? \\| "
                               "[0-9]+ unknowns?"));
}

// certify's own messages (the matrix's count, the random phase's) are lines of their own, not
// appended to the progress line.
TEST(Progress, CertifyOnATerminalOneLineRewrittenInPlaceAndItsMessagesOnTheirOwn) {
  TempDir dir;
  StaticServer server(dir.str(), dir.str("static.json"));
  ASSERT_FALSE(server.static_file.empty()) << server.log();
  const auto r =
      run_on_pty(dir.str(), {"certify", "--target", "static", "--static-file", "static.json", "--budget", "2s", "--out", "cert"}, 120s);
  ASSERT_EQ(r.code, 0) << r.output;
  one_line_in_place(r, "certify",
                    std::regex("certify: random \\| [0-9]+ s \\| [0-9,]+ checks \\| [0-9]+ checks/s \\| [0-9]+ violations? \\| "
                               "[0-9]+ unknowns?"));
  const auto lines = terminal_lines(r.output);
  int messages = 0;
  for (const auto& l : lines)
    messages += std::regex_match(l, std::regex("certify: (matrix|random phase): [0-9]+ scenarios, [0-9]+ checks( in all)?"));
  EXPECT_EQ(messages, 2) << r.output;
}

// The README shows what run, certify and mutants print while they work: its examples are held to
// the forms the tests above see (a documented line that no longer matches is a stale README).
TEST(Progress, TheReadmesExamplesHaveTheFormsTheCommandsPrint) {
  std::ifstream in(std::filesystem::path(SCOPECHECK_SOURCE_DIR) / "README.md");
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string readme = ss.str();
  const auto section = readme.find("**While it runs.**");
  ASSERT_NE(section, std::string::npos);
  const auto block = readme.find("```text\n", section);
  ASSERT_NE(block, std::string::npos) << "no example of the progress lines";
  ASSERT_LT(block, readme.find("\n**", section + 1)) << "the example belongs to the paragraph";
  const auto end = readme.find("```", block + 8);
  const std::string counts = " \\| [0-9]+ checks? \\| [0-9]+ checks/s \\| [0-9]+ violations? \\| [0-9]+ unknowns?";
  const std::string phase = "(matrix [0-9]+/[0-9]+|random|shrinking [0-9]+)";
  const std::regex run("run: " + phase + " \\| [0-9]+ s of [0-9]+ s" + counts);
  const std::regex certify("certify: " + phase + " \\| [0-9]+ s" + counts);
  const std::regex certify_message("certify: (matrix|random phase): [0-9]+ scenarios, [0-9]+ checks( in all)?");
  const std::regex bug("([a-z0-9-]+): " + phase + " \\| [0-9]+ s of [0-9]+ s" + counts);
  const std::regex caught("([a-z0-9-]+) +(caught in [0-9.]+ s|NOT CAUGHT)");
  bool seen_run = false, seen_certify = false, seen_message = false, seen_bug = false, seen_caught = false;
  for (const auto& l : lines_of(readme.substr(block + 8, end - block - 8))) {
    const bool matched = (std::regex_match(l, run) && (seen_run = true)) || (std::regex_match(l, certify) && (seen_certify = true)) ||
                         (std::regex_match(l, certify_message) && (seen_message = true)) ||
                         (std::regex_match(l, bug) && (seen_bug = true)) || (std::regex_match(l, caught) && (seen_caught = true));
    EXPECT_TRUE(matched) << "a README line in no form a command prints: " << l;
  }
  EXPECT_TRUE(seen_run && seen_certify && seen_message && seen_bug && seen_caught) << "the README shows each form";
  // What it says of certify and mutants, not only of run.
  const std::string prose = readme.substr(section, block - section);
  EXPECT_NE(prose.find("`certify`"), std::string::npos);
  EXPECT_NE(prose.find("`mutants`"), std::string::npos);
}

}  // namespace
}  // namespace scopecheck::cli::testing
