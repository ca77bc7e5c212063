// What an S3 request addresses and which operation it is (SCOPING.md §4, SC-OP-2), decided from
// Host, method, path and query markers the way S3 does. Total: any bytes give a value.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "emulator/http_message.h"

namespace scopecheck::emulator {

struct Endpoint {
  std::string account, jurisdiction;
  std::string host_bucket;  // virtual-hosted bucket, empty for path-style
};

// Host (port ignored) under base_domain: <bucket>.<acct>.<jur>, <bucket>.<acct>, <acct>.<jur>,
// <acct> (no <jur>: "default"). Anything else: default account, `other_jurisdiction` (the
// listener's: "default", or "eu" on the eu listener), path-style.
Endpoint parse_host(std::string_view host, std::string_view base_domain, std::string_view default_account,
                    std::string_view other_jurisdiction = "default");

enum class Op {
  list_buckets,
  create_bucket,
  delete_bucket,
  head_bucket,
  get_bucket_location,
  get_bucket_cors,
  put_bucket_cors,
  delete_bucket_cors,
  get_bucket_lifecycle,
  put_bucket_lifecycle,
  get_bucket_encryption,
  list_objects,
  list_objects_v2,
  list_multipart_uploads,
  get_object,
  head_object,
  put_object,
  copy_object,
  delete_object,
  delete_objects,
  create_multipart_upload,
  upload_part,
  upload_part_copy,
  complete_multipart_upload,
  abort_multipart_upload,
  list_parts,
  unsupported,
};
std::string_view op_name(Op op);

using QueryMap = std::multimap<std::string, std::string>;

// Percent-decoding that never fails: a '%' not followed by two hex digits stays as is.
std::string percent_decode(std::string_view s);
QueryMap parse_query(std::string_view raw_query);

struct S3Target {
  Endpoint endpoint;
  std::string bucket;  // the bucket the operation acts on (host's, or the path's first segment)
  std::string key;     // decoded
  std::string path_first_segment;  // decoded first path segment (for one seeded bug)
  QueryMap query;
  Op op = Op::unsupported;
  // Copies: the decoded source (x-amz-copy-source "bucket/key", optional leading '/').
  std::string copy_source_bucket, copy_source_key;
  bool copy_source_malformed = false;
};

S3Target classify(const HttpRequest& req, std::string_view base_domain, std::string_view default_account,
                  std::string_view other_jurisdiction = "default");

// Why an object key cannot be stored (emulator/README.md "Object keys"): not UTF-8 (overlong
// forms and surrogates included), a character XML 1.0 cannot carry (U+0000-U+0008, U+000B,
// U+000C, U+000E-U+001F, U+FFFE, U+FFFF: a listing could not show it), or over 1,024 bytes.
enum class KeyProblem { none, not_utf8, not_xml_char, too_long };
inline constexpr size_t kMaxKeyBytes = 1024;
KeyProblem key_problem(std::string_view key);
// Valid UTF-8 made only of characters XML 1.0 can carry (any length).
bool xml_text_ok(std::string_view s);

}  // namespace scopecheck::emulator
