#include "emulator/s3_request.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>

#include "emulator/grants.h"

namespace scopecheck::emulator {

namespace {
int hexval(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (true) {
    auto pos = s.find(sep, start);
    out.push_back(s.substr(start, pos == std::string_view::npos ? std::string_view::npos : pos - start));
    if (pos == std::string_view::npos) break;
    start = pos + 1;
  }
  return out;
}
}  // namespace

std::string percent_decode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && hexval(s[i + 1]) >= 0 && hexval(s[i + 2]) >= 0) {
      out.push_back(static_cast<char>(hexval(s[i + 1]) * 16 + hexval(s[i + 2])));
      i += 2;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

QueryMap parse_query(std::string_view raw) {
  QueryMap q;
  if (raw.empty()) return q;
  for (auto piece : split(raw, '&')) {
    if (piece.empty()) continue;
    auto eq = piece.find('=');
    std::string name = percent_decode(piece.substr(0, eq));
    std::string value = eq == std::string_view::npos ? "" : percent_decode(piece.substr(eq + 1));
    q.emplace(std::move(name), std::move(value));
  }
  return q;
}

Endpoint parse_host(std::string_view host, std::string_view base_domain, std::string_view default_account,
                    std::string_view other_jurisdiction) {
  Endpoint e{std::string(default_account), std::string(other_jurisdiction), ""};
  // Strip the port (IPv6 literals keep their brackets and are never under the base domain).
  if (!host.empty() && host.front() != '[') {
    auto colon = host.rfind(':');
    if (colon != std::string_view::npos) host = host.substr(0, colon);
  }
  std::string h;
  for (char c : host) h.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  if (!h.empty() && h.back() == '.') h.pop_back();
  std::string suffix = "." + std::string(base_domain);
  if (h.size() <= suffix.size() || h.compare(h.size() - suffix.size(), suffix.size(), suffix) != 0) return e;
  auto labels = split(std::string_view(h).substr(0, h.size() - suffix.size()), '.');
  auto is_jur = [](std::string_view j) { return j == "eu" || j == "fedramp" || j == "default"; };
  if (labels.size() == 1 && is_account_id(labels[0])) {
    e.account = labels[0];
    e.jurisdiction = "default";
  } else if (labels.size() == 2 && is_account_id(labels[0]) && is_jur(labels[1])) {
    e.account = labels[0];
    e.jurisdiction = labels[1];
  } else if (labels.size() == 2 && is_account_id(labels[1]) && !labels[0].empty()) {
    e.account = labels[1];
    e.host_bucket = labels[0];
    e.jurisdiction = "default";
  } else if (labels.size() == 3 && is_account_id(labels[1]) && is_jur(labels[2]) && !labels[0].empty()) {
    e.host_bucket = labels[0];
    e.account = labels[1];
    e.jurisdiction = labels[2];
  }
  return e;
}

std::string_view op_name(Op op) {
  static constexpr std::array<std::string_view, 27> kNames = {
      "ListBuckets",        "CreateBucket",
      "DeleteBucket",       "HeadBucket",
      "GetBucketLocation",  "GetBucketCors",
      "PutBucketCors",      "DeleteBucketCors",
      "GetBucketLifecycleConfiguration", "PutBucketLifecycleConfiguration",
      "GetBucketEncryption", "ListObjects",
      "ListObjectsV2",      "ListMultipartUploads",
      "GetObject",          "HeadObject",
      "PutObject",          "CopyObject",
      "DeleteObject",       "DeleteObjects",
      "CreateMultipartUpload", "UploadPart",
      "UploadPartCopy",     "CompleteMultipartUpload",
      "AbortMultipartUpload", "ListParts",
      "Unsupported",
  };
  return kNames[static_cast<size_t>(op)];
}

S3Target classify(const HttpRequest& req, std::string_view base_domain, std::string_view default_account,
                  std::string_view other_jurisdiction) {
  S3Target t;
  const std::string* host = find_header(req, "host");
  t.endpoint = parse_host(host ? *host : "", base_domain, default_account, other_jurisdiction);
  std::string_view target = req.target;
  auto qpos = target.find('?');
  std::string_view raw_path = target.substr(0, qpos);
  if (qpos != std::string_view::npos) t.query = parse_query(target.substr(qpos + 1));
  std::string path = percent_decode(raw_path);
  std::string rest = path.empty() ? "" : (path[0] == '/' ? path.substr(1) : path);
  auto slash = rest.find('/');
  t.path_first_segment = rest.substr(0, slash);
  if (!t.endpoint.host_bucket.empty()) {
    t.bucket = t.endpoint.host_bucket;
    t.key = rest;
  } else {
    t.bucket = t.path_first_segment;
    t.key = slash == std::string::npos ? "" : rest.substr(slash + 1);
  }
  auto has = [&](const char* k) { return t.query.count(k) > 0; };
  // Presigned URLs carry their signature (X-Amz-Algorithm, X-Amz-Credential, ...) and signed
  // x-amz-* values in the query; they are not operation markers, so `PUT /bucket?X-Amz-...` is
  // still CreateBucket (SC-OP-2).
  const bool no_markers = std::all_of(t.query.begin(), t.query.end(), [](const auto& kv) {
    const std::string& name = kv.first;
    return name.size() >= 6 && std::equal(name.begin(), name.begin() + 6, "x-amz-", [](char a, char b) {
             return std::tolower(static_cast<unsigned char>(a)) == b;
           });
  });
  const std::string& m = req.method;
  const std::string* copy = find_header(req, "x-amz-copy-source");
  if (copy) {
    std::string src = percent_decode(*copy);
    auto vq = src.find("?versionId=");
    if (vq != std::string::npos) src = src.substr(0, vq);
    if (!src.empty() && src[0] == '/') src = src.substr(1);
    auto s = src.find('/');
    if (s == std::string::npos || s == 0 || s + 1 >= src.size()) {
      t.copy_source_malformed = true;
    } else {
      t.copy_source_bucket = src.substr(0, s);
      t.copy_source_key = src.substr(s + 1);
    }
  }
  if (t.bucket.empty()) {
    t.op = m == "GET" ? Op::list_buckets : Op::unsupported;
    return t;
  }
  if (t.key.empty()) {
    if (m == "GET" || m == "HEAD") {
      if (m == "HEAD") t.op = Op::head_bucket;
      else if (has("location")) t.op = Op::get_bucket_location;
      else if (has("cors")) t.op = Op::get_bucket_cors;
      else if (has("lifecycle")) t.op = Op::get_bucket_lifecycle;
      else if (has("encryption")) t.op = Op::get_bucket_encryption;
      else if (has("uploads")) t.op = Op::list_multipart_uploads;
      else {
        auto lt = t.query.find("list-type");
        t.op = (lt != t.query.end() && lt->second == "2") ? Op::list_objects_v2 : Op::list_objects;
      }
    } else if (m == "PUT") {
      if (has("cors")) t.op = Op::put_bucket_cors;
      else if (has("lifecycle")) t.op = Op::put_bucket_lifecycle;
      else if (no_markers) t.op = Op::create_bucket;
    } else if (m == "DELETE") {
      if (has("cors")) t.op = Op::delete_bucket_cors;
      else if (no_markers) t.op = Op::delete_bucket;
    } else if (m == "POST") {
      if (has("delete")) t.op = Op::delete_objects;
    }
    return t;
  }
  if (m == "GET") {
    t.op = has("uploadId") ? Op::list_parts : Op::get_object;
  } else if (m == "HEAD") {
    t.op = Op::head_object;
  } else if (m == "PUT") {
    if (has("uploadId") && has("partNumber")) t.op = copy ? Op::upload_part_copy : Op::upload_part;
    else if (!has("uploadId")) t.op = copy ? Op::copy_object : Op::put_object;
  } else if (m == "DELETE") {
    t.op = has("uploadId") ? Op::abort_multipart_upload : Op::delete_object;
  } else if (m == "POST") {
    if (has("uploads")) t.op = Op::create_multipart_upload;
    else if (has("uploadId")) t.op = Op::complete_multipart_upload;
  }
  return t;
}

namespace {
// 0 = fine, 1 = not UTF-8, 2 = a character XML 1.0 cannot carry.
int text_problem(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    auto c = static_cast<unsigned char>(s[i]);
    uint32_t cp = 0;
    size_t n = 0;
    if (c < 0x80) {
      cp = c;
      n = 1;
    } else if (c >= 0xC2 && c <= 0xDF) {
      cp = c & 0x1Fu;
      n = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      cp = c & 0x0Fu;
      n = 3;
    } else if (c >= 0xF0 && c <= 0xF4) {
      cp = c & 0x07u;
      n = 4;
    } else {
      return 1;  // a continuation byte first, C0/C1 (overlong), or F5..FF
    }
    if (i + n > s.size()) return 1;
    for (size_t k = 1; k < n; ++k) {
      auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0u) != 0x80u) return 1;
      cp = (cp << 6) | (cc & 0x3Fu);
    }
    if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF))) return 1;  // overlong, too big
    if (cp >= 0xD800 && cp <= 0xDFFF) return 1;  // surrogates are not scalar values
    if ((cp < 0x20 && cp != 0x9 && cp != 0xA && cp != 0xD) || cp == 0xFFFE || cp == 0xFFFF) return 2;
    i += n;
  }
  return 0;
}
}  // namespace

KeyProblem key_problem(std::string_view key) {
  switch (text_problem(key)) {
    case 1: return KeyProblem::not_utf8;
    case 2: return KeyProblem::not_xml_char;
    default: break;
  }
  return key.size() > kMaxKeyBytes ? KeyProblem::too_long : KeyProblem::none;
}

bool xml_text_ok(std::string_view s) { return text_problem(s) == 0; }

}  // namespace scopecheck::emulator
