// UriEncode as SigV4 defines it, and the matching decoder.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace scopecheck::sigv4 {

// Encodes every byte except A-Z a-z 0-9 - . _ ~ as %XX with uppercase hex; space is %20.
// With keep_slash, '/' is kept (object key paths); otherwise it becomes %2F.
std::string uri_encode(std::string_view bytes, bool keep_slash = false);

// Decodes %XX escapes ('+' stays a plus). nullopt when a '%' is not followed by two hex digits.
std::optional<std::string> percent_decode(std::string_view s);

// Decodes what decodes; a '%' that starts no valid escape is kept literally. Used where SigV4
// canonicalization must be total (the server then encodes that '%' as %25).
std::string percent_decode_lenient(std::string_view s);

}  // namespace scopecheck::sigv4
