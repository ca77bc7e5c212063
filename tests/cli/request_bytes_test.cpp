// A violation a developer can send by hand: the case file keeps the failing request as sent
// (method, URL, headers with Authorization and x-amz-date, body digest and excerpt) and the
// answer (status, headers, body excerpt); `replay -v` prints them with a curl and an aws s3api
// command, and the report's violation card shows the same. Credentials: the access key id and an
// environment variable's name, never a secret.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "harness/scenario/case_file.h"
#include "harness/scenario/exchange.h"
#include "harness/scenario/reproduce.h"
#include "harness/sigv4/crypto.h"
#include "tests/cli/cli_run.h"

namespace scopecheck::cli::testing {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

std::string slurp(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// One run with a seeded bug, shared by the tests below (a few seconds).
class RequestBytes : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir;
    run_ = new CliResult(run_cli("run --inject deny-ignored --budget 60s --out out", *dir_));
  }
  static void TearDownTestSuite() {
    delete run_;
    delete dir_;
  }
  static json result() { return json::parse(slurp(dir_->str("out/result.json"))); }
  static std::string case_path() { return dir_->str("out/" + result()["violation_list"][0]["case_file"].get<std::string>()); }
  static TempDir* dir_;
  static CliResult* run_;
};
TempDir* RequestBytes::dir_ = nullptr;
CliResult* RequestBytes::run_ = nullptr;

TEST_F(RequestBytes, TheCaseFileKeepsTheRequestAsSentAndTheAnswer) {
  ASSERT_EQ(run_->code, 1) << run_->out << run_->err;
  const json c = json::parse(slurp(case_path()));
  ASSERT_TRUE(c.contains("exchanges")) << c.dump(2);
  const json& x = c["exchanges"].back();
  EXPECT_EQ(x["step"], c["violation"]["step"]);
  const json& req = x["request"];
  EXPECT_FALSE(req["method"].get<std::string>().empty());
  EXPECT_EQ(req["url"].get<std::string>().rfind("http://", 0), 0u) << req["url"];
  EXPECT_TRUE(req["in_process"].get<bool>());
  std::map<std::string, std::string> headers;
  for (const auto& h : req["headers"]) {
    std::string name = h[0].get<std::string>();
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char ch) { return std::tolower(ch); });
    headers[name] = h[1].get<std::string>();
  }
  ASSERT_TRUE(headers.count("authorization")) << req.dump(2);
  EXPECT_TRUE(std::regex_search(headers["authorization"], std::regex("^AWS4-HMAC-SHA256 Credential=[0-9a-f]{32}/")))
      << headers["authorization"];
  EXPECT_TRUE(headers.count("x-amz-date")) << req.dump(2);
  EXPECT_EQ(req["body_sha256"].get<std::string>().size(), 64u);
  EXPECT_TRUE(req.contains("body_excerpt"));
  // The answer as received is the one the violation names.
  EXPECT_EQ(x["answer"]["status"], c["violation"]["status"]) << x.dump(2);
  EXPECT_GT(x["answer"]["status"].get<int>(), 0) << x.dump(2);
  EXPECT_EQ(x["access_key_id"].get<std::string>().size(), 32u);
  // The case, with its bytes, is still held to its schema and replays.
  const auto replay = run_cli("replay " + q(case_path()) + " --inject deny-ignored", *dir_);
  EXPECT_EQ(replay.code, 1) << replay.out << replay.err;
}

