// scripts/check-workflows: the repository's CI files pass it, and the mistakes it exists to catch
// (a job without runs-on, needs naming no job, a matrix key that is not defined, a step with
// neither run nor uses, broken shell, unparsable YAML) each fail it with a line naming the place.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <vector>
#include <string>

#include "tests/nightly/cli_process.h"

namespace scopecheck::nightly_test {
namespace {

const std::string kScript = std::string(SCOPECHECK_SOURCE_DIR) + "/scripts/check-workflows";

Process check(const std::string& args, const TempDir& dir, const std::string& tag) {
  return run_shell("'" + kScript + "' " + args, dir, tag);
}

// A workflow that passes, with `hole` substituted for the marker line "#HOLE".
std::string workflow(const std::string& hole) {
  std::string w = R"(name: t
on:
  schedule:
    - cron: '0 1 * * *'
  workflow_dispatch:
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: echo build
  shard:
    needs: build
    runs-on: ubuntu-latest
    strategy:
      matrix:
        shard: [1, 2]
    steps:
      - run: echo "${{ matrix.shard }}"
#HOLE
)";
  w.replace(w.find("#HOLE"), 5, hole);
  return w;
}

std::string write(const TempDir& dir, const std::string& name, const std::string& text) {
  const std::string path = dir.str(name);
  std::ofstream(path) << text;
  return path;
}

TEST(CheckWorkflowsTest, TheRepositorysWorkflowsAndCiExamplesPass) {
  TempDir dir;
  const Process p = check("", dir, "repo");
  EXPECT_EQ(p.code, 0) << p.out << p.err;
  EXPECT_EQ(p.out, "");
  EXPECT_NE(p.err.find(" 0 problems"), std::string::npos) << p.err;
}

TEST(CheckWorkflowsTest, AWellFormedWorkflowPasses) {
  TempDir dir;
  const Process p = check("'" + write(dir, "ok.github.yml", workflow("")) + "'", dir, "ok");
  EXPECT_EQ(p.code, 0) << p.out << p.err;
}

struct Broken {
  const char* name;
  std::string hole;
  const char* message;
};

TEST(CheckWorkflowsTest, EachStructuralMistakeFailsWithALineNamingIt) {
  const Broken cases[] = {
      {"no-runs-on", "  lint:\n    steps:\n      - run: echo x", "jobs.lint: no 'runs-on'"},
      {"no-steps", "  lint:\n    runs-on: ubuntu-latest", "jobs.lint: no 'steps' list"},
      {"needs-unknown", "  merge:\n    needs: [shard, shards]\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo x",
       "jobs.merge.needs: 'shards' is not a job of this workflow"},
      {"matrix-key", "      - run: echo ${{ matrix.shards }}", "matrix.shards is not a key of this job's matrix (shard)"},
      {"step-empty", "      - name: nothing", "jobs.shard.steps[1]: needs exactly one of 'run' and 'uses'"},
      {"shell", "      - run: if then", "jobs.shard.steps[1].run: shell syntax"},
      {"uses-ref", "      - uses: actions/upload-artifact", "is not owner/repo[/path]@ref"},
      {"cycle", "  a:\n    needs: b\n    runs-on: x\n    steps: [{run: echo}]\n  b:\n    needs: a\n    runs-on: x\n    steps: [{run: echo}]",
       "needs form a cycle"},
      {"yaml", "  bad: [", "(parse)"},
  };
  for (const auto& c : cases) {
    TempDir dir;
    const Process p = check("'" + write(dir, std::string(c.name) + ".github.yml", workflow(c.hole)) + "'", dir, c.name);
    EXPECT_EQ(p.code, 1) << c.name << ": " << p.out << p.err;
    EXPECT_NE(p.out.find(c.message), std::string::npos) << c.name << ": " << p.out << p.err;
  }
}

TEST(CheckWorkflowsTest, AWorkflowWithoutOnOrJobsFails) {
  TempDir dir;
  const Process p = check("'" + write(dir, "empty.github.yml", "name: nothing\n") + "'", dir, "empty");
  EXPECT_EQ(p.code, 1);
  EXPECT_NE(p.out.find("no 'on'"), std::string::npos) << p.out;
  EXPECT_NE(p.out.find("no 'jobs' mapping"), std::string::npos) << p.out;
}

TEST(CheckWorkflowsTest, GitLabPipelineMistakesFail) {
  TempDir dir;
  const std::string bad = R"(stages: [build, test]
build:
  stage: build
  script: [make]
shard:
  stage: tests
  needs: [buidl]
  parallel:
    matrix:
      - SHARD: ["1", "2"]
  script:
    - echo "$SHARD" (
  artifacts:
    paths: ["out/shard-$SHRAD/"]
)";
  const Process p = check("'" + write(dir, "gitlab-ci.yml", bad) + "'", dir, "gitlab");
  EXPECT_EQ(p.code, 1);
  EXPECT_NE(p.out.find("shard.stage: 'tests' is not in stages"), std::string::npos) << p.out;
  EXPECT_NE(p.out.find("shard.needs: 'buidl' is not a job"), std::string::npos) << p.out;
  EXPECT_NE(p.out.find("shard.script: shell syntax"), std::string::npos) << p.out;
  EXPECT_NE(p.out.find("$SHRAD is not a variable of this job"), std::string::npos) << p.out;
}

}  // namespace
}  // namespace scopecheck::nightly_test

// Every `bin/scopecheck <command> …` line of the CI files uses only options that command has
// (its --help lists them): a renamed or missing option would otherwise surface only in the
// nightly job, after the run, in the step that cleans a real account up.
namespace scopecheck::nightly_test {
namespace {

std::string slurp_file(const std::string& path) {
  std::ifstream in(path);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

TEST(CheckWorkflowsTest, EveryScopecheckCommandInTheCiFilesUsesOptionsItHas) {
  const std::string root = SCOPECHECK_SOURCE_DIR;
  int commands = 0;
  for (const char* file : {"/.github/workflows/nightly.yml", "/ci-examples/gitlab-ci.yml"}) {
    std::string text = slurp_file(root + file);
    ASSERT_FALSE(text.empty()) << file;
    // Join shell continuations ("\\\n").
    for (size_t at; (at = text.find("\\\n")) != std::string::npos;) text.replace(at, 2, " ");
    std::istringstream lines(text);
    for (std::string line; std::getline(lines, line);) {
      const auto at = line.find("bin/scopecheck ");
      if (at == std::string::npos) continue;
      std::istringstream words(line.substr(at + std::string("bin/scopecheck ").size()));
      std::string command, word;
      words >> command;
      if (command == "report" && words >> word) command += " " + word;
      std::vector<std::string> options;
      while (words >> word) {
        if (word == "||" || word == ";" || word == "&&" || word == "|") break;
        if (word.rfind("--", 0) == 0) options.push_back(word.substr(0, word.find('=')));
      }
      const std::string help_file = ::testing::TempDir() + "/scopecheck-help.txt";
      ASSERT_EQ(std::system((std::string(SCOPECHECK_BINARY) + " " + command + " --help > " + help_file + " 2>&1").c_str()), 0)
          << file << ": scopecheck " << command << " is not a command";
      const std::string help = slurp_file(help_file);
      for (const auto& o : options)
        EXPECT_NE(help.find(o + " "), std::string::npos) << file << ": scopecheck " << command << " has no option " << o;
      ++commands;
    }
  }
  EXPECT_GE(commands, 6);  // run (sharded, r2), cleanup, report merge in both files
}

}  // namespace
}  // namespace scopecheck::nightly_test
