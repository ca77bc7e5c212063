// Digests the emulator needs for its own bookkeeping (ETags, credential secrets, blob names).
#pragma once

#include <string>
#include <string_view>

namespace scopecheck::emulator {

std::string sha256_hex(std::string_view data);
// The 32-byte SHA-256 digest into out.
void sha256_raw(std::string_view data, unsigned char out[32]);
std::string md5_hex(std::string_view data);
// Raw 16-byte MD5 (multipart ETags hash the concatenated binary part digests).
std::string md5_raw(std::string_view data);
std::string base64_encode(std::string_view data);
// nullopt-free: invalid input gives an empty string and *ok=false.
std::string base64_decode(std::string_view data, bool* ok);
std::string hex_lower(std::string_view bytes);
// Decodes hex (either case); *ok=false on odd length or a non-hex char.
std::string hex_decode(std::string_view hex, bool* ok);

}  // namespace scopecheck::emulator
