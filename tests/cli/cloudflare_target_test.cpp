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

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <sys/stat.h>
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

// The tokens the bootstrap token sees (itself included).
int token_count(const std::filesystem::path& dir, const std::string& api) {
  if (sh("curl -sf -H 'Authorization: Bearer " + std::string(kBootstrap) + "' " + api + "/user/tokens > " + (dir / "tokens.json").string()) != 0)
    return -1;
  const auto tokens = nlohmann::json::parse(slurp(dir / "tokens.json"), nullptr, false);
  return tokens.is_object() ? static_cast<int>(tokens["result"].size()) : -1;
}

// The account's buckets, listed by awscli with a fresh admin token (deleted again afterwards).
nlohmann::json bucket_names(const std::filesystem::path& dir, const std::string& api, const std::string& s3) {
  const std::string body =
      R"({"name":"lister","policies":[{"effect":"allow","permission_groups":[{"id":"bf7481a1826f439697cb59a20b22293e"}],)"
      R"("resources":{"com.cloudflare.api.account.)" + std::string(kAccount) + R"(":"*"}}]})";
  const std::string auth = "-H 'Authorization: Bearer " + std::string(kBootstrap) + "'";
  if (sh("curl -sf -X POST " + auth + " -H 'Content-Type: application/json' -d '" + body + "' " + api + "/user/tokens > " +
         (dir / "lister.json").string()) != 0)
    return "token API refused the lister token";
  const auto lister = nlohmann::json::parse(slurp(dir / "lister.json"), nullptr, false);
  if (!lister.is_object() || !lister.contains("result")) return slurp(dir / "lister.json");
  const std::string id = lister["result"]["id"], value = lister["result"]["value"];
  const std::string list = "AWS_ACCESS_KEY_ID=" + id + " AWS_SECRET_ACCESS_KEY=$(printf %s '" + value +
                           "' | sha256sum | cut -d' ' -f1) AWS_DEFAULT_REGION=auto AWS_CONFIG_FILE=/dev/null "
                           "/usr/bin/aws s3api list-buckets --endpoint-url " + s3 + " --query 'Buckets[].Name' --output json > " +
                           (dir / "buckets.json").string() + " 2>" + (dir / "aws.log").string();
  const int rc = sh(list);
  sh("curl -sf -X DELETE " + auth + " " + api + "/user/tokens/" + id + " >/dev/null");
  if (rc != 0) return slurp(dir / "aws.log");
  auto names = nlohmann::json::parse(slurp(dir / "buckets.json"), nullptr, false);
  return names.is_null() ? nlohmann::json::array() : names;
}

