// How a certificate reads its failures (harness/scenario/certify.h), against `scopecheck emulate`
// as the S3 server of a static file whose answers a wrapper bends the way measured servers do:
// Swift 2.30's s3api has no lifecycle handler (PUT ?lifecycle reaches CreateBucket, which answers
// MalformedXML to any lifecycle document; GET ?lifecycle lists the bucket), s3rver accepts what it
// should refuse and looks up the wrong source key of a CopyObject; a server may answer a default
// lifecycle rule where there is none. The matrix alone runs: deterministic and quick.
#include "harness/scenario/certify.h"

#include <gtest/gtest.h>

#include <set>

#include "harness/scenario/profiles.h"
#include "harness/targets/static_target.h"
#include "tests/certify/target_fixture.h"

namespace scopecheck::certify_test {
namespace {

http::Response s3_error(int status, const std::string& code) {
  http::Response r;
  r.status = status;
  r.headers.emplace_back("Content-Type", "application/xml");
  r.body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + code + "</Code><Message>bent by the test</Message></Error>";
  return r;
}

// The emulator's answers, bent on the way back.
class BentTarget : public targets::StaticTarget {
 public:
  using StaticTarget::StaticTarget;
  http::Expected<http::Response, http::TransportError> send_s3(const http::Request& request, const std::string& source_ip,
                                                               model::Jurisdiction jurisdiction) override {
    auto answer = StaticTarget::send_s3(request, source_ip, jurisdiction);
    if (!answer) return answer;
    const bool lifecycle = request.target.find("?lifecycle") != std::string::npos;
    const bool copy = request.method == "PUT" && !request.headers.empty() && request.target.find('?') == std::string::npos &&
                      std::any_of(request.headers.begin(), request.headers.end(), [](const auto& h) {
                        return h.first == "x-amz-copy-source";
                      });
    const std::string path = request.target.substr(0, request.target.find('?'));
    const bool object = std::count(path.begin(), path.end(), '/') >= 2;
    if (lifecycle && request.method == "PUT") return s3_error(400, "MalformedXML");
    if (lifecycle && request.method == "GET" && answer->status == 404) {  // a default rule where there is none
      http::Response r;
      r.status = 200;
      r.body = "<LifecycleConfiguration><Rule><ID>default</ID><Status>Enabled</Status></Rule></LifecycleConfiguration>";
      return r;
    }
    if (request.target.find("?cors") != std::string::npos && request.method == "GET") {  // ?cors ignored: a listing
      http::Response r;
      r.status = 200;
      r.body = "<?xml version='1.0' encoding='UTF-8'?>\n<ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
               "<Name>b</Name><IsTruncated>false</IsTruncated></ListBucketResult>";
      return r;
    }
    if (copy && answer->status == 200) return s3_error(404, "NoSuchKey");
    // A refused GetObject (wrong secret, wrong service, no credentials, …) answered with the object.
    if (request.method == "GET" && object && request.target.find('?') == std::string::npos && answer->status == 403) {
      http::Response r;
      r.status = 200;
      r.body = "the object";
      return r;
    }
    return answer;
  }
};

struct BentRun {
  std::string work;
  std::unique_ptr<EmulateServer> server;
  scenario::Certificate cert;
  nlohmann::json json;
};

BentRun certify_bent(const std::string& name, std::chrono::seconds budget) {
  BentRun run;
  run.work = temp_dir(name);
  run.server = std::make_unique<EmulateServer>(run.work);
  if (run.server->admin_key.empty()) return run;
  const std::string file = run.work + "/static.json";
  std::ofstream(file) << nlohmann::json{
      {"format", "scopecheck-static/1"},
      {"endpoint", run.server->s3},
      {"region", "auto"},
      {"admin", {{"name", "admin"}, {"access_key", run.server->admin_key}, {"secret_key", run.server->admin_secret}}},
      {"credentials",
       {{{"name", "ci"},
         {"access_key", run.server->admin_key},
         {"secret_key", run.server->admin_secret},
         {"grants", {{{"effect", "allow"}, {"permission", "admin-write"}, {"buckets", {"*"}}}}}}}},
      {"buckets", {{{"name", "sc-find-a"}}, {{"name", "sc-find-b"}}, {{"name", "sc-find-c"}}}}}
                                  .dump();
  BentTarget target(targets::load_static_config(file), run.work + "/journal.jsonl", 1, std::chrono::milliseconds(5000));
  scenario::CertifyOptions o;
  o.seed = 1;
  o.budget = budget;
  o.out_dir = run.work + "/cert";
  const auto r2 = scenario::find_profile("r2").value();
  run.cert = scenario::certify(target, r2, r2, o);
  scenario::write_certificate(run.cert, o.out_dir);
  run.json = nlohmann::json::parse(slurp(o.out_dir + "/certificate.json"), nullptr, false);
  return run;
}

std::vector<nlohmann::json> findings(const nlohmann::json& cert, const std::string& kind) {
  std::vector<nlohmann::json> out;
  for (const auto& f : cert["findings"])
    if (f["kind"] == kind) out.push_back(f);
  return out;
}

bool has(const nlohmann::json& list, const std::string& value) {
  for (const auto& v : list)
    if (v == value) return true;
  return false;
}

class CertificateFindings : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { run_ = new BentRun(certify_bent("findings", std::chrono::seconds(0))); }
  static void TearDownTestSuite() {
    delete run_;
    run_ = nullptr;
  }
  void SetUp() override {
    ASSERT_FALSE(run_->server->admin_key.empty()) << slurp(run_->server->log);
    ASSERT_TRUE(run_->json.is_object());
    ASSERT_GT(run_->json["checks"].get<int>(), 100);
  }
  static BentRun* run_;
};
BentRun* CertificateFindings::run_ = nullptr;

// One failure per root cause: a refused CopyObject touches several rules; it is one finding that
// lists them all with the model's reasons and one case, and every failing rule points at it.
TEST_F(CertificateFindings, AFailureIsOneFindingListingEveryRuleItTouchesAndWhy) {
  const auto& cert = run_->json;
  const auto fails = findings(cert, "fail");
  ASSERT_FALSE(fails.empty()) << cert["findings"].dump(1);
  std::set<std::string> cases;
  bool multi_rule_copy = false;
  for (const auto& f : fails) {
    ASSERT_TRUE(f.contains("case_file")) << f.dump();
    EXPECT_TRUE(cases.insert(f["case_file"].get<std::string>()).second) << "two findings share a shrunk case: " << f.dump();
    EXPECT_FALSE(f["why"].get<std::string>().empty()) << f.dump();
    if (f["operation"] == "CopyObject" && f["rules"].size() >= 2) {
      multi_rule_copy = true;
      EXPECT_EQ(f["answer"], "404 NoSuchKey");
      EXPECT_NE(f["why"].get<std::string>().find("granted by policy[0]"), std::string::npos) << f.dump();
      EXPECT_NE(f["explanation"].get<std::string>().find("the model allows this request"), std::string::npos) << f.dump();
      for (const auto& r : f["rules"]) EXPECT_TRUE(has((*rule(cert, r))["findings"], f["id"])) << r << " " << f.dump();
    }
  }
  EXPECT_TRUE(multi_rule_copy) << cert["findings"].dump(1);
  // Fewer findings than failing (rule, check) pairs: the rows share them.
  int failing_rules = 0;
  for (const auto& r : cert["rules"])
    if (r["exact"] == "fail") {
      ++failing_rules;
      EXPECT_FALSE(r["findings"].empty()) << r.dump();
    }
  EXPECT_LT(fails.size(), static_cast<size_t>(failing_rules)) << cert["findings"].dump(1);
  // The Markdown and HTML show the findings with their rules.
  const auto md = slurp(run_->work + "/cert/certificate.md");
  EXPECT_NE(md.find("## Failures, one per root cause"), std::string::npos);
  EXPECT_NE(md.find("- **F1** "), std::string::npos) << md;
  EXPECT_NE(slurp(run_->work + "/cert/certificate.html").find("id=\"F1\""), std::string::npos);
}

// A refused GetObject answered with the object: an authentication or authorization refusal of the
// reference answered with success fails, and says so.
TEST_F(CertificateFindings, AnAuthenticationRefusalAnsweredWithSuccessFails) {
  const auto& cert = run_->json;
  EXPECT_EQ((*rule(cert, "SC-SIG-8"))["exact"], "fail");
  bool seen = false;
  for (const auto& f : findings(cert, "fail"))
    if (has(f["rules"], "SC-SIG-8")) {
      seen = true;
      EXPECT_EQ(f["answer"], "200");
      EXPECT_NE(f["explanation"].get<std::string>().find("refuses this request and the server answered with a success"),
                std::string::npos)
          << f.dump();
    }
  EXPECT_TRUE(seen);
}

// GET ?lifecycle answered 200 with a default rule where the model expects 404
// NoSuchLifecycleConfiguration: a difference (a not-found class, the caller holds the
// capability), not a failure of SC-PR-1.
TEST_F(CertificateFindings, ANotFoundAnsweredWithSuccessIsADifferenceNotAFailure) {
  const auto& cert = run_->json;
  for (const auto& f : findings(cert, "fail")) EXPECT_NE(f["operation"], "GetBucketLifecycleConfiguration") << f.dump();
  const auto* pr1 = rule(cert, "SC-PR-1");
  EXPECT_EQ((*pr1)["exact"], "pass") << pr1->dump();
  bool seen = false;
  for (const auto& f : findings(cert, "difference"))
    if (f["operation"] == "GetBucketLifecycleConfiguration") {
      seen = true;
      EXPECT_EQ(f["answer"], "200");
      EXPECT_TRUE(has(f["rules"], "SC-PR-1")) << f.dump();
      EXPECT_GT(f["checks"].get<int>(), 0);
      EXPECT_NE(f["explanation"].get<std::string>().find("not judged"), std::string::npos) << f.dump();
      EXPECT_TRUE(has((*pr1)["findings"], f["id"])) << pr1->dump();
    }
  EXPECT_TRUE(seen) << cert["findings"].dump(1);
  EXPECT_GT((*pr1)["counts"]["differences"].get<int>(), 0);
}

// GET ?cors answered with a bucket listing: the server ignored the sub-resource, so it does not
// implement GetBucketCors; not judged, even where the reference refuses the caller.
TEST_F(CertificateFindings, ABucketListingInsteadOfTheOperationIsNotImplementedNotJudged) {
  const auto& cert = run_->json;
  EXPECT_GT(cert["unsupported_operations"].value("GetBucketCors", 0), 0) << cert["unsupported_operations"].dump();
  for (const auto& f : cert["findings"]) EXPECT_NE(f["operation"], "GetBucketCors") << f.dump();
  EXPECT_EQ(cert["grid"].dump().find("GetBucketCors"), std::string::npos);
}

// PUT ?lifecycle answered MalformedXML: the harness's own document was refused. A harness finding,
// and no rule fails by it (the rules those checks reach are judged by the others).
TEST_F(CertificateFindings, AMalformedXmlAnswerToTheHarnessDocumentIsAHarnessFinding) {
  const auto& cert = run_->json;
  for (const auto& f : findings(cert, "fail")) EXPECT_NE(f["operation"], "PutBucketLifecycleConfiguration") << f.dump();
  const auto harness = findings(cert, "harness");
  ASSERT_EQ(harness.size(), 1u) << cert["findings"].dump(1);
  EXPECT_EQ(harness[0]["operation"], "PutBucketLifecycleConfiguration");
  EXPECT_EQ(harness[0]["answer"], "400 MalformedXML");
  EXPECT_NE(harness[0]["explanation"].get<std::string>().find("for scopecheck to fix"), std::string::npos);
  EXPECT_GT(harness[0]["checks"].get<int>(), 0);
  EXPECT_GT(harness[0]["rules"].size(), 0u);
  for (const auto& r : harness[0]["rules"]) {
    const auto* row = rule(cert, r);
    EXPECT_GT((*row)["counts"]["harness"].get<int>(), 0) << row->dump();
    for (const auto& id : (*row)["findings"])
      for (const auto& f : cert["findings"])
        if (f["id"] == id && f["kind"] == "fail") EXPECT_NE(f["operation"], "PutBucketLifecycleConfiguration");
  }
  EXPECT_NE(slurp(run_->work + "/cert/certificate.md").find("## Harness findings (for scopecheck to fix; not judged)"),
            std::string::npos);
}

// The certificate says what its verdicts depend on. With the matrix alone nothing rests on the
// random part.
TEST_F(CertificateFindings, TheCertificateStatesWhatItsVerdictsDependOn) {
  const auto& d = run_->json["depends_on"];
  ASSERT_TRUE(d.is_object()) << run_->json.dump(1).substr(0, 2000);
  EXPECT_EQ(d["matrix"]["deterministic"], true);
  EXPECT_EQ(d["matrix"]["checks"], run_->json["checks"]);
  EXPECT_EQ(d["random"]["scenarios"], 0);
  EXPECT_EQ(d["random"]["seed"], 1);
  EXPECT_TRUE(d["rules_resting_on_random"].empty()) << d.dump();
  const std::string text = d["text"];
  EXPECT_NE(text.find("The matrix part"), std::string::npos) << text;
  EXPECT_NE(text.find("is deterministic"), std::string::npos) << text;
  EXPECT_NE(text.find("depends on the seed (1) and the budget (0 s)"), std::string::npos) << text;
  EXPECT_NE(slurp(run_->work + "/cert/certificate.md").find("## What these verdicts depend on"), std::string::npos);
  EXPECT_NE(slurp(run_->work + "/cert/certificate.html").find("What these verdicts depend on."), std::string::npos);
}

// With a random part, a rule only it reaches (or fails only there) is named as resting on it.
TEST(CertificateRandomPart, RulesReachedOnlyByRandomScenariosAreNamedAsMovingWithSeedAndBudget) {
  scenario::Certificate c;
  c.harness_version = "x";
  c.seed = 9;
  c.budget_seconds = 30;
  c.scenarios = 10;
  c.matrix_scenarios = 4;
  c.checks = 100;
  c.matrix_checks = 40;
  report::RuleRow only_random;
  only_random.rule = "SC-OP-1";
  only_random.exact = report::RuleVerdict::kPass;
  only_random.checks = only_random.pass_exact = 3;
  report::RuleRow fails_in_random;
  fails_in_random.rule = "SC-GR-1";
  fails_in_random.exact = report::RuleVerdict::kFail;
  fails_in_random.checks = 5;
  fails_in_random.matrix_checks = 4;
  fails_in_random.fail_exact = 1;
  report::RuleRow matrix;
  matrix.rule = "SC-SIG-8";
  matrix.exact = report::RuleVerdict::kFail;
  matrix.checks = matrix.matrix_checks = matrix.matrix_fail = matrix.fail_exact = 2;
  c.rules = {only_random, fails_in_random, matrix};
  const auto j = report::certificate_json(c);
  EXPECT_EQ(j["depends_on"]["rules_resting_on_random"], (nlohmann::json{"SC-OP-1", "SC-GR-1"}));
  EXPECT_NE(j["depends_on"]["text"].get<std::string>().find("The verdicts of SC-OP-1, SC-GR-1 rest on the random part"),
            std::string::npos);
  EXPECT_EQ(j["rules"][2]["rests_on_random"], false);
  EXPECT_NE(report::certificate_markdown(c).find("| SC-OP-1 | ✅ pass | ➖ n/a | 3 | 3 / 0 |  | rests on the random part |"),
            std::string::npos)
      << report::certificate_markdown(c);
}

}  // namespace
}  // namespace scopecheck::certify_test
