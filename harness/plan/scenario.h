// A scenario: a world (accounts, buckets with objects, tokens) and the steps run against it.
// This is what the generators make, what RapidCheck shrinks, what a case file stores and what
// `scopecheck replay` re-runs. Tokens are named by a short ref ("t0"); their ids and values are
// assigned by the target when the world is created there.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "harness/model/ids.h"
#include "harness/model/operation.h"
#include "harness/model/token.h"
#include "harness/model/token_api.h"

namespace scopecheck::scenario {

struct WorldBucket {
  model::BucketRef where;
  std::vector<std::string> objects;  // keys created (with a small body) before the steps run
};

struct WorldToken {
  std::string ref;     // "t0", "t1", …: how steps name the token
  model::Token token;  // policies, condition, window, status; id and value come from the target
};

struct World {
  std::vector<std::string> accounts;  // 32 hex each
  std::vector<WorldBucket> buckets;
  std::vector<WorldToken> tokens;
};

enum class Addressing { kPath, kVirtualHost };

enum class AuthMode { kHeader, kPresigned, kAnonymous, kSigV2 };

// What the harness deliberately breaks in an otherwise correct request. Each maps to the facts
// the reference model decides from (SCOPING §7).
enum class Defect {
  kNone,
  kWrongSecret,          // signed with a secret that is no token's
  kRawValueSecret,       // the raw token value used as the secret (users' common mistake)
  kOldSecret,            // the secret the token had before its last roll
  kOtherTokenSecret,     // another token's secret with this token's id
  kUnknownKey,           // a well-formed 32-hex key id that no token has
  kUppercaseKeyId,       // the token id in upper case
  kShortKeyId,           // the token id cut to 20 chars
  kUnsignedAmzHeader,    // an x-amz-* header added after signing
  kWrongRegion,          // scope region "eu-west-1"
  kWrongService,         // scope service "ec2"
  kScopeDateMismatch,    // scope date not the date of x-amz-date
  kMalformedAuthorization,  // Authorization header that does not parse
  kSkewPast,             // x-amz-date 20 minutes before now (header auth)
  kSkewFuture,           // x-amz-date 20 minutes after now (header auth)
  kPresignExpired,       // presigned 2 hours ago with X-Amz-Expires 3600
  kPresignOverlong,      // X-Amz-Expires 604801
  kTamperedQuery,        // a query parameter added after signing
  kTamperedPath,         // the key changed after signing
  kWrongPayloadHash,     // a signed x-amz-content-sha256 that is not the body's
  kMissingContentSha256, // header auth without x-amz-content-sha256
  kAlteredSignature,     // the last hex digit of the signature changed (a prefix still matches)
  // One element of an otherwise valid request changed after signing (SIGV4.md, "Post-signing
  // perturbations"); the model decides from what changed whether the target must refuse.
  kHostOtherBucket,        // Host names another bucket (virtual-hosted name)
  kHostOtherAccount,       // Host names another account's endpoint
  kHostOtherJurisdiction,  // Host names the other jurisdiction's endpoint
  kMethodChanged,          // GET→HEAD, HEAD→GET, PUT→DELETE, DELETE→GET, POST→GET
  kQueryRemoved,           // a signed query parameter removed (the operation's own, or x-id)
  kQueryChanged,           // a signed query parameter's value changed
  kAmzDateChanged,         // x-amz-date / X-Amz-Date moved by one minute
  kPresignExpiresChanged,  // X-Amz-Expires raised to a day (presigned)
  kSignedHeadersChanged,   // a name appended to SignedHeaders / X-Amz-SignedHeaders
  kCredentialChanged,      // the credential scope's region swapped for another accepted one
  kSignedHeaderChanged,    // a signed x-amz-meta-* header's value changed
  kHostUnsigned,           // host left out of SignedHeaders, still sent (header auth)
  kAmzDateUnsigned,        // x-amz-date left out of SignedHeaders, still sent (header auth)
  kUnsignedPlainHeader,    // a non-x-amz header (Cache-Control) sent but not signed: accepted
  kHeaderCaseChanged,      // header names' letter case changed after signing: accepted
};

struct S3Step {
  std::string token;  // ref of the signing token; ignored for kAnonymous
  model::Operation op = model::Operation::kGetObject;
  // The endpoint called: its account and jurisdiction (R2 takes both from the Host).
  std::string endpoint_account;
  model::Jurisdiction endpoint_jurisdiction = model::Jurisdiction::kDefault;
  std::string bucket;  // "" for ListBuckets
  std::string key;     // "" for bucket operations
  std::string copy_source_bucket;  // copies only
  std::string copy_source_key;
  int upload = -1;  // multipart: index of the step whose CreateMultipartUpload made the upload; -1: a made-up id
  Addressing addressing = Addressing::kPath;
  AuthMode auth = AuthMode::kHeader;
  Defect defect = Defect::kNone;
  bool unsigned_payload = false;  // header auth with UNSIGNED-PAYLOAD
  // Header auth with STREAMING-AWS4-HMAC-SHA256-PAYLOAD: the body sent aws-chunked, each chunk
  // signed (SC-SIG-12). Only for operations with a body (PutObject, UploadPart).
  bool streaming = false;
  // ListObjects, ListObjectsV2, ListMultipartUploads: the listing's scope and page size (0: the
  // target's default). The executor follows continuation pages and compares every page.
  std::string prefix;
  std::string delimiter;
  int max_keys = 0;
  std::string source_ip = "127.0.0.1";
};

enum class TokenChange { kUpdate, kDisable, kEnable, kRoll, kDelete };

struct TokenStep {
  TokenChange change = TokenChange::kDisable;
  std::string token;                        // ref
  std::optional<model::Token> replacement;  // kUpdate: the new policies/condition/window
};

// Moves the target's clock (targets with a test clock only).
struct ClockStep {
  int64_t advance_seconds = 0;
};

// A token-API call judged on its own (SCOPING §11): by a world token as bearer (or none), on the
// user path or an account's path, about a token of the world, one made by an earlier ApiStep, or
// an id no token has. Unlike TokenStep (the scenario's own token changes, not judged), its answer
// is checked; the tokens it makes, changes or deletes are never the world's (S3 steps do not
// depend on it).
struct ApiStep {
  model::ApiEndpoint endpoint = model::ApiEndpoint::kVerify;
  std::string bearer;  // world token ref; "" = no Authorization header
  std::string owner;   // "" = /user/tokens; an account id = /accounts/{id}/tokens
  // get, update, delete, roll: the token named in the path — a world token ref ("t1"), or the
  // token made by the ApiStep at index `subject_step`; neither: an id no token has.
  std::string subject;
  int subject_step = -1;
  std::string body;  // create, update: the JSON text sent
  std::string source_ip = "127.0.0.1";
};

using Step = std::variant<S3Step, TokenStep, ClockStep, ApiStep>;

struct Scenario {
  World world;
  std::vector<Step> steps;
  int64_t start_time = 0;  // the target clock at the first step (test-clock targets), Unix seconds
};

// The HTTP method S3 uses for an operation (HEAD for HeadBucket/HeadObject, …).
std::string_view http_method(model::Operation op);

std::string_view to_string(Addressing a);
std::string_view to_string(AuthMode a);
std::string_view to_string(Defect d);
std::string_view to_string(TokenChange c);
std::optional<Addressing> parse_addressing(std::string_view s);
std::optional<AuthMode> parse_auth_mode(std::string_view s);
std::optional<Defect> parse_defect(std::string_view s);
std::optional<TokenChange> parse_token_change(std::string_view s);

// Every defect, for generators and tests.
const std::vector<Defect>& all_defects();

// Whether a defect means something for an auth mode: the header-only defects (clock skew, payload
// hash, missing x-amz-content-sha256, an unparsable Authorization header, host or x-amz-date left
// out of SignedHeaders) need header auth, the presign-only ones (expired, over-long expiry, a
// changed X-Amz-Expires) need a presigned URL, and anonymous and SigV2 requests carry none. A step with a defect that does not apply would be sent unchanged while the
// model is told it is defective: generators never make one and case files are refused.
bool defect_applies(Defect d, AuthMode a);

// The token a step is about (S3Step::token or TokenStep::token), "" for a clock step.
const WorldToken* find_token(const World& w, std::string_view ref);

// One line a person could retype: "PUT /logs/a.txt as t2 [path, header] from 127.0.0.1".
std::string show(const S3Step& s);
std::string show(const Step& s);
std::string show(const ApiStep& s);
// The API path of a step below the API's base ("/user/tokens/verify", "/accounts/<id>/tokens/<id>")
// with `subject_id` the id the subject resolved to, and its HTTP method.
std::string api_path(const ApiStep& s, const std::string& subject_id);
std::string_view api_method(model::ApiEndpoint e);
// The id used for a subject that names no token: well-formed, never made by a target.
inline constexpr std::string_view kNoSuchTokenId = "0000000000000000000000000000dead";
// A one-line summary of a token's grants: "t1: allow Item Read on acct1_default_logs; deny …".
std::string show(const WorldToken& t);

}  // namespace scopecheck::scenario
