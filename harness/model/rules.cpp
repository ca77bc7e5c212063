#include "harness/model/rules.h"

#include <array>

namespace scopecheck::model {
namespace {

constexpr std::array<Rule, 41> kRules = {{
    {"SC-RES-1", "a bucket resource is <32-hex account>_<jurisdiction>_<bucket name>"},
    {"SC-RES-2", "bucket resources match exactly on account, jurisdiction and name"},
    {"SC-RES-3", "a permission group applies only to resources of its own scope"},
    {"SC-RES-4", "an account group on an account covers every bucket of it, every jurisdiction"},
    {"SC-RES-5", "token creation rejects malformed or empty resources and nested values other than *"},
    {"SC-OP-1", "copies also need bucket.read on the source bucket"},
    {"SC-OP-2", "the operation is decided from method, path, query markers and x-amz-copy-source"},
    {"SC-OP-3", "every multipart call is authorized on its own"},
    {"SC-GR-1", "write implies read, at both levels"},
    {"SC-GR-2", "bucket groups never grant account.list, bucket configuration or create/delete bucket"},
    {"SC-GR-3", "explicit deny, then explicit allow, then implicit deny"},
    {"SC-GR-4", "ListBuckets lists the endpoint's account and jurisdiction, never filtered"},
    {"SC-TK-1", "an unknown access key id is unknown-key"},
    {"SC-TK-2", "an access key id that is not 32 chars is malformed-credential"},
    {"SC-TK-3", "a disabled, expired or out-of-window token is inactive-token"},
    {"SC-TK-4", "the source IP must satisfy the token's IP condition"},
    {"SC-TK-5", "after a roll the old secret signs wrong"},
    {"SC-TK-6", "token changes take effect within the propagation window"},
    {"SC-SIG-1", "no credentials at all is anonymous"},
    {"SC-SIG-2", "SigV2 is sigv2-unsupported"},
    {"SC-SIG-3", "an unparsable auth, or a scope with wrong service, terminator or date, is malformed-auth"},
    {"SC-SIG-4", "a region other than auto, us-east-1 or empty is malformed-auth"},
    {"SC-SIG-5", "header auth more than 15 minutes from now is time-skewed"},
    {"SC-SIG-6", "presigned X-Amz-Expires outside 1..604800 is presign-bad-expiry"},
    {"SC-SIG-7", "presigned at or after X-Amz-Date + X-Amz-Expires is presign-expired"},
    {"SC-SIG-8", "a signature that does not match is signature-mismatch"},
    {"SC-SIG-9", "host or an x-amz-* header outside SignedHeaders is unsigned-header"},
    {"SC-SIG-10", "header auth without x-amz-content-sha256 is missing-content-sha256"},
    {"SC-SIG-11", "a payload hash that is not the body's is content-sha256-mismatch"},
    {"SC-SIG-12", "a streaming payload is streaming-unsupported where streaming is not supported"},
    {"SC-SIG-13", "the signature compare is exact (64 lowercase hex) and constant time"},
    {"SC-PR-1", "resource state is reached only by a caller holding the capability"},
    {"SC-PR-2", "a listing or object answer shows exactly the state of what the request names"},
    {"SC-API-1", "a token-API call needs Authorization: Bearer <value>"},
    {"SC-API-2", "the bearer must be a known, active token inside its window"},
    {"SC-API-3", "the bearer's IP condition applies to token-API calls"},
    {"SC-API-4", "read endpoints need API Tokens Read or Write, write endpoints API Tokens Write"},
    {"SC-API-5", "a token is found and listed only under its owner's path"},
    {"SC-API-6", "create and update bodies are validated (types, groups, resources, CIDRs, window)"},
    {"SC-API-7", "only create and roll return a value; answers show the token as stored"},
    {"SC-API-8", "verify is success only for an active bearer inside its window"},
}};

}  // namespace

std::span<const Rule> all_rules() { return kRules; }

const Rule* find_rule(std::string_view id) {
  for (const Rule& r : all_rules()) {
    if (r.id == id) return &r;
  }
  return nullptr;
}

}  // namespace scopecheck::model
