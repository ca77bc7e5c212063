// Every header, query parameter and algorithm name SigV4 uses, typed once.
#pragma once

#include <cstdint>
#include <string_view>

namespace scopecheck::sigv4 {

inline constexpr std::string_view kAlgorithm = "AWS4-HMAC-SHA256";
inline constexpr std::string_view kChunkAlgorithm = "AWS4-HMAC-SHA256-PAYLOAD";
inline constexpr std::string_view kTrailerAlgorithm = "AWS4-HMAC-SHA256-TRAILER";
inline constexpr std::string_view kTerminator = "aws4_request";

inline constexpr std::string_view kUnsignedPayload = "UNSIGNED-PAYLOAD";
inline constexpr std::string_view kStreamingPrefix = "STREAMING-";
inline constexpr std::string_view kStreamingPayload = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD";
inline constexpr std::string_view kStreamingPayloadTrailer =
    "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER";
inline constexpr std::string_view kStreamingUnsignedTrailer = "STREAMING-UNSIGNED-PAYLOAD-TRAILER";

// Header names, lowercase (comparison is case-insensitive).
inline constexpr std::string_view kHeaderAuthorization = "authorization";
inline constexpr std::string_view kHeaderHost = "host";
inline constexpr std::string_view kHeaderAmzDate = "x-amz-date";
inline constexpr std::string_view kHeaderContentSha256 = "x-amz-content-sha256";
inline constexpr std::string_view kHeaderSecurityToken = "x-amz-security-token";
inline constexpr std::string_view kHeaderDecodedContentLength = "x-amz-decoded-content-length";
inline constexpr std::string_view kHeaderTrailer = "x-amz-trailer";
inline constexpr std::string_view kAmzHeaderPrefix = "x-amz-";

// Presign query parameter names, case as on the wire.
inline constexpr std::string_view kQueryAlgorithm = "X-Amz-Algorithm";
inline constexpr std::string_view kQueryCredential = "X-Amz-Credential";
inline constexpr std::string_view kQueryDate = "X-Amz-Date";
inline constexpr std::string_view kQueryExpires = "X-Amz-Expires";
inline constexpr std::string_view kQuerySignedHeaders = "X-Amz-SignedHeaders";
inline constexpr std::string_view kQuerySignature = "X-Amz-Signature";
inline constexpr std::string_view kQuerySecurityToken = "X-Amz-Security-Token";
inline constexpr std::string_view kQueryContentSha256 = "X-Amz-Content-Sha256";

// SigV2 markers.
inline constexpr std::string_view kSigV2HeaderPrefix = "AWS ";
inline constexpr std::string_view kSigV2QuerySignature = "Signature";
inline constexpr std::string_view kSigV2QueryAccessKey = "AWSAccessKeyId";

inline constexpr std::int64_t kMaxPresignExpires = 604800;

}  // namespace scopecheck::sigv4
