// A run's replay commands — in result.json, summary.md, junit.xml, report.html and on the terminal —
// reach the target the violation was found on: its static file or target file (named from the
// report's folder), the emulator's delay, faults and transport, never a secret. Run as written from
// the report's folder, a command reproduces the violation (exit 1); one that replayed against the
// default emulator instead would pass there and mislead the user.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <regex>

#include "cli/replay_options.h"
#include "tests/cli/cli_run.h"
#include "tests/cli/static_server.h"

namespace scopecheck::cli::testing {
namespace {

namespace fs = std::filesystem;
using certify_test::sh;
using certify_test::slurp;

// `command` ("scopecheck replay …") run by the shell from `dir` with the built binary; its exit code.
int run_as_written(const std::string& command, const std::string& dir, const std::string& log) {
  const std::string prefix = "scopecheck ";
  if (command.rfind(prefix, 0) != 0) return -100;
  return sh("cd '" + dir + "' && '" + SCOPECHECK_BINARY + "' " + command.substr(prefix.size()) + " > '" + log + "' 2>&1");
}

// The replay command of the first violation as each report shows it.
std::string junit_replay(const std::string& junit) {
  std::smatch m;
  return std::regex_search(junit, m, std::regex("  replay: (scopecheck replay [^\n]*)\n")) ? m[1].str() : "";
}

TEST(RunReplayTarget, AStaticTargetsViolationReplaysAsWrittenFromTheReportsFolder) {
  TempDir dir;
  const std::string work = dir.str();
  // The server accepts a signed payload hash that is not the body's: the matrix fails SC-SIG-11
  // there, while the default (correct) emulator passes the same case.
  fs::create_directories(fs::path(work) / "inputs");
  fs::create_directories(fs::path(work) / "elsewhere");
  const std::string static_file = work + "/inputs/static.json";
  StaticServer server(work, static_file, "payload-hash-unchecked");
  ASSERT_FALSE(server.static_file.empty()) << server.log();
  // Run from one folder, the report in another, the static file named by its absolute path.
  const std::string log = work + "/run.log";
  const int rc = sh("cd '" + work + "/elsewhere' && '" + SCOPECHECK_BINARY + "' run --target static --static-file '" +
                    static_file + "' --matrix-only --out ../reports/run > '" + log + "' 2>&1");
  ASSERT_EQ(rc, 1) << slurp(log);

  const std::string out = work + "/reports/run";
  const auto result = nlohmann::json::parse(slurp(out + "/result.json"));
  ASSERT_FALSE(result["violation_list"].empty());
  const std::string command = result["violation_list"][0]["replay_command"];
  EXPECT_EQ(command.rfind("scopecheck replay cases/", 0), 0u) << command;
  EXPECT_NE(command.find(" --target static --static-file ../../inputs/static.json"), std::string::npos) << command;
  // The same command in every report, and no secret (or path of this machine) in any of them.
  EXPECT_NE(slurp(out + "/summary.md").find(command), std::string::npos);
  EXPECT_NE(slurp(out + "/report.html").find(command), std::string::npos);
  EXPECT_EQ(junit_replay(slurp(out + "/junit.xml")), command);
  for (const char* f : {"result.json", "summary.md", "junit.xml", "report.html"}) {
    EXPECT_EQ(slurp(out + "/" + f).find(server.server.admin_secret), std::string::npos) << f;
    EXPECT_EQ(slurp(out + "/" + f).find(work + "/inputs"), std::string::npos) << f;
  }

  // As written, from the report's folder: the violation again.
  EXPECT_EQ(run_as_written(command, out, work + "/replay.log"), 1) << command << "\n" << slurp(work + "/replay.log");
  EXPECT_NE(slurp(work + "/replay.log").find("REPRODUCED"), std::string::npos) << slurp(work + "/replay.log");

  // The terminal, whose folder is not the report's, says to go there first; its line works as written.
  std::smatch m;
  const std::string terminal = slurp(log);
  ASSERT_TRUE(std::regex_search(terminal, m, std::regex("  replay:   cd \\.\\./reports/run && (scopecheck replay cases/[^\n]*)\n")))
      << terminal;
  EXPECT_EQ(m[1].str(), command);
  EXPECT_EQ(run_as_written(command, work + "/elsewhere/../reports/run", work + "/replay2.log"), 1) << slurp(work + "/replay2.log");

  // A report merged or rendered into another folder names the static file from there.
  ASSERT_EQ(sh("cd '" + work + "' && '" + SCOPECHECK_BINARY + "' report merge reports --out merged/a/deep > '" + log + "' 2>&1"), 1)
      << slurp(log);
  ASSERT_EQ(sh("cd '" + work + "' && '" + SCOPECHECK_BINARY + "' report render reports/run/result.json --out rendered > '" + log +
               "' 2>&1"),
            1)
      << slurp(log);
  for (const std::string folder : {"merged/a/deep", "rendered"}) {
    const auto again = nlohmann::json::parse(slurp(work + "/" + folder + "/result.json"));
    const std::string moved = again["violation_list"][0]["replay_command"];
    EXPECT_NE(moved.find(folder == "rendered" ? " --static-file ../inputs/static.json" : " --static-file ../../../inputs/static.json"),
              std::string::npos)
        << folder << ": " << moved;
    EXPECT_NE(slurp(work + "/" + folder + "/summary.md").find(moved), std::string::npos) << folder;
    EXPECT_EQ(run_as_written(moved, work + "/" + folder, work + "/replay3.log"), 1) << folder << ": " << moved << "\n"
                                                                                    << slurp(work + "/replay3.log");
  }
}

TEST(RunReplayTarget, TheEmulatorsDelayFaultsAndTransportAreReplayed) {
  TempDir dir;
  // A short request timeout: a stalled answer (one of the faults) costs 0.3 s, not 10.
  const auto r = run_cli("run --inject deny-ignored --propagation-delay 2 --faults 0.05 --transport tcp "
                         "--request-timeout-ms 300 --retries 6 --jobs 1 --budget 60s --out out",
                         dir);
  ASSERT_EQ(r.code, 1) << r.out << r.err;
  const auto result = nlohmann::json::parse(slurp(dir.str("out/result.json")));
  ASSERT_FALSE(result["violation_list"].empty());
  const std::string command = result["violation_list"][0]["replay_command"];
  EXPECT_TRUE(std::regex_match(command, std::regex("scopecheck replay cases/[0-9a-f]+\\.json --strictness exact --inject deny-ignored "
                                                   "--propagation-delay 2 --faults 0\\.05 --transport tcp --request-timeout-ms 300 "
                                                   "--retries 6")))
      << command;
  // The emulator's options name no file: the terminal names the case from where the run was.
  EXPECT_NE(r.out.find("  replay:   scopecheck replay out/cases/"), std::string::npos) << r.out;
  EXPECT_EQ(run_as_written(command, dir.str("out"), dir.str("replay.log")), 1) << command << "\n" << slurp(dir.str("replay.log"));
}

// A Cloudflare account's replay names the endpoints and the token's file, never the token.
TEST(RunReplayTarget, ACloudflareReplayNamesTheTokenFileNeverTheToken) {
  TempDir dir;
  TargetOptions t;
  t.target = "cloudflare";
  t.api_base = "https://api.cloudflare.com/client/v4";
  t.account = "0123456789abcdef0123456789abcdef";
  t.s3_endpoint = "https://0123456789abcdef0123456789abcdef.r2.cloudflarestorage.com";
  t.connect_to = {"::127.0.0.1:9000"};
  t.api_token = "s3cr3t-token-value";
  const std::string out = dir.str("reports/run");
  EXPECT_EQ(replay_target_options(t, out),
            "--target cloudflare --api-base https://api.cloudflare.com/client/v4 --account 0123456789abcdef0123456789abcdef "
            "--s3-endpoint https://0123456789abcdef0123456789abcdef.r2.cloudflarestorage.com --connect-to ::127.0.0.1:9000");
  EXPECT_FALSE(replay_options_name_files(t));
  t.api_token.clear();
  t.api_token_file = dir.write("secrets/token", "s3cr3t-token-value\n");
  EXPECT_EQ(replay_target_options(t, out).substr(replay_target_options(t, out).find(" --api-token-file")),
            " --api-token-file ../../secrets/token");
  EXPECT_TRUE(replay_options_name_files(t));
}

}  // namespace
}  // namespace scopecheck::cli::testing
