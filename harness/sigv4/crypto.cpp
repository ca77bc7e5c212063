#include "harness/sigv4/crypto.h"

#include <openssl/evp.h>

#include <cstring>
#include <memory>
#include <stdexcept>

namespace scopecheck::sigv4 {

std::string hex(std::string_view bytes) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out(bytes.size() * 2, '\0');
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    auto b = static_cast<unsigned char>(bytes[i]);
    out[2 * i] = digits[b >> 4];
    out[2 * i + 1] = digits[b & 0xF];
  }
  return out;
}

namespace {

// OpenSSL 3 looks the digest up by name on every one-shot SHA256()/HMAC() call; fetching it once
// and reusing a per-thread context makes a SigV4 verification several times cheaper.
const EVP_MD* sha256_md() {
  static EVP_MD* md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  if (md == nullptr) throw std::runtime_error("OpenSSL: SHA256 is not available");
  return md;
}

struct CtxDeleter {
  void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
};

EVP_MD_CTX* thread_ctx() {
  thread_local std::unique_ptr<EVP_MD_CTX, CtxDeleter> ctx(EVP_MD_CTX_new());
  if (!ctx) throw std::runtime_error("OpenSSL: EVP_MD_CTX_new failed");
  return ctx.get();
}

// SHA-256 over the concatenation of two pieces into out (32 bytes).
void sha256_into(std::string_view a, std::string_view b, unsigned char* out) {
  EVP_MD_CTX* ctx = thread_ctx();
  unsigned int len = 0;
  if (EVP_DigestInit_ex(ctx, sha256_md(), nullptr) != 1 ||
      EVP_DigestUpdate(ctx, a.data(), a.size()) != 1 ||
      EVP_DigestUpdate(ctx, b.data(), b.size()) != 1 || EVP_DigestFinal_ex(ctx, out, &len) != 1 ||
      len != 32) {
    throw std::runtime_error("OpenSSL: SHA-256 failed");
  }
}

}  // namespace

std::string sha256(std::string_view data) {
  std::string out(32, '\0');
  sha256_into(data, {}, reinterpret_cast<unsigned char*>(out.data()));
  return out;
}

std::string sha256_hex(std::string_view data) { return hex(sha256(data)); }

// RFC 2104 HMAC over SHA-256 (block size 64).
std::string base64(std::string_view bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<int>(bytes.size()));
  out.resize(static_cast<size_t>(n));
  return out;
}

std::string hmac_sha256(std::string_view key, std::string_view data) {
  unsigned char block[64] = {};
  if (key.size() > 64) {
    sha256_into(key, {}, block);
  } else {
    std::memcpy(block, key.data(), key.size());
  }
  unsigned char ipad[64], opad[64];
  for (int i = 0; i < 64; ++i) {
    ipad[i] = static_cast<unsigned char>(block[i] ^ 0x36);
    opad[i] = static_cast<unsigned char>(block[i] ^ 0x5c);
  }
  unsigned char inner[32];
  sha256_into({reinterpret_cast<const char*>(ipad), 64}, data, inner);
  std::string out(32, '\0');
  sha256_into({reinterpret_cast<const char*>(opad), 64}, {reinterpret_cast<const char*>(inner), 32},
              reinterpret_cast<unsigned char*>(out.data()));
  return out;
}

bool is_lower_hex64(std::string_view s) {
  if (s.size() != 64) return false;
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

bool constant_time_equal(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  unsigned char diff = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  }
  // volatile keeps the compiler from turning the loop into an early-exit compare.
  volatile unsigned char result = diff;
  return result == 0;
}

}  // namespace scopecheck::sigv4