// `scopecheck emulate` on ephemeral loopback ports; stopped (SIGTERM) by the destructor. With
// `eu`, a second S3 listener serves the eu jurisdiction (its URL is line["s3_eu"]).
struct Emulator {
  std::filesystem::path dir;
  pid_t pid = -1;
  nlohmann::json line;
  explicit Emulator(std::filesystem::path d, bool eu = false) : dir(std::move(d)) {
    std::filesystem::create_directories(dir);
    pid = ::fork();
    if (pid == 0) {
      const std::string out = (dir / "emulate.json").string();
      ::freopen(out.c_str(), "w", stdout);
      ::freopen((dir / "emulate.log").c_str(), "w", stderr);
      ::setenv("SCOPECHECK_BOOTSTRAP_TOKEN", kBootstrap, 1);
      if (eu)
        ::execl(SCOPECHECK_BINARY, SCOPECHECK_BINARY, "emulate", "--listen", "127.0.0.1:0", "--api-listen", "127.0.0.1:0",
                "--eu-listen", "127.0.0.1:0", static_cast<char*>(nullptr));
      else
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

// The cloudflare options that point at the emulator (by name, connected to loopback).
std::string cloudflare_options(const Emulator& emu) {
  const std::string s3 = emu.line["s3"], api = emu.line["api"];
  const std::string port = s3.substr(s3.rfind(':') + 1);
  const std::string host = std::string(kAccount) + ".r2.localhost:" + port;
  return " --api-base " + api + " --api-token " + kBootstrap + " --account " + kAccount + " --s3-endpoint http://" + host +
         " --connect-to " + host + ":127.0.0.1:" + port;
}

// A fresh folder for one test, under the system temp folder (removed first if a run left it).
std::filesystem::path fresh_dir(const std::string& name) {
  const auto dir = std::filesystem::temp_directory_path() / ("scopecheck-cf-" + name + "-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  return dir;
}

// The account as a run must leave it: the bootstrap token alone, and no bucket behind `s3`.
void expect_account_clean(const std::filesystem::path& dir, const std::string& api, const std::string& s3,
                          const std::string& context = "") {
  EXPECT_EQ(token_count(dir, api), 1) << context << " left tokens";
  EXPECT_EQ(bucket_names(dir, api, s3), nlohmann::json::array()) << context << " left buckets";
}

// `scopecheck run --target cloudflare` against `emu` in a child process (output in
// dir/run.log), journaling to `journal`, with `args` after the target options; its pid.
pid_t start_run(const Emulator& emu, const std::filesystem::path& dir, const std::filesystem::path& journal,
                const std::string& args) {
  const pid_t pid = ::fork();
  if (pid == 0) {
    const std::string cmd = "exec " + std::string(SCOPECHECK_BINARY) + " run --target cloudflare" + cloudflare_options(emu) +
                            " --journal " + journal.string() + " " + args + " --out " + (dir / "out").string() + " >" +
                            (dir / "run.log").string() + " 2>&1";
    ::execl("/bin/sh", "sh", "-c", cmd.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  return pid;
}

// Waits until the journal lists at least `lines` lines, looking every 10 ms for at most `most`;
// the lines it lists.
int wait_for_journal(const std::filesystem::path& journal, int lines, std::chrono::milliseconds most) {
  int seen = 0;
  for (auto waited = std::chrono::milliseconds(0); waited < most && seen < lines; waited += std::chrono::milliseconds(10)) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    const auto text = slurp(journal);
    seen = static_cast<int>(std::count(text.begin(), text.end(), '\n'));
  }
  return seen;
}

// A run killed in the middle leaves tokens and buckets; `scopecheck cleanup` removes exactly
// what its journal lists, with the API token given again (the journal holds no secret).
TEST(CloudflareTarget, CleanupAfterAKilledRunLeavesTheAccountClean) {
  const auto dir = fresh_dir("kill");
  Emulator emu(dir / "emu");
  ASSERT_TRUE(emu.line.is_object()) << slurp(dir / "emu" / "emulate.log");
  const auto journal = dir / "journal.jsonl";
  const pid_t run = start_run(emu, dir, journal, "--seed 5 --budget 60s");
  // Kill it while a scenario's tokens and buckets exist (the journal then lists more than the admin).
  const int lines = wait_for_journal(journal, 3, std::chrono::seconds(2));
  ::kill(run, SIGKILL);
  ::waitpid(run, nullptr, 0);
  ASSERT_GE(lines, 3) << slurp(journal);
  ASSERT_GT(token_count(dir, emu.line["api"]), 1) << "the killed run left its tokens";
  EXPECT_EQ(slurp(journal).find(kBootstrap), std::string::npos) << "a secret in the journal";

  // Without the API options: a usage error naming what is missing, nothing touched.
  EXPECT_EQ(sh(std::string(SCOPECHECK_BINARY) + " cleanup --journal " + journal.string() + " > " + (dir / "c0.log").string() + " 2>&1"), 2);
  EXPECT_NE(slurp(dir / "c0.log").find("cloudflare journal: cleanup needs --api-base"), std::string::npos) << slurp(dir / "c0.log");

  EXPECT_EQ(sh(std::string(SCOPECHECK_BINARY) + " cleanup --journal " + journal.string() + cloudflare_options(emu) + " > " +
               (dir / "cleanup.log").string() + " 2>&1"),
            0)
      << slurp(dir / "cleanup.log");
  EXPECT_NE(slurp(dir / "cleanup.log").find(": removed"), std::string::npos) << slurp(dir / "cleanup.log");
  EXPECT_EQ(token_count(dir, emu.line["api"]), 1);
  EXPECT_EQ(bucket_names(dir, emu.line["api"], emu.line["s3"]), nlohmann::json::array());
  EXPECT_EQ(slurp(journal), "");
  std::filesystem::remove_all(dir);
}

TEST(CloudflareTarget, RunsAgainstTheEmulatorOverHttpAndLeavesTheAccountClean) {
  const auto dir = fresh_dir("run");
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
  expect_account_clean(dir, api, s3);
  EXPECT_EQ(slurp(journal), "");
  std::filesystem::remove_all(dir);
}

// A result without its clock readings (what --jobs may change).
nlohmann::json without_timings(nlohmann::json r) {
  for (const char* k : {"started_at", "duration_seconds", "checks_over_time"}) r.erase(k);
  if (r.contains("violation_list"))
    for (auto& v : r["violation_list"]) v.erase("seconds_to_first");
  return r;
}

// A remote account is worked with several scenarios in flight (the default for cloudflare is 8
// workers): each item's buckets and tokens carry the item's own tag, so items running at once
// never meet, and the result is the one --jobs 1 gives for the same seed. Both runs leave the
// account as they found it and an empty journal.
TEST(CloudflareTarget, ThreeWorkersGiveTheResultOfOneAndLeaveTheAccountClean) {
  const auto dir = fresh_dir("jobs");
  Emulator emu(dir / "emu");
  ASSERT_TRUE(emu.line.is_object()) << slurp(dir / "emu" / "emulate.log");
  const std::string api = emu.line["api"], s3 = emu.line["s3"];
  nlohmann::json results[2];
  for (int jobs : {1, 3}) {
    const auto run_dir = dir / ("jobs" + std::to_string(jobs));
    std::filesystem::create_directories(run_dir);
    const std::string cmd = "cd " + run_dir.string() + " && " + SCOPECHECK_BINARY + " run --target cloudflare" + cloudflare_options(emu) +
                            " --journal journal.jsonl --seed 9 --max-checks 1500 --budget 300s --jobs " + std::to_string(jobs) +
                            " --out out > run.log 2>&1";
    EXPECT_EQ(sh(cmd), 0) << slurp(run_dir / "run.log");
    results[jobs == 3] = nlohmann::json::parse(slurp(run_dir / "out" / "result.json"), nullptr, false);
    ASSERT_TRUE(results[jobs == 3].is_object()) << slurp(run_dir / "run.log");
    EXPECT_EQ(slurp(run_dir / "journal.jsonl"), "") << "jobs " << jobs;
    expect_account_clean(dir, api, s3, "jobs " + std::to_string(jobs));
  }
  EXPECT_GE(results[0]["checks"].get<int>(), 1500);
  EXPECT_EQ(results[0]["violations"], 0) << slurp(dir / "jobs1" / "out" / "summary.md");
  EXPECT_EQ(results[0]["setup_failures"], 0) << results[0]["setup_errors"].dump();
  EXPECT_EQ(without_timings(results[0]), without_timings(results[1]));
  std::filesystem::remove_all(dir);
}

// SIGTERM in the middle of a run with 8 workers (the default): every worker ends its scenario
// and removes what it made, the run sweeps the journal and deletes its admin token, writes its
// reports marked INTERRUPTED and exits 128+15. Nothing is left on the account.
TEST(CloudflareTarget, InterruptedRunWithEightWorkersLeavesTheAccountClean) {
  const auto dir = fresh_dir("term");
  Emulator emu(dir / "emu");
  ASSERT_TRUE(emu.line.is_object()) << slurp(dir / "emu" / "emulate.log");
  const std::string api = emu.line["api"], s3 = emu.line["s3"];
  const auto journal = dir / "journal.jsonl";
  const pid_t run = start_run(emu, dir, journal, "--seed 5 --budget 120s");
  // Stop it while scenarios of several workers are under way (the journal lists many of them);
  // up to 30 s: a sanitizer build starts slowly.
  const int lines = wait_for_journal(journal, 20, std::chrono::seconds(30));
  ::kill(run, SIGTERM);
  int status = 0;
  ::waitpid(run, &status, 0);
  ASSERT_GE(lines, 20) << slurp(journal);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 143) << slurp(dir / "run.log");
  EXPECT_NE(slurp(dir / "run.log").find("INTERRUPTED by SIGTERM"), std::string::npos) << slurp(dir / "run.log");
  EXPECT_EQ(slurp(journal), "");
  expect_account_clean(dir, api, s3);
  std::filesystem::remove_all(dir);
}

// The shards of one seed run at once on one account (a nightly job's matrix of shards): every
// shard runs the whole matrix, so each shard's names carry its own tag ("sc<seed>-s2-…") and the
// shards never meet. Both pass on the clean emulator and leave nothing behind.
TEST(CloudflareTarget, TwoShardsAtOnceOnOneAccountNeverMeet) {
  const auto dir = fresh_dir("shards");
  Emulator emu(dir / "emu");
  ASSERT_TRUE(emu.line.is_object()) << slurp(dir / "emu" / "emulate.log");
  const std::string api = emu.line["api"], s3 = emu.line["s3"];
  std::string cmd;
  for (int shard : {1, 2}) {
    const auto run_dir = dir / ("shard" + std::to_string(shard));
    std::filesystem::create_directories(run_dir);
    cmd += "(cd " + run_dir.string() + " && " + SCOPECHECK_BINARY + " run --target cloudflare" + cloudflare_options(emu) +
           " --journal journal.jsonl --seed 4 --shard " + std::to_string(shard) +
           "/2 --matrix-only --budget 300s --out out > run.log 2>&1; echo $? > rc) & ";
  }
  ASSERT_EQ(sh(cmd + "wait"), 0);
  for (int shard : {1, 2}) {
    const auto run_dir = dir / ("shard" + std::to_string(shard));
    EXPECT_EQ(slurp(run_dir / "rc"), "0\n") << slurp(run_dir / "run.log");
    const auto result = nlohmann::json::parse(slurp(run_dir / "out" / "result.json"), nullptr, false);
    ASSERT_TRUE(result.is_object()) << slurp(run_dir / "run.log");
    EXPECT_EQ(result["violations"], 0) << slurp(run_dir / "out" / "summary.md");
    EXPECT_EQ(result["setup_failures"], 0) << result["setup_errors"].dump();
    EXPECT_EQ(slurp(run_dir / "journal.jsonl"), "");
  }
  expect_account_clean(dir, api, s3);
  std::filesystem::remove_all(dir);
}

// A token made through the token API with the bootstrap token: {id, value}.
nlohmann::json make_token(const std::filesystem::path& dir, const std::string& api, const std::string& name, const char* group) {
  const std::string body = R"({"name":")" + name + R"(","policies":[{"effect":"allow","permission_groups":[{"id":")" + group +
                           R"("}],"resources":{"com.cloudflare.api.account.)" + std::string(kAccount) + R"(":"*"}}]})";
  sh("curl -sf -X POST -H 'Authorization: Bearer " + std::string(kBootstrap) + "' -H 'Content-Type: application/json' -d '" + body +
     "' " + api + "/user/tokens > " + (dir / "made.json").string());
  const auto j = nlohmann::json::parse(slurp(dir / "made.json"), nullptr, false);
  return j.is_object() && j.contains("result") ? j["result"] : nlohmann::json();
}

