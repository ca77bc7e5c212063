// A failing check turned into something a developer can run by hand: the request and answer as
// text, a curl command that sends the same request, and the `aws s3api` command of the same
// operation. Credentials appear as the access key id plus the name of an environment variable
// holding the secret ($AWS_SECRET_ACCESS_KEY), never as a secret.
#pragma once

#include <string>

#include "harness/plan/scenario.h"
#include "harness/scenario/exchange.h"

namespace scopecheck::scenario {

inline constexpr std::string_view kSecretEnv = "AWS_SECRET_ACCESS_KEY";

// "PUT http://…\nHeader: value\n…\n(body: 12 bytes, sha256 …)\n…\n\n← 403\nHeader: value\n…" —
// the request as sent and the answer as received.
std::string exchange_text(const Exchange& x);

// A curl command for the request. A correctly header-signed step is signed afresh by curl
// (--aws-sigv4 "aws:amz:REGION:s3" --user "KEYID:$AWS_SECRET_ACCESS_KEY"); any other (a
// deliberate signature defect, presigned, SigV2, anonymous) carries the raw signed headers and
// URL as sent, which a server accepts only near the time they were signed.
std::string curl_command(const S3Step& step, const Exchange& x);

// The `aws s3api` command of the step's operation (signed correctly by the CLI: a deliberate
// signature defect is not reproduced, and says so).
std::string aws_cli_command(const S3Step& step, const Exchange& x);

}  // namespace scopecheck::scenario
