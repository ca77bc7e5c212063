// emulator.h: handle_raw is total (any bytes give an HTTP answer, never a 500 or a crash), and
// the config is checked at construction.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

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

}  // namespace
}  // namespace scopecheck::emulator::testing
