// emulator.h: handle_raw is total (any bytes give an HTTP answer, never a 500 or a crash), and
// the config is checked at construction.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <stdexcept>

#include "emulator/emulator.h"
#include "tests/emulator/test_client.h"

namespace scopecheck::emulator::testing {
namespace {

Emulator& shared_emulator() {
  static Emulator* e = [] {
    EmulatorConfig c;
    c.test_clock = kStart;
    static Emulator emu(c);
    return &emu;
  }();
  return *e;
}

bool is_answer_without_internal_error(const std::string& out) {
  return out.rfind("HTTP/1.1 ", 0) == 0 && out.rfind("HTTP/1.1 500", 0) != 0;
}

RC_GTEST_PROP(EmulatorHandleRaw, ArbitraryBytesGiveAnAnswer, (const std::string& bytes)) {
  auto out = shared_emulator().handle_raw(bytes, "127.0.0.1");
  RC_ASSERT(is_answer_without_internal_error(out));
}

RC_GTEST_PROP(EmulatorHandleRaw, RequestsWithArbitraryTargetsAndHeadersGiveAnAnswer,
              (const std::string& path, const std::string& header_value)) {
  static const std::vector<std::string> kMethods = {"GET", "PUT", "POST", "DELETE", "HEAD"};
  std::string method = *rc::gen::elementOf(kMethods);
  std::string target = "/";
  for (char c : path)
    if (static_cast<unsigned char>(c) > 32 && c != 127) target.push_back(c);
  std::string value;
  for (char c : header_value)
    if (c != '\r' && c != '\n') value.push_back(c);
  std::string raw = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: " + value +
                    "\r\nx-amz-content-sha256: UNSIGNED-PAYLOAD\r\nContent-Length: 0\r\n\r\n";
  auto s3 = shared_emulator().handle_raw(raw, "127.0.0.1");
  RC_ASSERT(is_answer_without_internal_error(s3));
  auto api = shared_emulator().handle_raw(raw, "127.0.0.1", Emulator::Listener::api);
  RC_ASSERT(is_answer_without_internal_error(api));
}

TEST(EmulatorConfig, BadConfigurationsAreRejectedAtConstruction) {
  EmulatorConfig bad_clock;
  bad_clock.test_clock = "yesterday";
  EXPECT_THROW(Emulator{bad_clock}, ConfigError);
  EmulatorConfig bad_account;
  bad_account.account = "XYZ";
  EXPECT_THROW(Emulator{bad_account}, ConfigError);
  EmulatorConfig bad_faults;
  bad_faults.faults = 1.5;
  EXPECT_THROW(Emulator{bad_faults}, ConfigError);
  EmulatorConfig bad_token;
  bad_token.bootstrap_token = "short";
  EXPECT_THROW(Emulator{bad_token}, ConfigError);
}

TEST(EmulatorConfig, GivenBootstrapTokenIsUsed) {
  EmulatorConfig c;
  c.bootstrap_token = std::string(40, 'q');
  Emulator e(c);
  EXPECT_EQ(e.bootstrap_token(), std::string(40, 'q'));
  EXPECT_EQ(e.account(), kAcct);
}

// The harness reuses one emulator per worker and resets it before each scenario (reset()).
TEST(EmulatorReset, LeavesNoBucketObjectOrTokenButTheBootstrapAndTheKeptOnes) {
  EmulatorConfig c;
  c.seed = 9;
  c.propagation_delay_seconds = 5;
  TestEmulator t(c);
  const Token kept = t.admin();
  const Token gone = t.create_token({policy("allow", {{std::string("com.cloudflare.api.account.") + kAcct, "*"}},
                                            {kStorageWrite})});
  t.advance(6);
  ASSERT_EQ(t.s3(kept, {.method = "PUT", .target = "/logs"}).status, 200);
  ASSERT_EQ(t.s3(kept, {.method = "PUT", .target = "/logs/a.txt", .body = "hello"}).status, 200);
  ASSERT_EQ(t.s3(kept, {.method = "POST", .target = "/logs/b.txt?uploads"}).status, 200);
  // A change still waiting for the propagation delay when the reset comes must not reach the
  // next scenario: the kept token's takes effect at once, the removed token's never.
  ASSERT_EQ(t.api("DELETE", "/user/tokens/" + gone.id, nullptr, t.emu().bootstrap_token()).status, 200);

  t.emu().reset(77, "2030-06-01T00:00:00Z", {kept.id});

  EXPECT_EQ(t.now(), std::chrono::sys_seconds(std::chrono::seconds(1906502400)));  // 2030-06-01T00:00:00Z
  const Reply buckets = t.s3(kept, {.method = "GET", .target = "/"});
  EXPECT_EQ(buckets.status, 200);
  EXPECT_EQ(buckets.body.find("<Bucket>"), std::string::npos) << buckets.body;
  EXPECT_EQ(t.s3(kept, {.method = "GET", .target = "/logs/a.txt"}).code(), "NoSuchBucket");
  EXPECT_EQ(t.s3(gone, {.method = "GET", .target = "/"}).status, 401) << "a token the reset removed";
  const Reply listed = t.api("GET", "/user/tokens", nullptr, t.emu().bootstrap_token());
  ASSERT_EQ(listed.status, 200);
  std::vector<std::string> ids;
  const nlohmann::json page = listed.json();
  for (const auto& tok : page["result"]) ids.push_back(tok["id"]);
  EXPECT_EQ(ids.size(), 2u) << listed.body;  // the bootstrap token and the kept one
  EXPECT_NE(std::find(ids.begin(), ids.end(), kept.id), ids.end());
  EXPECT_EQ(std::find(ids.begin(), ids.end(), gone.id), ids.end());
}

TEST(EmulatorReset, IdsAfterAResetDependOnItsSeedNotOnWhatCameBefore) {
  EmulatorConfig c;
  c.seed = 3;
  TestEmulator a(c), b(c);
  const Token a_admin = a.admin();
  const Token b_admin = b.admin();
  // b does more before its reset than a.
  for (int i = 0; i < 3; ++i) b.create_token({policy("allow", {{std::string("com.cloudflare.api.account.") + kAcct, "*"}},
                                                     {kStorageRead})});
  ASSERT_EQ(b.s3(b_admin, {.method = "PUT", .target = "/xyz"}).status, 200);
  ASSERT_EQ(b.s3(b_admin, {.method = "POST", .target = "/xyz/k?uploads"}).status, 200);
  a.emu().reset(41, kStart, {a_admin.id});
  b.emu().reset(41, kStart, {b_admin.id});
  const auto next = [](TestEmulator& t, const Token& admin) {
    Token tok = t.create_token({policy("allow", {{std::string("com.cloudflare.api.account.") + kAcct, "*"}},
                                       {kStorageWrite})});
    EXPECT_EQ(t.s3(admin, {.method = "PUT", .target = "/yyy"}).status, 200);
    const Reply up = t.s3(admin, {.method = "POST", .target = "/yyy/k?uploads"});
    return tok.id + " " + tok.value + " " + up.body;
  };
  EXPECT_EQ(next(a, a_admin), next(b, b_admin));
}

TEST(EmulatorReset, NeedsATestClockAndNoDataDir) {
  EmulatorConfig c;  // system clock
  Emulator e(c);
  EXPECT_THROW(e.reset(1, kStart, {}), std::logic_error);
  // What is kept in a data dir outlives the process; a reset there would have to delete it.
  const auto dir = std::filesystem::temp_directory_path() / ("scopecheck-reset-" + std::to_string(::getpid()));
  EmulatorConfig d;
  d.test_clock = kStart;
  d.data_dir = dir.string();
  {
    Emulator persistent(d);
    EXPECT_THROW(persistent.reset(1, kStart, {}), std::logic_error);
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace scopecheck::emulator::testing