constexpr const char* kStorageRead = "b4992e1108244f5d8bfbd5744320c2e1";
constexpr const char* kStorageWrite = "bf7481a1826f439697cb59a20b22293e";

int file_mode(const std::filesystem::path& p) {
  struct stat st {};
  return ::stat(p.c_str(), &st) == 0 ? static_cast<int>(st.st_mode & 0777) : -1;
}

// Both S3 endpoints are plain loopback addresses at different ports (the emulator's default
// listener and its eu listener): each request must go to its step's jurisdiction's endpoint, and
// an IP endpoint has no virtual-hosted names, so the run is path-style there. The API token comes
// from a file (nothing secret on the command line); the journal is private (0600).
TEST(CloudflareTarget, BothEndpointsOnLoopbackAtDifferentPortsRunWithoutFalseViolations) {
  const auto dir = fresh_dir("eu");
  Emulator emu(dir / "emu", true);
  ASSERT_TRUE(emu.line.is_object()) << slurp(dir / "emu" / "emulate.log");
  ASSERT_TRUE(emu.line.contains("s3_eu")) << emu.line.dump();
  const std::string s3 = emu.line["s3"], s3_eu = emu.line["s3_eu"], api = emu.line["api"];
  ASSERT_EQ(s3.rfind("http://127.0.0.1:", 0), 0u);
  ASSERT_EQ(s3_eu.rfind("http://127.0.0.1:", 0), 0u);
  ASSERT_NE(s3, s3_eu);
  std::ofstream(dir / "api-token") << kBootstrap << "\n";
  const auto journal = dir / "journal.jsonl";
  const std::string cmd = std::string(SCOPECHECK_BINARY) + " run --target cloudflare --api-base " + api + " --api-token-file " +
                          (dir / "api-token").string() + " --account " + kAccount + " --s3-endpoint " + s3 + " --s3-endpoint-eu " +
                          s3_eu + " --journal " + journal.string() + " --seed 7 --budget 6s --out " + (dir / "out").string() + " >" +
                          (dir / "run.log").string() + " 2>&1";
  EXPECT_EQ(sh(cmd), 0) << slurp(dir / "run.log");
  const auto result = nlohmann::json::parse(slurp(dir / "out" / "result.json"), nullptr, false);
  ASSERT_TRUE(result.is_object()) << slurp(dir / "run.log");
  EXPECT_GT(result["checks"].get<int>(), 500) << slurp(dir / "run.log");
  EXPECT_EQ(result["violations"], 0) << slurp(dir / "out" / "summary.md");
  EXPECT_EQ(result["setup_failures"], 0) << result["setup_errors"].dump();
  EXPECT_EQ(file_mode(journal), 0600);
  EXPECT_EQ(slurp(journal), "");
  expect_account_clean(dir, api, s3);
  EXPECT_EQ(bucket_names(dir, api, s3_eu), nlohmann::json::array());
  std::filesystem::remove_all(dir);
}

