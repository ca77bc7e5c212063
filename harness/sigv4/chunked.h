// aws-chunked bodies (STREAMING-AWS4-HMAC-SHA256-PAYLOAD[-TRAILER],
// STREAMING-UNSIGNED-PAYLOAD-TRAILER): chunk and trailer signatures, an encoder and a verifying
// decoder (harness/model/SIGV4.md, chunked uploads).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "harness/sigv4/outcome.h"

namespace scopecheck::sigv4 {

// What chains the chunk signatures: the seed request's date, scope and signing key.
struct ChunkSigningContext {
  std::string signing_key;  // raw 32 bytes (derive_signing_key)
  std::string amz_date;     // YYYYMMDDTHHMMSSZ of the seed request
  std::string scope;        // YYYYMMDD/region/service/aws4_request
};

// HMAC over "AWS4-HMAC-SHA256-PAYLOAD\n<date>\n<scope>\n<prev>\n<sha256("")>\n<sha256(chunk)>".
std::string chunk_signature(const ChunkSigningContext& ctx, std::string_view previous_signature,
                            std::string_view chunk);

// The canonical trailer: each "name:value" line (name lowercased, value trimmed) ending in '\n'.
std::string canonical_trailer(const std::vector<std::pair<std::string, std::string>>& trailers);
// HMAC over "AWS4-HMAC-SHA256-TRAILER\n<date>\n<scope>\n<prev>\n<sha256(canonical_trailer)>".
std::string trailer_signature(const ChunkSigningContext& ctx, std::string_view previous_signature,
                              const std::vector<std::pair<std::string, std::string>>& trailers);

struct ChunkedEncoding {
  std::string body;                           // the aws-chunked body
  std::vector<std::string> chunk_signatures;  // one per chunk, the final 0-byte chunk included
  std::string trailer_signature;              // empty without trailers
};

// Splits payload into chunks of chunk_size bytes (the last may be shorter), then a 0-byte chunk:
// "hex(size);chunk-signature=<sig>\r\n<data>\r\n" ... "0;chunk-signature=<sig>\r\n" followed by
// "\r\n" or, with trailers, "name:value\r\n" lines, "x-amz-trailer-signature:<sig>\r\n\r\n".
// chunk_size 0 is treated as 65536.
ChunkedEncoding encode_aws_chunked(
    std::string_view payload, const ChunkSigningContext& ctx, std::string_view seed_signature,
    std::size_t chunk_size = 65536,
    const std::vector<std::pair<std::string, std::string>>& trailers = {});

// The unsigned variant (STREAMING-UNSIGNED-PAYLOAD-TRAILER): "hex(size)\r\n<data>\r\n" ... "0\r\n",
// trailer lines, "\r\n".
std::string encode_aws_chunked_unsigned(
    std::string_view payload, std::size_t chunk_size = 65536,
    const std::vector<std::pair<std::string, std::string>>& trailers = {});

struct ChunkedDecodeResult {
  // ok; signature_mismatch (a chunk or the trailer signature does not chain); malformed_auth
  // (framing, sizes, missing signature, missing final chunk, data after the end).
  Outcome outcome = Outcome::malformed_auth;
  std::string payload;
  std::vector<std::pair<std::string, std::string>> trailers;
  std::size_t chunks = 0;  // chunks read, the final 0-byte chunk included
  std::string detail;      // one line naming what failed and where (byte offset)
};

// Decodes a signed aws-chunked body and checks every chunk signature against the chain started
// by seed_signature (and the trailer signature when expect_trailer). Total: any bytes give a
// result. The compare is constant-time.
ChunkedDecodeResult decode_aws_chunked(std::string_view body, const ChunkSigningContext& ctx,
                                       std::string_view seed_signature, bool expect_trailer);

// Decodes an unsigned aws-chunked body (no signatures to check; trailers parsed).
ChunkedDecodeResult decode_aws_chunked_unsigned(std::string_view body);

}  // namespace scopecheck::sigv4
