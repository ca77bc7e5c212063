#include "harness/model/world.h"

#include <algorithm>

#include "harness/model/request.h"

namespace scopecheck::model {

std::string_view to_string(AuthKind k) {
  switch (k) {
    case AuthKind::kHeader: return "header";
    case AuthKind::kPresigned: return "presigned";
    case AuthKind::kAnonymous: return "anonymous";
    case AuthKind::kSigV2: return "sigv2";
  }
  return "header";
}

std::string_view to_string(SecretUsed s) {
  switch (s) {
    case SecretUsed::kCurrent: return "current";
    case SecretUsed::kOldRolled: return "old-rolled";
    case SecretUsed::kRawValue: return "raw-value";
    case SecretUsed::kOtherToken: return "other-token";
    case SecretUsed::kGarbage: return "garbage";
  }
  return "current";
}

namespace {
constexpr std::pair<SignedPart, std::string_view> kSignedParts[] = {
    {SignedPart::kMethod, "method"},          {SignedPart::kHost, "host"},
    {SignedPart::kPath, "path"},              {SignedPart::kQuery, "query"},
    {SignedPart::kHeader, "header"},          {SignedPart::kHeaderNameCase, "header-name-case"},
    {SignedPart::kSignedHeaders, "signed-headers"}, {SignedPart::kCredentialScope, "credential-scope"},
};
}  // namespace

std::string_view to_string(SignedPart p) {
  for (const auto& [v, name] : kSignedParts)
    if (v == p) return name;
  return "query";
}

std::optional<SignedPart> parse_signed_part(std::string_view s) {
  for (const auto& [v, name] : kSignedParts)
    if (name == s) return v;
  return std::nullopt;
}

const BucketState* find_bucket(const World& world, const BucketRef& ref) {
  for (const BucketState& b : world.buckets) {
    if (b.ref == ref) return &b;
  }
  return nullptr;
}

const Token* find_token(const World& world, std::string_view id) {
  for (const Token& t : world.tokens) {
    if (t.id == id) return &t;
  }
  return nullptr;
}

const Upload* find_upload(const World& world, std::string_view upload_id, const BucketRef& bucket,
                          std::string_view key) {
  for (const Upload& u : world.uploads) {
    if (u.upload_id == upload_id && u.bucket == bucket && u.key == key) return &u;
  }
  return nullptr;
}

std::vector<std::string> list_buckets(const World& world, std::string_view account, Jurisdiction jurisdiction) {
  std::vector<std::string> names;
  for (const BucketState& b : world.buckets) {
    if (b.ref.account == account && b.ref.jurisdiction == jurisdiction) names.push_back(b.ref.name);
  }
  std::sort(names.begin(), names.end());
  return names;
}

void apply(World& world, const Request& r) {
  const BucketRef ref = request_bucket(r);
  auto bucket = std::find_if(world.buckets.begin(), world.buckets.end(),
                             [&](const BucketState& b) { return b.ref == ref; });
  auto erase_upload = [&] {
    std::erase_if(world.uploads, [&](const Upload& u) {
      return u.upload_id == r.upload_id && u.bucket == ref && u.key == r.key;
    });
  };
  switch (r.operation) {
    case Operation::kCreateBucket:
      if (bucket == world.buckets.end()) world.buckets.push_back(BucketState{ref, {}});
      if (std::find(world.accounts.begin(), world.accounts.end(), r.account) == world.accounts.end()) {
        world.accounts.push_back(r.account);
      }
      return;
    case Operation::kDeleteBucket:
      if (bucket != world.buckets.end()) world.buckets.erase(bucket);
      std::erase_if(world.uploads, [&](const Upload& u) { return u.bucket == ref; });
      return;
    case Operation::kPutObject:
    case Operation::kCopyObject:
      if (bucket != world.buckets.end()) bucket->objects.insert(r.key);
      return;
    case Operation::kCompleteMultipartUpload:
      if (bucket != world.buckets.end()) bucket->objects.insert(r.key);
      erase_upload();
      return;
    case Operation::kDeleteObject:
      if (bucket != world.buckets.end()) bucket->objects.erase(r.key);
      return;
    case Operation::kDeleteObjects:
      if (bucket != world.buckets.end()) {
        for (const std::string& k : r.delete_keys) bucket->objects.erase(k);
      }
      return;
    case Operation::kCreateMultipartUpload: {
      std::string id = r.upload_id.empty() ? "upload-" + std::to_string(world.uploads.size() + 1) : r.upload_id;
      world.uploads.push_back(Upload{id, ref, r.key});
      return;
    }
    case Operation::kAbortMultipartUpload:
      erase_upload();
      return;
    case Operation::kPutBucketCors:
    case Operation::kDeleteBucketCors:
      if (bucket != world.buckets.end()) bucket->cors = r.operation == Operation::kPutBucketCors;
      return;
    case Operation::kPutBucketLifecycleConfiguration:
      if (bucket != world.buckets.end()) bucket->lifecycle = true;
      return;
    default:
      return;
  }
}

}  // namespace scopecheck::model
