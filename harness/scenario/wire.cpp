#include "harness/scenario/wire.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <openssl/evp.h>

#include "harness/model/cidr.h"
#include "harness/model/timestamp.h"
#include "harness/sigv4/chunked.h"
#include "harness/sigv4/constants.h"
#include "harness/sigv4/crypto.h"
#include "harness/sigv4/signer.h"
#include "harness/sigv4/sigv2.h"
#include "harness/sigv4/uri_encode.h"
#include "harness/targets/s3_admin.h"

namespace scopecheck::scenario {
namespace {

using model::Operation;

std::string md5_base64(std::string_view bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(bytes.data(), bytes.size(), digest, &len, EVP_md5(), nullptr);
  return sigv4::base64(std::string_view(reinterpret_cast<const char*>(digest), len));
}

const char* kCorsXml =
    "<CORSConfiguration><CORSRule><AllowedOrigin>https://example.com</AllowedOrigin>"
    "<AllowedMethod>GET</AllowedMethod></CORSRule></CORSConfiguration>";
const char* kLifecycleXml =
    "<LifecycleConfiguration><Rule><ID>expire</ID><Filter><Prefix>tmp/</Prefix></Filter><Status>Enabled</Status>"
    "<Expiration><Days>7</Days></Expiration></Rule></LifecycleConfiguration>";

std::string xml_escape(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

// A 32-hex key id that no target made: stable, so cases replay byte for byte.
constexpr std::string_view kUnknownKeyId = "0000000000000000000000000000dead";
constexpr std::string_view kGarbageSecret = "0000000000000000000000000000000000000000000000000000000000000000";

// The query of a request target as its raw `name=value` pieces, and back.
std::vector<std::string> query_pieces(const std::string& target) {
  std::vector<std::string> out;
  const auto q = target.find('?');
  if (q == std::string::npos) return out;
  size_t pos = q + 1;
  while (pos <= target.size()) {
    const auto amp = target.find('&', pos);
    const std::string piece = target.substr(pos, amp == std::string::npos ? std::string::npos : amp - pos);
    if (!piece.empty()) out.push_back(piece);
    if (amp == std::string::npos) break;
    pos = amp + 1;
  }
  return out;
}

std::string with_query(const std::string& target, const std::vector<std::string>& pieces) {
  std::string out = target.substr(0, target.find('?'));
  for (size_t i = 0; i < pieces.size(); ++i) out += (i == 0 ? "?" : "&") + pieces[i];
  return out;
}

std::string piece_name(const std::string& piece) { return sigv4::percent_decode_lenient(piece.substr(0, piece.find('='))); }

bool is_presign_parameter(std::string_view name) { return name.substr(0, 6) == "X-Amz-"; }

// The first query parameter that is not SigV4 query auth: the operation's own (uploads,
// partNumber, list-type, prefix, …) or the x-id added for an operation without one.
std::optional<size_t> operation_parameter(const std::vector<std::string>& pieces) {
  for (size_t i = 0; i < pieces.size(); ++i)
    if (!is_presign_parameter(piece_name(pieces[i]))) return i;
  return std::nullopt;
}

// A value that differs and still reads as a value of its kind: a number moves by one, a bare
// marker (`uploads=`) gets one, anything else grows a letter.
std::string changed_value(const std::string& value) {
  if (value.empty()) return "1";
  if (std::all_of(value.begin(), value.end(), [](unsigned char c) { return std::isdigit(c); }) && value.size() < 9)
    return std::to_string(std::stoll(value) == 1 ? 2 : std::stoll(value) - 1);
  return value + "x";
}

// The method a request signed for one is replayed with, one that still routes to an operation
// of the same resource: a read replayed as another read or a delete of what a write made.
std::string_view replayed_method(std::string_view m) {
  if (m == "GET") return "HEAD";
  if (m == "HEAD") return "GET";
  if (m == "PUT") return "DELETE";
  return "GET";  // DELETE, POST
}

std::string* find_header_value(sigv4::HttpRequest& req, std::string_view name) {
  for (auto& [n, v] : req.headers)
    if (sigv4::iequals(n, name)) return &v;
  return nullptr;
}

}  // namespace

std::string request_target(const S3Step& step, const std::string& query) {
  std::string path = "/";
  if (step.addressing == Addressing::kPath && !step.bucket.empty()) {
    path += sigv4::uri_encode(step.bucket);
    if (!step.key.empty()) path += "/";
  }
  if (!step.key.empty()) path += sigv4::uri_encode(step.key, true);
  return query.empty() ? path : path + "?" + query;
}

model::Request step_facts(const S3Step& step) {
  model::Request f;
  f.operation = step.op;
  f.account = step.endpoint_account;
  f.jurisdiction = step.endpoint_jurisdiction;
  f.bucket = step.bucket;
  f.key = step.key;
  f.source_bucket = step.copy_source_bucket;
  f.source_key = step.copy_source_key;
  if (auto ip = model::parse_ip(step.source_ip)) f.source_ip = *ip;
  return f;
}

BuiltRequest build_request(const S3Step& step, const WireContext& ctx) {
  BuiltRequest out;
  out.facts = step_facts(step);
  auto& f = out.facts;

  std::string upload_id = "scopecheck-no-such-upload";
  if (step.upload >= 0 && ctx.upload_ids) {
    auto it = ctx.upload_ids->find(step.upload);
    if (it != ctx.upload_ids->end()) upload_id = it->second;
  }

  // Method, query, headers and body of the operation (SC-OP-2 markers).
  std::string query;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  switch (step.op) {
    case Operation::kPutBucketCors:
      query = "cors=";
      body = kCorsXml;
      headers.emplace_back("Content-MD5", md5_base64(body));
      break;
    case Operation::kDeleteBucketCors:
    case Operation::kGetBucketCors:
      query = "cors=";
      break;
    case Operation::kPutBucketLifecycleConfiguration:
      query = "lifecycle=";
      body = kLifecycleXml;
      headers.emplace_back("Content-MD5", md5_base64(body));
      break;
    case Operation::kGetBucketLifecycleConfiguration:
      query = "lifecycle=";
      break;
    case Operation::kGetBucketEncryption:
      query = "encryption=";
      break;
    case Operation::kGetBucketLocation:
      query = "location=";
      break;
    case Operation::kListObjectsV2:
      query = "list-type=2";
      break;
    case Operation::kListMultipartUploads:
    case Operation::kCreateMultipartUpload:
      query = "uploads=";
      break;
    case Operation::kDeleteObjects: {
      query = "delete=";
      const std::string key = step.key.empty() ? "a.txt" : step.key;
      body = "<Delete><Object><Key>" + xml_escape(key) + "</Key></Object><Quiet>false</Quiet></Delete>";
      headers.emplace_back("Content-MD5", md5_base64(body));
      f.delete_keys = {key};
      f.key.clear();
      break;
    }
    case Operation::kPutObject:
      body = targets::object_body(step.key);
      break;
    case Operation::kUploadPart:
      query = "partNumber=1&uploadId=" + sigv4::uri_encode(upload_id);
      body = targets::object_body(step.key);
      f.upload_id = upload_id;
      break;
    case Operation::kUploadPartCopy:
      query = "partNumber=1&uploadId=" + sigv4::uri_encode(upload_id);
      f.upload_id = upload_id;
      break;
    case Operation::kListParts:
    case Operation::kAbortMultipartUpload:
      query = "uploadId=" + sigv4::uri_encode(upload_id);
      f.upload_id = upload_id;
      break;
    case Operation::kCompleteMultipartUpload: {
      query = "uploadId=" + sigv4::uri_encode(upload_id);
      f.upload_id = upload_id;
      body = "<CompleteMultipartUpload>";
      std::vector<PartRecord> parts;
      if (ctx.parts && step.upload >= 0) {
        auto it = ctx.parts->find(step.upload);
        if (it != ctx.parts->end()) parts = it->second;
      }
      if (parts.empty()) parts.push_back({1, "\"00000000000000000000000000000000\""});
      for (const auto& p : parts)
        body += fmt::format("<Part><PartNumber>{}</PartNumber><ETag>{}</ETag></Part>", p.number, xml_escape(p.etag));
      body += "</CompleteMultipartUpload>";
      break;
    }
    default:
      break;
  }
  // An object listing's scope and page: prefix, delimiter, max-keys and the marker of the page before.
  const bool object_list = step.op == Operation::kListObjects || step.op == Operation::kListObjectsV2;
  if (object_list) {
    auto add_query = [&](std::string_view name, const std::string& value) {
      query += (query.empty() ? "" : "&") + std::string(name) + "=" + sigv4::uri_encode(value);
    };
    if (!step.delimiter.empty()) add_query("delimiter", step.delimiter);
    if (step.max_keys > 0) add_query("max-keys", std::to_string(step.max_keys));
    if (!step.prefix.empty()) add_query("prefix", step.prefix);
    if (!ctx.page_marker.empty()) {
      add_query(step.op == Operation::kListObjectsV2 ? "continuation-token" : "marker", ctx.page_marker);
    }
  }
  // Perturbations that change a signed element need it there when signing: a query parameter for
  // an operation without one (x-id, as the AWS SDKs add), an x-amz-meta-* header.
  if ((step.defect == Defect::kQueryRemoved || step.defect == Defect::kQueryChanged) && query.empty())
    query = "x-id=" + std::string(model::to_string(step.op));
  if (step.defect == Defect::kSignedHeaderChanged) headers.emplace_back("x-amz-meta-scopecheck", "signed");
  if (model::is_copy(step.op))
    headers.emplace_back("x-amz-copy-source",
                         "/" + sigv4::uri_encode(step.copy_source_bucket) + "/" + sigv4::uri_encode(step.copy_source_key, true));

  sigv4::HttpRequest req;
  req.method = std::string(http_method(step.op));
  req.target = request_target(step, query);
  const std::string vhost_bucket = step.addressing == Addressing::kVirtualHost ? step.bucket : "";
  req.headers.emplace_back("Host", ctx.target->s3_host(step.endpoint_account, step.endpoint_jurisdiction, vhost_bucket));
  for (auto& h : headers) req.headers.push_back(h);
  req.body = body;

  // Credentials and which secret signs.
  const auto* creds = ctx.creds ? &ctx.creds->at(step.token) : nullptr;
  std::string key_id = creds ? creds->id : std::string(kUnknownKeyId);
  std::string secret = creds ? creds->secret() : std::string(kGarbageSecret);
  f.secret = model::SecretUsed::kCurrent;
  if (creds && creds->secret_override.empty()) f.token_value = creds->value;
  switch (step.defect) {
    case Defect::kWrongSecret:
      secret = std::string(kGarbageSecret);
      f.secret = model::SecretUsed::kGarbage;
      f.token_value.reset();
      break;
    case Defect::kRawValueSecret:
      if (creds && creds->secret_override.empty()) {
        secret = creds->value;
        f.secret = model::SecretUsed::kRawValue;
      } else {
        secret = std::string(kGarbageSecret);
        f.secret = model::SecretUsed::kGarbage;
      }
      f.token_value.reset();
      break;
    case Defect::kOldSecret: {
      auto it = ctx.rolled_away ? ctx.rolled_away->find(step.token) : decltype(ctx.rolled_away->end()){};
      if (ctx.rolled_away && it != ctx.rolled_away->end()) {
        secret = sigv4::sha256_hex(it->second);
        f.secret = model::SecretUsed::kOldRolled;
        f.token_value = it->second;
      } else {
        secret = std::string(kGarbageSecret);
        f.secret = model::SecretUsed::kGarbage;
        f.token_value.reset();
      }
      break;
    }
    case Defect::kOtherTokenSecret: {
      const targets::TokenCredentials* other = nullptr;
      for (const auto& [ref, c] : *ctx.creds)
        if (ref != step.token) other = &c;
      secret = other ? other->secret() : std::string(kGarbageSecret);
      f.secret = other ? model::SecretUsed::kOtherToken : model::SecretUsed::kGarbage;
      f.token_value.reset();
      break;
    }
    case Defect::kUnknownKey:
      key_id = std::string(kUnknownKeyId);
      break;
    case Defect::kUppercaseKeyId:
      std::transform(key_id.begin(), key_id.end(), key_id.begin(), [](unsigned char c) { return std::toupper(c); });
      break;
    case Defect::kShortKeyId:
      key_id = key_id.substr(0, 20);
      break;
    default:
      break;
  }
  f.access_key_id = key_id;

  sigv4::SignOptions opt;
  // Each worker thread keeps its own cache: no lock is shared between workers.
  thread_local sigv4::SigningKeyCache key_cache(1024);
  opt.key_cache = &key_cache;
  opt.time = std::chrono::sys_seconds(std::chrono::seconds(ctx.now));
  opt.region = ctx.target->capabilities().signing_region;
  if (step.defect == Defect::kWrongRegion) opt.region = "eu-west-1";
  if (step.defect == Defect::kWrongService) {
    opt.service = "ec2";
    f.defects.wrong_service = true;
  }
  if (step.defect == Defect::kSkewPast) opt.time -= std::chrono::seconds(1200);
  if (step.defect == Defect::kSkewFuture) opt.time += std::chrono::seconds(1200);
  if (step.defect == Defect::kPresignExpired) opt.time -= std::chrono::seconds(7200);
  f.region = opt.region;
  f.amz_date = opt.time.time_since_epoch().count();
  // The model judges the key id the harness knows the token by (`key_id`: a static target's
  // 32-hex alias of a key of another length); the bytes carry the key the server knows, signed in
  // (no transport swaps it afterwards). A defect that changed the key id keeps its own.
  const std::string wire_key_id = creds && key_id == creds->id ? creds->key_on_the_wire() : key_id;
  out.key_id = step.auth == AuthMode::kAnonymous ? std::string() : wire_key_id;
  const sigv4::Credentials sc{wire_key_id, secret, {}};

  switch (step.auth) {
    case AuthMode::kAnonymous:
      f.auth = model::AuthKind::kAnonymous;
      f.access_key_id.clear();
      f.token_value.reset();
      f.amz_date.reset();
      break;
    case AuthMode::kSigV2: {
      f.auth = model::AuthKind::kSigV2;
      f.amz_date.reset();
      // A real SigV2 signature (HMAC-SHA1, Date at the target's clock): targets that still
      // verify SigV2 (RGW, Swift's s3api) must see a correct request unless a defect says not.
      req = sigv4::sign_sigv2(std::move(req), wire_key_id, secret, opt.time, vhost_bucket);
      break;
    }
    case AuthMode::kPresigned: {
      f.auth = model::AuthKind::kPresigned;
      int64_t expires = 3600;
      if (step.defect == Defect::kPresignOverlong) expires = 604801;
      f.expires = expires;
      req = sigv4::presign(std::move(req), sc, opt, expires);
      break;
    }
    case AuthMode::kHeader: {
      f.auth = model::AuthKind::kHeader;
      if (step.unsigned_payload) opt.payload_hash = "UNSIGNED-PAYLOAD";
      if (step.defect == Defect::kWrongPayloadHash) {
        opt.payload_hash = sigv4::sha256_hex("not the body");
        f.defects.payload_hash_mismatch = true;
      }
      if (step.defect == Defect::kMissingContentSha256) {
        opt.add_content_sha256_header = false;
        f.defects.missing_content_sha256 = true;
      }
      // SC-SIG-12: the payload goes aws-chunked, each chunk signed in a chain from the seed
      // signature, as the AWS SDKs send uploads.
      const bool streaming = step.streaming && !step.unsigned_payload && !req.body.empty();
      sigv4::SigningDetails details;
      if (streaming) {
        opt.payload_hash = std::string(sigv4::kStreamingPayload);
        req.headers.emplace_back("Content-Encoding", "aws-chunked");
        req.headers.emplace_back("x-amz-decoded-content-length", std::to_string(req.body.size()));
        f.defects.streaming = true;
      }
      // Left out of SignedHeaders but sent: host (taken out while signing, put back after) and
      // x-amz-date (the signer told to leave it out).
      std::optional<std::string> host_unsigned;
      if (step.defect == Defect::kHostUnsigned) {
        if (auto h = req.header("Host")) host_unsigned = std::string(*h);
        req.remove_header("Host");
        f.unsigned_headers.push_back("host");
      }
      if (step.defect == Defect::kAmzDateUnsigned) {
        opt.leave_unsigned = {"x-amz-date"};
        f.unsigned_headers.push_back("x-amz-date");
      }
      req = sigv4::sign_headers(std::move(req), sc, opt, streaming ? &details : nullptr);
      if (host_unsigned) req.headers.insert(req.headers.begin(), {"Host", *host_unsigned});
      if (streaming) {
        const std::string amz_date = model::format_amz_date(opt.time.time_since_epoch().count());
        const std::string date8 = amz_date.substr(0, 8);
        const sigv4::ChunkSigningContext chunk_ctx{sigv4::derive_signing_key(secret, date8, opt.region, opt.service),
                                                   amz_date, date8 + "/" + opt.region + "/" + opt.service + "/aws4_request"};
        req.body = sigv4::encode_aws_chunked(req.body, chunk_ctx, details.signature).body;
      }
      break;
    }
  }

  // Defects applied after signing.
  const bool signed_request = step.auth == AuthMode::kHeader || step.auth == AuthMode::kPresigned;
  if (signed_request) {
    switch (step.defect) {
      case Defect::kUnsignedAmzHeader:
        req.headers.emplace_back("x-amz-meta-unsigned", "1");
        f.defects.unsigned_header = true;
        break;
      case Defect::kTamperedQuery:
        req.target += (req.target.find('?') == std::string::npos ? "?" : "&") + std::string("scopecheck-tampered=1");
        f.defects.tampered = true;
        break;
      case Defect::kTamperedPath: {
        // A changed key (or bucket, for bucket requests) after signing: what the target sees.
        const auto q = req.target.find('?');
        std::string path = req.target.substr(0, q);
        std::string rest = q == std::string::npos ? "" : req.target.substr(q);
        if (!step.key.empty()) {
          path += "x";
          f.key = step.key + "x";
        } else if (step.addressing == Addressing::kPath && !step.bucket.empty()) {
          path += "x";
          f.bucket = step.bucket + "x";
        } else {
          rest += (rest.empty() ? "?" : "&") + std::string("scopecheck-tampered=1");
        }
        req.target = path + rest;
        f.defects.tampered = true;
        break;
      }
      case Defect::kScopeDateMismatch: {
        // Rewrite the scope date to the day before: the scope no longer matches x-amz-date.
        const int64_t signed_at = opt.time.time_since_epoch().count();
        const std::string date8 = model::format_amz_date(signed_at - 86400).substr(0, 8);
        const std::string real8 = model::format_amz_date(signed_at).substr(0, 8);
        for (auto& [name, value] : req.headers)
          if (sigv4::iequals(name, "Authorization")) {
            auto at = value.find("/" + real8 + "/");
            if (at != std::string::npos) value.replace(at + 1, 8, date8);
          }
        auto at = req.target.find("%2F" + real8 + "%2F");
        if (at != std::string::npos) req.target.replace(at + 3, 8, date8);
        f.defects.wrong_scope_date = true;
        break;
      }
      case Defect::kAlteredSignature: {
        auto flip = [](std::string& text, size_t at) { text[at] = text[at] == '0' ? '1' : '0'; };
        for (auto& [name, value] : req.headers)
          if (sigv4::iequals(name, "Authorization") && !value.empty()) flip(value, value.size() - 1);
        if (step.auth == AuthMode::kPresigned) {
          const auto at = req.target.find("X-Amz-Signature=");
          if (at != std::string::npos) flip(req.target, at + 16 + 63);
        }
        f.defects.signature_altered = true;
        break;
      }
      case Defect::kHostOtherBucket:
      case Defect::kHostOtherAccount:
      case Defect::kHostOtherJurisdiction: {
        std::string account = step.endpoint_account;
        model::Jurisdiction jurisdiction = step.endpoint_jurisdiction;
        std::string bucket = vhost_bucket;
        if (step.defect == Defect::kHostOtherBucket) {
          // Another bucket of the world, else a near name: what a virtual-hosted name would call.
          bucket = step.bucket.empty() ? "scopecheck-other" : step.bucket + "-archive";
          if (ctx.world)
            for (const auto& b : ctx.world->buckets)
              if (b.where.name != step.bucket) bucket = b.where.name;
        } else if (step.defect == Defect::kHostOtherAccount) {
          account = "0123456789abcdef0123456789abcdef";
          if (ctx.world)
            for (const auto& a : ctx.world->accounts)
              if (a != step.endpoint_account) account = a;
          if (account == step.endpoint_account) account = "fedcba9876543210fedcba9876543210";
        } else {
          jurisdiction = jurisdiction == model::Jurisdiction::kEu ? model::Jurisdiction::kDefault : model::Jurisdiction::kEu;
        }
        // A target whose endpoints do not tell accounts or jurisdictions apart gives the same
        // Host: nothing changed, and the facts say so.
        const std::string host = ctx.target->s3_host(account, jurisdiction, bucket);
        if (auto* h = find_header_value(req, "Host"); h && *h != host) {
          *h = host;
          f.alterations.push_back({model::SignedPart::kHost, "host", true});
        }
        break;
      }
      case Defect::kMethodChanged:
        req.method = std::string(replayed_method(req.method));
        f.alterations.push_back({model::SignedPart::kMethod, "", false});
        break;
      case Defect::kQueryRemoved:
      case Defect::kQueryChanged: {
        auto pieces = query_pieces(req.target);
        if (const auto at = operation_parameter(pieces)) {
          const std::string name = piece_name(pieces[*at]);
          if (step.defect == Defect::kQueryRemoved) {
            pieces.erase(pieces.begin() + static_cast<std::ptrdiff_t>(*at));
          } else {
            const auto eq = pieces[*at].find('=');
            const std::string raw_name = pieces[*at].substr(0, eq);
            const std::string value = eq == std::string::npos ? "" : pieces[*at].substr(eq + 1);
            pieces[*at] = raw_name + "=" + changed_value(value);
          }
          req.target = with_query(req.target, pieces);
          f.alterations.push_back({model::SignedPart::kQuery, name, false});
        }
        break;
      }
      case Defect::kAmzDateChanged: {
        // One minute, towards the middle of the day: the scope's date stays the date of the new
        // x-amz-date (else it would be SC-SIG-3), and the request stays inside its skew and expiry.
        const int64_t signed_at = opt.time.time_since_epoch().count();
        const int64_t moved = signed_at % 86400 >= 43200 ? signed_at - 60 : signed_at + 60;
        const std::string from = model::format_amz_date(signed_at), to = model::format_amz_date(moved);
        if (step.auth == AuthMode::kHeader) {
          if (auto* h = find_header_value(req, "x-amz-date")) *h = to;
          f.alterations.push_back({model::SignedPart::kHeader, "x-amz-date", true});
        } else {
          const auto at = req.target.find("X-Amz-Date=" + from);
          if (at != std::string::npos) req.target.replace(at + 11, from.size(), to);
          f.alterations.push_back({model::SignedPart::kQuery, "X-Amz-Date", false});
        }
        f.amz_date = moved;
        break;
      }
      case Defect::kPresignExpiresChanged: {
        const std::string from = "X-Amz-Expires=" + std::to_string(f.expires);
        const auto at = req.target.find(from);
        if (at != std::string::npos) {
          req.target.replace(at, from.size(), "X-Amz-Expires=86400");
          f.expires = 86400;
          f.alterations.push_back({model::SignedPart::kQuery, "X-Amz-Expires", false});
        }
        break;
      }
      case Defect::kSignedHeadersChanged: {
        // A name appended to the list (it sorts last among what the harness signs), not sent.
        bool changed = false;
        if (auto* h = find_header_value(req, "Authorization")) {
          const auto at = h->find(", Signature=");
          if (at != std::string::npos) {
            h->insert(at, ";x-scopecheck");
            changed = true;
          }
        } else {
          auto pieces = query_pieces(req.target);
          for (auto& piece : pieces)
            if (piece_name(piece) == "X-Amz-SignedHeaders") {
              piece += "%3Bx-scopecheck";
              changed = true;
            }
          req.target = with_query(req.target, pieces);
        }
        if (changed) f.alterations.push_back({model::SignedPart::kSignedHeaders, "", false});
        break;
      }
      case Defect::kCredentialChanged: {
        // The scope's region swapped for the other one R2 accepts; a target that accepts only its
        // own region refuses it as SC-SIG-4 (the model judges the region too).
        const std::string date8 = model::format_amz_date(opt.time.time_since_epoch().count()).substr(0, 8);
        const std::string other = opt.region == "us-east-1" ? "auto" : "us-east-1";
        bool changed = false;
        if (auto* h = find_header_value(req, "Authorization")) {
          const std::string from = "/" + date8 + "/" + opt.region + "/";
          if (const auto at = h->find(from); at != std::string::npos) {
            h->replace(at, from.size(), "/" + date8 + "/" + other + "/");
            changed = true;
          }
        } else {
          const std::string from = "%2F" + date8 + "%2F" + opt.region + "%2F";
          if (const auto at = req.target.find(from); at != std::string::npos) {
            req.target.replace(at, from.size(), "%2F" + date8 + "%2F" + other + "%2F");
            changed = true;
          }
        }
        if (changed) {
          f.region = other;
          f.alterations.push_back({model::SignedPart::kCredentialScope, "", false});
        }
        break;
      }
      case Defect::kSignedHeaderChanged:
        if (auto* h = find_header_value(req, "x-amz-meta-scopecheck")) {
          *h = "changed";
          f.alterations.push_back({model::SignedPart::kHeader, "x-amz-meta-scopecheck", true});
        }
        break;
      case Defect::kUnsignedPlainHeader:
        // What a proxy adds on the way: a header SigV4 does not require signed.
        req.headers.emplace_back("Cache-Control", "no-cache");
        f.unsigned_headers.push_back("cache-control");
        break;
      case Defect::kHeaderCaseChanged:
        // Names are case-insensitive and lowercased before signing: host in lower case, every
        // x-amz-* header in upper case.
        for (auto& [name, value] : req.headers) {
          std::string changed = name;
          if (sigv4::iequals(name, "Host")) {
            changed = "host";
          } else if (name.size() > 6 && sigv4::iequals(name.substr(0, 6), "x-amz-")) {
            std::transform(changed.begin(), changed.end(), changed.begin(), [](unsigned char c) { return std::toupper(c); });
          }
          if (changed != name) {
            std::string lower = changed;
            std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
            f.alterations.push_back({model::SignedPart::kHeaderNameCase, lower, false});
            name = changed;
          }
        }
        break;
      case Defect::kMalformedAuthorization:
        for (auto& [name, value] : req.headers)
          if (sigv4::iequals(name, "Authorization")) value = "AWS4-HMAC-SHA256 Credential=" + key_id + ", Signature=";
        f.defects.auth_unparsable = true;
        break;
      default:
        break;
    }
  }

  out.http.method = req.method;
  out.http.target = req.target;
  out.http.headers = req.headers;
  out.http.body = req.body;
  return out;
}

}  // namespace scopecheck::scenario
