#include "harness/plan/scenario.h"

#include <fmt/format.h>

#include <array>
#include <utility>

#include "harness/model/permission_groups.h"
#include "harness/model/resource_id.h"

namespace scopecheck::scenario {
namespace {

template <typename E, size_t N>
std::optional<E> lookup(const std::array<std::pair<E, std::string_view>, N>& table, std::string_view s) {
  for (const auto& [e, name] : table)
    if (name == s) return e;
  return std::nullopt;
}
template <typename E, size_t N>
std::string_view name_of(const std::array<std::pair<E, std::string_view>, N>& table, E e) {
  for (const auto& [v, name] : table)
    if (v == e) return name;
  return "?";
}

constexpr std::array<std::pair<Addressing, std::string_view>, 2> kAddressing{{
    {Addressing::kPath, "path"},
    {Addressing::kVirtualHost, "virtual-host"},
}};
constexpr std::array<std::pair<AuthMode, std::string_view>, 4> kAuth{{
    {AuthMode::kHeader, "header"},
    {AuthMode::kPresigned, "presigned"},
    {AuthMode::kAnonymous, "anonymous"},
    {AuthMode::kSigV2, "sigv2"},
}};
constexpr std::array<std::pair<Defect, std::string_view>, 37> kDefects{{
    {Defect::kNone, "none"},
    {Defect::kWrongSecret, "wrong-secret"},
    {Defect::kRawValueSecret, "raw-value-secret"},
    {Defect::kOldSecret, "old-secret"},
    {Defect::kOtherTokenSecret, "other-token-secret"},
    {Defect::kUnknownKey, "unknown-key"},
    {Defect::kUppercaseKeyId, "uppercase-key-id"},
    {Defect::kShortKeyId, "short-key-id"},
    {Defect::kUnsignedAmzHeader, "unsigned-amz-header"},
    {Defect::kWrongRegion, "wrong-region"},
    {Defect::kWrongService, "wrong-service"},
    {Defect::kScopeDateMismatch, "scope-date-mismatch"},
    {Defect::kMalformedAuthorization, "malformed-authorization"},
    {Defect::kSkewPast, "skew-past"},
    {Defect::kSkewFuture, "skew-future"},
    {Defect::kPresignExpired, "presign-expired"},
    {Defect::kPresignOverlong, "presign-overlong"},
    {Defect::kTamperedQuery, "tampered-query"},
    {Defect::kTamperedPath, "tampered-path"},
    {Defect::kWrongPayloadHash, "wrong-payload-hash"},
    {Defect::kMissingContentSha256, "missing-content-sha256"},
    {Defect::kAlteredSignature, "altered-signature"},
    {Defect::kHostOtherBucket, "host-other-bucket"},
    {Defect::kHostOtherAccount, "host-other-account"},
    {Defect::kHostOtherJurisdiction, "host-other-jurisdiction"},
    {Defect::kMethodChanged, "method-changed"},
    {Defect::kQueryRemoved, "query-removed"},
    {Defect::kQueryChanged, "query-changed"},
    {Defect::kAmzDateChanged, "amz-date-changed"},
    {Defect::kPresignExpiresChanged, "presign-expires-changed"},
    {Defect::kSignedHeadersChanged, "signed-headers-changed"},
    {Defect::kCredentialChanged, "credential-changed"},
    {Defect::kSignedHeaderChanged, "signed-header-changed"},
    {Defect::kHostUnsigned, "host-unsigned"},
    {Defect::kAmzDateUnsigned, "amz-date-unsigned"},
    {Defect::kUnsignedPlainHeader, "unsigned-plain-header"},
    {Defect::kHeaderCaseChanged, "header-case-changed"},
}};
constexpr std::array<std::pair<TokenChange, std::string_view>, 5> kChanges{{
    {TokenChange::kUpdate, "update"},
    {TokenChange::kDisable, "disable"},
    {TokenChange::kEnable, "enable"},
    {TokenChange::kRoll, "roll"},
    {TokenChange::kDelete, "delete"},
}};

}  // namespace

std::string_view http_method(model::Operation op) {
  using model::Operation;
  switch (op) {
    case Operation::kHeadBucket:
    case Operation::kHeadObject:
      return "HEAD";
    case Operation::kCreateBucket:
    case Operation::kPutBucketCors:
    case Operation::kPutBucketLifecycleConfiguration:
    case Operation::kPutObject:
    case Operation::kCopyObject:
    case Operation::kUploadPart:
    case Operation::kUploadPartCopy:
      return "PUT";
    case Operation::kDeleteBucket:
    case Operation::kDeleteBucketCors:
    case Operation::kDeleteObject:
    case Operation::kAbortMultipartUpload:
      return "DELETE";
    case Operation::kDeleteObjects:
    case Operation::kCreateMultipartUpload:
    case Operation::kCompleteMultipartUpload:
      return "POST";
    default:
      return "GET";
  }
}

namespace {

std::string_view jur_suffix(model::Jurisdiction j) {
  switch (j) {
    case model::Jurisdiction::kDefault:
      return "";
    case model::Jurisdiction::kEu:
      return " @eu";
    case model::Jurisdiction::kFedramp:
      return " @fedramp";
  }
  return "";
}

std::string short_account(std::string_view a) { return std::string(a.substr(0, 6)); }

std::string_view group_short_name(std::string_view id) {
  if (id == model::kStorageWriteId) return "Storage Write";
  if (id == model::kStorageReadId) return "Storage Read";
  if (id == model::kItemWriteId) return "Item Write";
  if (id == model::kItemReadId) return "Item Read";
  if (const auto* g = model::find_group(id)) return g->name;
  return id;
}

}  // namespace

std::string_view to_string(Addressing a) { return name_of(kAddressing, a); }
std::string_view to_string(AuthMode a) { return name_of(kAuth, a); }
std::string_view to_string(Defect d) { return name_of(kDefects, d); }
std::string_view to_string(TokenChange c) { return name_of(kChanges, c); }
std::optional<Addressing> parse_addressing(std::string_view s) { return lookup(kAddressing, s); }
std::optional<AuthMode> parse_auth_mode(std::string_view s) { return lookup(kAuth, s); }
std::optional<Defect> parse_defect(std::string_view s) { return lookup(kDefects, s); }
std::optional<TokenChange> parse_token_change(std::string_view s) { return lookup(kChanges, s); }

const std::vector<Defect>& all_defects() {
  static const std::vector<Defect> all = [] {
    std::vector<Defect> v;
    for (const auto& [d, name] : kDefects) v.push_back(d);
    return v;
  }();
  return all;
}

bool defect_applies(Defect d, AuthMode a) {
  if (d == Defect::kNone) return true;
  if (a == AuthMode::kAnonymous || a == AuthMode::kSigV2) return false;
  const bool header_only = d == Defect::kSkewPast || d == Defect::kSkewFuture || d == Defect::kWrongPayloadHash ||
                           d == Defect::kMissingContentSha256 || d == Defect::kMalformedAuthorization ||
                           d == Defect::kHostUnsigned || d == Defect::kAmzDateUnsigned;
  const bool presign_only =
      d == Defect::kPresignExpired || d == Defect::kPresignOverlong || d == Defect::kPresignExpiresChanged;
  if (a == AuthMode::kPresigned) return !header_only;
  return !presign_only;
}

const WorldToken* find_token(const World& w, std::string_view ref) {
  for (const auto& t : w.tokens)
    if (t.ref == ref) return &t;
  return nullptr;
}

std::string show(const S3Step& s) {
  std::string target = "/";
  if (!s.bucket.empty()) {
    target += s.bucket;
    if (!s.key.empty()) target += "/" + s.key;
  }
  std::string query;
  using model::Operation;
  switch (s.op) {
    case Operation::kPutBucketCors:
    case Operation::kDeleteBucketCors:
    case Operation::kGetBucketCors:
      query = "?cors";
      break;
    case Operation::kPutBucketLifecycleConfiguration:
    case Operation::kGetBucketLifecycleConfiguration:
      query = "?lifecycle";
      break;
    case Operation::kGetBucketEncryption:
      query = "?encryption";
      break;
    case Operation::kGetBucketLocation:
      query = "?location";
      break;
    case Operation::kListObjectsV2:
      query = "?list-type=2";
      break;
    case Operation::kListMultipartUploads:
    case Operation::kCreateMultipartUpload:
      query = "?uploads";
      break;
    case Operation::kDeleteObjects:
      query = "?delete";
      break;
    case Operation::kUploadPart:
    case Operation::kUploadPartCopy:
      query = fmt::format("?partNumber=1&uploadId=<upload of step {}>", s.upload);
      break;
    case Operation::kListParts:
    case Operation::kCompleteMultipartUpload:
    case Operation::kAbortMultipartUpload:
      query = fmt::format("?uploadId=<upload of step {}>", s.upload);
      break;
    default:
      break;
  }
  std::string line = fmt::format("{} {}{} ({})", http_method(s.op), target, query, model::to_string(s.op));
  if (model::is_copy(s.op))
    line += fmt::format(" copy-source /{}/{}", s.copy_source_bucket, s.copy_source_key);
  if (s.auth == AuthMode::kAnonymous)
    line += " anonymously";
  else
    line += fmt::format(" as {}", s.token);
  line += fmt::format(" [acct {}{}, {}, {}", short_account(s.endpoint_account), jur_suffix(s.endpoint_jurisdiction),
                      to_string(s.addressing), to_string(s.auth));
  if (s.unsigned_payload) line += ", unsigned payload";
  if (s.streaming) line += ", streaming";
  if (!s.prefix.empty()) line += fmt::format(", prefix \"{}\"", s.prefix);
  if (!s.delimiter.empty()) line += fmt::format(", delimiter \"{}\"", s.delimiter);
  if (s.max_keys > 0) line += fmt::format(", pages of {}", s.max_keys);
  if (s.defect != Defect::kNone) line += fmt::format(", defect {}", to_string(s.defect));
  line += fmt::format("] from {}", s.source_ip);
  return line;
}

std::string_view api_method(model::ApiEndpoint e) {
  switch (e) {
    case model::ApiEndpoint::kCreate: return "POST";
    case model::ApiEndpoint::kUpdate:
    case model::ApiEndpoint::kRoll: return "PUT";
    case model::ApiEndpoint::kDelete: return "DELETE";
    default: return "GET";
  }
}

std::string api_path(const ApiStep& s, const std::string& subject_id) {
  std::string path = s.owner.empty() ? "/user/tokens" : "/accounts/" + s.owner + "/tokens";
  switch (s.endpoint) {
    case model::ApiEndpoint::kVerify: return path + "/verify";
    case model::ApiEndpoint::kPermissionGroups: return path + "/permission_groups";
    case model::ApiEndpoint::kList: return path + "?per_page=50";
    case model::ApiEndpoint::kCreate: return path;
    case model::ApiEndpoint::kRoll: return path + "/" + subject_id + "/value";
    default: return path + "/" + subject_id;
  }
}

std::string show(const ApiStep& s) {
  std::string subject = s.subject_step >= 0 ? fmt::format("<token of step {}>", s.subject_step)
                        : !s.subject.empty() ? "<" + s.subject + ">"
                                             : std::string(kNoSuchTokenId);
  std::string line = fmt::format("token API {} {} ({})", api_method(s.endpoint), api_path(s, subject), model::to_string(s.endpoint));
  line += s.bearer.empty() ? " without a bearer" : " as " + s.bearer;
  if (!s.body.empty()) line += fmt::format(" body {}", s.body.size() > 160 ? s.body.substr(0, 160) + "…" : s.body);
  line += " from " + s.source_ip;
  return line;
}

std::string show(const Step& step) {
  if (const auto* s3 = std::get_if<S3Step>(&step)) return show(*s3);
  if (const auto* a = std::get_if<ApiStep>(&step)) return show(*a);
  if (const auto* t = std::get_if<TokenStep>(&step)) {
    std::string line = fmt::format("token API: {} {}", to_string(t->change), t->token);
    if (t->change == TokenChange::kUpdate && t->replacement) {
      WorldToken shown{t->token, *t->replacement};
      line += " → " + show(shown);
    }
    return line;
  }
  const auto& c = std::get<ClockStep>(step);
  return fmt::format("clock: advance {} s", c.advance_seconds);
}

std::string show(const WorldToken& t) {
  std::string out = t.ref + ":";
  if (t.token.status != model::TokenStatus::kActive) out += fmt::format(" [{}]", model::to_string(t.token.status));
  bool first = true;
  for (const auto& p : t.token.policies) {
    out += first ? " " : "; ";
    first = false;
    out += model::to_string(p.effect);
    std::string groups;
    for (const auto& g : p.permission_groups) groups += (groups.empty() ? "" : "+") + std::string(group_short_name(g));
    std::string resources;
    for (const auto& r : p.resources) resources += (resources.empty() ? "" : ", ") + model::describe(r);
    out += fmt::format(" {} on {}", groups, resources);
  }
  if (t.token.condition) {
    const auto& c = *t.token.condition;
    if (c.in) {
      std::string in;
      for (const auto& r : *c.in) in += (in.empty() ? "" : ",") + model::format_cidr(r);
      out += fmt::format("; ip in [{}]", in);
    }
    if (c.not_in) {
      std::string nin;
      for (const auto& r : *c.not_in) nin += (nin.empty() ? "" : ",") + model::format_cidr(r);
      out += fmt::format("; ip not in [{}]", nin);
    }
  }
  if (t.token.not_before) out += "; not_before " + model::format_rfc3339(*t.token.not_before);
  if (t.token.expires_on) out += "; expires_on " + model::format_rfc3339(*t.token.expires_on);
  return out;
}

}  // namespace scopecheck::scenario
