// The S3 endpoint: authenticate (s3_auth), classify (s3_request), authorize (grants), then act on
// storage. SCOPING.md §8 order: auth classes, then access-denied, then resource state (SC-PR-1).
#include <fmt/format.h>

#include <algorithm>
#include <charconv>

#include "emulator/core.h"
#include "emulator/crypto.h"
#include "emulator/grants.h"
#include "emulator/s3_auth.h"
#include "emulator/s3_request.h"
#include "emulator/s3_xml.h"

namespace scopecheck::emulator {
namespace {

// pugixml writes a CR in text as is, and every XML parser reads a raw CR back as LF: a key with a
// CR would not come back whole. In format_raw output a CR can only be text, so it becomes &#13;.
std::string carry_cr(std::string xml) {
  if (xml.find('\r') == std::string::npos) return xml;
  std::string out;
  out.reserve(xml.size() + 16);
  for (char ch : xml) {
    if (ch == '\r') out += "&#13;";
    else out.push_back(ch);
  }
  return out;
}

HttpResponse xml_response(int status, std::string body) {
  HttpResponse r;
  r.status = status;
  r.headers.emplace_back("Content-Type", "application/xml");
  r.body = std::move(body);
  return r;
}

HttpResponse s3_error(int status, std::string_view code, std::string_view message) {
  return xml_response(status, error_document(code, message));
}

HttpResponse store_error(StoreError e) {
  switch (e) {
    case StoreError::no_such_bucket: return s3_error(404, "NoSuchBucket", "The specified bucket does not exist.");
    case StoreError::bucket_exists:
      return s3_error(409, "BucketAlreadyExists", "The requested bucket name is not available.");
    case StoreError::bucket_not_empty:
      return s3_error(409, "BucketNotEmpty", "The bucket you tried to delete is not empty.");
    case StoreError::no_such_key: return s3_error(404, "NoSuchKey", "The specified key does not exist.");
    case StoreError::no_such_upload: return s3_error(404, "NoSuchUpload", "The specified upload does not exist.");
    case StoreError::invalid_part:
      return s3_error(400, "InvalidPart", "One or more of the specified parts could not be found.");
    case StoreError::invalid_part_order:
      return s3_error(400, "InvalidPartOrder", "The list of parts was not in ascending order.");
    case StoreError::io_error:
    case StoreError::ok: break;
  }
  return s3_error(500, "InternalError", "We encountered an internal error. Please try again.");
}

// Keys no operation accepts (emulator/README.md "Object keys"), the same with or without
// --data-dir. Reads answer the same as writes: such a key can never exist.
std::optional<HttpResponse> key_error(const std::string& key) {
  switch (key_problem(key)) {
    case KeyProblem::not_utf8: return s3_error(400, "InvalidURI", "Couldn't parse the specified URI.");
    case KeyProblem::not_xml_char:
      return s3_error(400, "InvalidArgument",
                      "Object key has a character XML 1.0 cannot carry (U+0000-U+001F but tab, LF and CR; "
                      "U+FFFE; U+FFFF).");
    case KeyProblem::too_long: return s3_error(400, "KeyTooLongError", "Your key is too long");
    case KeyProblem::none: break;
  }
  return std::nullopt;
}

HttpResponse empty(int status) {
  HttpResponse r;
  r.status = status;
  return r;
}

bool query_has(const QueryMap& q, const char* k) { return q.count(k) > 0; }
std::string query_get(const QueryMap& q, const char* k) {
  auto it = q.find(k);
  return it == q.end() ? "" : it->second;
}

bool parse_int(std::string_view s, long long* out) {
  if (s.empty()) return false;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return ec == std::errc() && p == s.data() + s.size();
}

// What the operation needs (SCOPING.md §4) with the op-classification bugs.
AccessTarget access_for(const S3Target& t, const std::string& auth_bucket, const BugSet& bugs) {
  AccessTarget a{kBucketRead, t.endpoint.account, t.endpoint.jurisdiction, auth_bucket};
  switch (t.op) {
    case Op::list_buckets: a.cap = kAccountList; a.bucket.clear(); break;
    case Op::create_bucket:
    case Op::delete_bucket:
    case Op::put_bucket_cors:
    case Op::delete_bucket_cors:
    case Op::put_bucket_lifecycle: a.cap = kAccountAdmin; break;
    case Op::get_bucket_cors:
    case Op::get_bucket_lifecycle:
    case Op::get_bucket_encryption: a.cap = kAccountConfigRead; break;
    case Op::head_object:
      // BUG head-as-write: HeadObject needs write.
      a.cap = bugs.has(Bug::head_as_write) ? kBucketWrite : kBucketRead;
      break;
    case Op::head_bucket:
    case Op::get_bucket_location:
    case Op::list_objects:
    case Op::list_objects_v2:
    case Op::list_multipart_uploads:
    case Op::get_object:
    case Op::list_parts: a.cap = kBucketRead; break;
    case Op::delete_object:
    case Op::delete_objects:
      // BUG read-allows-delete: deletes classified as reads.
      a.cap = bugs.has(Bug::read_allows_delete) ? kBucketRead : kBucketWrite;
      break;
    case Op::put_object:
    case Op::copy_object:
    case Op::create_multipart_upload:
    case Op::upload_part:
    case Op::upload_part_copy:
    case Op::complete_multipart_upload:
    case Op::abort_multipart_upload: a.cap = kBucketWrite; break;
    case Op::unsupported: break;
  }
  return a;
}

// Headers kept with an object and returned on GET/HEAD.
bool is_stored_header(const std::string& lower) {
  return lower.rfind("x-amz-meta-", 0) == 0 || lower == "cache-control" || lower == "content-disposition" ||
         lower == "content-language" || lower == "expires" || lower == "content-encoding";
}

std::string lower(std::string_view s) {
  std::string o(s);
  for (auto& c : o) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return o;
}

ObjectMeta meta_from_request(const HttpRequest& req, TimePoint now) {
  ObjectMeta m;
  m.last_modified = now;
  const std::string* ct = find_header(req, "content-type");
  m.content_type = ct ? *ct : "application/octet-stream";
  for (const auto& [k, v] : req.headers) {
    std::string l = lower(k);
    if (!is_stored_header(l)) continue;
    if (l == "content-encoding") {  // aws-chunked is transport framing, not the object's encoding
      std::string kept;
      size_t start = 0;
      while (start <= v.size()) {
        auto comma = v.find(',', start);
        std::string piece = v.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        piece.erase(0, piece.find_first_not_of(' '));
        piece.erase(piece.find_last_not_of(' ') + 1);
        if (!piece.empty() && piece != "aws-chunked") kept += (kept.empty() ? "" : ",") + piece;
        if (comma == std::string::npos) break;
        start = comma + 1;
      }
      if (!kept.empty()) m.headers.emplace_back("Content-Encoding", kept);
      continue;
    }
    m.headers.emplace_back(k, v);
  }
  return m;
}

void add_object_headers(HttpResponse& r, const ObjectMeta& m) {
  r.headers.emplace_back("ETag", m.etag);
  r.headers.emplace_back("Last-Modified", format_http_date(m.last_modified));
  r.headers.emplace_back("Content-Type", m.content_type);
  r.headers.emplace_back("Accept-Ranges", "bytes");
  for (const auto& h : m.headers) r.headers.push_back(h);
}

// "bytes=a-b" | "bytes=a-" | "bytes=-n" against size. 0 = no/ignored range, 1 = ok, -1 = unsatisfiable.
int parse_range(const std::string& h, size_t size, size_t* first, size_t* last) {
  if (h.rfind("bytes=", 0) != 0 || h.find(',') != std::string::npos) return 0;
  std::string spec = h.substr(6);
  auto dash = spec.find('-');
  if (dash == std::string::npos) return 0;
  std::string a = spec.substr(0, dash), b = spec.substr(dash + 1);
  long long x = 0, y = 0;
  if (a.empty()) {
    if (!parse_int(b, &y) || y < 0) return 0;
    if (y == 0 || size == 0) return -1;
    *first = size > static_cast<size_t>(y) ? size - static_cast<size_t>(y) : 0;
    *last = size - 1;
    return 1;
  }
  if (!parse_int(a, &x) || x < 0) return 0;
  if (b.empty()) y = static_cast<long long>(size) - 1;
  else if (!parse_int(b, &y) || y < x) return 0;
  if (static_cast<size_t>(x) >= size) return -1;
  *first = static_cast<size_t>(x);
  *last = std::min(static_cast<size_t>(y), size - 1);
  return 1;
}

std::string encode_key(const std::string& key, bool url) {
  if (!url) return key;
  std::string out;
  for (unsigned char c : key) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~' || c == '/') out.push_back(static_cast<char>(c));
    else out += fmt::format("%{:02X}", c);
  }
  return out;
}

struct Ctx {
  EmulatorCore& core;
  const HttpRequest& req;
  const S3Target& t;
  BucketRef bucket;
  const std::string& body;
  TimePoint now;
};

HttpResponse list_buckets(Ctx& c) {
  pugi::xml_document doc;
  auto root = start_document(doc, "ListAllMyBucketsResult");
  auto owner = root.append_child("Owner");
  add_text(owner, "ID", c.t.endpoint.account);
  add_text(owner, "DisplayName", c.t.endpoint.account);
  auto buckets = root.append_child("Buckets");
  auto listed = c.core.storage().list_buckets(c.t.endpoint.account, c.t.endpoint.jurisdiction);
  // BUG list-buckets-all-jurisdictions: the account's buckets of every jurisdiction, whichever
  // endpoint was called.
  if (c.core.bugs().has(Bug::list_buckets_all_jurisdictions)) {
    listed.clear();
    for (const char* j : {"default", "eu", "fedramp"})
      for (auto& b : c.core.storage().list_buckets(c.t.endpoint.account, j)) listed.push_back(std::move(b));
  }
  for (const auto& b : listed) {
    auto n = buckets.append_child("Bucket");
    add_text(n, "Name", b.name);
    add_text(n, "CreationDate", format_iso8601_ms(b.created));
  }
  return xml_response(200, carry_cr(to_string(doc)));
}

HttpResponse list_objects(Ctx& c, bool v2) {
  ListQuery q;
  q.prefix = query_get(c.t.query, "prefix");
  q.delimiter = query_get(c.t.query, "delimiter");
  bool url = query_get(c.t.query, "encoding-type") == "url";
  std::string mk = query_get(c.t.query, "max-keys");
  if (!mk.empty()) {
    long long n = 0;
    if (!parse_int(mk, &n) || n < 0) return s3_error(400, "InvalidArgument", "max-keys must be an integer >= 0");
    q.max_keys = static_cast<int>(std::min<long long>(n, 1000));
  }
  std::string token = query_get(c.t.query, "continuation-token");
  if (v2) {
    if (query_has(c.t.query, "continuation-token")) {
      bool ok = false;
      q.start_after = base64_decode(token, &ok);
      if (!ok) return s3_error(400, "InvalidArgument", "The continuation token provided is incorrect");
    } else {
      q.start_after = query_get(c.t.query, "start-after");
    }
  } else {
    q.start_after = query_get(c.t.query, "marker");
  }
  // Without encoding-type=url every echoed parameter and key goes into XML as text: one that XML
  // 1.0 cannot carry is refused rather than sent as a document no parser accepts.
  if (!url) {
    for (const char* name : {"prefix", "delimiter", "marker", "start-after"})
      if (!xml_text_ok(query_get(c.t.query, name)))
        return s3_error(400, "InvalidArgument",
                        fmt::format("{} is not UTF-8 or has a character XML 1.0 cannot carry; use encoding-type=url",
                                    name));
  }
  ListResult res;
  auto e = c.core.storage().list_objects(c.bucket, q, &res);
  if (e != StoreError::ok) return store_error(e);
  // BUG list-objects-sibling-buckets: a prefix scan over "<bucket><key>" without the separator:
  // the keys of every bucket of the account and jurisdiction whose name starts with this one
  // (logs-archive for logs) are listed too.
  if (c.core.bugs().has(Bug::list_objects_sibling_buckets)) {
    for (const auto& b : c.core.storage().list_buckets(c.bucket.account, c.bucket.jurisdiction)) {
      if (b.name == c.bucket.name || b.name.rfind(c.bucket.name, 0) != 0) continue;
      ListResult more;
      if (c.core.storage().list_objects(BucketRef{c.bucket.account, c.bucket.jurisdiction, b.name}, q, &more) != StoreError::ok)
        continue;
      res.objects.insert(res.objects.end(), more.objects.begin(), more.objects.end());
    }
    std::sort(res.objects.begin(), res.objects.end(), [](const ListEntry& x, const ListEntry& y) { return x.key < y.key; });
  }
  // Keys are checked on the way in (key_error), but a data dir written by an older emulator may
  // hold one XML cannot carry: such a listing is sent URL-encoded, as S3 does on request, and
  // says so in EncodingType, so the document stays well-formed and every key whole.
  if (!url) {
    for (const auto& o : res.objects) url = url || !xml_text_ok(o.key);
    for (const auto& p : res.common_prefixes) url = url || !xml_text_ok(p);
  }
  pugi::xml_document doc;
  auto root = start_document(doc, "ListBucketResult");
  add_text(root, "Name", c.t.bucket);
  add_text(root, "Prefix", encode_key(q.prefix, url));
  if (v2) {
    if (query_has(c.t.query, "continuation-token")) add_text(root, "ContinuationToken", token);
    if (query_has(c.t.query, "start-after")) add_text(root, "StartAfter", encode_key(query_get(c.t.query, "start-after"), url));
    add_text(root, "KeyCount", std::to_string(res.objects.size() + res.common_prefixes.size()));
  } else {
    add_text(root, "Marker", encode_key(q.start_after, url));
  }
  add_text(root, "MaxKeys", std::to_string(q.max_keys));
  if (!q.delimiter.empty()) add_text(root, "Delimiter", encode_key(q.delimiter, url));
  if (url) add_text(root, "EncodingType", "url");
  add_text(root, "IsTruncated", res.truncated ? "true" : "false");
  if (res.truncated) {
    if (v2) add_text(root, "NextContinuationToken", base64_encode(res.next_marker));
    else add_text(root, "NextMarker", encode_key(res.next_marker, url));
  }
  bool owner = !v2 || query_get(c.t.query, "fetch-owner") == "true";
  for (const auto& o : res.objects) {
    auto n = root.append_child("Contents");
    add_text(n, "Key", encode_key(o.key, url));
    add_text(n, "LastModified", format_iso8601_ms(o.meta.last_modified));
    add_text(n, "ETag", o.meta.etag);
    add_text(n, "Size", std::to_string(o.size));
    add_text(n, "StorageClass", "STANDARD");
    if (owner) {
      auto ow = n.append_child("Owner");
      add_text(ow, "ID", c.t.endpoint.account);
      add_text(ow, "DisplayName", c.t.endpoint.account);
    }
  }
  for (const auto& p : res.common_prefixes) add_text(root.append_child("CommonPrefixes"), "Prefix", encode_key(p, url));
  return xml_response(200, carry_cr(to_string(doc)));
}

HttpResponse get_object(Ctx& c, bool head) {
  StoredObject o;
  auto e = c.core.storage().get_object(c.bucket, c.t.key, &o);
  if (e != StoreError::ok) {
    auto r = store_error(e);
    r.head = head;
    return r;
  }
  const std::string* inm = find_header(c.req, "if-none-match");
  if (inm && (*inm == o.meta.etag || *inm == "*")) {
    HttpResponse r = empty(304);
    r.headers.emplace_back("ETag", o.meta.etag);
    r.head = true;
    return r;
  }
  const std::string* im = find_header(c.req, "if-match");
  if (im && *im != o.meta.etag && *im != "*") {
    auto r = s3_error(412, "PreconditionFailed", "At least one of the pre-conditions you specified did not hold");
    r.head = head;
    return r;
  }
  HttpResponse r;
  r.status = 200;
  add_object_headers(r, o.meta);
  const std::string* range = find_header(c.req, "range");
  size_t first = 0, last = 0;
  int rr = range ? parse_range(*range, o.body->size(), &first, &last) : 0;
  if (rr < 0) {
    auto er = s3_error(416, "InvalidRange", "The requested range is not satisfiable");
    er.headers.emplace_back("Content-Range", fmt::format("bytes */{}", o.body->size()));
    er.head = head;
    return er;
  }
  if (rr > 0) {
    r.status = 206;
    r.headers.emplace_back("Content-Range", fmt::format("bytes {}-{}/{}", first, last, o.body->size()));
    r.body = o.body->substr(first, last - first + 1);
  } else {
    r.body = *o.body;
  }
  r.head = head;
  return r;
}

// Content-MD5 check: empty response = fine.
std::optional<HttpResponse> check_md5(const HttpRequest& req, const std::string& body) {
  const std::string* md5 = find_header(req, "content-md5");
  if (!md5) return std::nullopt;
  bool ok = false;
  std::string raw = base64_decode(*md5, &ok);
  if (!ok || raw.size() != 16) return s3_error(400, "InvalidDigest", "The Content-MD5 you specified was invalid.");
  if (raw != md5_raw(body))
    return s3_error(400, "BadDigest", "The Content-MD5 you specified did not match what we received.");
  return std::nullopt;
}

HttpResponse put_object(Ctx& c) {
  if (auto bad = check_md5(c.req, c.body)) return *bad;
  std::string etag;
  auto e = c.core.storage().put_object(c.bucket, c.t.key, c.body, meta_from_request(c.req, c.now), &etag);
  if (e != StoreError::ok) return store_error(e);
  HttpResponse r = empty(200);
  r.headers.emplace_back("ETag", etag);
  return r;
}

HttpResponse copy_object(Ctx& c) {
  // The request's own (destination) bucket is resolved before the source is read.
  if (!c.core.storage().bucket_exists(c.bucket)) return store_error(StoreError::no_such_bucket);
  BucketRef src{c.t.endpoint.account, c.t.endpoint.jurisdiction, c.t.copy_source_bucket};
  StoredObject o;
  auto e = c.core.storage().get_object(src, c.t.copy_source_key, &o);
  if (e != StoreError::ok) return store_error(e);
  ObjectMeta meta = o.meta;
  const std::string* dir = find_header(c.req, "x-amz-metadata-directive");
  if (dir && *dir == "REPLACE") meta = meta_from_request(c.req, c.now);
  meta.last_modified = c.now;
  std::string etag;
  e = c.core.storage().put_object(c.bucket, c.t.key, *o.body, meta, &etag);
  if (e != StoreError::ok) return store_error(e);
  pugi::xml_document doc;
  auto root = start_document(doc, "CopyObjectResult");
  add_text(root, "LastModified", format_iso8601_ms(c.now));
  add_text(root, "ETag", etag);
  return xml_response(200, carry_cr(to_string(doc)));
}

HttpResponse delete_objects(Ctx& c) {
  pugi::xml_document in;
  if (!in.load_buffer(c.body.data(), c.body.size()) || !in.child("Delete"))
    return s3_error(400, "MalformedXML", "The XML you provided was not well-formed or did not validate against our "
                                         "published schema.");
  auto del = in.child("Delete");
  bool quiet = std::string(del.child_value("Quiet")) == "true";
  std::vector<std::string> keys;
  for (auto o : del.children("Object")) keys.emplace_back(o.child_value("Key"));
  // A key that is not UTF-8 or holds a character XML 1.0 cannot carry came from a document that
  // was not well-formed XML to begin with (and could not be echoed in the answer).
  bool readable = std::all_of(keys.begin(), keys.end(), [](const std::string& k) { return xml_text_ok(k); });
  if (keys.empty() || keys.size() > 1000 || !readable)
    return s3_error(400, "MalformedXML", "The XML you provided was not well-formed or did not validate against our "
                                         "published schema.");
  if (!c.core.storage().bucket_exists(c.bucket)) return store_error(StoreError::no_such_bucket);
  pugi::xml_document doc;
  auto root = start_document(doc, "DeleteResult");
  for (const auto& k : keys) {
    if (k.size() > kMaxKeyBytes) {
      auto er = root.append_child("Error");
      add_text(er, "Key", k);
      add_text(er, "Code", "KeyTooLongError");
      add_text(er, "Message", "Your key is too long");
      continue;
    }
    auto e = c.core.storage().delete_object(c.bucket, k);
    if (e == StoreError::ok) {
      if (!quiet) add_text(root.append_child("Deleted"), "Key", k);
    } else {
      auto er = root.append_child("Error");
      add_text(er, "Key", k);
      add_text(er, "Code", "InternalError");
      add_text(er, "Message", "We encountered an internal error. Please try again.");
    }
  }
  return xml_response(200, carry_cr(to_string(doc)));
}

bool valid_part_number(const S3Target& t, int* out) {
  long long n = 0;
  if (!parse_int(query_get(t.query, "partNumber"), &n) || n < 1 || n > 10000) return false;
  *out = static_cast<int>(n);
  return true;
}

// The upload must exist in this bucket and belong to this key.
StoreError check_upload(Ctx& c, const std::string& id) {
  std::string key;
  std::vector<PartInfo> parts;
  auto e = c.core.storage().list_parts(c.bucket, id, &key, &parts);
  if (e != StoreError::ok) return e;
  return key == c.t.key ? StoreError::ok : StoreError::no_such_upload;
}

HttpResponse upload_part(Ctx& c, bool copy) {
  int part = 0;
  if (!valid_part_number(c.t, &part))
    return s3_error(400, "InvalidArgument", "Part number must be an integer between 1 and 10000, inclusive");
  std::string id = query_get(c.t.query, "uploadId");
  if (auto e = check_upload(c, id); e != StoreError::ok) return store_error(e);
  std::string data;
  if (copy) {
    BucketRef src{c.t.endpoint.account, c.t.endpoint.jurisdiction, c.t.copy_source_bucket};
    StoredObject o;
    auto e = c.core.storage().get_object(src, c.t.copy_source_key, &o);
    if (e != StoreError::ok) return store_error(e);
    data = *o.body;
    if (const std::string* range = find_header(c.req, "x-amz-copy-source-range")) {
      size_t first = 0, last = 0;
      if (parse_range(*range, data.size(), &first, &last) != 1)
        return s3_error(400, "InvalidArgument", "The x-amz-copy-source-range value must be of the form bytes=first-last");
      data = data.substr(first, last - first + 1);
    }
  } else {
    if (auto bad = check_md5(c.req, c.body)) return *bad;
    data = c.body;
  }
  std::string etag;
  auto e = c.core.storage().upload_part(c.bucket, id, part, std::move(data), c.now, &etag);
  if (e != StoreError::ok) return store_error(e);
  if (!copy) {
    HttpResponse r = empty(200);
    r.headers.emplace_back("ETag", etag);
    return r;
  }
  pugi::xml_document doc;
  auto root = start_document(doc, "CopyPartResult");
  add_text(root, "LastModified", format_iso8601_ms(c.now));
  add_text(root, "ETag", etag);
  return xml_response(200, carry_cr(to_string(doc)));
}

HttpResponse complete_upload(Ctx& c) {
  std::string id = query_get(c.t.query, "uploadId");
  if (auto e = check_upload(c, id); e != StoreError::ok) return store_error(e);
  pugi::xml_document in;
  if (!in.load_buffer(c.body.data(), c.body.size()) || !in.child("CompleteMultipartUpload"))
    return s3_error(400, "MalformedXML", "The XML you provided was not well-formed or did not validate against our "
                                         "published schema.");
  std::vector<std::pair<int, std::string>> parts;
  for (auto p : in.child("CompleteMultipartUpload").children("Part")) {
    long long n = 0;
    if (!parse_int(p.child_value("PartNumber"), &n) || n < 1 || n > 10000)
      return s3_error(400, "InvalidPart", "One or more of the specified parts could not be found.");
    parts.emplace_back(static_cast<int>(n), p.child_value("ETag"));
  }
  std::string key, etag;
  auto e = c.core.storage().complete_upload(c.bucket, id, parts, c.now, &key, &etag);
  if (e != StoreError::ok) return store_error(e);
  pugi::xml_document doc;
  auto root = start_document(doc, "CompleteMultipartUploadResult");
  add_text(root, "Location", "/" + c.t.bucket + "/" + key);
  add_text(root, "Bucket", c.t.bucket);
  add_text(root, "Key", key);
  add_text(root, "ETag", etag);
  return xml_response(200, carry_cr(to_string(doc)));
}

HttpResponse dispatch(Ctx& c) {
  auto& st = c.core.storage();
  if (!c.t.key.empty())
    if (auto bad = key_error(c.t.key)) return *bad;
  switch (c.t.op) {
    case Op::list_buckets: return list_buckets(c);
    case Op::create_bucket: {
      if (!is_bucket_name(c.t.bucket))
        return s3_error(400, "InvalidBucketName", "The specified bucket name is not valid.");
      auto e = st.create_bucket(c.bucket, c.now);
      if (e != StoreError::ok) return store_error(e);
      HttpResponse r = empty(200);
      r.headers.emplace_back("Location", "/" + c.t.bucket);
      return r;
    }
    case Op::delete_bucket: {
      auto e = st.delete_bucket(c.bucket);
      return e == StoreError::ok ? empty(204) : store_error(e);
    }
    case Op::head_bucket: {
      HttpResponse r = st.bucket_exists(c.bucket) ? empty(200) : store_error(StoreError::no_such_bucket);
      r.head = true;
      return r;
    }
    case Op::get_bucket_location: {
      if (!st.bucket_exists(c.bucket)) return store_error(StoreError::no_such_bucket);
      pugi::xml_document doc;
      auto root = start_document(doc, "LocationConstraint");
      root.append_child(pugi::node_pcdata)
          .set_value(c.t.endpoint.jurisdiction == "default" ? "auto" : c.t.endpoint.jurisdiction.c_str());
      return xml_response(200, carry_cr(to_string(doc)));
    }
    case Op::get_bucket_cors:
    case Op::get_bucket_lifecycle: {
      auto b = st.get_bucket(c.bucket);
      if (!b) return store_error(StoreError::no_such_bucket);
      bool cors = c.t.op == Op::get_bucket_cors;
      const auto& xml = cors ? b->cors_xml : b->lifecycle_xml;
      if (!xml)
        return cors ? s3_error(404, "NoSuchCORSConfiguration", "The CORS configuration does not exist")
                    : s3_error(404, "NoSuchLifecycleConfiguration", "The lifecycle configuration does not exist");
      return xml_response(200, *xml);
    }
    case Op::put_bucket_cors:
    case Op::put_bucket_lifecycle: {
      bool cors = c.t.op == Op::put_bucket_cors;
      pugi::xml_document in;
      if (!in.load_buffer(c.body.data(), c.body.size()) ||
          !in.child(cors ? "CORSConfiguration" : "LifecycleConfiguration"))
        return s3_error(400, "MalformedXML", "The XML you provided was not well-formed or did not validate against "
                                             "our published schema.");
      auto e = cors ? st.set_cors(c.bucket, c.body) : st.set_lifecycle(c.bucket, c.body);
      return e == StoreError::ok ? empty(200) : store_error(e);
    }
    case Op::delete_bucket_cors: {
      auto e = st.set_cors(c.bucket, std::nullopt);
      return e == StoreError::ok ? empty(204) : store_error(e);
    }
    case Op::get_bucket_encryption: {
      if (!st.bucket_exists(c.bucket)) return store_error(StoreError::no_such_bucket);
      pugi::xml_document doc;
      auto root = start_document(doc, "ServerSideEncryptionConfiguration");
      auto rule = root.append_child("Rule");
      add_text(rule.append_child("ApplyServerSideEncryptionByDefault"), "SSEAlgorithm", "AES256");
      add_text(rule, "BucketKeyEnabled", "false");
      return xml_response(200, carry_cr(to_string(doc)));
    }
    case Op::list_objects: return list_objects(c, false);
    case Op::list_objects_v2: return list_objects(c, true);
    case Op::list_multipart_uploads: {
      std::vector<UploadInfo> ups;
      auto e = st.list_uploads(c.bucket, &ups);
      if (e != StoreError::ok) return store_error(e);
      pugi::xml_document doc;
      auto root = start_document(doc, "ListMultipartUploadsResult");
      add_text(root, "Bucket", c.t.bucket);
      add_text(root, "KeyMarker", "");
      add_text(root, "UploadIdMarker", "");
      add_text(root, "MaxUploads", "1000");
      add_text(root, "IsTruncated", "false");
      for (const auto& u : ups) {
        auto n = root.append_child("Upload");
        add_text(n, "Key", u.key);
        add_text(n, "UploadId", u.id);
        add_text(n, "Initiated", format_iso8601_ms(u.initiated));
        add_text(n, "StorageClass", "STANDARD");
      }
      return xml_response(200, carry_cr(to_string(doc)));
    }
    case Op::list_parts: {
      std::string key;
      std::vector<PartInfo> parts;
      std::string id = query_get(c.t.query, "uploadId");
      auto e = st.list_parts(c.bucket, id, &key, &parts);
      if (e == StoreError::ok && key != c.t.key) e = StoreError::no_such_upload;
      if (e != StoreError::ok) return store_error(e);
      pugi::xml_document doc;
      auto root = start_document(doc, "ListPartsResult");
      add_text(root, "Bucket", c.t.bucket);
      add_text(root, "Key", key);
      add_text(root, "UploadId", id);
      add_text(root, "PartNumberMarker", "0");
      add_text(root, "MaxParts", "1000");
      add_text(root, "IsTruncated", "false");
      for (const auto& p : parts) {
        auto n = root.append_child("Part");
        add_text(n, "PartNumber", std::to_string(p.number));
        add_text(n, "LastModified", format_iso8601_ms(p.last_modified));
        add_text(n, "ETag", p.etag);
        add_text(n, "Size", std::to_string(p.size));
      }
      return xml_response(200, carry_cr(to_string(doc)));
    }
    case Op::get_object: return get_object(c, false);
    case Op::head_object: return get_object(c, true);
    case Op::put_object: return put_object(c);
    case Op::copy_object: return copy_object(c);
    case Op::delete_object: {
      auto e = st.delete_object(c.bucket, c.t.key);
      return e == StoreError::ok ? empty(204) : store_error(e);
    }
    case Op::delete_objects: return delete_objects(c);
    case Op::create_multipart_upload: {
      std::string id;
      auto e = st.create_upload(c.bucket, c.t.key, meta_from_request(c.req, c.now), c.now, &id);
      if (e != StoreError::ok) return store_error(e);
      pugi::xml_document doc;
      auto root = start_document(doc, "InitiateMultipartUploadResult");
      add_text(root, "Bucket", c.t.bucket);
      add_text(root, "Key", c.t.key);
      add_text(root, "UploadId", id);
      return xml_response(200, carry_cr(to_string(doc)));
    }
    case Op::upload_part: return upload_part(c, false);
    case Op::upload_part_copy: return upload_part(c, true);
    case Op::complete_multipart_upload: return complete_upload(c);
    case Op::abort_multipart_upload: {
      std::string id = query_get(c.t.query, "uploadId");
      if (auto e = check_upload(c, id); e != StoreError::ok) return store_error(e);
      auto e = st.abort_upload(c.bucket, id);
      return e == StoreError::ok ? empty(204) : store_error(e);
    }
    case Op::unsupported: break;
  }
  return s3_error(501, "NotImplemented", "A header or query you provided implies functionality that is not implemented.");
}

bool is_copy(Op op) { return op == Op::copy_object || op == Op::upload_part_copy; }
bool is_object_read(Op op) { return op == Op::get_object || op == Op::head_object; }

// Everything decided before the operation runs: authentication, classification, authorization
// (SCOPING.md §8 classes 1 to 8). body_known false: the body has not been read; only the classes
// that need it (content-sha256-mismatch, chunk signatures) are left for the full request.
struct Admission {
  S3Target t;
  AuthResult auth;
  BucketRef bucket;
  std::optional<HttpResponse> refusal;
};

Admission admit(EmulatorCore& core, const HttpRequest& req, TimePoint now, bool body_known,
               std::string_view listener_jurisdiction) {
  const auto& config = core.config();
  const BugSet& bugs = core.bugs();
  Admission a;
  S3Target& t = a.t;
  t = classify(req, config.base_domain, config.account, listener_jurisdiction);
  a.auth = authenticate(req, core.tokens(), bugs, now, config.streaming, body_known);
  if (a.auth.cls != AuthClass::ok) {
    auto w = wire_error(a.auth.cls, a.auth.query_auth);
    a.refusal = s3_error(w.status, w.code, w.message);
    return a;
  }
  if (t.op == Op::unsupported) {
    a.refusal = s3_error(501, "NotImplemented",
                         "A header or query you provided implies functionality that is not implemented.");
    return a;
  }
  if (is_copy(t.op) && t.copy_source_malformed) {
    a.refusal = s3_error(400, "InvalidArgument", "Invalid copy source object key");
    return a;
  }

  // BUG vhost-path-confusion: with virtual-hosted addressing, authorize against the path's
  // first segment while the operation acts on the Host's bucket.
  std::string auth_bucket = t.bucket;
  if (bugs.has(Bug::vhost_path_confusion) && !t.endpoint.host_bucket.empty() && !t.path_first_segment.empty())
    auth_bucket = t.path_first_segment;

  a.bucket = BucketRef{t.endpoint.account, t.endpoint.jurisdiction, t.bucket};
  AccessTarget need = access_for(t, auth_bucket, bugs);
  bool allowed = is_allowed(a.auth.token->grants, need, bugs);
  // SC-OP-1: copies also need read on the source.
  // BUG copy-source-unchecked: the source is not checked.
  if (allowed && is_copy(t.op) && !bugs.has(Bug::copy_source_unchecked)) {
    AccessTarget src{kBucketRead, t.endpoint.account, t.endpoint.jurisdiction, t.copy_source_bucket};
    allowed = is_allowed(a.auth.token->grants, src, bugs);
  }
  // BUG multipart-sticky: once an upload exists, UploadPart / Complete are allowed to anyone.
  if (!allowed && bugs.has(Bug::multipart_sticky) &&
      (t.op == Op::upload_part || t.op == Op::complete_multipart_upload) &&
      core.storage().upload_exists(a.bucket, query_get(t.query, "uploadId")))
    allowed = true;
  if (!allowed) {
    // BUG existence-leak: an unauthorized caller learns that a bucket or key does not exist.
    if (bugs.has(Bug::existence_leak) && t.op != Op::list_buckets && t.op != Op::create_bucket) {
      if (!core.storage().bucket_exists(a.bucket)) {
        a.refusal = store_error(StoreError::no_such_bucket);
        return a;
      }
      StoredObject o;
      if (is_object_read(t.op) && core.storage().get_object(a.bucket, t.key, &o) == StoreError::no_such_key) {
        a.refusal = store_error(StoreError::no_such_key);
        return a;
      }
    }
    a.refusal = s3_error(403, "AccessDenied", "Access Denied");
  }
  return a;
}

HttpResponse finish_s3(HttpResponse r, TimePoint now, bool head) {
  r.head = r.head || head;
  r.headers.emplace_back("Date", format_http_date(now));
  r.headers.emplace_back("Server", "scopecheck-emulator");
  return r;
}

}  // namespace

HttpResponse EmulatorCore::handle_s3(const HttpRequest& req, std::string_view listener_jurisdiction) {
  HttpResponse fault = maybe_fault();
  if (fault.status != 0) return fault;
  const TimePoint now = clock().now();
  const bool head = req.method == "HEAD";
  Admission a = admit(*this, req, now, true, listener_jurisdiction);
  if (a.refusal) return finish_s3(std::move(*a.refusal), now, head);
  const std::string& body = a.auth.streaming ? a.auth.body : req.body;
  Ctx c{*this, req, a.t, a.bucket, body, now};
  return finish_s3(dispatch(c), now, head);
}

std::optional<HttpResponse> EmulatorCore::refuse_s3_early(const HttpRequest& head,
                                                          std::string_view listener_jurisdiction) {
  const TimePoint now = clock().now();
  Admission a = admit(*this, head, now, false, listener_jurisdiction);
  if (!a.refusal) return std::nullopt;
  return finish_s3(std::move(*a.refusal), now, head.method == "HEAD");
}

}  // namespace scopecheck::emulator
