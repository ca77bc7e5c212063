// `scopecheck sigv4 explain` and `scopecheck sigv4 sign`, run as the built binary.
#include <gtest/gtest.h>

#include <sys/wait.h>

#include <unistd.h>
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "tests/sigv4/test_support.h"

namespace scopecheck::sigv4 {
namespace {

namespace fs = std::filesystem;

struct CliRun {
  int exit_code;
  std::string out;  // stdout
  std::string err;  // stderr
};

class Cli : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("sigv4_cli_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string write(const std::string& name, const std::string& content) {
    auto p = dir_ / name;
    std::ofstream(p, std::ios::binary) << content;
    return p.string();
  }

  // Runs the binary with args (already shell-quoted as needed).
  CliRun run(const std::string& args) {
    auto out = dir_ / "stdout", err = dir_ / "stderr";
    std::string cmd = std::string("'") + SCOPECHECK_BINARY + "' " + args + " >'" + out.string() +
                      "' 2>'" + err.string() + "'";
    int status = std::system(cmd.c_str());
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, testing::read_file(out),
            testing::read_file(err)};
  }

  fs::path dir_;
};

std::string quote(const std::string& s) { return "'" + s + "'"; }

const std::string kSecret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

TEST_F(Cli, ExplainTheS3DocumentationGetObject) {
  auto file = write(
      "get.req",
      "GET /test.txt HTTP/1.1\nHost:examplebucket.s3.amazonaws.com\nRange:bytes=0-9\n"
      "x-amz-content-sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\n"
      "x-amz-date:20130524T000000Z\n"
      "Authorization:AWS4-HMAC-SHA256 "
      "Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,"
      "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,"
      "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41\n\n");
  auto r = run("sigv4 explain --request " + quote(file) + " --secret " + quote(kSecret));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("GET\n/test.txt\n\nhost:examplebucket.s3.amazonaws.com\nrange:bytes=0-9\n"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("AWS4-HMAC-SHA256\n20130524T000000Z\n20130524/us-east-1/s3/aws4_request\n"
                       "7344ae5b7ee6c3e7e6b0fe0640412a37625d1fbfff95c48bbb2dc43964946972"),
            std::string::npos);
  EXPECT_NE(
      r.out.find(
          "expected signature: f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41"),
      std::string::npos);
  EXPECT_NE(r.out.find("verdict: ok"), std::string::npos);

  auto wrong = run("sigv4 explain --request " + quote(file) + " --secret wrong");
  EXPECT_EQ(wrong.exit_code, 1);
  EXPECT_NE(wrong.out.find("verdict: signature-mismatch"), std::string::npos);
  EXPECT_NE(
      wrong.out.find(
          "provided signature: f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41"),
      std::string::npos);

  auto late = run("sigv4 explain --request " + quote(file) + " --secret " + quote(kSecret) +
                  " --now 20130524T001600Z");
  EXPECT_EQ(late.exit_code, 1);
  EXPECT_NE(late.out.find("verdict: time-skewed"), std::string::npos);
}

TEST_F(Cli, ExplainAPresignedUrl) {
  std::string url =
      "https://examplebucket.s3.amazonaws.com/"
      "test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential="
      "AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20130524T000000Z&"
      "X-Amz-Expires=86400"
      "&X-Amz-SignedHeaders=host&X-Amz-Signature="
      "aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404";
  auto r = run("sigv4 explain --url " + quote(url) + " --secret " + quote(kSecret));
  EXPECT_EQ(r.exit_code, 0) << r.err << r.out;
  EXPECT_NE(r.out.find("presigned URL"), std::string::npos);
  EXPECT_NE(r.out.find("\nhost\nUNSIGNED-PAYLOAD\n"), std::string::npos);
  auto expired = run("sigv4 explain --url " + quote(url) + " --secret " + quote(kSecret) +
                     " --now 20130525T000000Z");
  EXPECT_EQ(expired.exit_code, 1);
  EXPECT_NE(expired.out.find("verdict: presign-expired"), std::string::npos);
}

TEST_F(Cli, ExplainRefusesUnreadableAndMalformedInputWithOneLine) {
  auto missing =
      run("sigv4 explain --request " + quote((dir_ / "nope.req").string()) + " --secret s");
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("nope.req: cannot read file"), std::string::npos);
  EXPECT_EQ(std::count(missing.err.begin(), missing.err.end(), '\n'), 1);

  auto garbage =
      run("sigv4 explain --request " + quote(write("bad.req", "not a request")) + " --secret s");
  EXPECT_EQ(garbage.exit_code, 2);
  EXPECT_NE(garbage.err.find("bad-request-line"), std::string::npos) << garbage.err;

  auto bad_auth =
      run("sigv4 explain --request " +
          quote(write("auth.req",
                      "GET / HTTP/1.1\nHost:h\nAuthorization:AWS4-HMAC-SHA256 Credential=x\n\n")) +
          " --secret s");
  EXPECT_EQ(bad_auth.exit_code, 2);
  EXPECT_NE(bad_auth.err.find("malformed-auth"), std::string::npos) << bad_auth.err;
  EXPECT_EQ(std::count(bad_auth.err.begin(), bad_auth.err.end(), '\n'), 1);

  auto bad_mode =
      run("sigv4 explain --request " + quote(write("a.req", "GET / HTTP/1.1\nHost:h\n")) +
          " --secret s --mode weird");
  EXPECT_EQ(bad_mode.exit_code, 2);
}

TEST_F(Cli, SignThenExplainAgrees) {
  auto file = write(
      "put.req", "PUT /bucket/a+b%20c HTTP/1.1\nHost:r2.example\nContent-Type:text/plain\n\nhello");
  auto signed_req =
      run("sigv4 sign --request " + quote(file) +
          " --access-key AKID --secret s3cr3t --time 20240315T120000Z --sign-header content-type");
  ASSERT_EQ(signed_req.exit_code, 0) << signed_req.err;
  EXPECT_NE(signed_req.out.find(
                "Authorization:AWS4-HMAC-SHA256 Credential=AKID/20240315/auto/s3/aws4_request, "
                "SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date, Signature="),
            std::string::npos)
      << signed_req.out;
  auto again = write("signed.req", signed_req.out);
  auto ok = run("sigv4 explain --request " + quote(again) + " --secret s3cr3t");
  EXPECT_EQ(ok.exit_code, 0) << ok.out << ok.err;
  EXPECT_NE(ok.out.find("\n/bucket/a%2Bb%20c\n"), std::string::npos);

  auto presigned = run("sigv4 sign --request " + quote(file) +
                       " --access-key AKID --secret s3cr3t --time 20240315T120000Z --presign 600");
  ASSERT_EQ(presigned.exit_code, 0) << presigned.err;
  EXPECT_NE(presigned.out.find("X-Amz-Expires=600"), std::string::npos);
  auto p = run("sigv4 explain --request " + quote(write("p.req", presigned.out)) +
               " --secret s3cr3t --now 20240315T120500Z");
  EXPECT_EQ(p.exit_code, 0) << p.out << p.err;
}

TEST_F(Cli, SignRefusesABadTime) {
  auto file = write("g.req", "GET / HTTP/1.1\nHost:h\n");
  auto r =
      run("sigv4 sign --request " + quote(file) + " --access-key A --secret S --time yesterday");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--time: 'yesterday' is not YYYYMMDDTHHMMSSZ"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace scopecheck::sigv4
