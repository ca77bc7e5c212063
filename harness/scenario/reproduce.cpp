#include "harness/scenario/reproduce.h"

#include <fmt/format.h>

#include <strings.h>

namespace scopecheck::scenario {
namespace {

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && ::strncasecmp(a.data(), b.data(), a.size()) == 0;
}

// POSIX shell single quotes: everything literal, a quote as '\''.
std::string sh(std::string_view s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::string header_value(const http::Headers& h, std::string_view name) {
  for (const auto& [n, v] : h)
    if (iequals(n, name)) return v;
  return "";
}

// "http://host:port" of a URL (everything before the path).
std::string origin_of(const std::string& url) {
  const auto scheme = url.find("://");
  const auto path = url.find('/', scheme == std::string::npos ? 0 : scheme + 3);
  return path == std::string::npos ? url : url.substr(0, path);
}

std::string authority_of(const std::string& url) {
  const auto o = origin_of(url);
  const auto scheme = o.find("://");
  return scheme == std::string::npos ? o : o.substr(scheme + 3);
}

// A query parameter's raw value from the URL ("" when absent).
std::string query_param(const std::string& url, std::string_view name) {
  const auto q = url.find('?');
  if (q == std::string::npos) return "";
  size_t at = q + 1;
  while (at < url.size()) {
    const auto end = std::min(url.find('&', at), url.size());
    const std::string_view pair(url.data() + at, end - at);
    const auto eq = pair.find('=');
    if (pair.substr(0, eq) == name) return eq == std::string_view::npos ? "" : std::string(pair.substr(eq + 1));
    at = end + 1;
  }
  return "";
}

bool whole_body_is_text(const SentRequest& r) {
  return r.body_size == r.body_excerpt.size() && r.body_excerpt.find("\\x") == std::string::npos;
}

std::string kebab(std::string_view op) {
  std::string out;
  for (size_t i = 0; i < op.size(); ++i) {
    const char c = op[i];
    const bool upper = c >= 'A' && c <= 'Z';
    const bool digit = c >= '0' && c <= '9';
    if (i > 0 && (upper || (digit && !(op[i - 1] >= '0' && op[i - 1] <= '9')))) out += '-';
    out += upper ? static_cast<char>(c - 'A' + 'a') : c;
  }
  return out;
}

constexpr std::string_view kJoin = " \\\n  ";

void headers_text(std::string& out, const http::Headers& h) {
  for (const auto& [n, v] : h) out += n + ": " + v + "\n";
}

}  // namespace

std::string exchange_text(const Exchange& x) {
  const auto& r = x.request;
  std::string out = r.method + " " + r.url + "\n";
  headers_text(out, r.headers);
  if (r.body_size > 0) {
    out += fmt::format("(body: {} bytes, sha256 {}{})\n", r.body_size, r.body_sha256,
                       r.body_size > r.body_excerpt.size() || !whole_body_is_text(r) ? "; first bytes below" : "");
    out += r.body_excerpt + "\n";
  }
  out += "\n";
  if (!x.answer) return out + "← no answer: " + x.transport_error + "\n";
  const auto& a = *x.answer;
  out += fmt::format("← {}\n", a.status);
  headers_text(out, a.headers);
  if (a.body_size > 0) {
    if (a.body_size > kExcerptBytes) out += fmt::format("(body: {} bytes; the first {} below)\n", a.body_size, kExcerptBytes);
    out += a.body_excerpt + "\n";
  }
  return out;
}

std::string curl_command(const S3Step& step, const Exchange& x) {
  const auto& r = x.request;
  const bool resign = step.auth == AuthMode::kHeader && step.defect == Defect::kNone && !x.access_key_id.empty();
  std::string notes;
  if (r.in_process)
    notes += "# the in-process emulator: start `scopecheck emulate` and add --connect-to ::127.0.0.1:<its s3 port>\n";
  if (!resign && step.auth != AuthMode::kAnonymous) {
    const std::string date = header_value(r.headers, "x-amz-date").empty() ? query_param(r.url, "X-Amz-Date")
                                                                          : header_value(r.headers, "x-amz-date");
    notes += fmt::format("# the signature as sent ({}{}{}): a server accepts it only near the time it was made\n",
                         to_string(step.auth), step.defect == Defect::kNone ? "" : ", defect " + std::string(to_string(step.defect)),
                         date.empty() ? "" : ", signed at " + date);
  }
  const bool body_file = r.body_size > 0 && !whole_body_is_text(r);
  if (body_file) notes += fmt::format("# body.bin: the request's {} bytes (sha256 {})\n", r.body_size, r.body_sha256);

  std::string cmd = "curl -sS -i";
  if (r.method == "HEAD") cmd += " --head";
  else if (r.method != "GET") cmd += " -X " + r.method;
  cmd += " " + sh(r.url);
  if (resign)
    cmd += fmt::format("{}--aws-sigv4 {} --user \"{}:${}\"", kJoin, sh("aws:amz:" + x.region + ":s3"), x.access_key_id, kSecretEnv);
  const std::string authority = authority_of(r.url);
  bool content_type = false;
  for (const auto& [n, v] : r.headers) {
    if (iequals(n, "Content-Length")) continue;  // curl counts the body itself
    if (iequals(n, "Host") && v == authority) continue;
    if (resign && (iequals(n, "Authorization") || iequals(n, "x-amz-date"))) continue;  // curl signs afresh
    content_type |= iequals(n, "Content-Type");
    cmd += std::string(kJoin) + "-H " + sh(n + ": " + v);
  }
  const bool has_body = r.body_size > 0 || r.method == "PUT" || r.method == "POST";
  if (has_body) {
    if (!content_type) cmd += std::string(kJoin) + "-H 'Content-Type:'";  // not curl's form default
    cmd += std::string(kJoin) + "--data-binary " + (body_file ? std::string("@body.bin") : sh(r.body_excerpt));
  }
  return notes + cmd;
}

std::string aws_cli_command(const S3Step& step, const Exchange& x) {
  const auto& r = x.request;
  std::string origin = origin_of(r.url);
  if (step.addressing == Addressing::kVirtualHost && !step.bucket.empty()) {
    // The endpoint without the bucket's label: the CLI puts the bucket where it likes.
    const auto at = origin.find("://" + step.bucket + ".");
    if (at != std::string::npos) origin.erase(at + 3, step.bucket.size() + 1);
  }
  std::string notes;
  if (step.auth != AuthMode::kHeader || step.defect != Defect::kNone)
    notes = fmt::format("# the CLI signs correctly: this does not reproduce the {}{}\n", to_string(step.auth),
                        step.defect == Defect::kNone ? " request" : " request's defect " + std::string(to_string(step.defect)));
  std::string cmd;
  if (step.auth == AuthMode::kAnonymous || x.access_key_id.empty()) {
    cmd = "aws s3api " + kebab(model::to_string(step.op)) + " --no-sign-request";
  } else {
    cmd = fmt::format("AWS_ACCESS_KEY_ID={} aws s3api {}", x.access_key_id, kebab(model::to_string(step.op)));
  }
  cmd += fmt::format(" --endpoint-url {} --region {}", sh(origin), sh(x.region.empty() ? "auto" : x.region));
  using model::Operation;
  if (!step.bucket.empty() && step.op != Operation::kListBuckets) cmd += " --bucket " + sh(step.bucket);
  if (step.op == Operation::kDeleteObjects) {
    cmd += " --delete " + sh("Objects=[{Key=" + step.key + "}]");
  } else if (!step.key.empty()) {
    cmd += " --key " + sh(step.key);
  }
  if (!step.copy_source_bucket.empty())
    cmd += " --copy-source " + sh(step.copy_source_bucket + "/" + step.copy_source_key);
  if (const auto id = query_param(r.url, "uploadId"); !id.empty()) cmd += " --upload-id " + sh(id);
  if (const auto part = query_param(r.url, "partNumber"); !part.empty()) cmd += " --part-number " + part;
  switch (step.op) {
    case Operation::kPutObject:
    case Operation::kUploadPart:
      if (r.body_size > 0) cmd += " --body body.bin";
      break;
    case Operation::kGetObject:
      cmd += " /dev/stdout";
      break;
    case Operation::kPutBucketCors:
      cmd += " --cors-configuration " +
             sh(R"({"CORSRules":[{"AllowedOrigins":["https://example.com"],"AllowedMethods":["GET"]}]})");
      break;
    case Operation::kPutBucketLifecycleConfiguration:
      cmd += " --lifecycle-configuration " +
             sh(R"({"Rules":[{"ID":"expire","Filter":{"Prefix":"tmp/"},"Status":"Enabled","Expiration":{"Days":7}}]})");
      break;
    case Operation::kCompleteMultipartUpload: {
      const auto open = r.body_excerpt.find("<ETag>"), close = r.body_excerpt.find("</ETag>");
      const std::string etag = open != std::string::npos && close != std::string::npos && close > open
                                   ? r.body_excerpt.substr(open + 6, close - open - 6)
                                   : "ETAG";
      cmd += " --multipart-upload " + sh("Parts=[{PartNumber=1,ETag=" + etag + "}]");
      break;
    }
    default:
      break;
  }
  if (r.in_process) notes += "# the in-process emulator: point --endpoint-url at `scopecheck emulate`\n";
  return notes + cmd;
}

}  // namespace scopecheck::scenario
