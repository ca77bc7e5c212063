// Parsers for the XML bodies S3 endpoints answer with. Total: any byte string gives a value or
// an S3ParseError, never an exception or a crash (a fuzzer feeds them random bytes).
// Element names are matched by local name (a namespace prefix is ignored); unknown elements
// are ignored; a field named as required below is an error when missing. A second root element
// is malformed; character data after the root element is ignored (pugixml drops it).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "harness/http/result.h"

namespace scopecheck::http {

enum class S3ParseErrc {
  empty = 1,        // no bytes (or only whitespace)
  too_large,        // above kMaxS3Document
  malformed_xml,    // not well-formed XML
  error_document,   // the root is <Error> where a result was expected (200 with an error body)
  wrong_root,       // another root element than the one expected
  missing_field,    // a required element is absent
  bad_number,       // a numeric element is not a decimal integer in range
  bad_bool,         // a boolean element is not "true" or "false"
};

// Stable one-line message per value.
std::string_view message(S3ParseErrc code);

struct S3ParseError {
  S3ParseErrc code;
  std::string detail;  // the element or the XML parser's complaint (and the Code of an <Error>)
  std::string to_string() const;
};

template <class T>
using S3Result = Expected<T, S3ParseError>;

inline constexpr size_t kMaxS3Document = 64 * 1024 * 1024;

// <Error>: Code required; every child element also lands in `fields` (Key, BucketName, ...).
struct S3Error {
  std::string code;
  std::string message;
  std::string resource;
  std::string request_id;
  std::map<std::string, std::string> fields;
};
S3Result<S3Error> parse_error(std::string_view body);

struct Owner {
  std::string id;
  std::string display_name;
};

// <ListAllMyBucketsResult>: each Bucket's Name required.
struct BucketEntry {
  std::string name;
  std::string creation_date;
};
struct ListAllMyBucketsResult {
  Owner owner;
  std::vector<BucketEntry> buckets;
  std::optional<std::string> continuation_token;
  std::optional<std::string> prefix;
};
S3Result<ListAllMyBucketsResult> parse_list_buckets(std::string_view body);

// <ListBucketResult>, ListObjects v1 and v2 (v2 has KeyCount). Name required; each Contents'
// Key required; Size, MaxKeys, KeyCount numeric; IsTruncated boolean (false when absent).
struct ObjectEntry {
  std::string key;
  std::string last_modified;
  std::string etag;
  uint64_t size = 0;
  std::string storage_class;
  std::optional<Owner> owner;
};
struct ListBucketResult {
  std::string name;
  std::string prefix;
  std::optional<std::string> delimiter;
  std::optional<std::string> encoding_type;
  std::optional<uint64_t> max_keys;
  bool is_truncated = false;
  std::vector<ObjectEntry> contents;
  std::vector<std::string> common_prefixes;
  // v1
  std::optional<std::string> marker;
  std::optional<std::string> next_marker;
  // v2
  std::optional<uint64_t> key_count;
  std::optional<std::string> continuation_token;
  std::optional<std::string> next_continuation_token;
  std::optional<std::string> start_after;

  bool is_v2() const { return key_count.has_value(); }
};
S3Result<ListBucketResult> parse_list_objects(std::string_view body);

// <InitiateMultipartUploadResult>: UploadId required.
struct InitiateMultipartUploadResult {
  std::string bucket;
  std::string key;
  std::string upload_id;
};
S3Result<InitiateMultipartUploadResult> parse_initiate_multipart_upload(std::string_view body);

// <CompleteMultipartUploadResult>: ETag required. An <Error> root (S3 may answer 200 and fail
// mid-body) gives error_document.
struct CompleteMultipartUploadResult {
  std::string location;
  std::string bucket;
  std::string key;
  std::string etag;
};
S3Result<CompleteMultipartUploadResult> parse_complete_multipart_upload(std::string_view body);

// <CopyObjectResult> or <CopyPartResult> (either root accepted; `root` says which): ETag required.
struct CopyResult {
  std::string root;
  std::string etag;
  std::string last_modified;
};
S3Result<CopyResult> parse_copy_result(std::string_view body);

// <DeleteResult> (DeleteObjects). Deleted entries need Key; Error entries need Key and Code.
struct DeletedEntry {
  std::string key;
  std::optional<std::string> version_id;
  bool delete_marker = false;
  std::optional<std::string> delete_marker_version_id;
};
struct DeleteErrorEntry {
  std::string key;
  std::optional<std::string> version_id;
  std::string code;
  std::string message;
};
struct DeleteResult {
  std::vector<DeletedEntry> deleted;
  std::vector<DeleteErrorEntry> errors;
};
S3Result<DeleteResult> parse_delete_result(std::string_view body);

// <ListMultipartUploadsResult>: each Upload needs Key and UploadId.
struct UploadEntry {
  std::string key;
  std::string upload_id;
  std::string initiated;
  std::string storage_class;
  std::optional<Owner> initiator;
  std::optional<Owner> owner;
};
struct ListMultipartUploadsResult {
  std::string bucket;
  std::string key_marker;
  std::string upload_id_marker;
  std::optional<std::string> next_key_marker;
  std::optional<std::string> next_upload_id_marker;
  std::string prefix;
  std::optional<std::string> delimiter;
  std::optional<uint64_t> max_uploads;
  bool is_truncated = false;
  std::vector<UploadEntry> uploads;
  std::vector<std::string> common_prefixes;
};
S3Result<ListMultipartUploadsResult> parse_list_multipart_uploads(std::string_view body);

// <ListPartsResult>: UploadId required; each Part needs PartNumber (numeric) and ETag.
struct PartEntry {
  uint64_t part_number = 0;
  std::string last_modified;
  std::string etag;
  uint64_t size = 0;
};
struct ListPartsResult {
  std::string bucket;
  std::string key;
  std::string upload_id;
  std::optional<uint64_t> part_number_marker;
  std::optional<uint64_t> next_part_number_marker;
  std::optional<uint64_t> max_parts;
  bool is_truncated = false;
  std::string storage_class;
  std::optional<Owner> initiator;
  std::optional<Owner> owner;
  std::vector<PartEntry> parts;
};
S3Result<ListPartsResult> parse_list_parts(std::string_view body);

}  // namespace scopecheck::http
