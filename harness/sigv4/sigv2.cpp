#include "harness/sigv4/sigv2.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <array>
#include <ctime>
#include <map>
#include <vector>

#include "harness/sigv4/constants.h"
#include "harness/sigv4/crypto.h"
#include "harness/sigv4/uri_encode.h"

namespace scopecheck::sigv4 {

namespace {

// The sub-resources that are part of the canonicalized resource: AWS's list, plus `encryption`
// (Ceph RGW signs it too).
constexpr std::array<std::string_view, 26> kSignedSubresources{
    "acl", "cors", "delete", "encryption", "lifecycle", "location", "logging", "notification", "partNumber", "policy",
    "requestPayment", "response-cache-control", "response-content-disposition", "response-content-encoding",
    "response-content-language", "response-content-type", "response-expires", "restore", "tagging", "torrent",
    "uploadId", "uploads", "versionId", "versioning", "versions", "website"};

std::string trim(std::string_view v) {
  while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
  while (!v.empty() && (v.back() == ' ' || v.back() == '\t')) v.remove_suffix(1);
  return std::string(v);
}

std::string http_date(std::chrono::sys_seconds t) {
  const std::time_t tt = static_cast<std::time_t>(t.time_since_epoch().count());
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S GMT", &tm);
  return buf;
}

}  // namespace

std::string sigv2_string_to_sign(const HttpRequest& r, std::string_view vhost_bucket) {
  auto first = [&](std::string_view name) { return trim(r.header(name).value_or("")); };
  std::map<std::string, std::vector<std::string>> amz;
  for (const auto& [name, value] : r.headers) {
    std::string lower = to_lower(name);
    if (lower.rfind("x-amz-", 0) == 0) amz[lower].push_back(trim(value));
  }
  std::string out = r.method + "\n" + first("Content-MD5") + "\n" + first("Content-Type") + "\n" +
                    (amz.count("x-amz-date") ? "" : first("Date")) + "\n";
  for (const auto& [name, values] : amz) {
    out += name + ":";
    for (size_t i = 0; i < values.size(); ++i) out += (i ? "," : "") + values[i];
    out += "\n";
  }
  if (!vhost_bucket.empty()) out += "/" + std::string(vhost_bucket);
  out += std::string(r.path());
  std::vector<std::string> sub;
  std::string_view query = r.query();
  size_t pos = 0;
  while (!query.empty() && pos <= query.size()) {
    auto amp = query.find('&', pos);
    std::string_view piece = query.substr(pos, amp == std::string_view::npos ? std::string_view::npos : amp - pos);
    const auto eq = piece.find('=');
    const std::string name = percent_decode_lenient(piece.substr(0, eq));
    if (std::find(kSignedSubresources.begin(), kSignedSubresources.end(), name) != kSignedSubresources.end()) {
      const std::string value = eq == std::string_view::npos ? "" : percent_decode_lenient(piece.substr(eq + 1));
      sub.push_back(eq == std::string_view::npos || value.empty() ? name : name + "=" + value);
    }
    if (amp == std::string_view::npos) break;
    pos = amp + 1;
  }
  std::sort(sub.begin(), sub.end());
  for (size_t i = 0; i < sub.size(); ++i) out += (i ? "&" : "?") + sub[i];
  return out;
}

std::string sigv2_signature(std::string_view secret, std::string_view string_to_sign) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha1(), secret.data(), static_cast<int>(secret.size()), reinterpret_cast<const unsigned char*>(string_to_sign.data()),
       string_to_sign.size(), mac, &len);
  return base64(std::string_view(reinterpret_cast<const char*>(mac), len));
}

HttpRequest sign_sigv2(HttpRequest request, std::string_view access_key, std::string_view secret, std::chrono::sys_seconds time,
                       std::string_view vhost_bucket) {
  request.headers.emplace_back("Date", http_date(time));
  request.headers.emplace_back("Authorization", "AWS " + std::string(access_key) + ":" +
                                                    sigv2_signature(secret, sigv2_string_to_sign(request, vhost_bucket)));
  return request;
}

SigV2Kind detect_sigv2(const HttpRequest& request) {
  for (auto value : request.header_values(kHeaderAuthorization)) {
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t'))
      value.remove_prefix(1);
    if (value.size() > kSigV2HeaderPrefix.size() &&
        value.substr(0, kSigV2HeaderPrefix.size()) == kSigV2HeaderPrefix &&
        value.find(':') != std::string_view::npos) {
      return SigV2Kind::header;
    }
  }
  std::string_view query = request.query();
  std::size_t pos = 0;
  while (pos <= query.size()) {
    auto amp = query.find('&', pos);
    std::string_view piece =
        query.substr(pos, amp == std::string_view::npos ? std::string_view::npos : amp - pos);
    std::string name = percent_decode_lenient(piece.substr(0, piece.find('=')));
    if (name == kSigV2QuerySignature || name == kSigV2QueryAccessKey) return SigV2Kind::query;
    if (amp == std::string_view::npos) break;
    pos = amp + 1;
  }
  return SigV2Kind::none;
}

}  // namespace scopecheck::sigv4
