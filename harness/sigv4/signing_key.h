// The SigV4 signing key chain and a cache of derived keys.
#pragma once

#include <cstddef>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <tuple>

namespace scopecheck::sigv4 {

// HMAC(HMAC(HMAC(HMAC("AWS4"+secret, date8), region), service), "aws4_request"): 32 raw bytes.
// The secret is used raw (never URL-decoded).
std::string derive_signing_key(std::string_view secret, std::string_view date8,
                               std::string_view region, std::string_view service);

// HMAC-SHA256 of string_to_sign with the signing key, lowercase hex.
std::string sign_string(std::string_view signing_key, std::string_view string_to_sign);

// Remembers derived keys per (secret, date, region, service). Thread-safe. When full, it forgets
// everything (keys are cheap to re-derive; the cache only saves the four HMACs per request).
class SigningKeyCache {
 public:
  explicit SigningKeyCache(std::size_t capacity = 4096) : capacity_(capacity) {}
  std::string get(std::string_view secret, std::string_view date8, std::string_view region,
                  std::string_view service);
  std::size_t size() const;

 private:
  using Key = std::tuple<std::string, std::string, std::string, std::string>;
  std::size_t capacity_;
  mutable std::mutex mutex_;
  std::map<Key, std::string> keys_;
};

}  // namespace scopecheck::sigv4
