// Hashing, HMAC, hex and a constant-time compare: the primitives SigV4 is built from (OpenSSL).
#pragma once

#include <string>
#include <string_view>

namespace scopecheck::sigv4 {

// Lowercase hex of arbitrary bytes.
std::string hex(std::string_view bytes);
// Raw 32-byte SHA-256 digest.
std::string sha256(std::string_view data);
// Lowercase hex of SHA-256 (64 chars).
std::string sha256_hex(std::string_view data);
// Standard base64 (with padding) of raw bytes: Content-MD5, SigV2 signatures.
std::string base64(std::string_view bytes);
// Raw 32-byte HMAC-SHA256(key, data).
std::string hmac_sha256(std::string_view key, std::string_view data);
// sha256_hex("") as a constant.
inline constexpr std::string_view kEmptySha256 =
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

// True when s is exactly 64 lowercase hex digits (the only form a SigV4 signature takes).
bool is_lower_hex64(std::string_view s);
// Compares a and b in time that depends only on their lengths (SC-SIG-13). Different lengths
// compare unequal.
bool constant_time_equal(std::string_view a, std::string_view b);

}  // namespace scopecheck::sigv4
