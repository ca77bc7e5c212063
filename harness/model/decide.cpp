#include "harness/model/decide.h"

#include <algorithm>

namespace scopecheck::model {
namespace {

// Rank in the precedence order: the class's position in §8, except that under
// existence_before_authorization no-such-bucket sits just before access-denied, and under
// ip_condition_in_authorization ip-denied sits just before access-denied (after such a
// no-such-bucket).
int rank(OutcomeClass c, const DecideOptions& options) {
  const int denied = static_cast<int>(OutcomeClass::kAccessDenied) * 4;
  if (c == OutcomeClass::kNoSuchBucket && options.existence_before_authorization) return denied - 2;
  if (c == OutcomeClass::kIpDenied && options.ip_condition_in_authorization) return denied - 1;
  return static_cast<int>(c) * 4;
}

bool ip_admitted(const IpCondition& c, const IpAddress& ip, std::string& why) {
  if (c.in) {
    bool in_any = false;
    for (const Cidr& r : *c.in) in_any = in_any || contains(r, ip);
    if (!in_any) {
      why = c.in->empty() ? "condition has an empty `in` list: no IP is admitted" : format_ip(ip) + " is in no `in` range";
      return false;
    }
  }
  if (c.not_in) {
    for (const Cidr& r : *c.not_in) {
      if (contains(r, ip)) {
        why = format_ip(ip) + " is in the `not_in` range " + format_cidr(r);
        return false;
      }
    }
  }
  return true;
}

// SC-SIG-9: host and every x-amz-* header must be listed in SignedHeaders; any other header may
// be sent unsigned (a proxy's Cache-Control, an unsigned Content-Type).
bool must_be_signed(std::string_view lower_name) {
  return lower_name == "host" || lower_name.substr(0, 6) == "x-amz-";
}

// Why the signature binds an element changed after signing, or "" when it does not: the method,
// the path, every query parameter (presigned: all but X-Amz-Signature), the host and every listed
// header's value are lines of the canonical request; the SignedHeaders list is one too; the
// credential scope is part of the string to sign. Header names are lowercased before signing, so
// their letter case is not bound, nor is the value of a header that SignedHeaders does not list.
std::string binding(const Alteration& a) {
  switch (a.part) {
    case SignedPart::kMethod: return "the method changed after signing";
    case SignedPart::kHost: return "the Host changed after signing";
    case SignedPart::kPath: return "the path changed after signing";
    case SignedPart::kQuery: return "query parameter '" + a.name + "' changed after signing";
    case SignedPart::kHeader:
      return a.in_signed_headers ? "signed header '" + a.name + "' changed after signing" : "";
    case SignedPart::kHeaderNameCase: return "";
    case SignedPart::kSignedHeaders: return "the SignedHeaders list changed after signing";
    case SignedPart::kCredentialScope: return "the credential scope changed after signing";
  }
  return "";
}

}  // namespace

Decision decide(const World& world, const Request& req, Timestamp now, const DecideOptions& options) {
  Decision d;
  std::vector<Finding>& f = d.findings;
  auto add = [&](OutcomeClass c, const char* rule, std::string reason) { f.push_back({c, rule, std::move(reason)}); };
  const Defects& x = req.defects;
  const bool sigv4 = req.auth == AuthKind::kHeader || req.auth == AuthKind::kPresigned;
  const bool sigv2_refused = req.auth == AuthKind::kSigV2 && !options.sigv2_supported;
  const Timestamp amz_date = req.amz_date.value_or(now);

  // Tier 1: the request cannot be authenticated at all.
  if (sigv2_refused) add(OutcomeClass::kSigv2Unsupported, "SC-SIG-2", "SigV2 signature");
  if (sigv4) {
    if (x.auth_unparsable) add(OutcomeClass::kMalformedAuth, "SC-SIG-3", "authorization does not parse");
    if (x.wrong_service) add(OutcomeClass::kMalformedAuth, "SC-SIG-3", "credential scope service is not s3");
    if (x.wrong_terminator) add(OutcomeClass::kMalformedAuth, "SC-SIG-3", "credential scope does not end in aws4_request");
    if (x.wrong_scope_date) add(OutcomeClass::kMalformedAuth, "SC-SIG-3", "credential scope date is not the date of x-amz-date");
    if (options.accepted_regions &&
        std::find(options.accepted_regions->begin(), options.accepted_regions->end(), req.region) ==
            options.accepted_regions->end()) {
      add(OutcomeClass::kMalformedAuth, "SC-SIG-4", "region '" + req.region + "' is not accepted");
    }
  }
  if (req.auth == AuthKind::kHeader && x.streaming && !options.streaming_supported) {
    add(OutcomeClass::kStreamingUnsupported, "SC-SIG-12", "streaming payload");
  }
  if (req.auth == AuthKind::kHeader && x.missing_content_sha256) {
    add(OutcomeClass::kMissingContentSha256, "SC-SIG-10", "header auth without x-amz-content-sha256");
  }

  // Tier 2: who is calling.
  const Token* token = nullptr;
  const bool identifiable = !sigv2_refused && !(sigv4 && x.auth_unparsable);
  if (req.auth == AuthKind::kAnonymous) {
    add(OutcomeClass::kAnonymous, "SC-SIG-1", "no credentials");
  } else if (identifiable) {
    if (req.access_key_id.size() != 32) {
      add(OutcomeClass::kMalformedCredential, "SC-TK-2",
          "access key id has length " + std::to_string(req.access_key_id.size()) + ", should be 32");
    } else {
      token = find_token(world, req.access_key_id);
      if (!token) add(OutcomeClass::kUnknownKey, "SC-TK-1", "no token has id " + req.access_key_id);
    }
  }

  // Tier 3: time.
  if (req.auth == AuthKind::kPresigned) {
    if (req.expires < 1 || req.expires > 604800) {
      add(OutcomeClass::kPresignBadExpiry, "SC-SIG-6", "X-Amz-Expires " + std::to_string(req.expires) + " outside 1..604800");
    }
    if (now >= amz_date + req.expires) {
      add(OutcomeClass::kPresignExpired, "SC-SIG-7", "now is at or after X-Amz-Date + X-Amz-Expires");
    }
  }
  if (req.auth == AuthKind::kHeader) {
    Timestamp skew = amz_date > now ? amz_date - now : now - amz_date;
    if (skew > options.max_skew_seconds) {
      add(OutcomeClass::kTimeSkewed, "SC-SIG-5", "x-amz-date is " + std::to_string(skew) + " s from now");
    }
  }

  if (token) {
    // Tier 4: the signature.
    SecretUsed secret = req.secret;
    if (req.token_value) secret = token->value && *req.token_value == *token->value ? SecretUsed::kCurrent : SecretUsed::kOldRolled;
    if (secret == SecretUsed::kOldRolled) {
      add(OutcomeClass::kSignatureMismatch, "SC-TK-5", "signed with a secret the token no longer has");
    } else if (secret != SecretUsed::kCurrent) {
      add(OutcomeClass::kSignatureMismatch, "SC-SIG-8", "signed with the " + std::string(to_string(secret)) + " secret");
    }
    if (x.tampered) add(OutcomeClass::kSignatureMismatch, "SC-SIG-8", "request changed after signing");
    if (x.signature_altered)
      add(OutcomeClass::kSignatureMismatch, "SC-SIG-13", "the signature differs from the right one in its last hex digit");
    if (x.unsigned_header) add(OutcomeClass::kUnsignedHeader, "SC-SIG-9", "an x-amz-* or host header is not signed");
    // What changed after signing: refused where the canonical request or the string to sign
    // holds it (SIGV4.md, "Post-signing perturbations").
    for (const Alteration& a : req.alterations) {
      if (const auto why = binding(a); !why.empty()) add(OutcomeClass::kSignatureMismatch, "SC-SIG-8", why);
    }
    for (const std::string& h : req.unsigned_headers) {
      if (must_be_signed(h)) add(OutcomeClass::kUnsignedHeader, "SC-SIG-9", "header '" + h + "' is sent but not signed");
    }

    // Tier 5: the token's own state at `now`.
    OutcomeClass inactive = options.inactive_as_unknown_key ? OutcomeClass::kUnknownKey : OutcomeClass::kInactiveToken;
    if (token->status != TokenStatus::kActive) {
      add(inactive, "SC-TK-3", "token status is " + std::string(to_string(token->status)));
    }
    if (token->not_before && now < *token->not_before) add(inactive, "SC-TK-3", "now is before not_before");
    if (token->expires_on && now >= *token->expires_on) add(inactive, "SC-TK-3", "now is at or after expires_on");

    // Tier 6: the IP condition.
    std::string why;
    if (token->condition && !ip_admitted(*token->condition, req.source_ip, why)) {
      add(OutcomeClass::kIpDenied, "SC-TK-4", why);
    }
  }

  // Tier 7: the payload.
  if (x.payload_hash_mismatch && req.auth != AuthKind::kAnonymous) {
    add(OutcomeClass::kContentSha256Mismatch, "SC-SIG-11", "x-amz-content-sha256 is not the body's hash");
  }

  // Tier 8: grants.
  if (token) {
    if (req.operation == Operation::kUnsupported) {
      add(OutcomeClass::kAccessDenied, "SC-OP-2", "operation outside the catalogue");
    }
    for (const Requirement& need : requirements(req.operation)) {
      AuthTarget target = need.target == Target::kAccount  ? AuthTarget::of_account(req.account)
                          : need.target == Target::kBucket ? AuthTarget::of_bucket(request_bucket(req))
                                                           : AuthTarget::of_bucket(source_bucket(req));
      Authorization a = authorize(*token, need.capability, target, options);
      if (!a.allowed) {
        std::string what = std::string(to_string(need.capability)) + " on " + describe(target);
        std::string reason = a.explicit_deny ? "a deny policy covers " + what : "no policy grants " + what;
        // The tier that decided comes first: a refused copy source is SC-OP-1's, a call on an
        // open upload that its creator's rights do not carry is SC-OP-3's; otherwise the grants'.
        const bool on_open_upload =
            needs_upload_id(req.operation) && find_upload(world, req.upload_id, request_bucket(req), req.key);
        if (need.target == Target::kCopySource) add(OutcomeClass::kAccessDenied, "SC-OP-1", reason);
        if (on_open_upload) add(OutcomeClass::kAccessDenied, "SC-OP-3", reason);
        for (const std::string& r : a.rules) add(OutcomeClass::kAccessDenied, r.c_str(), reason);
        if (needs_upload_id(req.operation) && !on_open_upload) add(OutcomeClass::kAccessDenied, "SC-OP-3", reason);
      }
      d.requirements.push_back({need, target, std::move(a)});
    }
  }

  // Tier 9: resource state, on the endpoint's account and jurisdiction.
  const BucketRef bucket = request_bucket(req);
  const BucketState* state = find_bucket(world, bucket);
  if (req.operation == Operation::kCreateBucket) {
    if (!is_valid_bucket_name(req.bucket)) {
      add(OutcomeClass::kInvalidBucketName, "SC-PR-1", "'" + req.bucket + "' is not a valid bucket name");
    } else if (state) {
      add(OutcomeClass::kBucketExists, "SC-PR-1", "bucket " + to_string(bucket) + " exists");
    }
  } else if (needs_bucket(req.operation)) {
    if (!state) {
      add(OutcomeClass::kNoSuchBucket, "SC-PR-1", "no bucket " + to_string(bucket));
    } else {
      if (req.operation == Operation::kDeleteBucket && !state->objects.empty()) {
        add(OutcomeClass::kBucketNotEmpty, "SC-PR-1", "bucket holds " + std::to_string(state->objects.size()) + " objects");
      }
      if ((req.operation == Operation::kGetObject || req.operation == Operation::kHeadObject) &&
          !state->objects.count(req.key)) {
        add(OutcomeClass::kNoSuchKey, "SC-PR-1", "no object '" + req.key + "'");
      }
      if (req.operation == Operation::kGetBucketCors && !state->cors) {
        add(OutcomeClass::kNoSuchCorsConfiguration, "SC-PR-1", "bucket " + to_string(bucket) + " has no CORS configuration");
      }
      if (req.operation == Operation::kGetBucketLifecycleConfiguration && !state->lifecycle) {
        add(OutcomeClass::kNoSuchLifecycleConfiguration, "SC-PR-1",
            "bucket " + to_string(bucket) + " has no lifecycle configuration");
      }
      if (needs_upload_id(req.operation) && !find_upload(world, req.upload_id, bucket, req.key)) {
        add(OutcomeClass::kNoSuchUpload, "SC-OP-3", "no open upload '" + req.upload_id + "' for '" + req.key + "'");
      }
    }
    // UploadPartCopy names its destination upload first: a missing upload is answered before
    // the copy source is read (as S3 and the emulator do), so the source is not judged then.
    const bool upload_missing = std::any_of(f.begin(), f.end(), [](const Finding& x) {
      return x.outcome == OutcomeClass::kNoSuchUpload;
    });
    if (is_copy(req.operation) && !upload_missing) {
      const BucketState* src = find_bucket(world, source_bucket(req));
      if (!src) {
        add(OutcomeClass::kNoSuchBucket, "SC-PR-1", "no source bucket " + to_string(source_bucket(req)));
      } else if (!src->objects.count(req.source_key)) {
        add(OutcomeClass::kNoSuchKey, "SC-PR-1", "no source object '" + req.source_key + "'");
      }
    }
  }

  std::stable_sort(f.begin(), f.end(),
                   [&](const Finding& a, const Finding& b) { return rank(a.outcome, options) < rank(b.outcome, options); });
  auto add_rule = [&](const std::string& r) {
    if (std::find(d.rule_ids.begin(), d.rule_ids.end(), r) == d.rule_ids.end()) d.rule_ids.push_back(r);
  };
  if (f.empty()) {
    d.outcome = OutcomeClass::kOk;
    if (req.operation == Operation::kDeleteBucket) {
      const BucketRef target = request_bucket(req);
      if (std::any_of(world.uploads.begin(), world.uploads.end(), [&](const Upload& u) { return u.bucket == target; }))
        d.also_acceptable.push_back(OutcomeClass::kBucketNotEmpty);
    }
    for (const RequirementCheck& rc : d.requirements) {
      for (const std::string& r : rc.authorization.rules) add_rule(r);
    }
    if (is_copy(req.operation)) add_rule("SC-OP-1");
    if (needs_upload_id(req.operation)) add_rule("SC-OP-3");
    return d;
  }
  d.outcome = f.front().outcome;
  for (const Finding& x2 : f) {
    if (x2.outcome == d.outcome) add_rule(x2.rule);
  }
  // The outcome hid a resource state from a caller without the capability, or (AWS-style) did not.
  bool state_hidden = d.outcome == OutcomeClass::kAccessDenied &&
                      std::any_of(f.begin(), f.end(), [](const Finding& y) { return is_resource_state(y.outcome); });
  bool state_leaked = d.outcome == OutcomeClass::kNoSuchBucket &&
                      std::any_of(f.begin(), f.end(), [](const Finding& y) { return y.outcome == OutcomeClass::kAccessDenied; });
  if (state_hidden || state_leaked) add_rule("SC-PR-1");
  return d;
}

}  // namespace scopecheck::model