TEST_F(RequestBytes, ReplayVerbosePrintsTheBytesAndReadyCommands) {
  ASSERT_EQ(run_->code, 1) << run_->out << run_->err;
  const auto r = run_cli("replay -v " + q(case_path()) + " --inject deny-ignored", *dir_);
  EXPECT_EQ(r.code, 1) << r.err;
  EXPECT_NE(r.out.find("violation check, as sent and answered now"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Authorization: AWS4-HMAC-SHA256 Credential="), std::string::npos) << r.out;
  EXPECT_TRUE(std::regex_search(r.out, std::regex("\n    x-amz-date: 2[0-9]{7}T[0-9]{6}Z\n", std::regex::icase))) << r.out;
  const json c = json::parse(slurp(case_path()));
  EXPECT_NE(r.out.find("\n    ← " + std::to_string(c["violation"]["status"].get<int>()) + "\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("with curl:\n    # the in-process emulator"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("curl -sS -i"), std::string::npos) << r.out;
  EXPECT_TRUE(std::regex_search(r.out, std::regex("--aws-sigv4 'aws:amz:auto:s3' --user \"[0-9a-f]{32}:\\$AWS_SECRET_ACCESS_KEY\"")))
      << r.out;
  EXPECT_TRUE(std::regex_search(r.out, std::regex("AWS_ACCESS_KEY_ID=[0-9a-f]{32} aws s3api [a-z-]+ --endpoint-url"))) << r.out;
}

TEST_F(RequestBytes, TheReportsViolationCardShowsTheSame) {
  ASSERT_EQ(run_->code, 1) << run_->out << run_->err;
  const json v = result()["violation_list"][0];
  ASSERT_TRUE(v.contains("curl")) << v.dump(2);
  EXPECT_NE(v["exchange"].get<std::string>().find("Authorization: AWS4-HMAC-SHA256"), std::string::npos);
  EXPECT_NE(v["curl"].get<std::string>().find("--aws-sigv4"), std::string::npos);
  EXPECT_NE(v["aws_cli"].get<std::string>().find("aws s3api"), std::string::npos);
  const auto html = slurp(dir_->str("out/report.html"));
  EXPECT_NE(html.find("The failing request as sent, and the answer:"), std::string::npos);
  EXPECT_NE(html.find("With curl:</p><pre><code># the in-process emulator"), std::string::npos);
  EXPECT_NE(html.find("--aws-sigv4 &#39;aws:amz:auto:s3&#39;"), std::string::npos) << "curl command not in the card";
  EXPECT_NE(html.find("With the AWS CLI:"), std::string::npos);
}

TEST(RequestBytesSchema, AnUnknownKeyInAnExchangeIsRefusedWithItsPath) {
  TempDir dir;
  const std::string text = R"({"world": {"buckets": ["logs"], "tokens": [{"policies": [{"effect": "allow",
      "resources": {"com.cloudflare.edge.r2.bucket.0123456789abcdef0123456789abcdef_default_logs": "*"},
      "permission_groups": [{"id": "6a018a9f2fc74eb6b293b0c548f38b39"}]}]}]},
    "steps": [{"s3": "GetObject", "bucket": "logs", "key": "a.txt"}],
    "exchanges": [{"step": 0, "request": {"method": "GET", "url": "http://x/logs/a.txt", "heders": []}}]})";
  const auto r = run_cli("replay " + q(dir.write("c.json", text)), dir);
  EXPECT_EQ(r.code, 2) << r.out << r.err;
  EXPECT_NE(r.err.find("exchanges[0].request"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("heders"), std::string::npos) << r.err;
}