// The run was killed between a token's POST and its answer: the journal has the intent (the
// token's run-prefixed name) and no confirmation. The token exists (an account-wide Storage Read
// with no expiry, as seen after a SIGKILL); so does a bucket whose creation was not confirmed.
// Cleanup (API token from $CLOUDFLARE_API_TOKEN) finds both by name and deletes them.
TEST(CloudflareTarget, CleanupFindsAndDeletesWhatWasIntendedButNotConfirmed) {
  const auto dir = fresh_dir("intent");
  Emulator emu(dir / "emu");
  ASSERT_TRUE(emu.line.is_object()) << slurp(dir / "emu" / "emulate.log");
  const std::string s3 = emu.line["s3"], api = emu.line["api"];
  const auto made = make_token(dir, api, "sc7-t0", kStorageRead);
  ASSERT_TRUE(made.is_object()) << slurp(dir / "made.json");
  ASSERT_EQ(token_count(dir, api), 2);
  // A bucket made with an admin token through awscli, then that token deleted again.
  const auto admin = make_token(dir, api, "test-admin", kStorageWrite);
  ASSERT_TRUE(admin.is_object());
  const std::string value = admin["value"], id = admin["id"];
  ASSERT_EQ(sh("AWS_ACCESS_KEY_ID=" + id + " AWS_SECRET_ACCESS_KEY=$(printf %s '" + value +
               "' | sha256sum | cut -d' ' -f1) AWS_DEFAULT_REGION=auto AWS_CONFIG_FILE=/dev/null /usr/bin/aws s3api create-bucket "
               "--bucket sc7-logs --endpoint-url " + s3 + " >/dev/null 2>" + (dir / "aws.log").string()),
            0)
      << slurp(dir / "aws.log");
  sh("curl -sf -X DELETE -H 'Authorization: Bearer " + std::string(kBootstrap) + "' " + api + "/user/tokens/" + id + " >/dev/null");
  ASSERT_EQ(bucket_names(dir, api, s3), nlohmann::json::array({"sc7-logs"}));

  const auto journal = dir / "journal.jsonl";
  const std::string a(kAccount);
  std::ofstream(journal) << R"({"kind":"bucket","account":")" << a << R"(","jurisdiction":"default","name":"sc7-logs","created":false})"
                         << "\n"
                         << R"({"kind":"token","account":")" << a << R"(","jurisdiction":"default","name":"sc7-t0","created":false})"
                         << "\n";
  const int rc = sh("CLOUDFLARE_API_TOKEN=" + std::string(kBootstrap) + " " + SCOPECHECK_BINARY + " cleanup --journal " +
                    journal.string() + " --api-base " + api + " --account " + a + " --s3-endpoint " + s3 + " > " +
                    (dir / "cleanup.log").string() + " 2>&1");
  EXPECT_EQ(rc, 0) << slurp(dir / "cleanup.log");
  EXPECT_NE(slurp(dir / "cleanup.log").find("token sc7-t0: creation not confirmed; found by name and removed"), std::string::npos)
      << slurp(dir / "cleanup.log");
  EXPECT_EQ(token_count(dir, api), 1) << "the unconfirmed token survived cleanup";
  EXPECT_EQ(bucket_names(dir, api, s3), nlohmann::json::array());
  EXPECT_EQ(slurp(journal), "");
  std::filesystem::remove_all(dir);
}

