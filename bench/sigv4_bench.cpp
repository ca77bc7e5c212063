// Cost of one header verification of a small signed GET, beside the cost of the raw HMAC-SHA256
// calls that verification cannot avoid, measured in the same run so the ratio is what a reader
// compares across machines. A verification without a key cache makes 5 HMACs (4 for the signing
// key, 1 for the signature) and 1 SHA-256; with the cache, 1 HMAC and 1 SHA-256.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "harness/sigv4/crypto.h"
#include "harness/sigv4/signer.h"
#include "harness/sigv4/signing_key.h"
#include "harness/sigv4/verify.h"

namespace s = scopecheck::sigv4;

namespace {

volatile std::size_t sink = 0;  // keeps results observable so the loops are not optimized away

template <class F>
double ns_per_op(long iterations, F&& f) {
  auto start = std::chrono::steady_clock::now();
  for (long i = 0; i < iterations; ++i) f();
  auto elapsed = std::chrono::steady_clock::now() - start;
  return std::chrono::duration<double, std::nano>(elapsed).count() /
         static_cast<double>(iterations);
}

}  // namespace

int main(int argc, char** argv) {
  long iterations = argc > 1 ? std::atol(argv[1]) : 200000;
  if (iterations <= 0) iterations = 200000;

  const s::Credentials creds{"AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
                             ""};
  s::SignOptions so;
  so.time = std::chrono::sys_seconds{std::chrono::seconds{1710504000}};
  const s::HttpRequest request = s::sign_headers(
      {"GET", "/bucket/photos/2024/cat.jpg?versionId=3", {{"Host", "bucket.r2.example"}}, ""},
      creds, so);
  const s::SecretLookup lookup = [&](std::string_view) {
    return std::optional<std::string>(creds.secret_access_key);
  };
  s::VerifyOptions vo;
  vo.now = so.time;
  s::SigningKeyCache cache;
  s::VerifyOptions cached = vo;
  cached.key_cache = &cache;
  if (s::verify(request, lookup, vo).outcome != s::Outcome::ok) {
    std::fprintf(stderr, "bench_sigv4: the benchmark request does not verify\n");
    return 1;
  }

  // The string the real verification HMACs, so the raw HMAC cost is for the same input size.
  const std::string key = s::derive_signing_key(creds.secret_access_key, "20240315", "auto", "s3");
  const std::string sts = s::verify(request, lookup, vo).string_to_sign;

  for (int warm = 0; warm < 1000; ++warm)
    sink = sink + s::verify(request, lookup, vo).expected_signature.size();

  double verify_ns = ns_per_op(
      iterations, [&] { sink = sink + s::verify(request, lookup, vo).expected_signature.size(); });
  double cached_ns = ns_per_op(iterations, [&] {
    sink = sink + s::verify(request, lookup, cached).expected_signature.size();
  });
  double hmac5_ns = ns_per_op(iterations, [&] {
    for (int i = 0; i < 5; ++i) sink = sink + s::hmac_sha256(key, sts).size();
  });
  double hmac1_ns = ns_per_op(iterations, [&] { sink = sink + s::hmac_sha256(key, sts).size(); });

  std::printf("bench_sigv4: %ld iterations, small signed GET, header auth\n", iterations);
  std::printf("  verify, no key cache      %10.0f ns/op\n", verify_ns);
  std::printf("  5 x raw HMAC-SHA256       %10.0f ns/op\n", hmac5_ns);
  std::printf("  ratio                     %10.2f (verify / 5 HMAC)\n", verify_ns / hmac5_ns);
  std::printf("  verify, SigningKeyCache   %10.0f ns/op\n", cached_ns);
  std::printf("  1 x raw HMAC-SHA256       %10.0f ns/op\n", hmac1_ns);
  std::printf("  ratio                     %10.2f (cached verify / 1 HMAC)\n",
              cached_ns / hmac1_ns);
  return 0;
}
