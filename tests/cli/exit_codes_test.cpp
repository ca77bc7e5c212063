// The README's exit-code table, command by command: the same kind of failure gives the same code
// in every command (2: bad flag, unreadable or malformed file, credentials the target refuses;
// 3: target unreachable). The same 401 from the token API used to exit 2 in cleanup and 3 in run.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "tests/cli/cli_run.h"

namespace scopecheck::cli::testing {
namespace {

constexpr const char* kAccount = "0123456789abcdef0123456789abcdef";
constexpr const char* kBootstrap = "scopecheck-exit-codes-test-bootstrap-token-000000";

std::string src(const std::string& rel) { return std::string(SCOPECHECK_SOURCE_DIR) + "/" + rel; }

struct Row {
  std::string kind;  // what goes wrong
  std::string args;  // the command line
  int code;
};

void expect_codes(const std::vector<Row>& rows, const TempDir& dir) {
  for (const auto& row : rows) {
    const auto r = run_cli(row.args, dir);
    EXPECT_EQ(r.code, row.code) << row.kind << ": scopecheck " << row.args << "\n" << r.out << r.err;
    if (row.code == 2 || row.code == 3) {
      EXPECT_EQ(r.err.rfind("scopecheck: error: ", 0), 0u) << row.kind << ": " << row.args << "\n" << r.err;
      EXPECT_EQ(r.err.find("internal error"), std::string::npos) << row.kind << ": " << row.args << "\n" << r.err;
    }
  }
}

TEST(ExitCodes, BadFlagIsTwoInEveryCommand) {
  TempDir dir;
  std::vector<Row> rows;
  for (const char* cmd : {"run", "replay x.json", "certify", "mutants", "report merge x", "report render x", "cleanup",
                          "emulate", "model explain", "sigv4 explain", "sigv4 sign", "version"})
    rows.push_back({"bad flag", std::string(cmd) + " --no-such-flag", 2});
  rows.push_back({"bad value", "run --strictness loose", 2});
  rows.push_back({"bad value", "run --budget -5s", 2});
  rows.push_back({"bad value", "certify --target emulator", 2});
  rows.push_back({"bad value", "mutants --bug no-such-bug", 2});
  rows.push_back({"bad value", "report merge x --out o --today 2026-02-30", 2});
  expect_codes(rows, dir);
}

TEST(ExitCodes, UnreadableFileIsTwoInEveryCommand) {
  TempDir dir;
  std::filesystem::create_directories(dir.str("folder"));
  const std::string none = dir.str("missing.json"), folder = dir.str("folder");
  std::vector<Row> rows;
  for (const auto& f : {none, folder}) {
    rows.push_back({"unreadable profile", "run --budget 1s --out o --profile " + q(f), 2});
    rows.push_back({"unreadable baseline", "run --budget 1s --out o --baseline " + q(f), 2});
    rows.push_back({"unreadable case", "replay " + q(f), 2});
    rows.push_back({"unreadable static file", "certify --target static --out o --static-file " + q(f), 2});
    rows.push_back({"unreadable result", "report render " + q(f) + " --out o", 2});
    rows.push_back({"unreadable baseline", "report merge " + q(src("tests/report")) + " --out o --baseline " + q(f), 2});
    rows.push_back({"unreadable journal", "cleanup --journal " + q(f), 2});
    rows.push_back({"unreadable world", "model explain --world " + q(f) + " --request " + q(f), 2});
    rows.push_back({"unreadable request", "sigv4 sign --request " + q(f) + " --access-key a --secret s", 2});
  }
  expect_codes(rows, dir);
}

TEST(ExitCodes, MalformedFileIsTwoInEveryCommand) {
  TempDir dir;
  const std::string bad = dir.write("bad.json", "{\"truncated\": ");
  dir.write("shards/s1/result.json", "{\"truncated\": ");
  std::vector<Row> rows = {
      {"malformed profile", "run --budget 1s --out o --profile " + q(bad), 2},
      {"malformed baseline", "run --budget 1s --matrix-only --max-checks 1 --out o --baseline " + q(bad), 2},
      {"malformed case", "replay " + q(bad), 2},
      {"malformed static file", "certify --target static --out o --static-file " + q(bad), 2},
      {"malformed result", "report render " + q(bad) + " --out o", 2},
      {"malformed shard", "report merge " + q(dir.str("shards")) + " --out o", 2},
      {"malformed journal", "cleanup --journal " + q(bad), 2},
      {"malformed world", "model explain --world " + q(bad) + " --request " + q(bad), 2},
      {"malformed request", "sigv4 sign --request " + q(bad) + " --access-key a --secret s", 2},
  };
  expect_codes(rows, dir);
}

// A journal of the cloudflare target with one token it meant to create.
std::string cloudflare_journal(const TempDir& dir) {
  return dir.write("cf-journal.jsonl", std::string(R"({"kind":"token","account":")") + kAccount +
                                           R"(","jurisdiction":"default","name":"sc1-admin","created":false})" + "\n");
}

std::string cloudflare_flags(const std::string& api, const std::string& s3, const std::string& token) {
  return " --api-base " + api + " --api-token " + token + " --account " + kAccount + " --s3-endpoint " + s3;
}

TEST(ExitCodes, UnreachableTargetIsThreeInEveryCommand) {
  TempDir dir;
  const std::string dead = "http://127.0.0.1:1";
  const std::string statics = dir.write("static.json", R"({"format": "scopecheck-static/1", "endpoint": "http://127.0.0.1:1",
    "admin": {"access_key": "AK", "secret_key": "SK"},
    "credentials": [{"name": "a", "access_key": "AK", "secret_key": "SK",
                     "grants": [{"effect": "allow", "permission": "admin-write", "buckets": ["*"]}]}],
    "buckets": [{"name": "scopecheck-exit-a", "create": true}]})");
  const std::string example = q(src("scenarios/examples/listbuckets-object-token.json"));
  std::vector<Row> rows = {
      {"unreachable", "run --budget 5s --out o --target cloudflare --journal j1" + cloudflare_flags(dead + "/client/v4", dead, "x"), 3},
      {"unreachable", "replay " + example + " --target cloudflare --journal j2" + cloudflare_flags(dead + "/client/v4", dead, "x"), 3},
      {"unreachable", "certify --target static --out c --budget 0s --static-file " + q(statics), 3},
      {"unreachable", "cleanup --journal " + q(cloudflare_journal(dir)) + cloudflare_flags(dead + "/client/v4", dead, "x"), 3},
  };
  expect_codes(rows, dir);
}

