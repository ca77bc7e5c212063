// PROPERTY: a request built from the bytes (method, path bytes, query, headers, body, time) and
// signed with sign_headers verifies (Outcome::ok) at the signing instant; the same request with
// one signed byte changed afterwards (method, a path character, a signed header value, the
// signature) is refused with signature_mismatch.
// Acceptable: nothing else; the generator only builds well-formed requests. Bugs: a crash, an
// exception, a sanitizer report, a signed request that does not verify (canonicalization of the
// signer and the verifier disagree), or a tampered one that does.
// LINKS: scopecheck_sigv4
#include <fuzzer/FuzzedDataProvider.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cctype>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

#include "harness/sigv4/signer.h"
#include "harness/sigv4/uri_encode.h"
#include "harness/sigv4/verify.h"

namespace {
namespace s = scopecheck::sigv4;

// Header names: lowercase token characters behind a prefix that never collides with auth headers.
std::string header_name(FuzzedDataProvider& p, std::string_view prefix) {
  static constexpr std::string_view kChars = "abcdefghijklmnopqrstuvwxyz0123456789-";
  std::string n(prefix);
  const size_t len = p.ConsumeIntegralInRange<size_t>(1, 8);
  for (size_t i = 0; i < len; ++i) n += kChars[p.ConsumeIntegralInRange<size_t>(0, kChars.size() - 1)];
  return n;
}
// Values: printable ASCII without surrounding spaces (the wire would trim them).
std::string header_value(FuzzedDataProvider& p) {
  std::string v = p.ConsumeRandomLengthString(24);
  for (char& c : v)
    if (static_cast<unsigned char>(c) < 0x21 || static_cast<unsigned char>(c) > 0x7e) c = 'x';
  return v.empty() ? "v" : v;
}
[[noreturn]] void fail(const char* what, const s::HttpRequest& r, const s::VerifyResult& v) {
  std::fprintf(stderr, "sigv4_roundtrip: %s\n--- request\n%s\n--- outcome %s: %s\n--- canonical request\n%s\n",
               what, s::to_raw(r).c_str(), std::string(s::outcome_id(v.outcome)).c_str(), v.detail.c_str(),
               v.canonical_request.c_str());
  std::abort();
}
char other_alnum(char c) { return c == 'q' ? 'z' : 'q'; }
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  FuzzedDataProvider p(data, size);
  static constexpr const char* kMethods[] = {"GET", "PUT", "POST", "DELETE", "HEAD", "PATCH"};
  s::HttpRequest req;
  req.method = p.PickValueInArray(kMethods);
  const std::string path = p.ConsumeRandomLengthString(64);
  req.target = "/" + s::uri_encode(path, /*keep_slash=*/true);
  const size_t nq = p.ConsumeIntegralInRange<size_t>(0, 3);
  for (size_t i = 0; i < nq; ++i) {
    req.target += i == 0 ? '?' : '&';
    req.target += s::uri_encode(p.ConsumeRandomLengthString(12));
    if (p.ConsumeBool()) req.target += "=" + s::uri_encode(p.ConsumeRandomLengthString(12));
  }
  req.headers.push_back({"Host", "bucket.0123456789abcdef0123456789abcdef.r2.cloudflarestorage.com"});
  s::SignOptions opt;
  const size_t nh = p.ConsumeIntegralInRange<size_t>(0, 3);
  for (size_t i = 0; i < nh; ++i) {
    const bool amz = p.ConsumeBool();
    std::string name = header_name(p, amz ? "x-amz-meta-" : "x-fz-");
    if (!amz && p.ConsumeBool()) opt.extra_signed_headers.push_back(name);
    req.headers.push_back({std::move(name), header_value(p)});
  }
  req.headers.push_back({"x-amz-meta-flip", "abcdef"});  // signed: a byte to flip below
  const s::Credentials creds{"0123456789abcdef0123456789abcdef", p.ConsumeRandomLengthString(48), ""};
  opt.time = std::chrono::sys_seconds(std::chrono::seconds(p.ConsumeIntegralInRange<int64_t>(0, 253402300799)));
  const int flip = p.ConsumeIntegralInRange<int>(0, 3);
  req.body = p.ConsumeRemainingBytesAsString();

  const s::HttpRequest signed_req = s::sign_headers(req, creds, opt);
  const s::SecretLookup lookup = [&](std::string_view id) -> std::optional<std::string> {
    if (id == creds.access_key_id) return creds.secret_access_key;
    return std::nullopt;
  };
  s::VerifyOptions vopt;
  vopt.now = opt.time;
  const auto ok = s::verify(signed_req, lookup, vopt);
  if (ok.outcome != s::Outcome::ok) fail("signed request refused", signed_req, ok);

  s::HttpRequest bad = signed_req;
  switch (flip) {
    case 0:
      bad.method[0] = bad.method[0] == 'Q' ? 'Z' : 'Q';
      break;
    case 1: {
      // A letter or digit of the path that is not part of a %XX escape.
      std::string_view p0 = bad.path();
      size_t pos = std::string_view::npos;
      for (size_t i = 0; i < p0.size(); ++i) {
        if (p0[i] == '%') {
          i += 2;
          continue;
        }
        if (std::isalnum(static_cast<unsigned char>(p0[i]))) pos = i;
      }
      if (pos == std::string_view::npos) bad.target.insert(1, "q");
      else bad.target[pos] = other_alnum(bad.target[pos]);
      break;
    }
    case 2:
      bad.set_header("x-amz-meta-flip", "abcdeg");
      break;
    default: {
      // The signature's last hex digit.
      for (auto& [name, value] : bad.headers)
        if (s::iequals(name, "authorization")) value.back() = value.back() == '0' ? '1' : '0';
      break;
    }
  }
  const auto refused = s::verify(bad, lookup, vopt);
  if (refused.outcome != s::Outcome::signature_mismatch) fail("tampered request not a signature mismatch", bad, refused);
  return 0;
}
