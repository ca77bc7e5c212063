// aws-chunked signing against the S3 documentation's streaming examples, and the decoder's
// verdicts on tampered or broken bodies.
#include "harness/sigv4/chunked.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>
#include <nlohmann/json.hpp>

#include "harness/sigv4/crypto.h"
#include "harness/sigv4/signing_key.h"
#include "tests/sigv4/test_support.h"

namespace scopecheck::sigv4 {
namespace {

using testing::read_file;
using testing::vectors_dir;

const ChunkSigningContext& doc_context() {
  static const ChunkSigningContext ctx{
      derive_signing_key("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "20130524", "us-east-1", "s3"),
      "20130524T000000Z", "20130524/us-east-1/s3/aws4_request"};
  return ctx;
}

nlohmann::json doc_example(std::string_view id) {
  auto all = nlohmann::json::parse(read_file(vectors_dir() / "s3-examples.json"));
  for (const auto& e : all["examples"]) {
    if (e["id"] == id) return e;
  }
  throw std::runtime_error("no example");
}

const std::string kPayload(66560, 'a');

TEST(ChunkSignature, EveryChunkOfTheS3StreamingExample) {
  auto e = doc_example("chunked_put_object");
  std::string previous = e["documented_values"]["seed_signature"];
  const auto& documented = e["documented_values"]["chunk_signatures"];
  std::vector<std::string_view> chunks = {std::string_view(kPayload).substr(0, 65536),
                                          std::string_view(kPayload).substr(65536),
                                          std::string_view()};
  ASSERT_EQ(documented.size(), chunks.size());
  for (std::size_t i = 0; i < chunks.size(); ++i) {
    std::string sig = chunk_signature(doc_context(), previous, chunks[i]);
    EXPECT_EQ(sig, documented[i].get<std::string>()) << "chunk " << i;
    previous = sig;
  }
}

TEST(EncodeAwsChunked, ReproducesTheS3StreamingExampleBody) {
  auto e = doc_example("chunked_put_object");
  auto enc = encode_aws_chunked(kPayload, doc_context(),
                                e["documented_values"]["seed_signature"].get<std::string>());
  EXPECT_EQ(enc.body.size(), e["documented_values"]["content_length"].get<std::size_t>());
  EXPECT_EQ(sha256_hex(enc.body), e["computed"]["encoded_body_sha256"].get<std::string>());
  std::vector<std::string> documented = e["documented_values"]["chunk_signatures"];
  EXPECT_EQ(enc.chunk_signatures, documented);
  EXPECT_EQ(
      enc.body.substr(0, 88),
      "10000;chunk-signature=ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648\r\n");
  EXPECT_TRUE(enc.trailer_signature.empty());
}

TEST(TrailerSignature, TheS3TrailerExample) {
  auto e = doc_example("chunked_put_object_with_trailer");
  const auto& documented = e["documented_values"];
  std::vector<std::pair<std::string, std::string>> trailers = {
      {"x-amz-checksum-crc32c", "sOO8/Q=="}};
  EXPECT_EQ(canonical_trailer(trailers),
            e["computed"]["trailer"]["canonical_trailer"].get<std::string>());
  auto enc = encode_aws_chunked(kPayload, doc_context(),
                                documented["seed_signature"].get<std::string>(), 65536, trailers);
  std::vector<std::string> chunk_sigs = documented["chunk_signatures"];
  EXPECT_EQ(enc.chunk_signatures, chunk_sigs);
  EXPECT_EQ(enc.trailer_signature, documented["trailer_signature"].get<std::string>());
  EXPECT_EQ(trailer_signature(doc_context(), chunk_sigs.back(), trailers),
            documented["trailer_signature"].get<std::string>());
  EXPECT_EQ(enc.body.size(), e["computed"]["encoded_body_length"].get<std::size_t>());
  EXPECT_EQ(sha256_hex(enc.body), e["computed"]["encoded_body_sha256"].get<std::string>());
}

TEST(DecodeAwsChunked, AcceptsTheExampleBodiesAndReturnsThePayload) {
  std::string seed = "4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9";
  auto enc = encode_aws_chunked(kPayload, doc_context(), seed);
  auto r = decode_aws_chunked(enc.body, doc_context(), seed, false);
  EXPECT_EQ(r.outcome, Outcome::ok) << r.detail;
  EXPECT_EQ(r.payload, kPayload);
  EXPECT_EQ(r.chunks, 3u);

  std::string seed2 = "106e2a8a18243abcf37539882f36619c00e2dfc72633413f02d3b74544bfeb8e";
  auto enc2 = encode_aws_chunked(kPayload, doc_context(), seed2, 65536,
                                 {{"x-amz-checksum-crc32c", "sOO8/Q=="}});
  auto r2 = decode_aws_chunked(enc2.body, doc_context(), seed2, true);
  EXPECT_EQ(r2.outcome, Outcome::ok) << r2.detail;
  EXPECT_EQ(r2.payload, kPayload);
  ASSERT_EQ(r2.trailers.size(), 1u);
  EXPECT_EQ(r2.trailers[0].second, "sOO8/Q==");
}

TEST(DecodeAwsChunked, AWrongSeedBreaksTheChainAtChunkZero) {
  auto enc = encode_aws_chunked("hello", doc_context(), std::string(64, '1'));
  auto r = decode_aws_chunked(enc.body, doc_context(), std::string(64, '2'), false);
  EXPECT_EQ(r.outcome, Outcome::signature_mismatch);
  EXPECT_NE(r.detail.find("chunk 0 at byte 0"), std::string::npos) << r.detail;
  EXPECT_TRUE(r.payload.empty());
}

TEST(DecodeAwsChunked, ATamperedTrailerFailsItsSignature) {
  std::string seed(64, 'a');
  auto enc =
      encode_aws_chunked("data", doc_context(), seed, 2, {{"x-amz-checksum-crc32", "AAAAAA=="}});
  std::string body = enc.body;
  body.replace(body.find("AAAAAA=="), 8, "BBBBBB==");
  auto r = decode_aws_chunked(body, doc_context(), seed, true);
  EXPECT_EQ(r.outcome, Outcome::signature_mismatch);
  EXPECT_NE(r.detail.find("trailer signature"), std::string::npos);
}

TEST(DecodeAwsChunked, FramingErrorsAreMalformed) {
  std::string seed(64, 'a');
  auto enc = encode_aws_chunked("0123456789", doc_context(), seed, 4);
  auto expect_malformed = [&](const std::string& body, bool trailer = false) {
    auto r = decode_aws_chunked(body, doc_context(), seed, trailer);
    EXPECT_EQ(r.outcome, Outcome::malformed_auth) << body;
    EXPECT_FALSE(r.detail.empty());
  };
  expect_malformed("");
  expect_malformed(enc.body.substr(0, enc.body.size() - 2));  // no final CRLF
  expect_malformed(enc.body + "x");                           // data after the end
  expect_malformed("ffffffffffffffffff;chunk-signature=" + std::string(64, '0') + "\r\n");
  expect_malformed("4\r\nabcd\r\n0\r\n\r\n");    // unsigned framing in a signed body
  expect_malformed(enc.body, /*trailer=*/true);  // a trailer was promised
}

TEST(DecodeAwsChunkedUnsigned, RoundTripsWithTrailers) {
  std::vector<std::pair<std::string, std::string>> trailers = {
      {"x-amz-checksum-crc32", "NSRBwg=="}};
  std::string body = encode_aws_chunked_unsigned("hello world", 5, trailers);
  EXPECT_EQ(body,
            "5\r\nhello\r\n5\r\n worl\r\n1\r\nd\r\n0\r\nx-amz-checksum-crc32:NSRBwg==\r\n\r\n");
  auto r = decode_aws_chunked_unsigned(body);
  EXPECT_EQ(r.outcome, Outcome::ok) << r.detail;
  EXPECT_EQ(r.payload, "hello world");
  EXPECT_EQ(r.trailers, trailers);
  EXPECT_EQ(decode_aws_chunked_unsigned("5\r\nhell\r\n0\r\n\r\n").outcome, Outcome::malformed_auth);
}

RC_GTEST_PROP(ChunkedProperty, EncodeThenDecodeGivesThePayloadBack, (const std::string& payload)) {
  auto size = *rc::gen::inRange<std::size_t>(1, 70);
  std::string seed(64, 'c');
  auto enc = encode_aws_chunked(payload, doc_context(), seed, size);
  auto r = decode_aws_chunked(enc.body, doc_context(), seed, false);
  RC_ASSERT(r.outcome == Outcome::ok);
  RC_ASSERT(r.payload == payload);
  RC_ASSERT(r.chunks == (payload.size() + size - 1) / size + 1);
}

RC_GTEST_PROP(ChunkedProperty, FlippingAnyPayloadByteIsASignatureMismatch, ()) {
  auto payload = *rc::gen::nonEmpty(rc::gen::arbitrary<std::string>());
  auto size = *rc::gen::inRange<std::size_t>(1, 20);
  std::string seed(64, 'd');
  auto enc = encode_aws_chunked(payload, doc_context(), seed, size);
  // Locate the data byte of payload index i inside the encoded body.
  auto i = *rc::gen::inRange<std::size_t>(0, payload.size());
  std::size_t pos = 0, chunk = i / size;
  for (std::size_t c = 0; c < chunk; ++c)
    pos = enc.body.find("\r\n", enc.body.find("\r\n", pos) + 2) + 2;
  pos = enc.body.find("\r\n", pos) + 2 + i % size;
  std::string body = enc.body;
  body[pos] = static_cast<char>(body[pos] ^ 0x20);
  auto r = decode_aws_chunked(body, doc_context(), seed, false);
  RC_ASSERT(r.outcome == Outcome::signature_mismatch);
}

RC_GTEST_PROP(ChunkedProperty, DecodersAreTotalOnArbitraryBytes,
              (const std::string& body, bool trailer)) {
  // No crash, no exception, and only the three documented verdicts.
  auto r = decode_aws_chunked(body, doc_context(), std::string(64, 'e'), trailer);
  RC_ASSERT(r.outcome == Outcome::ok || r.outcome == Outcome::malformed_auth ||
            r.outcome == Outcome::signature_mismatch);
  RC_ASSERT(r.outcome == Outcome::ok || r.payload.empty());
  auto u = decode_aws_chunked_unsigned(body);
  RC_ASSERT(u.outcome == Outcome::ok || u.outcome == Outcome::malformed_auth);
  if (u.outcome == Outcome::ok)
    RC_ASSERT(decode_aws_chunked_unsigned(encode_aws_chunked_unsigned(u.payload, 7, u.trailers))
                  .payload == u.payload);
}

}  // namespace
}  // namespace scopecheck::sigv4