std::string slurp(const std::string& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// `scopecheck emulate` on ephemeral loopback ports, stopped by the destructor.
struct Emulator {
  pid_t pid = -1;
  nlohmann::json line;
  explicit Emulator(const TempDir& dir) {
    pid = ::fork();
    if (pid == 0) {
      ::freopen(dir.str("emulate.json").c_str(), "w", stdout);
      ::freopen(dir.str("emulate.log").c_str(), "w", stderr);
      ::setenv("SCOPECHECK_BOOTSTRAP_TOKEN", kBootstrap, 1);
      ::execl(SCOPECHECK_BINARY, SCOPECHECK_BINARY, "emulate", "--listen", "127.0.0.1:0", "--api-listen", "127.0.0.1:0",
              "--account", kAccount, static_cast<char*>(nullptr));
      ::_exit(127);
    }
    for (int i = 0; i < 200 && !line.is_object(); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      const auto text = slurp(dir.str("emulate.json"));
      if (text.find('\n') != std::string::npos) line = nlohmann::json::parse(text.substr(0, text.find('\n')), nullptr, false);
    }
  }
  ~Emulator() {
    if (pid > 0) {
      ::kill(pid, SIGTERM);
      int status = 0;
      ::waitpid(pid, &status, 0);
    }
  }
};

TEST(ExitCodes, ATokenTheApiRefusesIsTwoInRunReplayAndCleanup) {
  TempDir dir;
  Emulator emu(dir);
  ASSERT_TRUE(emu.line.is_object()) << "scopecheck emulate did not start";
  const std::string api = emu.line["api"], s3 = emu.line["s3"];
  const std::string refused = cloudflare_flags(api, s3, "not-the-bootstrap-token-000000000000000000000");
  const std::string example = q(src("scenarios/examples/listbuckets-object-token.json"));
  std::vector<Row> rows = {
      {"401 from the token API", "run --budget 5s --out o --target cloudflare --journal j1" + refused, 2},
      {"401 from the token API", "replay " + example + " --target cloudflare --journal j2" + refused, 2},
      {"401 from the token API", "cleanup --journal " + q(cloudflare_journal(dir)) + refused, 2},
  };
  expect_codes(rows, dir);
}

}  // namespace
}  // namespace scopecheck::cli::testing
