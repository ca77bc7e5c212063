// Recognizes AWS Signature Version 2 requests, which SigV4-only targets refuse (SC-SIG-2).
#pragma once

#include "harness/sigv4/http_request.h"

namespace scopecheck::sigv4 {

enum class SigV2Kind { none, header, query };

// header: an Authorization value "AWS AKID:signature". query: a Signature= or AWSAccessKeyId=
// parameter (X-Amz-Signature is SigV4, not this). Never fails.
SigV2Kind detect_sigv2(const HttpRequest& request);

}  // namespace scopecheck::sigv4
