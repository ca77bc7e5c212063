// `scopecheck run --target cloudflare` end to end, against `scopecheck emulate` as a separate
// process on loopback: the Cloudflare-style token API and the S3 endpoint over real HTTP, the
// way a nightly job drives a real R2 account. The run must check (not skip) scenarios on the one
// account it can reach, pass on the correct emulator, and leave the account as it found it: no
// run token, no bucket, an empty journal.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

namespace {

std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

int sh(const std::string& cmd) {
  const int rc = std::system(cmd.c_str());
  return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

constexpr const char* kBootstrap = "scopecheck-cli-test-bootstrap-token-0000000000000";
constexpr const char* kAccount = "0123456789abcdef0123456789abcdef";

// `scopecheck emulate` on ephemeral loopback ports; stopped (SIGTERM) by the destructor.
struct Emulator {
  std::filesystem::path dir;
  pid_t pid = -1;
  nlohmann::json line;
  explicit Emulator(std::filesystem::path d) : dir(std::move(d)) {
    std::filesystem::create_directories(dir);
    pid = ::fork();
    if (pid == 0) {
      const std::string out = (dir / "emulate.json").string();
      ::freopen(out.c_str(), "w", stdout);
      ::freopen((dir / "emulate.log").c_str(), "w", stderr);
      ::setenv("SCOPECHECK_BOOTSTRAP_TOKEN", kBootstrap, 1);
      ::execl(SCOPECHECK_BINARY, SCOPECHECK_BINARY, "emulate", "--listen", "127.0.0.1:0", "--api-listen", "127.0.0.1:0",
              static_cast<char*>(nullptr));
      ::_exit(127);
    }
    for (int i = 0; i < 100 && !line.is_object(); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      const auto text = slurp(dir / "emulate.json");
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

TEST(CloudflareTarget, RunsAgainstTheEmulatorOverHttpAndLeavesTheAccountClean) {
  const auto dir = std::filesystem::temp_directory_path() / ("scopecheck-cf-test-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  Emulator emu(dir / "emu");
  ASSERT_TRUE(emu.line.is_object()) << slurp(dir / "emu" / "emulate.log");
  const std::string s3 = emu.line["s3"];  // http://127.0.0.1:PORT
  const std::string api = emu.line["api"];
  const std::string port = s3.substr(s3.rfind(':') + 1);
  const std::string host = std::string(kAccount) + ".r2.localhost:" + port;
  const auto journal = dir / "journal.jsonl";
  const std::string cmd = std::string(SCOPECHECK_BINARY) + " run --target cloudflare --api-base " + api + " --api-token " + kBootstrap +
                          " --account " + kAccount + " --s3-endpoint http://" + host + " --connect-to " + host + ":127.0.0.1:" +
                          port + " --journal " + journal.string() + " --seed 3 --budget 5s --out " + (dir / "out").string() +
                          " >" + (dir / "run.log").string() + " 2>&1";
  EXPECT_EQ(sh(cmd), 0) << slurp(dir / "run.log");
  const auto result = nlohmann::json::parse(slurp(dir / "out" / "result.json"), nullptr, false);
  ASSERT_TRUE(result.is_object()) << slurp(dir / "run.log");
  EXPECT_GT(result["checks"].get<int>(), 1000) << slurp(dir / "run.log");
  EXPECT_EQ(result["violations"], 0);
  EXPECT_EQ(result["setup_failures"], 0) << result["setup_errors"].dump();

  // Nothing left: only the bootstrap token, no bucket, an empty journal.
  EXPECT_EQ(sh("curl -sf -H 'Authorization: Bearer " + std::string(kBootstrap) + "' " + api + "/user/tokens > " +
               (dir / "tokens.json").string()),
            0);
  const auto tokens = nlohmann::json::parse(slurp(dir / "tokens.json"), nullptr, false);
  ASSERT_TRUE(tokens.is_object());
  EXPECT_EQ(tokens["result"].size(), 1u) << tokens.dump();
  EXPECT_EQ(slurp(journal), "");
  // The account's buckets, listed by awscli with a fresh admin token: none (CreateBucket steps
  // included, which leaked before they were journaled).
  const std::string body =
      R"({"name":"lister","policies":[{"effect":"allow","permission_groups":[{"id":"bf7481a1826f439697cb59a20b22293e"}],)"
      R"("resources":{"com.cloudflare.api.account.)" + std::string(kAccount) + R"(":"*"}}]})";
  ASSERT_EQ(sh("curl -sf -X POST -H 'Authorization: Bearer " + std::string(kBootstrap) + "' -H 'Content-Type: application/json' -d '" +
               body + "' " + api + "/user/tokens > " + (dir / "lister.json").string()),
            0);
  const auto lister = nlohmann::json::parse(slurp(dir / "lister.json"), nullptr, false);
  ASSERT_TRUE(lister.is_object() && lister.contains("result")) << slurp(dir / "lister.json");
  const std::string id = lister["result"]["id"], value = lister["result"]["value"];
  const std::string list = "AWS_ACCESS_KEY_ID=" + id + " AWS_SECRET_ACCESS_KEY=$(printf %s '" + value +
                           "' | sha256sum | cut -d' ' -f1) AWS_DEFAULT_REGION=auto AWS_CONFIG_FILE=/dev/null "
                           "/usr/bin/aws s3api list-buckets --endpoint-url " + s3 + " --query 'Buckets[].Name' --output json > " +
                           (dir / "buckets.json").string() + " 2>" + (dir / "aws.log").string();
  ASSERT_EQ(sh(list), 0) << slurp(dir / "aws.log");
  const auto buckets = nlohmann::json::parse(slurp(dir / "buckets.json"), nullptr, false);
  EXPECT_TRUE(buckets.is_null() || buckets.empty()) << buckets.dump();
  std::filesystem::remove_all(dir);
}

}  // namespace
