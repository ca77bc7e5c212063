// One S3 request as the rules see it: everything decide() looks at, as facts. The caller does
// not pre-decide outcomes (it says "x-amz-date was T", not "skewed").
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "harness/model/cidr.h"
#include "harness/model/ids.h"
#include "harness/model/operation.h"
#include "harness/model/timestamp.h"

namespace scopecheck::model {

enum class AuthKind { kHeader, kPresigned, kAnonymous, kSigV2 };

// Which secret signed the request, relative to the token named by the access key id.
enum class SecretUsed {
  kCurrent,     // sha256hex(current value)
  kOldRolled,   // the secret of a value rolled away (SC-TK-5)
  kRawValue,    // the token value itself, unhashed
  kOtherToken,  // another token's secret
  kGarbage,     // anything else
};

std::string_view to_string(AuthKind k);
std::string_view to_string(SecretUsed s);

// Signature defects (all false: a well-formed, correctly signed request).
struct Defects {
  bool auth_unparsable = false;         // Authorization header / presign query does not parse (SC-SIG-3)
  bool wrong_service = false;           // credential scope service is not s3 (SC-SIG-3)
  bool wrong_terminator = false;        // credential scope does not end in aws4_request (SC-SIG-3)
  bool wrong_scope_date = false;        // scope date is not the date of x-amz-date (SC-SIG-3)
  bool tampered = false;                // any signed bit changed after signing, or a truncated signature (SC-SIG-8/13)
  bool unsigned_header = false;         // host or an x-amz-* header not in SignedHeaders (SC-SIG-9)
  bool missing_content_sha256 = false;  // header auth without x-amz-content-sha256 (SC-SIG-10)
  bool payload_hash_mismatch = false;   // x-amz-content-sha256 is a hash, not the body's (SC-SIG-11)
  bool streaming = false;               // STREAMING-* payload (SC-SIG-12)
  // The signature differs from the right one only in its last hex digit: a target that compares
  // a prefix, or not in full, accepts it (SC-SIG-13).
  bool signature_altered = false;

  friend bool operator==(const Defects&, const Defects&) = default;
};

// An element of a signed request changed on the wire after the signature was computed
// (SIGV4.md, "Post-signing perturbations"). The model decides whether the signature binds it.
enum class SignedPart {
  kMethod,           // the HTTP method
  kHost,             // the Host header's value (another bucket, account or jurisdiction)
  kPath,             // the path (bucket or key)
  kQuery,            // a query parameter added, removed or changed (`name`)
  kHeader,           // a header's value changed (`name`, lowercase; `in_signed_headers` says if it was listed)
  kHeaderNameCase,   // a header name's letter case changed (`name`, lowercase)
  kSignedHeaders,    // the SignedHeaders list itself (Authorization or X-Amz-SignedHeaders)
  kCredentialScope,  // the credential scope (Authorization's Credential or X-Amz-Credential)
};

struct Alteration {
  SignedPart part = SignedPart::kQuery;
  std::string name;
  bool in_signed_headers = false;

  friend bool operator==(const Alteration&, const Alteration&) = default;
};

std::string_view to_string(SignedPart p);
std::optional<SignedPart> parse_signed_part(std::string_view s);

struct Request {
  Operation operation = Operation::kGetObject;
  // The endpoint called: its account and jurisdiction name the bucket (TOKEN-API.md, addressing).
  std::string account;
  Jurisdiction jurisdiction = Jurisdiction::kDefault;
  std::string bucket;  // as sent (not validated: an invalid name is a fact to decide on)
  std::string key;
  std::string source_bucket;  // copies: x-amz-copy-source, same endpoint
  std::string source_key;
  std::string upload_id;
  std::vector<std::string> delete_keys;  // DeleteObjects

  AuthKind auth = AuthKind::kHeader;
  std::string access_key_id;  // exactly as sent
  SecretUsed secret = SecretUsed::kCurrent;
  // When set, the token value whose hash signed the request; it overrides `secret` by comparison
  // with the token's value (so the same request can be judged against a token's old versions).
  std::optional<std::string> token_value;
  std::string region = "auto";
  Defects defects;
  // What changed after signing, as facts (decide() says which the signature binds, SC-SIG-8), and
  // the headers sent but not listed in SignedHeaders (lowercase; decide() says which must be, SC-SIG-9).
  std::vector<Alteration> alterations;
  std::vector<std::string> unsigned_headers;
  std::optional<Timestamp> amz_date;  // x-amz-date / X-Amz-Date; nullopt: equal to now
  std::int64_t expires = 3600;        // presigned X-Amz-Expires
  IpAddress source_ip = IpAddress{false, {127, 0, 0, 1}};

  friend bool operator==(const Request&, const Request&) = default;
};

// The bucket the request names, on its endpoint.
inline BucketRef request_bucket(const Request& r) { return {r.account, r.jurisdiction, r.bucket}; }
inline BucketRef source_bucket(const Request& r) { return {r.account, r.jurisdiction, r.source_bucket}; }

}  // namespace scopecheck::model
