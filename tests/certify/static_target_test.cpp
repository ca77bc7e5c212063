// `scopecheck certify --target static` against s3rver (scripts/targets/s3rver-up.sh): s3rver
// verifies no signature and authorizes nothing, so its certificate must FAIL the signature rules
// with replayable cases, and leave no bucket behind.
#include "harness/targets/static_target.h"

#include <gtest/gtest.h>

#include <signal.h>
#include <sys/stat.h>

#include <optional>
#include <set>
#include <thread>
#include <vector>

#include "harness/http/s3_response.h"
#include "harness/model/rules.h"
#include "harness/sigv4/crypto.h"
#include "harness/targets/s3_admin.h"
#include "tests/certify/target_fixture.h"

namespace scopecheck::certify_test {
namespace {

// Bucket names on the server (listed with the admin credential).
std::vector<std::string> list_buckets(const targets::StaticConfig& cfg) {
  targets::StaticTarget t(cfg, temp_dir("list") + "/j.jsonl", 0, std::chrono::milliseconds(5000));
  auto r = targets::admin_s3(t, t.presented(*cfg.admin), {"GET", std::string(targets::kFixedAccount), model::Jurisdiction::kDefault, "", "", "", "", "us-east-1"});
  std::vector<std::string> out;
  if (auto l = http::parse_list_buckets(r.body))
    for (const auto& b : l->buckets) out.push_back(b.name);
  return out;
}

TEST(StaticTargetS3rver, CertificateFailsTheSignatureRulesWithReplayableCases) {
  const auto work = temp_dir("s3rver");
  const int port = free_port();
  UpTarget up("s3rver", work, "S3RVER_PORT=" + std::to_string(port));
  ASSERT_EQ(up.up_rc, 0) << slurp(work + "/up.log");

  // The example file, pointed at this port.
  auto file = nlohmann::json::parse(slurp(std::string(SCOPECHECK_SOURCE_DIR) + "/scenarios/static/s3rver.json"));
  file["endpoint"] = up.line["endpoint"];
  const std::string static_file = work + "/s3rver.json";
  std::ofstream(static_file) << file.dump(2);
  const auto cfg = targets::load_static_config(static_file);

  const std::string out = work + "/cert";
  const int rc = scopecheck("certify --target static --static-file '" + static_file + "' --seed 7 --budget 8s --out '" + out + "'",
                            work + "/certify.log");
  EXPECT_EQ(rc, 1) << slurp(work + "/certify.log");
  auto cert = nlohmann::json::parse(slurp(out + "/certificate.json"), nullptr, false);
  ASSERT_TRUE(cert.is_object()) << slurp(work + "/certify.log");
  EXPECT_EQ(cert["verdict"], "failed");
  EXPECT_EQ(cert["profile"], "s3rver");
  EXPECT_EQ(cert["unknowns"], 0);
  EXPECT_GT(cert["checks"].get<int>(), 100);
  EXPECT_EQ(cert["rules"].size(), model::all_rules().size());  // one row per rule of SCOPING.md
  // Tampered requests (wrong signatures, wrong scope service) are accepted: each is a failure
  // with a case file, even though the s3rver profile declares SC-SIG-8's answer.
  EXPECT_TRUE((*rule(cert, "SC-SIG-8"))["declared_deviation"].get<bool>());
  for (const char* id : {"SC-SIG-8", "SC-SIG-3"}) {
    const auto* r = rule(cert, id);
    ASSERT_NE(r, nullptr) << id;
    EXPECT_EQ((*r)["exact"], "fail") << id;
    EXPECT_EQ((*r)["status"], "fail") << id;
    ASSERT_TRUE(r->contains("case_file")) << id;
    EXPECT_TRUE(std::filesystem::exists(out + "/" + (*r)["case_file"].get<std::string>())) << id;
  }
  // s3rver's key is not 32 characters long: the model knows it by an alias, but the case records
  // the bytes as sent, with the key s3rver knows (a curl command from it reaches s3rver).
  {
    const std::string key = cfg.credentials.at(0).access_key;
    ASSERT_NE(key.size(), 32u);
    const auto case_text = slurp(out + "/" + (*rule(cert, "SC-SIG-8"))["case_file"].get<std::string>());
    EXPECT_NE(case_text.find("Credential=" + key + "/"), std::string::npos) << case_text.substr(0, 3000);
  }
  // Not expressible with one fixed key: not applicable, never pass.
  EXPECT_EQ((*rule(cert, "SC-TK-5"))["exact"], "not-applicable");
  EXPECT_EQ((*rule(cert, "SC-TK-4"))["exact"], "not-applicable");
  // The three formats.
  const auto html = slurp(out + "/certificate.html");
  EXPECT_NE(html.find("SC-SIG-8"), std::string::npos);
  EXPECT_EQ(html.find("http://"), html.find("http://127.0.0.1"));  // no external asset
  EXPECT_NE(slurp(out + "/certificate.md").find("| SC-SIG-8 | ❌ fail"), std::string::npos);

  // The case of SC-SIG-8 replays, as printed, from the certificate's folder: exit 1.
  const std::string replay = (*rule(cert, "SC-SIG-8"))["replay"];
  ASSERT_EQ(replay.rfind("scopecheck replay cases/", 0), 0u) << "relative to the certificate's folder: " << replay;
  EXPECT_EQ(sh("cd '" + out + "' && '" + SCOPECHECK_BINARY + "' " + replay.substr(std::string("scopecheck ").size()) + " > '" +
               work + "/replay.log' 2>&1"),
            1)
      << slurp(work + "/replay.log");
  EXPECT_NE(slurp(work + "/replay.log").find("REPRODUCED"), std::string::npos);

  // `scopecheck run` on the same server runs what it can express (the adapted scenarios, as
  // certify does) and stops at its first violation with a replayable case.
  const int run_rc = scopecheck("run --target static --static-file '" + static_file + "' --seed 7 --budget 3s --out '" + work +
                                    "/run'",
                                work + "/run.log");
  EXPECT_EQ(run_rc, 1) << slurp(work + "/run.log");
  auto result = nlohmann::json::parse(slurp(work + "/run/result.json"), nullptr, false);
  ASSERT_TRUE(result.is_object()) << slurp(work + "/run.log");
  EXPECT_GT(result["checks"].get<int>(), 0) << slurp(work + "/run.log");
  EXPECT_GT(result["violations"].get<int>(), 0) << slurp(work + "/run.log");

  // Nothing left: no bucket on the server, the journals hold only their header.
  EXPECT_EQ(list_buckets(cfg), std::vector<std::string>{});
  std::ifstream j(out + "/journal.jsonl");
  std::string line;
  int lines = 0;
  while (std::getline(j, line)) ++lines;
  EXPECT_EQ(lines, 1);
}

// The rule ids of the README's sentence that starts with `lead` (up to its full stop).
std::set<std::string> readme_rules(const std::string& lead) {
  const auto readme = slurp((std::filesystem::path(SCOPECHECK_SOURCE_DIR) / "README.md").string());
  const auto at = readme.find(lead);
  if (at == std::string::npos) return {};
  const auto end = readme.find(". ", at);
  const std::string sentence = readme.substr(at, end - at);
  std::set<std::string> out;
  for (size_t p = sentence.find("SC-"); p != std::string::npos; p = sentence.find("SC-", p + 1)) {
    size_t e = p + 3;
    while (e < sentence.size() && (std::isalnum(static_cast<unsigned char>(sentence[e])) || sentence[e] == '-')) ++e;
    out.insert(sentence.substr(p, e - p));
  }
  return out;
}

// What the README says of s3rver is what a fresh run shows: the matrix (deterministic: no random
// part with --budget 0s) fails exactly the rules its sentence lists, one finding each; a random
// part fails nothing else but the copy-source finding the README names, and that only there.
TEST(StaticTargetS3rver, TheReadmesS3rverVerdictsAreWhatAFreshRunShows) {
  const auto claimed = readme_rules("s3rver's matrix fails exactly");
  ASSERT_EQ(claimed, (std::set<std::string>{"SC-SIG-1", "SC-SIG-3", "SC-SIG-8", "SC-SIG-9", "SC-SIG-11", "SC-SIG-13"}));
  const auto random_claimed = readme_rules("The random part can add one finding for");
  ASSERT_EQ(random_claimed, (std::set<std::string>{"SC-RES-4", "SC-OP-1", "SC-GR-1"}));

  const auto work = temp_dir("s3rver-readme");
  const int port = free_port();
  UpTarget up("s3rver", work, "S3RVER_PORT=" + std::to_string(port));
  ASSERT_EQ(up.up_rc, 0) << slurp(work + "/up.log");
  auto file = nlohmann::json::parse(slurp(std::string(SCOPECHECK_SOURCE_DIR) + "/scenarios/static/s3rver.json"));
  file["endpoint"] = up.line["endpoint"];
  const std::string static_file = work + "/s3rver.json";
  std::ofstream(static_file) << file.dump(2);

  auto failing = [](const nlohmann::json& cert) {
    std::set<std::string> out;
    for (const auto& r : cert["rules"])
      if (r["exact"] == "fail") out.insert(r["rule"].get<std::string>());
    return out;
  };
  EXPECT_EQ(scopecheck("certify --target static --static-file '" + static_file + "' --budget 0s --out '" + work + "/m'",
                       work + "/m.log"),
            1)
      << slurp(work + "/m.log");
  const auto matrix = nlohmann::json::parse(slurp(work + "/m/certificate.json"), nullptr, false);
  ASSERT_TRUE(matrix.is_object()) << slurp(work + "/m.log");
  EXPECT_EQ(failing(matrix), claimed);
  EXPECT_EQ(matrix["depends_on"]["random"]["scenarios"], 0);
  EXPECT_TRUE(matrix["depends_on"]["rules_resting_on_random"].empty());
  // One finding per rule here: each is its own signature defect.
  int fails = 0;
  for (const auto& f : matrix["findings"])
    if (f["kind"] == "fail") {
      ++fails;
      EXPECT_EQ(f["rules"].size(), 1u) << f.dump();
      EXPECT_EQ(f["phase"], "matrix");
    }
  EXPECT_EQ(fails, static_cast<int>(claimed.size()));  // the README: "one finding each"
  // The console names each root cause once, with its rules.
  const auto console = slurp(work + "/m.log");
  EXPECT_NE(console.find("  F1 FAIL SC-SIG-1: GET /scopecheck-cert-a/a.txt (GetObject) anonymously"), std::string::npos) << console;
  EXPECT_NE(console.find("  F5 FAIL SC-SIG-11: "), std::string::npos) << console;

  // With a random part: the same failures, plus at most the copy-source finding, resting on it.
  EXPECT_EQ(scopecheck("certify --target static --static-file '" + static_file + "' --seed 2 --budget 10s --out '" + work + "/r'",
                       work + "/r.log"),
            1)
      << slurp(work + "/r.log");
  const auto random = nlohmann::json::parse(slurp(work + "/r/certificate.json"), nullptr, false);
  ASSERT_TRUE(random.is_object()) << slurp(work + "/r.log");
  for (const auto& id : claimed) EXPECT_TRUE(failing(random).count(id)) << id;
  for (const auto& id : failing(random)) {
    if (claimed.count(id)) continue;
    EXPECT_TRUE(random_claimed.count(id)) << id << " fails but the README does not say so:\n" << random["findings"].dump(1);
    EXPECT_TRUE((*rule(random, id))["rests_on_random"].get<bool>()) << id;
  }
  for (const auto& f : random["findings"])
    if (f["kind"] == "fail" && f["operation"] == "CopyObject") {
      EXPECT_EQ(f["answer"], "404 NoSuchKey") << f.dump();
      EXPECT_EQ(f["phase"], "random") << f.dump();
      EXPECT_NE(f["explanation"].get<std::string>().find("x-amz-copy-source"), std::string::npos) << f.dump();
    }
}

TEST(StaticTargetS3rver, UnreachableEndpointExitsThree) {
  const auto work = temp_dir("s3rver-down");
  auto file = nlohmann::json::parse(slurp(std::string(SCOPECHECK_SOURCE_DIR) + "/scenarios/static/s3rver.json"));
  file["endpoint"] = "http://127.0.0.1:" + std::to_string(free_port());
  std::ofstream(work + "/s.json") << file.dump();
  EXPECT_EQ(scopecheck("certify --target static --static-file '" + work + "/s.json' --budget 1s --out '" + work + "/c'", work + "/log"), 3)
      << slurp(work + "/log");
}

// ---- credentials the way S3 and CI users keep them ----

// Sets environment variables for one test and restores them after.
struct ScopedEnv {
  std::vector<std::pair<std::string, std::optional<std::string>>> saved;
  void set(const std::string& name, const std::optional<std::string>& value) {
    const char* old = std::getenv(name.c_str());
    saved.emplace_back(name, old ? std::optional<std::string>(old) : std::nullopt);
    if (value) ::setenv(name.c_str(), value->c_str(), 1);
    else ::unsetenv(name.c_str());
  }
  ~ScopedEnv() {
    for (auto it = saved.rbegin(); it != saved.rend(); ++it) {
      if (it->second) ::setenv(it->first.c_str(), it->second->c_str(), 1);
      else ::unsetenv(it->first.c_str());
    }
  }
};

std::string rejection(const std::string& text) {
  try {
    targets::parse_static_config(text, "s.json");
  } catch (const targets::TargetError& e) {
    return e.what();
  }
  return "";
}

constexpr const char* kBuckets = R"("buckets": [{"name": "scopecheck-cert-a", "create": false}])";

TEST(StaticTargetCredentials, KeysAndEndpointFromTheAwsEnvironmentVariables) {
  ScopedEnv env;
  env.set("AWS_ACCESS_KEY_ID", "AKIAFROMENV");
  env.set("AWS_SECRET_ACCESS_KEY", "secret/from+env");
  env.set("AWS_ENDPOINT_URL", "http://127.0.0.1:4568");
  const auto c = targets::parse_static_config(
      std::string(R"({"format": "scopecheck-static/1", "endpoint_from_env": true, "admin": {"from_env": true},
                     "credentials": [{"name": "ci", "from_env": true, "grants": [{"permission": "object-read"}]}], )") +
          kBuckets + "}",
      "s.json");
  EXPECT_EQ(c.endpoint, "http://127.0.0.1:4568");
  ASSERT_TRUE(c.admin);
  EXPECT_EQ(c.admin->access_key, "AKIAFROMENV");
  EXPECT_EQ(c.admin->secret_key, "secret/from+env");
  ASSERT_EQ(c.credentials.size(), 1u);
  EXPECT_EQ(c.credentials[0].name, "ci");
  EXPECT_EQ(c.credentials[0].secret_key, "secret/from+env");

  env.set("AWS_SECRET_ACCESS_KEY", std::nullopt);
  EXPECT_EQ(rejection(std::string(R"({"format": "scopecheck-static/1", "endpoint": "http://x", "credentials": [{"from_env": true}], )") +
                      kBuckets + "}"),
            "s.json: credentials[0].from_env: $AWS_SECRET_ACCESS_KEY is not set");
  env.set("AWS_ENDPOINT_URL", std::nullopt);
  EXPECT_EQ(rejection(std::string(R"({"format": "scopecheck-static/1", "endpoint_from_env": true,
                                     "credentials": [{"access_key": "a", "secret_key": "b"}], )") +
                      kBuckets + "}"),
            "s.json: endpoint_from_env: $AWS_ENDPOINT_URL is not set");
  // One source of keys per credential.
  EXPECT_NE(rejection(std::string(R"({"format": "scopecheck-static/1", "endpoint": "http://x",
                                     "credentials": [{"from_env": true, "access_key": "a", "secret_key": "b"}], )") +
                      kBuckets + "}")
                .find("credentials[0]: give exactly one of"),
            std::string::npos);
}

TEST(StaticTargetCredentials, KeysFromANamedProfileOfTheAwsCredentialsFile) {
  const auto work = temp_dir("aws-profile");
  std::ofstream(work + "/credentials") << "# written by aws configure\n[default]\naws_access_key_id = AKIADEFAULT\n"
                                          "aws_secret_access_key = default-secret\n\n[ci] \n; the CI user\n"
                                          "aws_access_key_id=AKIACI\naws_secret_access_key =  ci/secret+1 \n";
  ScopedEnv env;
  env.set("AWS_SHARED_CREDENTIALS_FILE", work + "/credentials");
  const auto c = targets::parse_static_config(
      std::string(R"({"format": "scopecheck-static/1", "endpoint": "http://127.0.0.1:1", "admin": {"aws_profile": "default"},
                     "credentials": [{"name": "ci", "aws_profile": "ci"}], )") +
          kBuckets + "}",
      "s.json");
  EXPECT_EQ(c.admin->access_key, "AKIADEFAULT");
  EXPECT_EQ(c.admin->secret_key, "default-secret");
  EXPECT_EQ(c.credentials[0].access_key, "AKIACI");
  EXPECT_EQ(c.credentials[0].secret_key, "ci/secret+1");
  EXPECT_EQ(rejection(std::string(R"({"format": "scopecheck-static/1", "endpoint": "http://x", "credentials": [{"aws_profile": "prod"}], )") +
                      kBuckets + "}"),
            "s.json: credentials[0].aws_profile: " + work + "/credentials: no profile [prod]");
  // Without AWS_SHARED_CREDENTIALS_FILE: ~/.aws/credentials.
  env.set("AWS_SHARED_CREDENTIALS_FILE", std::nullopt);
  std::filesystem::create_directories(work + "/home/.aws");
  std::filesystem::copy_file(work + "/credentials", work + "/home/.aws/credentials");
  env.set("HOME", work + "/home");
  const auto h = targets::parse_static_config(
      std::string(R"({"format": "scopecheck-static/1", "endpoint": "http://x", "credentials": [{"aws_profile": "ci"}], )") + kBuckets + "}",
      "s.json");
  EXPECT_EQ(h.credentials[0].access_key, "AKIACI");
}

// The third-party journal names where the admin's secret comes from, never the secret; 0600.
TEST(StaticTargetCredentials, TheJournalHoldsNoSecretAndIsPrivate) {
  const auto work = temp_dir("journal-secret");
  targets::StaticConfig cfg;
  cfg.endpoint = "http://127.0.0.1:1";
  cfg.source_file = work + "/static.json";
  cfg.admin = targets::StaticCredential{"admin", "AKIAADMIN", "the-admin-secret-value", {}};
  {
    targets::Journal j(work + "/journal.jsonl", cfg, "static");
    j.bucket("scopecheck-cert-a");
  }
  const auto text = slurp(work + "/journal.jsonl");
  EXPECT_EQ(text.find("the-admin-secret-value"), std::string::npos) << text;
  const auto header = nlohmann::json::parse(text.substr(0, text.find('\n')));
  EXPECT_EQ(header["admin_access_key"], "AKIAADMIN");
  EXPECT_EQ(header["static_file"], work + "/static.json");
  EXPECT_EQ(header["kind"], "static");
  struct stat st {};
  ASSERT_EQ(::stat((work + "/journal.jsonl").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
}

// `scopecheck emulate` as the S3 server of a static file whose keys and endpoint come from the
// AWS variables: certify's journal (in the folder CI uploads) holds no secret, and cleanup takes
// the keys the same way the run did.
TEST(StaticTargetCredentials, CertifyJournalHoldsNoSecretAndCleanupTakesTheKeysFromTheEnvironment) {
  const auto work = temp_dir("static-env");
  const std::string boot = "scopecheck-static-env-test-bootstrap-000000000000";
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::freopen((work + "/emulate.json").c_str(), "w", stdout);
    ::freopen((work + "/emulate.log").c_str(), "w", stderr);
    ::setenv("SCOPECHECK_BOOTSTRAP_TOKEN", boot.c_str(), 1);
    ::execl(SCOPECHECK_BINARY, SCOPECHECK_BINARY, "emulate", "--listen", "127.0.0.1:0", "--api-listen", "127.0.0.1:0",
            static_cast<char*>(nullptr));
    ::_exit(127);
  }
  struct Stop {
    pid_t pid;
    ~Stop() {
      ::kill(pid, SIGTERM);
      ::waitpid(pid, nullptr, 0);
    }
  } stop{pid};
  nlohmann::json line;
  for (int i = 0; i < 100 && !line.is_object(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    const auto text = slurp(work + "/emulate.json");
    if (text.find('\n') != std::string::npos) line = nlohmann::json::parse(text.substr(0, text.find('\n')), nullptr, false);
  }
  ASSERT_TRUE(line.is_object()) << slurp(work + "/emulate.log");
  const std::string s3 = line["s3"], api = line["api"], account = line["account"];
  // An admin token of the emulator's account: its id and sha256(value) are the S3 keys.
  const std::string body = R"({"name":"static-admin","policies":[{"effect":"allow","permission_groups":[{"id":"bf7481a1826f439697cb59a20b22293e"}],"resources":{"com.cloudflare.api.account.)" +
                           account + R"(":"*"}}]})";
  ASSERT_EQ(sh("curl -sf -X POST -H 'Authorization: Bearer " + boot + "' -H 'Content-Type: application/json' -d '" + body + "' " + api +
               "/user/tokens > '" + work + "/admin.json'"),
            0);
  const auto admin = nlohmann::json::parse(slurp(work + "/admin.json"))["result"];
  const std::string key = admin["id"], secret = sigv4::sha256_hex(admin["value"].get<std::string>());
  const std::string env = "AWS_ACCESS_KEY_ID=" + key + " AWS_SECRET_ACCESS_KEY=" + secret + " AWS_ENDPOINT_URL=" + s3 + " ";
  std::ofstream(work + "/static.json") << R"({"format": "scopecheck-static/1", "endpoint_from_env": true, "region": "auto",
    "admin": {"name": "admin", "from_env": true},
    "credentials": [{"name": "ci", "from_env": true, "grants": [{"permission": "admin-write", "buckets": ["*"]}]}],
    "buckets": [{"name": "sc-env-a"}, {"name": "sc-env-b"}, {"name": "sc-env-c"}]})";

  const int rc = sh(env + "'" + SCOPECHECK_BINARY + "' certify --target static --static-file '" + work + "/static.json' --seed 1 --budget 2s --out '" +
                    work + "/cert' > '" + work + "/certify.log' 2>&1");
  EXPECT_TRUE(rc == 0 || rc == 1) << rc << "\n" << slurp(work + "/certify.log");
  const auto journal = slurp(work + "/cert/journal.jsonl");
  ASSERT_FALSE(journal.empty()) << slurp(work + "/certify.log");
  EXPECT_EQ(journal.find(secret), std::string::npos) << journal;
  struct stat st {};
  ASSERT_EQ(::stat((work + "/cert/journal.jsonl").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  for (const auto& f : std::filesystem::recursive_directory_iterator(work + "/cert"))
    if (f.is_regular_file()) {
      EXPECT_EQ(slurp(f.path().string()).find(secret), std::string::npos) << f.path();
    }

  // A crash left a bucket: the journal lists it; cleanup needs the same keys as the run.
  const std::string aws = "AWS_DEFAULT_REGION=auto AWS_CONFIG_FILE=/dev/null /usr/bin/aws --endpoint-url " + s3 + " s3api ";
  ASSERT_EQ(sh(env + aws + "create-bucket --bucket sc-env-left >/dev/null 2>'" + work + "/aws.log'"), 0) << slurp(work + "/aws.log");
  std::ofstream(work + "/left.jsonl") << journal.substr(0, journal.find('\n') + 1) << R"({"bucket":"sc-env-left"})" << "\n";
  EXPECT_EQ(sh("env -u AWS_ACCESS_KEY_ID -u AWS_SECRET_ACCESS_KEY AWS_ENDPOINT_URL=" + s3 + " '" + std::string(SCOPECHECK_BINARY) + "' cleanup --journal '" + work +
               "/left.jsonl' > '" + work + "/c0.log' 2>&1"),
            2)
      << slurp(work + "/c0.log");
  EXPECT_NE(slurp(work + "/c0.log").find("$AWS_ACCESS_KEY_ID is not set"), std::string::npos) << slurp(work + "/c0.log");
  EXPECT_EQ(sh(env + "'" + SCOPECHECK_BINARY + "' cleanup --journal '" + work + "/left.jsonl' > '" + work + "/c1.log' 2>&1"), 0)
      << slurp(work + "/c1.log");
  EXPECT_NE(slurp(work + "/c1.log").find("bucket sc-env-left: removed"), std::string::npos) << slurp(work + "/c1.log");
  ASSERT_EQ(sh(env + aws + "list-buckets --query 'Buckets[].Name' --output text > '" + work + "/left.txt' 2>&1"), 0);
  EXPECT_EQ(slurp(work + "/left.txt").find("sc-env-left"), std::string::npos) << slurp(work + "/left.txt");
}

}  // namespace
}  // namespace scopecheck::certify_test
