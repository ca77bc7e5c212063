// PROPERTY: the aws-chunked decoders are total over any body, and a body made by our encoders
// always decodes (signed: every chunk and trailer signature verifies) to the original payload,
// trailers and chunk count.
// Input: byte 0 picks the chunk size (1..256) and whether trailers are sent; the rest is both a
// body to decode (as received) and a payload to encode.
// Acceptable: malformed_auth / signature_mismatch for received bytes. Bugs: a crash, an
// exception, a sanitizer report, or an encoded body that fails to decode or decodes differently.
// LINKS: scopecheck_sigv4
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "harness/sigv4/chunked.h"

namespace {
namespace s = scopecheck::sigv4;
const s::ChunkSigningContext& context() {
  static const s::ChunkSigningContext ctx{std::string(32, '\x5a'), "20130524T000000Z",
                                          "20130524/us-east-1/s3/aws4_request"};
  return ctx;
}
constexpr std::string_view kSeed = "4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9";
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const std::string_view bytes(reinterpret_cast<const char*>(data + 1), size - 1);
  const size_t chunk = (data[0] & 0x7f) * 2 + 1;
  const bool with_trailer = (data[0] & 0x80) != 0;

  // As received: anything goes, nothing may crash.
  (void)s::decode_aws_chunked(bytes, context(), kSeed, with_trailer);
  (void)s::decode_aws_chunked_unsigned(bytes);

  // As sent by us: must verify and give the payload back.
  std::vector<std::pair<std::string, std::string>> trailers;
  if (with_trailer) trailers.push_back({"x-amz-checksum-crc32", "sOO8/Q=="});
  const auto enc = s::encode_aws_chunked(bytes, context(), kSeed, chunk, trailers);
  const auto dec = s::decode_aws_chunked(enc.body, context(), kSeed, with_trailer);
  if (dec.outcome != s::Outcome::ok || dec.payload != bytes || dec.chunks != enc.chunk_signatures.size())
    std::abort();
  if (with_trailer && dec.trailers != trailers) std::abort();

  const auto plain = s::encode_aws_chunked_unsigned(bytes, chunk, trailers);
  const auto dec2 = s::decode_aws_chunked_unsigned(plain);
  if (dec2.outcome != s::Outcome::ok || dec2.payload != bytes) std::abort();
  if (dec2.trailers != trailers) std::abort();
  return 0;
}
