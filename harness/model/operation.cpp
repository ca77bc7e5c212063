#include "harness/model/operation.h"

#include <array>

namespace scopecheck::model {
namespace {

struct OperationRow {
  Operation op;
  std::string_view name;
  Capability capability;  // on the account (account.*) or on the request's bucket (bucket.*)
  bool key;               // names an object key
  bool upload_id;         // names an upload id
};

// SCOPING §4, one row per operation. Copies add bucket.read on the source (SC-OP-1), see requirements().
constexpr std::array<OperationRow, 26> kOperations = {{
    {Operation::kListBuckets, "ListBuckets", Capability::kAccountList, false, false},
    {Operation::kCreateBucket, "CreateBucket", Capability::kAccountAdmin, false, false},
    {Operation::kDeleteBucket, "DeleteBucket", Capability::kAccountAdmin, false, false},
    {Operation::kPutBucketCors, "PutBucketCors", Capability::kAccountAdmin, false, false},
    {Operation::kDeleteBucketCors, "DeleteBucketCors", Capability::kAccountAdmin, false, false},
    {Operation::kPutBucketLifecycleConfiguration, "PutBucketLifecycleConfiguration", Capability::kAccountAdmin, false,
     false},
    {Operation::kGetBucketCors, "GetBucketCors", Capability::kAccountConfigRead, false, false},
    {Operation::kGetBucketLifecycleConfiguration, "GetBucketLifecycleConfiguration", Capability::kAccountConfigRead,
     false, false},
    {Operation::kGetBucketEncryption, "GetBucketEncryption", Capability::kAccountConfigRead, false, false},
    {Operation::kHeadBucket, "HeadBucket", Capability::kBucketRead, false, false},
    {Operation::kGetBucketLocation, "GetBucketLocation", Capability::kBucketRead, false, false},
    {Operation::kListObjects, "ListObjects", Capability::kBucketRead, false, false},
    {Operation::kListObjectsV2, "ListObjectsV2", Capability::kBucketRead, false, false},
    {Operation::kGetObject, "GetObject", Capability::kBucketRead, true, false},
    {Operation::kHeadObject, "HeadObject", Capability::kBucketRead, true, false},
    {Operation::kListMultipartUploads, "ListMultipartUploads", Capability::kBucketRead, false, false},
    {Operation::kListParts, "ListParts", Capability::kBucketRead, true, true},
    {Operation::kPutObject, "PutObject", Capability::kBucketWrite, true, false},
    {Operation::kDeleteObject, "DeleteObject", Capability::kBucketWrite, true, false},
    {Operation::kDeleteObjects, "DeleteObjects", Capability::kBucketWrite, false, false},
    {Operation::kCopyObject, "CopyObject", Capability::kBucketWrite, true, false},
    {Operation::kCreateMultipartUpload, "CreateMultipartUpload", Capability::kBucketWrite, true, false},
    {Operation::kUploadPart, "UploadPart", Capability::kBucketWrite, true, true},
    {Operation::kUploadPartCopy, "UploadPartCopy", Capability::kBucketWrite, true, true},
    {Operation::kCompleteMultipartUpload, "CompleteMultipartUpload", Capability::kBucketWrite, true, true},
    {Operation::kAbortMultipartUpload, "AbortMultipartUpload", Capability::kBucketWrite, true, true},
}};

constexpr std::array<Operation, 26> kAll = [] {
  std::array<Operation, 26> a{};
  for (std::size_t i = 0; i < kOperations.size(); ++i) a[i] = kOperations[i].op;
  return a;
}();

const OperationRow* row(Operation op) {
  for (const auto& r : kOperations) {
    if (r.op == op) return &r;
  }
  return nullptr;
}

// Subresources S3 knows but the catalogue does not: a request naming one is not the plain
// operation it would otherwise look like.
constexpr std::array<std::string_view, 24> kUnsupportedMarkers = {
    "acl",       "policy",       "tagging",     "versioning",       "website",          "logging",
    "notification", "replication", "requestPayment", "accelerate",   "analytics",        "inventory",
    "metrics",   "intelligent-tiering", "object-lock", "legal-hold", "retention",        "restore",
    "select",    "torrent",      "ownershipControls", "publicAccessBlock", "attributes", "versions"};

}  // namespace

std::string_view to_string(Operation op) {
  const OperationRow* r = row(op);
  return r ? r->name : "Unsupported";
}

std::optional<Operation> parse_operation(std::string_view name) {
  for (const auto& r : kOperations) {
    if (r.name == name) return r.op;
  }
  return std::nullopt;
}

std::span<const Operation> all_operations() { return kAll; }

std::string_view to_string(Capability c) {
  switch (c) {
    case Capability::kAccountList: return "account.list";
    case Capability::kAccountAdmin: return "account.admin";
    case Capability::kAccountConfigRead: return "account.config-read";
    case Capability::kBucketRead: return "bucket.read";
    case Capability::kBucketWrite: return "bucket.write";
  }
  return "?";
}

bool is_account_capability(Capability c) {
  return c == Capability::kAccountList || c == Capability::kAccountAdmin || c == Capability::kAccountConfigRead;
}

std::vector<Requirement> requirements(Operation op) {
  const OperationRow* r = row(op);
  if (!r) return {};
  // Account capabilities on bucket operations (CreateBucket, bucket config) are still checked
  // against the account: SCOPING §5 grants them on "A", never on a bucket.
  std::vector<Requirement> out{{r->capability, is_account_capability(r->capability) ? Target::kAccount : Target::kBucket}};
  if (is_copy(op)) out.push_back({Capability::kBucketRead, Target::kCopySource});
  return out;
}

bool needs_bucket(Operation op) { return op != Operation::kListBuckets && op != Operation::kUnsupported; }
bool needs_key(Operation op) {
  const OperationRow* r = row(op);
  return r && r->key;
}
bool needs_upload_id(Operation op) {
  const OperationRow* r = row(op);
  return r && r->upload_id;
}
bool is_copy(Operation op) { return op == Operation::kCopyObject || op == Operation::kUploadPartCopy; }

Operation classify(std::string_view method, bool bucket_present, bool key_present, const QueryParams& query,
                   const Headers& headers) {
  auto has = [&](std::string_view q) { return query.count(std::string(q)) > 0; };
  for (std::string_view marker : kUnsupportedMarkers) {
    if (has(marker)) return Operation::kUnsupported;
  }
  bool copy = headers.count("x-amz-copy-source") > 0;
  if (!bucket_present) {
    return method == "GET" ? Operation::kListBuckets : Operation::kUnsupported;
  }
  if (!key_present) {
    if (method == "PUT") {
      if (has("cors")) return Operation::kPutBucketCors;
      if (has("lifecycle")) return Operation::kPutBucketLifecycleConfiguration;
      if (has("encryption")) return Operation::kUnsupported;
      return Operation::kCreateBucket;
    }
    if (method == "DELETE") {
      if (has("cors")) return Operation::kDeleteBucketCors;
      if (has("lifecycle") || has("encryption")) return Operation::kUnsupported;
      return Operation::kDeleteBucket;
    }
    if (method == "GET") {
      if (has("cors")) return Operation::kGetBucketCors;
      if (has("lifecycle")) return Operation::kGetBucketLifecycleConfiguration;
      if (has("encryption")) return Operation::kGetBucketEncryption;
      if (has("location")) return Operation::kGetBucketLocation;
      if (has("uploads")) return Operation::kListMultipartUploads;
      auto lt = query.find("list-type");
      if (lt != query.end() && lt->second == "2") return Operation::kListObjectsV2;
      return Operation::kListObjects;
    }
    if (method == "HEAD") return Operation::kHeadBucket;
    if (method == "POST" && has("delete")) return Operation::kDeleteObjects;
    return Operation::kUnsupported;
  }
  if (method == "GET") return has("uploadId") ? Operation::kListParts : Operation::kGetObject;
  if (method == "HEAD") return Operation::kHeadObject;
  if (method == "PUT") {
    if (has("uploadId") && has("partNumber")) return copy ? Operation::kUploadPartCopy : Operation::kUploadPart;
    if (has("uploadId") || has("partNumber")) return Operation::kUnsupported;
    return copy ? Operation::kCopyObject : Operation::kPutObject;
  }
  if (method == "DELETE") return has("uploadId") ? Operation::kAbortMultipartUpload : Operation::kDeleteObject;
  if (method == "POST") {
    if (has("uploads")) return Operation::kCreateMultipartUpload;
    if (has("uploadId")) return Operation::kCompleteMultipartUpload;
  }
  return Operation::kUnsupported;
}

}  // namespace scopecheck::model
