#include "emulator/crypto.h"

#include <openssl/evp.h>

#include <memory>
#include <stdexcept>

namespace scopecheck::emulator {
namespace {
// OpenSSL 3 fetches the implementation behind EVP_sha256()/EVP_md5() on every EVP_Digest call
// (locks and a lookup, dearer than hashing a short input): each algorithm is fetched once, and
// each thread reuses one context.
const EVP_MD* sha256_md() {
  static EVP_MD* md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  if (md == nullptr) throw std::runtime_error("OpenSSL: SHA256 is not available");
  return md;
}

const EVP_MD* md5_md() {
  static EVP_MD* md = EVP_MD_fetch(nullptr, "MD5", nullptr);
  if (md == nullptr) throw std::runtime_error("OpenSSL: MD5 is not available");
  return md;
}

struct CtxFree {
  void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
};

unsigned int digest_into(const EVP_MD* md, std::string_view data, unsigned char* out) {
  thread_local std::unique_ptr<EVP_MD_CTX, CtxFree> ctx(EVP_MD_CTX_new());
  unsigned int len = 0;
  if (!ctx || EVP_DigestInit_ex(ctx.get(), md, nullptr) != 1 || EVP_DigestUpdate(ctx.get(), data.data(), data.size()) != 1 ||
      EVP_DigestFinal_ex(ctx.get(), out, &len) != 1)
    throw std::runtime_error("OpenSSL: digest failed");
  return len;
}

std::string digest(const EVP_MD* md, std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  const unsigned int len = digest_into(md, data, out);
  return std::string(reinterpret_cast<char*>(out), len);
}
}  // namespace

void sha256_raw(std::string_view data, unsigned char out[32]) { digest_into(sha256_md(), data, out); }

std::string hex_lower(std::string_view bytes) {
  static const char* kHex = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    out.push_back(kHex[c >> 4]);
    out.push_back(kHex[c & 15]);
  }
  return out;
}

std::string hex_decode(std::string_view hex, bool* ok) {
  auto val = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  *ok = hex.size() % 2 == 0;
  std::string out;
  for (size_t i = 0; *ok && i + 1 < hex.size(); i += 2) {
    int a = val(hex[i]), b = val(hex[i + 1]);
    if (a < 0 || b < 0) *ok = false;
    else out.push_back(static_cast<char>(a * 16 + b));
  }
  return *ok ? out : std::string();
}

std::string sha256_hex(std::string_view data) { return hex_lower(digest(sha256_md(), data)); }
std::string md5_raw(std::string_view data) { return digest(md5_md(), data); }
std::string md5_hex(std::string_view data) { return hex_lower(md5_raw(data)); }

std::string base64_encode(std::string_view data) {
  std::string out(4 * ((data.size() + 2) / 3) + 1, '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(data.data()), static_cast<int>(data.size()));
  out.resize(n);
  return out;
}

std::string base64_decode(std::string_view data, bool* ok) {
  *ok = false;
  if (data.size() % 4 != 0 || data.size() > (1u << 20)) return {};
  std::string out(data.size() / 4 * 3 + 1, '\0');
  int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(data.data()), static_cast<int>(data.size()));
  if (n < 0) return {};
  size_t pad = 0;
  if (!data.empty() && data.back() == '=') ++pad;
  if (data.size() > 1 && data[data.size() - 2] == '=') ++pad;
  out.resize(static_cast<size_t>(n) - pad);
  *ok = true;
  return out;
}

}  // namespace scopecheck::emulator