// The secret never leaves the process: not in the exchange, its text, the commands or the case.
TEST(RequestBytesCredentials, NoSecretAndNoBearerValueIsKept) {
  const std::string secret = "wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY0123456789abcdef012345";
  const std::string key_id = "0123456789abcdef0123456789abcdef";
  http::Request req;
  req.method = "PUT";
  req.target = "/logs/a.txt";
  req.headers = {{"Host", "acct.r2.localhost"}, {"x-amz-content-sha256", sigv4::sha256_hex("hello")},
                 {"x-amz-date", "20260101T000000Z"},
                 {"Authorization", "AWS4-HMAC-SHA256 Credential=" + key_id +
                                       "/20260101/auto/s3/aws4_request, SignedHeaders=host, Signature=abc"},
                 {"X-Bearer-Check", "fine"}};
  req.body = "hello";
  http::Response answer;
  answer.status = 200;
  answer.headers = {{"ETag", "\"5d41\""}};
  scenario::S3Step step;
  step.op = model::Operation::kPutObject;
  step.bucket = "logs";
  step.key = "a.txt";
  const auto x = scenario::capture(0, req, &answer, "", "", "auto", key_id);
  scenario::CaseFile c;
  c.scenario.steps = {step};
  c.exchanges = {x};
  const std::string all = scenario::exchange_text(x) + scenario::curl_command(step, x) + scenario::aws_cli_command(step, x) +
                          scenario::emit_case(c).dump();
  EXPECT_EQ(all.find(secret), std::string::npos);
  EXPECT_NE(all.find(key_id), std::string::npos);
  EXPECT_NE(scenario::curl_command(step, x).find("--user \"" + key_id + ":$AWS_SECRET_ACCESS_KEY\""), std::string::npos)
      << scenario::curl_command(step, x);
  EXPECT_EQ(scenario::curl_command(step, x).find("Authorization"), std::string::npos) << "curl signs afresh";
  EXPECT_NE(scenario::curl_command(step, x).find("--data-binary 'hello'"), std::string::npos);
  EXPECT_NE(scenario::aws_cli_command(step, x).find("aws s3api put-object"), std::string::npos);

  // A token-API bearer value never stays.
  req.headers = {{"Host", "api"}, {"Authorization", "Bearer " + secret}, {"x-amz-security-token", secret}};
  const auto bearer = scenario::capture(0, req, nullptr, "timeout", "http://127.0.0.1:1", "auto", "");
  const std::string text = scenario::exchange_text(bearer);
  EXPECT_EQ(text.find(secret), std::string::npos) << text;
  EXPECT_NE(text.find("Authorization: Bearer <redacted>"), std::string::npos) << text;
  EXPECT_NE(text.find("← no answer: timeout"), std::string::npos) << text;
}

// A deliberately broken signature cannot be re-signed by curl: the raw headers go as sent.
TEST(RequestBytesCredentials, ADefectiveSignatureIsSentRaw) {
  http::Request req;
  req.method = "GET";
  req.target = "/logs/a.txt";
  req.headers = {{"Host", "127.0.0.1:4568"}, {"x-amz-date", "20260101T000000Z"},
                 {"Authorization", "AWS4-HMAC-SHA256 Credential=0123456789abcdef0123456789abcdef/20260101/auto/s3/aws4_request, "
                                   "SignedHeaders=host, Signature=bad"}};
  http::Response answer;
  answer.status = 200;
  scenario::S3Step step;
  step.op = model::Operation::kGetObject;
  step.bucket = "logs";
  step.key = "a.txt";
  step.defect = scenario::Defect::kAlteredSignature;
  const auto x = scenario::capture(0, req, &answer, "", "http://127.0.0.1:4568", "auto", "0123456789abcdef0123456789abcdef");
  const auto curl = scenario::curl_command(step, x);
  EXPECT_EQ(curl.find("--aws-sigv4"), std::string::npos) << curl;
  EXPECT_NE(curl.find("-H 'Authorization: AWS4-HMAC-SHA256 Credential="), std::string::npos) << curl;
  EXPECT_NE(curl.find("-H 'x-amz-date: 20260101T000000Z'"), std::string::npos) << curl;
  EXPECT_NE(curl.find("curl -sS -i 'http://127.0.0.1:4568/logs/a.txt'"), std::string::npos) << curl;
  EXPECT_NE(curl.find("defect altered-signature"), std::string::npos) << curl;
  const auto aws = scenario::aws_cli_command(step, x);
  EXPECT_NE(aws.find("does not reproduce"), std::string::npos) << aws;
  EXPECT_NE(aws.find("aws s3api get-object --endpoint-url 'http://127.0.0.1:4568' --region 'auto' --bucket 'logs' --key 'a.txt'"),
            std::string::npos)
      << aws;
}

}  // namespace
}  // namespace scopecheck::cli::testing
