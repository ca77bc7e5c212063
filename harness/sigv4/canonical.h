// The canonical request and string to sign (harness/model/SIGV4.md, S3 mode).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "harness/sigv4/http_request.h"

namespace scopecheck::sigv4 {

// s3: the path is percent-decoded then UriEncoded once, '/' kept, no normalization (S3 rules).
// generic: the aws-sig-v4-test-suite rules: dot segments removed, empty segments collapsed, then
// the wire path is UriEncoded again (so a '%' on the wire becomes %25: double encoding).
enum class Mode { s3, generic };

// Canonical URI of a raw path ("" becomes "/").
std::string canonical_uri(std::string_view raw_path, Mode mode);

// Canonical query of a raw query string: split on '&' (empty pieces dropped), split each on the
// first '=', decode (leniently) and UriEncode name and value, sort by (name, value), join as
// "name=value&...". Parameters named exclude (compared after decoding) are left out: pass
// "X-Amz-Signature" when verifying a presigned URL.
std::string canonical_query(std::string_view raw_query, std::string_view exclude = {});

// Lowercases, sorts and de-duplicates names: the SignedHeaders line and the CanonicalHeaders order.
std::vector<std::string> normalize_signed_headers(const std::vector<std::string>& names);

// "name:value\n" for each signed header, values of repeated headers joined by ',' in received
// order, each value trimmed with inner whitespace runs (space, tab, CR, LF) collapsed to one
// space. A signed header absent from the request gives "name:\n".
std::string canonical_headers(const HttpRequest& request,
                              const std::vector<std::string>& signed_headers);

// Method \n CanonicalURI \n CanonicalQuery \n CanonicalHeaders \n SignedHeaders \n payload_hash,
// no trailing newline. signed_headers may be in any order or case.
std::string canonical_request(const HttpRequest& request,
                              const std::vector<std::string>& signed_headers,
                              std::string_view payload_hash, Mode mode);

// The same with the query parameters named exclude_query_param left out of the canonical query
// (a presigned URL's X-Amz-Signature).
std::string canonical_request(const HttpRequest& request,
                              const std::vector<std::string>& signed_headers,
                              std::string_view payload_hash, Mode mode,
                              std::string_view exclude_query_param);

// "YYYYMMDD/region/service/aws4_request".
std::string credential_scope(std::string_view date8, std::string_view region,
                             std::string_view service);

// "AWS4-HMAC-SHA256\n<amz_date>\n<scope>\n<hex sha256(canonical_request)>".
std::string string_to_sign(std::string_view amz_date, std::string_view scope,
                           std::string_view canonical_request);

}  // namespace scopecheck::sigv4