// An unconfirmed intent whose name carries no harness prefix (an older cleanup named its admin
// token "admin") is never looked up: the account's own token of that name stays, the journal
// keeps the line and cleanup exits 3.
TEST(CloudflareTarget, CleanupNeverDeletesByANameWithoutTheHarnessPrefix) {
  const auto dir = fresh_dir("noprefix");
  Emulator emu(dir / "emu");
  ASSERT_TRUE(emu.line.is_object()) << slurp(dir / "emu" / "emulate.log");
  const std::string s3 = emu.line["s3"], api = emu.line["api"];
  ASSERT_TRUE(make_token(dir, api, "admin", kStorageRead).is_object());
  const auto journal = dir / "journal.jsonl";
  const std::string line = R"({"kind":"token","account":")" + std::string(kAccount) + R"(","jurisdiction":"default","name":"admin","created":false})";
  std::ofstream(journal) << line << "\n";
  const int rc = sh("CLOUDFLARE_API_TOKEN=" + std::string(kBootstrap) + " " + SCOPECHECK_BINARY + " cleanup --journal " +
                    journal.string() + " --api-base " + api + " --account " + kAccount + " --s3-endpoint " + s3 + " > " +
                    (dir / "cleanup.log").string() + " 2>&1");
  EXPECT_EQ(rc, 3) << slurp(dir / "cleanup.log");
  EXPECT_EQ(token_count(dir, api), 2) << "a token the harness did not name was deleted";
  bool kept = false;
  std::istringstream lines(slurp(journal));
  for (std::string l; std::getline(lines, l);) {
    const auto e = nlohmann::json::parse(l, nullptr, false);
    kept = kept || (e.is_object() && e.value("name", "") == "admin" && !e.value("created", true));
  }
  EXPECT_TRUE(kept) << slurp(journal);
  std::filesystem::remove_all(dir);
}

