#include "cli/mutant_catalogue.h"

#include <array>

namespace scopecheck::cli {

std::span<const MutantInfo> mutant_catalogue() {
  static constexpr std::array<MutantInfo, 40> kCatalogue = {{
      {"bucket-prefix-match", "SC-RES-2", "a bucket resource also covers buckets whose name starts with it (logs covers logs-archive)"},
      {"jurisdiction-ignored", "SC-RES-2", "the jurisdiction part of a bucket resource is not compared"},
      {"account-ignored", "SC-RES-2", "the account part of a bucket resource is not compared"},
      {"bucket-case-fold", "SC-RES-2", "bucket names compared case-insensitively, or after percent-decoding"},
      {"scope-type-ignored", "SC-RES-3", "an account group on a bucket resource (or a bucket group on the account form) grants anyway"},
      {"object-token-lists-buckets", "SC-GR-2", "ListBuckets answers an Object token instead of 403"},
      {"object-write-admin", "SC-GR-2", "Bucket Item Write allows PutBucketCors / DeleteBucket"},
      {"read-allows-delete", "SC-OP-2", "DeleteObject / DeleteObjects classified as reads"},
      {"head-as-write", "SC-OP-2", "HeadObject needs write (read-only tokens refused)"},
      {"copy-source-unchecked", "SC-OP-1", "CopyObject / UploadPartCopy do not check read on the source"},
      {"multipart-sticky", "SC-OP-3", "UploadPart / Complete allowed to anyone once an allowed token created the upload"},
      {"deny-ignored", "SC-GR-3", "deny policies are not evaluated"},
      {"deny-first-match", "SC-GR-3", "policies evaluated in order, first match wins (a later deny loses to an earlier allow)"},
      {"expiry-inclusive", "SC-TK-3", "a token is still accepted at exactly expires_on"},
      {"not-before-ignored", "SC-TK-3", "not_before is not checked"},
      {"disabled-accepted", "SC-TK-3", "status disabled is not checked on S3 requests"},
      {"stale-after-update", "SC-TK-6", "an update or delete takes effect only after a restart (beyond the propagation window)"},
      {"roll-keeps-old-secret", "SC-TK-5", "after a roll the old secret still signs valid requests"},
      {"ip-not-in-ignored", "SC-TK-4", "not_in IP ranges are not checked"},
      {"ip-empty-in-allows", "SC-TK-4", "an empty in list admits every IP"},
      {"presign-expiry-unchecked", "SC-SIG-7", "expired presigned URLs accepted"},
      {"presign-expires-unbounded", "SC-SIG-6", "X-Amz-Expires above 604800 accepted"},
      {"skew-unchecked", "SC-SIG-5", "header-auth clock skew not checked"},
      {"unsigned-header-accepted", "SC-SIG-9", "unsigned x-amz-* headers accepted"},
      {"scope-region-unchecked", "SC-SIG-4", "region and service of the credential scope not checked (also SC-SIG-3)"},
      {"signature-prefix-compare", "SC-SIG-13", "only a prefix of the signature is compared"},
      {"payload-hash-unchecked", "SC-SIG-11", "a signed payload hash that differs from the body is accepted"},
      {"existence-leak", "SC-PR-1", "an unauthorized caller gets 404 NoSuchBucket/NoSuchKey instead of 403"},
      {"vhost-path-confusion", "SC-RES-2", "with virtual-hosted addressing, authorization uses the path's first segment, the operation the Host's bucket"},
      {"list-buckets-all-jurisdictions", "SC-GR-4", "ListBuckets shows the account's buckets of every jurisdiction"},
      {"list-objects-sibling-buckets", "SC-PR-2", "ListObjects of logs also lists the keys of logs-archive (prefix scan without the separator)"},
      {"api-read-writes", "SC-API-4", "API Tokens Read is enough to create, update, delete and roll tokens"},
      {"api-owner-ignored", "SC-API-5", "a token id is found under any owner's token-API path"},
      {"api-ip-unchecked", "SC-API-3", "the bearer's IP condition is not applied to token-API calls"},
      {"api-get-reveals-value", "SC-API-7", "GET of one token, and list, show the token's value"},
      {"verify-inactive-active", "SC-API-8", "verify answers active for a disabled, expired or not-yet-valid bearer"},
      {"method-unbound", "SC-SIG-8", "the method is not bound: a request signed for one method is accepted with another"},
      {"query-extra-unbound", "SC-SIG-8", "query parameters S3 does not define are not signed: one added after signing is accepted"},
      {"presign-unsigned-amz-accepted", "SC-SIG-9", "under a presigned URL, x-amz-* headers not in X-Amz-SignedHeaders are accepted"},
      {"host-unsigned-accepted", "SC-SIG-9", "a request whose SignedHeaders leave out host is accepted: its signature binds no bucket or endpoint"},
  }};
  return kCatalogue;
}

}  // namespace scopecheck::cli
