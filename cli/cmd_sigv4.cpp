// `scopecheck sigv4 explain` and `scopecheck sigv4 sign`: the SigV4 library from the command line,
// for working out why a real client's request does or does not verify, and for signing one by hand.
#include <chrono>
#include <cstdint>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "cli/command.h"
#include "harness/model/json_text.h"
#include "harness/sigv4/amz_date.h"
#include "harness/sigv4/constants.h"
#include "harness/sigv4/http_request.h"
#include "harness/sigv4/presign_query.h"
#include "harness/sigv4/signer.h"
#include "harness/sigv4/verify.h"

namespace scopecheck::cli {
namespace {

namespace s = scopecheck::sigv4;

std::string read_file(const std::string& path) {
  auto text = scopecheck::model::read_text_file(path);
  if (!text) throw Failure(kExitUsage, path + ": cannot read file (" + text.error().message + ")");
  return std::move(text).value();
}

s::HttpRequest load_request(const std::string& path) {
  auto req = s::parse_raw_request(read_file(path));
  if (!req) {
    throw Failure(kExitUsage, path + ": " + std::string(s::parse_error_id(req.error())) + ": " +
                                  std::string(s::parse_error_message(req.error())));
  }
  return std::move(req).value();
}

// "http(s)://host[:port]/path?query" as a GET with a Host header.
s::HttpRequest request_from_url(const std::string& url, const std::string& method) {
  auto scheme = url.find("://");
  if (scheme == std::string::npos) throw Failure(kExitUsage, "--url: '" + url + "' has no scheme");
  auto host_start = scheme + 3;
  auto path_start = url.find('/', host_start);
  std::string host = url.substr(
      host_start, path_start == std::string::npos ? std::string::npos : path_start - host_start);
  if (host.empty()) throw Failure(kExitUsage, "--url: '" + url + "' has no host");
  std::string target = path_start == std::string::npos ? "/" : url.substr(path_start);
  return s::HttpRequest{method, target, {{"Host", host}}, ""};
}

std::chrono::sys_seconds parse_time(const std::string& flag, const std::string& text) {
  auto t = s::parse_amz_date(text);
  if (!t) throw Failure(kExitUsage, flag + ": '" + text + "' is not YYYYMMDDTHHMMSSZ");
  return *t;
}

s::Mode parse_mode(const std::string& text) {
  if (text == "s3") return s::Mode::s3;
  if (text == "generic") return s::Mode::generic;
  throw Failure(kExitUsage, "--mode: '" + text + "' is not s3 or generic");
}

// The time the request claims: x-amz-date, else X-Amz-Date in the query.
std::optional<std::chrono::sys_seconds> request_time(const s::HttpRequest& r) {
  if (auto h = r.header(s::kHeaderAmzDate)) {
    if (auto t = s::parse_amz_date(*h)) return *t;
  }
  if (auto q = s::parse_presign_query(r.query())) return q->date;
  return std::nullopt;
}

struct ExplainArgs {
  std::string request, url, method = "GET", secret, now, mode = "s3", service = "s3";
};

int run_explain(const ExplainArgs& a) {
  if (a.request.empty() == a.url.empty())
    throw Failure(kExitUsage, "sigv4 explain: give exactly one of --request and --url");
  std::string source = a.request.empty() ? "--url" : a.request;
  s::HttpRequest req =
      a.request.empty() ? request_from_url(a.url, a.method) : load_request(a.request);

  s::VerifyOptions o;
  o.mode = parse_mode(a.mode);
  o.service = a.service;
  o.allowed_regions.clear();  // explain any region; the signature is the question here
  if (!a.now.empty()) {
    o.now = parse_time("--now", a.now);
  } else if (auto t = request_time(req)) {
    o.now = *t;  // no --now: judge the request at its own time (skew and expiry cannot fail)
  }
  std::string secret = a.secret;
  auto r = s::verify(
      req, [&](std::string_view) { return std::optional<std::string>(secret); }, o);

  if (r.outcome == s::Outcome::malformed_auth || r.outcome == s::Outcome::anonymous ||
      r.outcome == s::Outcome::sigv2_unsupported) {
    throw Failure(kExitUsage,
                  source + ": " + std::string(s::outcome_id(r.outcome)) + ": " + r.detail);
  }
  std::cout << "mode: " << a.mode << (r.presigned ? " (presigned URL)" : " (Authorization header)")
            << "\n";
  std::cout << "access key id: " << r.access_key_id << "\n";
  std::cout << "scope: " << r.scope << "\n";
  std::cout << "now: " << s::format_amz_date(o.now) << "\n";
  std::cout << "--- canonical request ---\n" << r.canonical_request << "\n";
  std::cout << "--- string to sign ---\n" << r.string_to_sign << "\n";
  std::cout << "---\n";
  std::cout << "expected signature: " << r.expected_signature << "\n";
  std::cout << "provided signature: " << r.provided_signature << "\n";
  std::cout << "verdict: " << s::outcome_id(r.outcome) << " (" << r.detail << ")\n";
  return r.outcome == s::Outcome::ok ? kExitOk : kExitViolations;
}

struct SignArgs {
  std::string request, access_key, secret, session_token, time, region = "auto", service = "s3",
                                                                mode = "s3";
  std::vector<std::string> sign_headers;
  std::int64_t presign = 0;
  bool presigned = false;  // --presign given (0 and negatives too: tests build bad URLs)
  bool unsigned_payload = false;
};

int run_sign(const SignArgs& a) {
  s::HttpRequest req = load_request(a.request);
  s::SignOptions o;
  o.time = a.time.empty()
               ? std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now())
               : parse_time("--time", a.time);
  o.region = a.region;
  o.service = a.service;
  o.mode = parse_mode(a.mode);
  o.extra_signed_headers = a.sign_headers;
  if (a.unsigned_payload) o.payload_hash = std::string(s::kUnsignedPayload);
  s::Credentials c{a.access_key, a.secret, a.session_token};
  s::HttpRequest out = a.presigned ? s::presign(req, c, o, a.presign) : s::sign_headers(req, c, o);
  std::cout << s::to_raw(out);
  return kExitOk;
}

CommandRegistrar reg("sigv4", [](CLI::App& root, int* exit_code) {
  auto* cmd = root.add_subcommand("sigv4", "Explain or make AWS Signature Version 4 signatures");
  cmd->require_subcommand(1);

  auto explain_args = std::make_shared<ExplainArgs>();
  auto* explain = cmd->add_subcommand("explain",
                                      "Print the canonical request, string to sign, expected and "
                                      "provided signature and the verdict "
                                      "(exit 0 ok, 1 does not verify, 2 unreadable or malformed)");
  explain->add_option("--request", explain_args->request,
                      "Request file (METHOD target HTTP/1.1, headers, blank line, body)");
  explain->add_option("--url", explain_args->url, "A presigned URL instead of a request file");
  explain->add_option("--method", explain_args->method, "Method for --url")->capture_default_str();
  explain->add_option("--secret", explain_args->secret, "Secret access key")->required();
  explain->add_option("--now", explain_args->now,
                      "Server time YYYYMMDDTHHMMSSZ (default: the request's own date)");
  explain
      ->add_option("--mode", explain_args->mode,
                   "s3 (no normalization) or generic (AWS test-suite rules)")
      ->capture_default_str();
  explain->add_option("--service", explain_args->service, "Service the scope must name")
      ->capture_default_str();
  explain->callback([explain_args, exit_code] { *exit_code = run_explain(*explain_args); });

  auto sign_args = std::make_shared<SignArgs>();
  auto* sign = cmd->add_subcommand("sign", "Sign a request file and print the signed request");
  sign->add_option("--request", sign_args->request, "Request file")->required();
  sign->add_option("--access-key", sign_args->access_key, "Access key id")->required();
  sign->add_option("--secret", sign_args->secret, "Secret access key")->required();
  sign->add_option("--session-token", sign_args->session_token,
                   "Session token (signed as x-amz-security-token)");
  sign->add_option("--time", sign_args->time, "Signing time YYYYMMDDTHHMMSSZ (default: now)");
  sign->add_option("--region", sign_args->region, "Region of the scope")->capture_default_str();
  sign->add_option("--service", sign_args->service, "Service of the scope")->capture_default_str();
  sign->add_option("--mode", sign_args->mode, "s3 or generic")->capture_default_str();
  sign->add_option("--sign-header", sign_args->sign_headers,
                   "Also sign this header (host and x-amz-* always are)");
  auto* presign_opt =
      sign->add_option("--presign", sign_args->presign,
                       "Presign for this many seconds instead of an Authorization header");
  sign->add_flag("--unsigned-payload", sign_args->unsigned_payload,
                 "Sign UNSIGNED-PAYLOAD instead of the body hash");
  sign->callback([sign_args, presign_opt, exit_code] {
    sign_args->presigned = presign_opt->count() > 0;
    *exit_code = run_sign(*sign_args);
  });
});

}  // namespace
}  // namespace scopecheck::cli
