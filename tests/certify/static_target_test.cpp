// `scopecheck certify --target static` against s3rver (scripts/targets/s3rver-up.sh): s3rver
// verifies no signature and authorizes nothing, so its certificate must FAIL the signature rules
// with replayable cases, and leave no bucket behind.
#include "harness/targets/static_target.h"

#include <gtest/gtest.h>

#include "harness/http/s3_response.h"
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
  EXPECT_EQ(cert["rules"].size(), 32u);
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
  // Not expressible with one fixed key: not applicable, never pass.
  EXPECT_EQ((*rule(cert, "SC-TK-5"))["exact"], "not-applicable");
  EXPECT_EQ((*rule(cert, "SC-TK-4"))["exact"], "not-applicable");
  // The three formats.
  const auto html = slurp(out + "/certificate.html");
  EXPECT_NE(html.find("SC-SIG-8"), std::string::npos);
  EXPECT_EQ(html.find("http://"), html.find("http://127.0.0.1"));  // no external asset
  EXPECT_NE(slurp(out + "/certificate.md").find("| SC-SIG-8 | ❌ fail"), std::string::npos);

  // The case of SC-SIG-8 replays: exit 1.
  const std::string replay = (*rule(cert, "SC-SIG-8"))["replay"];
  ASSERT_EQ(replay.rfind("scopecheck replay ", 0), 0u);
  EXPECT_EQ(scopecheck(replay.substr(std::string("scopecheck ").size()), work + "/replay.log"), 1) << slurp(work + "/replay.log");
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

TEST(StaticTargetS3rver, UnreachableEndpointExitsThree) {
  const auto work = temp_dir("s3rver-down");
  auto file = nlohmann::json::parse(slurp(std::string(SCOPECHECK_SOURCE_DIR) + "/scenarios/static/s3rver.json"));
  file["endpoint"] = "http://127.0.0.1:" + std::to_string(free_port());
  std::ofstream(work + "/s.json") << file.dump();
  EXPECT_EQ(scopecheck("certify --target static --static-file '" + work + "/s.json' --budget 1s --out '" + work + "/c'", work + "/log"), 3)
      << slurp(work + "/log");
}

}  // namespace
}  // namespace scopecheck::certify_test
