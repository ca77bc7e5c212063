// AWS Signature Version 2: recognizing it (SigV4-only targets refuse it, SC-SIG-2) and signing
// with it (the header form), for the targets that still verify it (Ceph RGW, Swift's s3api).
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/RESTAuthentication.html
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "harness/sigv4/http_request.h"

namespace scopecheck::sigv4 {

enum class SigV2Kind { none, header, query };

// header: an Authorization value "AWS AKID:signature". query: a Signature= or AWSAccessKeyId=
// parameter (X-Amz-Signature is SigV4, not this). Never fails.
SigV2Kind detect_sigv2(const HttpRequest& request);

// The StringToSign: Verb, Content-MD5, Content-Type, Date (empty when x-amz-date is present), the
// canonicalized x-amz-* headers (lower-case names, sorted, trimmed values, repeats joined by ',')
// and the canonicalized resource: "/" + `vhost_bucket` (virtual-hosted requests) + the raw path,
// then the signed sub-resources of the query (acl, cors, uploadId, partNumber, …) sorted.
std::string sigv2_string_to_sign(const HttpRequest& request, std::string_view vhost_bucket = "");

// base64(HMAC-SHA1(secret, string_to_sign)).
std::string sigv2_signature(std::string_view secret, std::string_view string_to_sign);

// Adds a Date header (RFC 1123, `time`) and Authorization "AWS <key>:<base64 HMAC-SHA1>".
HttpRequest sign_sigv2(HttpRequest request, std::string_view access_key, std::string_view secret,
                       std::chrono::sys_seconds time, std::string_view vhost_bucket = "");

}  // namespace scopecheck::sigv4