// With the API unreachable nothing can be resolved: cleanup exits 3 and the journal keeps every
// entry it had.
TEST(CloudflareTarget, CleanupWithTheApiUnreachableKeepsTheJournalAndExitsThree) {
  const auto dir = fresh_dir("down");
  std::filesystem::create_directories(dir);
  const auto journal = dir / "journal.jsonl";
  const std::string a(kAccount);
  const std::string lines =
      R"({"kind":"token","account":")" + a + R"(","jurisdiction":"default","name":"sc7-t0","created":false})" "\n" +
      R"({"kind":"token","account":")" + a + R"(","jurisdiction":"default","name":"sc7-t1","created":true,"id":"0123456789abcdef0123456789abcdef"})" "\n";
  std::ofstream(journal) << lines;
  const int rc = sh("CLOUDFLARE_API_TOKEN=x " + std::string(SCOPECHECK_BINARY) + " cleanup --journal " + journal.string() +
                    " --api-base http://127.0.0.1:1/client/v4 --account " + a + " --s3-endpoint http://127.0.0.1:1 > " +
                    (dir / "cleanup.log").string() + " 2>&1");
  EXPECT_EQ(rc, 3) << slurp(dir / "cleanup.log");
  EXPECT_EQ(slurp(journal).rfind(lines, 0), 0u) << slurp(journal);
  std::filesystem::remove_all(dir);
}

// No API token anywhere: a usage error naming the ways to give one.
TEST(CloudflareTarget, RunWithoutAnApiTokenNamesTheFileAndTheVariable) {
  const auto dir = std::filesystem::temp_directory_path() / ("scopecheck-cf-notoken-test-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const int rc = sh("env -u CLOUDFLARE_API_TOKEN " + std::string(SCOPECHECK_BINARY) +
                    " run --target cloudflare --api-base http://127.0.0.1:1/client/v4 --account " + kAccount +
                    " --s3-endpoint http://127.0.0.1:1 --budget 1s --out " + (dir / "out").string() + " > " + (dir / "log").string() +
                    " 2>&1");
  EXPECT_EQ(rc, 2) << slurp(dir / "log");
  EXPECT_NE(slurp(dir / "log").find("--api-token-file or $CLOUDFLARE_API_TOKEN"), std::string::npos) << slurp(dir / "log");
  std::ofstream(dir / "empty-token") << "\n";
  EXPECT_EQ(sh(std::string(SCOPECHECK_BINARY) + " run --target cloudflare --api-base http://127.0.0.1:1/client/v4 --api-token-file " +
               (dir / "empty-token").string() + " --account " + kAccount + " --s3-endpoint http://127.0.0.1:1 --budget 1s --out " +
               (dir / "out").string() + " > " + (dir / "log2").string() + " 2>&1"),
            2);
  EXPECT_NE(slurp(dir / "log2").find("empty-token: empty first line"), std::string::npos) << slurp(dir / "log2");
  std::filesystem::remove_all(dir);
}

}  // namespace
