// `scopecheck certify --target rgw` against a real Ceph RGW (scripts/targets/rgw-up.sh in a
// private TARGET_DIR on free ports): the rules RGW keeps pass, the differences from R2 that the
// rgw profile declares show up as declared deviations, nothing stays unknown, and the users and
// buckets it made are gone afterwards.
#include "harness/targets/rgw_target.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <set>

#include "harness/model/permission_groups.h"
#include "tests/certify/target_fixture.h"

namespace scopecheck::certify_test {
namespace {

TEST(RgwPolicy, ObjectReadBecomesAnAllowStatementOnTheBucketAndItsObjects) {
  auto st = nlohmann::json::parse(targets::rgw_policy_statement("u1", std::string(model::kItemReadId), "b", false));
  EXPECT_EQ(st["Effect"], "Allow");
  EXPECT_EQ(st["Principal"]["AWS"][0], "arn:aws:iam:::user/u1");
  EXPECT_EQ(st["Resource"], nlohmann::json::array({"arn:aws:s3:::b", "arn:aws:s3:::b/*"}));
  const auto actions = st["Action"].get<std::vector<std::string>>();
  EXPECT_NE(std::find(actions.begin(), actions.end(), "s3:GetObject"), actions.end());
  EXPECT_EQ(std::find(actions.begin(), actions.end(), "s3:PutObject"), actions.end());
  auto w = nlohmann::json::parse(targets::rgw_policy_statement("u1", std::string(model::kItemWriteId), "b", true));
  EXPECT_EQ(w["Effect"], "Deny");
  const auto wa = w["Action"].get<std::vector<std::string>>();
  EXPECT_NE(std::find(wa.begin(), wa.end(), "s3:PutObject"), wa.end());
}

TEST(RgwTarget, CertificatePassesWhatRgwKeepsAndReportsDeclaredDeviations) {
  const auto work = temp_dir("rgw");
  const int base = 20000 + (::getpid() % 200) * 50;
  const std::string env = "RGW_PORT=" + std::to_string(free_port()) + " MON_PORT=" + std::to_string(base) +
                          " OSD_PORT_MIN=" + std::to_string(base + 10) + " OSD_PORT_MAX=" + std::to_string(base + 40);
  UpTarget up("rgw", work, env);
  ASSERT_EQ(up.up_rc, 0) << slurp(work + "/up.log");
  const std::string conf = up.line["ceph_conf"];

  const std::string out = work + "/cert";
  const int rc = scopecheck("certify --target rgw --target-json '" + up.line_file + "' --seed 3 --budget 10s --out '" + out + "'",
                            work + "/certify.log");
  auto cert = nlohmann::json::parse(slurp(out + "/certificate.json"), nullptr, false);
  ASSERT_TRUE(cert.is_object()) << slurp(work + "/certify.log");
  EXPECT_EQ(cert["profile"], "rgw");
  EXPECT_EQ(cert["unknowns"], 0);
  EXPECT_EQ(cert["setup_failures"], 0) << cert["setup_errors"].dump();
  EXPECT_NE(cert["target"]["name"].get<std::string>(), "");
  // What RGW keeps, as R2 does: exact bucket matching, copies need read on the source.
  for (const char* id : {"SC-RES-2", "SC-OP-1"}) {
    const auto* r = rule(cert, id);
    ASSERT_NE(r, nullptr);
    EXPECT_EQ((*r)["exact"], "pass") << id << " " << r->dump();
    EXPECT_GT((*r)["counts"]["checks"].get<int>(), 50) << id;
  }
  // The declared deviation SC-PR-1 (NoSuchBucket before authorization) holds through the profile.
  EXPECT_TRUE((*rule(cert, "SC-PR-1"))["declared_deviation"].get<bool>());
  EXPECT_EQ((*rule(cert, "SC-PR-1"))["exact"], "pass");
  EXPECT_EQ(cert["deviations"].size(), 11u);
  // A suspended user stands for a disabled token (403 UserSuspended), a user whose policy carries
  // aws:SourceIp for an IP-conditioned token: both judged, both as the profile declares.
  for (const char* id : {"SC-TK-3", "SC-TK-4"}) {
    const auto* r = rule(cert, id);
    ASSERT_NE(r, nullptr);
    EXPECT_EQ((*r)["exact"], "pass") << id << " " << r->dump();
    EXPECT_TRUE((*r)["declared_deviation"].get<bool>()) << id;
    EXPECT_GT((*r)["counts"]["checks"].get<int>(), 0) << id;
  }
  // SigV4 checks RGW keeps (the authentication matrix): skew, wrong secrets, expired URLs.
  for (const char* id : {"SC-SIG-5", "SC-SIG-7", "SC-SIG-8"}) EXPECT_EQ((*rule(cert, id))["exact"], "pass") << id;
  EXPECT_EQ(rc, 1) << slurp(work + "/certify.log");
  // RGW answers GET ?encryption with a bucket listing (it ignores the sub-resource): the
  // operation is not implemented there, so a reader's 200 is no breach of SC-GR-2.
  EXPECT_GT(cert["unsupported_operations"].value("GetBucketEncryption", 0), 0) << cert["unsupported_operations"].dump();
  EXPECT_EQ((*rule(cert, "SC-GR-2"))["exact"], "pass") << rule(cert, "SC-GR-2")->dump();
  // What the README says RGW's matrix fails, exactly, and none of it rests on the random part.
  const auto readme = slurp((std::filesystem::path(SCOPECHECK_SOURCE_DIR) / "README.md").string());
  const auto at = readme.find("RGW's matrix fails exactly");
  ASSERT_NE(at, std::string::npos);
  const std::string sentence = readme.substr(at, readme.find(". ", at) - at);
  std::set<std::string> claimed, failing;
  for (size_t p = sentence.find("SC-"); p != std::string::npos; p = sentence.find("SC-", p + 1)) {
    size_t e = p + 3;
    while (e < sentence.size() && (std::isalnum(static_cast<unsigned char>(sentence[e])) || sentence[e] == '-')) ++e;
    claimed.insert(sentence.substr(p, e - p));
  }
  for (const auto& r : cert["rules"])
    if (r["exact"] == "fail") {
      failing.insert(r["rule"].get<std::string>());
      EXPECT_FALSE(r["rests_on_random"].get<bool>()) << r.dump();
    }
  EXPECT_EQ(failing, claimed) << sentence;
  EXPECT_EQ((*rule(cert, "SC-TK-5"))["exact"], "not-applicable");
  // Measured finding: the bucket owner may not list the parts of another user's upload (R2: an
  // admin-write token may), so the rules behind that success fail with a replayable case.
  const auto* gr1 = rule(cert, "SC-GR-1");
  EXPECT_EQ((*gr1)["exact"], "fail");
  EXPECT_NE((*gr1)["example"].get<std::string>().find("ListParts"), std::string::npos) << gr1->dump();
  // Measured finding: a credential scope naming another service (ec2) is accepted.
  const auto* sig3 = rule(cert, "SC-SIG-3");
  EXPECT_EQ((*sig3)["exact"], "fail");
  EXPECT_NE((*sig3)["example"].get<std::string>().find("wrong-service"), std::string::npos) << sig3->dump();

  // Nothing of this run is left: no scopecheck user but the admin, no bucket.
  EXPECT_EQ(sh("timeout 60 radosgw-admin --conf '" + conf + "' user list > '" + work + "/users.json' 2>/dev/null"), 0);
  auto users = nlohmann::json::parse(slurp(work + "/users.json"), nullptr, false);
  EXPECT_EQ(users, nlohmann::json::array({"scopecheck-admin"}));
  EXPECT_EQ(sh("timeout 60 radosgw-admin --conf '" + conf + "' bucket list > '" + work + "/buckets.json' 2>/dev/null"), 0);
  EXPECT_EQ(nlohmann::json::parse(slurp(work + "/buckets.json"), nullptr, false), nlohmann::json::array());
}

}  // namespace
}  // namespace scopecheck::certify_test
