#include "harness/sigv4/signing_key.h"

#include "harness/sigv4/constants.h"
#include "harness/sigv4/crypto.h"

namespace scopecheck::sigv4 {

std::string derive_signing_key(std::string_view secret, std::string_view date8,
                               std::string_view region, std::string_view service) {
  std::string k = "AWS4";
  k.append(secret);
  k = hmac_sha256(k, date8);
  k = hmac_sha256(k, region);
  k = hmac_sha256(k, service);
  return hmac_sha256(k, kTerminator);
}

std::string sign_string(std::string_view signing_key, std::string_view string_to_sign) {
  return hex(hmac_sha256(signing_key, string_to_sign));
}

std::string SigningKeyCache::get(std::string_view secret, std::string_view date8,
                                 std::string_view region, std::string_view service) {
  Key key{std::string(secret), std::string(date8), std::string(region), std::string(service)};
  {
    std::lock_guard lock(mutex_);
    if (auto it = keys_.find(key); it != keys_.end()) return it->second;
  }
  std::string derived = derive_signing_key(secret, date8, region, service);
  std::lock_guard lock(mutex_);
  if (keys_.size() >= capacity_) keys_.clear();
  keys_.emplace(std::move(key), derived);
  return derived;
}

std::size_t SigningKeyCache::size() const {
  std::lock_guard lock(mutex_);
  return keys_.size();
}

}  // namespace scopecheck::sigv4
