// The operation catalogue (SCOPING §4): every S3 operation the rules know, how it is recognised
// from a request (SC-OP-2), and which capability it needs on which resource (SC-OP-1).
#pragma once

#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace scopecheck::model {

enum class Operation {
  kListBuckets,
  kCreateBucket,
  kDeleteBucket,
  kPutBucketCors,
  kDeleteBucketCors,
  kPutBucketLifecycleConfiguration,
  kGetBucketCors,
  kGetBucketLifecycleConfiguration,
  kGetBucketEncryption,
  kHeadBucket,
  kGetBucketLocation,
  kListObjects,
  kListObjectsV2,
  kGetObject,
  kHeadObject,
  kListMultipartUploads,
  kListParts,
  kPutObject,
  kDeleteObject,
  kDeleteObjects,
  kCopyObject,
  kCreateMultipartUpload,
  kUploadPart,
  kUploadPartCopy,
  kCompleteMultipartUpload,
  kAbortMultipartUpload,
  kUnsupported,  // anything else (?policy, ?acl, POST to an object without a marker, …)
};

enum class Capability { kAccountList, kAccountAdmin, kAccountConfigRead, kBucketRead, kBucketWrite };

// The S3 name ("GetObject"); "Unsupported" for kUnsupported.
std::string_view to_string(Operation op);
std::optional<Operation> parse_operation(std::string_view name);
// Every operation except kUnsupported, in declaration order.
std::span<const Operation> all_operations();

// "account.list", "account.admin", "account.config-read", "bucket.read", "bucket.write".
std::string_view to_string(Capability c);
bool is_account_capability(Capability c);

// One capability on one resource: the account of the endpoint, the request's bucket, or the
// copy source bucket.
enum class Target { kAccount, kBucket, kCopySource };
struct Requirement {
  Capability capability;
  Target target;
};

// SCOPING §4 table plus SC-OP-1: one requirement, two for CopyObject and UploadPartCopy
// (bucket.write on the destination, bucket.read on the source). Empty for kUnsupported.
std::vector<Requirement> requirements(Operation op);

// Whether the operation names a bucket (everything but ListBuckets) / an object key / an upload id.
bool needs_bucket(Operation op);
bool needs_key(Operation op);
bool needs_upload_id(Operation op);
bool is_copy(Operation op);

// Query parameters and headers as received. Header names must be lowercase.
using QueryParams = std::map<std::string, std::string>;
using Headers = std::map<std::string, std::string>;

// SC-OP-2: the operation S3 would run for this request, decided from the method, whether the
// path names a bucket and a key, the query markers (cors, lifecycle, location, encryption, uploads,
// uploadId, partNumber, delete, list-type=2) and the x-amz-copy-source header. Total: anything not in the
// catalogue (unknown method, a known-unsupported subresource such as ?acl or ?policy) is kUnsupported.
Operation classify(std::string_view method, bool bucket_present, bool key_present, const QueryParams& query,
                   const Headers& headers);

}  // namespace scopecheck::model
