#include "harness/targets/s3_admin.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>

#include "harness/sigv4/signer.h"
#include "harness/sigv4/signing_key.h"
#include "harness/sigv4/uri_encode.h"

namespace scopecheck::targets {

std::string object_body(const std::string& key) { return "scopecheck object " + key + "\n"; }

http::Response admin_s3(Target& target, const TokenCredentials& admin, const AdminCall& call,
                        std::initializer_list<int> allow_status) {
  // Setup is not a check: transient failures (transport errors, 500, 503) are retried.
  constexpr int kAttempts = 6;
  for (int attempt = 1;; ++attempt) {
    auto resp = admin_s3_once(target, admin, call);
    const bool transient = !resp || resp->status == 500 || resp->status == 503;
    if (transient && attempt < kAttempts) continue;
    if (!resp)
      throw TargetError(TargetError::Kind::kUnreachable,
                        fmt::format("setting up {} /{}/{}: {}", call.method, call.bucket, call.key, resp.error().to_string()));
    const int status = resp->status;
    const bool allowed = std::find(allow_status.begin(), allow_status.end(), status) != allow_status.end();
    if (status / 100 != 2 && !allowed)
      throw TargetError(TargetError::Kind::kRejected,
                        fmt::format("setting up {} /{}/{} with the admin credential: HTTP {} {}", call.method, call.bucket,
                                    call.key, status, resp->body.substr(0, 300)));
    return std::move(resp).value();
  }
}

http::Expected<http::Response, http::TransportError> admin_s3_once(Target& target, const TokenCredentials& admin,
                                                                   const AdminCall& call) {
  sigv4::HttpRequest req;
  req.method = call.method;
  req.target = "/";
  if (!call.bucket.empty()) req.target += sigv4::uri_encode(call.bucket);
  if (!call.key.empty()) req.target += "/" + sigv4::uri_encode(call.key, true);
  if (!call.query.empty()) req.target += "?" + call.query;
  req.headers.emplace_back("Host", target.s3_host(call.account, call.jurisdiction, ""));
  req.body = call.body;
  sigv4::SignOptions opt;
  opt.time = std::chrono::sys_seconds(std::chrono::seconds(target.now()));
  opt.region = call.region;
  // The admin's key chain once per worker thread and day, as the scenario's own requests do
  // (scenario/wire.cpp): setup signs several requests per scenario with the same secret.
  thread_local sigv4::SigningKeyCache key_cache(64);
  opt.key_cache = &key_cache;
  req = sigv4::sign_headers(std::move(req), sigv4::Credentials{admin.key_on_the_wire(), admin.secret(), {}}, opt);
  http::Request h{req.method, req.target, req.headers, req.body};
  return target.send_s3(h, "127.0.0.1", call.jurisdiction);
}

void create_buckets_and_objects(Target& target, const TokenCredentials& admin, const scenario::World& world) {
  for (const auto& b : world.buckets) {
    admin_s3(target, admin, {"PUT", b.where.account, b.where.jurisdiction, b.where.name, "", "", ""});
    for (const auto& key : b.objects)
      admin_s3(target, admin,
               {"PUT", b.where.account, b.where.jurisdiction, b.where.name, key, "", object_body(key)});
  }
}

std::string bucket_a_put_may_create(const http::Request& r, const std::string& authority) {
  if (r.method != "PUT") return "";
  const std::string path = r.target.substr(0, r.target.find('?'));
  std::string host;
  for (const auto& [n, v] : r.headers)
    if (n == "Host" || n == "host") host = v;
  if (host != authority && host.size() > authority.size()) {
    if (path == "/") return host.substr(0, host.size() - authority.size() - 1);
    return "";
  }
  if (path.size() > 1 && path.find('/', 1) == std::string::npos) return path.substr(1);
  return "";
}

}  // namespace scopecheck::targets
