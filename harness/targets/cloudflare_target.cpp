#include "harness/targets/cloudflare_target.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <optional>
#include <set>
#include <thread>

#include "harness/http/s3_response.h"
#include "harness/model/permission_groups.h"
#include "harness/model/resource_id.h"
#include "harness/sigv4/uri_encode.h"
#include "harness/targets/s3_admin.h"

namespace scopecheck::targets {
namespace {

int64_t system_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

http::Endpoint parse_endpoint(const std::string& url, const char* what) {
  auto e = http::parse_url(url);
  if (!e) throw TargetError(TargetError::Kind::kRejected, fmt::format("{} {}: {}", what, url, e.error().to_string()));
  return *e;
}

}  // namespace

CloudflareTarget::CloudflareTarget(CloudflareTargetOptions options) : options_(std::move(options)) {
  if (!model::is_hex32(options_.account))
    throw TargetError(TargetError::Kind::kRejected, fmt::format("--account {}: must be 32 lowercase hex chars", options_.account));
  if (options_.api_token.empty()) throw TargetError(TargetError::Kind::kRejected, "--api-token: missing");
  s3_ = parse_endpoint(options_.s3_endpoint, "--s3-endpoint");
  if (!options_.s3_endpoint_eu.empty()) s3_eu_ = parse_endpoint(options_.s3_endpoint_eu, "--s3-endpoint-eu");
  http::ClientOptions co;
  co.request_timeout = options_.request_timeout;
  co.ca_file = options_.ca_file;
  for (const auto& c : options_.connect_to) {
    // curl's HOST1:PORT1:HOST2:PORT2
    const auto parts = c.find(':') == std::string::npos ? std::string::npos : c.find(':', c.find(':') + 1);
    if (parts == std::string::npos)
      throw TargetError(TargetError::Kind::kRejected, fmt::format("--connect-to {}: must be HOST1:PORT1:HOST2:PORT2", c));
    co.connect_to[c.substr(0, parts)] = c.substr(parts + 1);
  }
  client_ = std::make_unique<http::Client>(co);
  api_ = std::make_unique<TokenApi>(*client_, options_.api_base, options_.api_token);
  journal_ = std::make_unique<RunJournal>(options_.journal_path);
}

CloudflareTarget::~CloudflareTarget() {
  if (!admin_.id.empty() && !options_.keep) {
    try {
      api_->remove(admin_.id);
      // Everything the journal listed is gone: leave it empty (a later cleanup has nothing to do).
      if (RunJournal::read(journal_->path(), nullptr).size() == 1) std::ofstream(journal_->path(), std::ios::trunc);
    } catch (...) {
    }
  }
}

Capabilities CloudflareTarget::capabilities() const {
  Capabilities c;
  c.token_api = true;
  c.clock_control = false;
  c.jurisdictions = !options_.s3_endpoint_eu.empty();
  c.ipv4_sources = s3_.host == "127.0.0.1" || s3_.host == "localhost";
  c.virtual_host = true;
  c.propagation_window = options_.propagation_window;
  c.accounts = {options_.account};
  c.bucket_prefix = options_.run_prefix;
  return c;
}

const http::Endpoint& CloudflareTarget::endpoint_for(model::Jurisdiction j) const {
  return j == model::Jurisdiction::kEu && !s3_eu_.host.empty() ? s3_eu_ : s3_;
}

void CloudflareTarget::begin_scenario(int64_t) {
  if (!admin_.id.empty()) return;
  // One admin token for the whole run, for setting worlds up and cleaning them away.
  model::Token t;
  t.name = options_.run_prefix + "admin";
  model::Policy p;
  p.resources = {model::Resource::account(options_.account)};
  p.permission_groups = {std::string(model::kStorageWriteId)};
  t.policies = {p};
  journal_->intend({"token", options_.account, "default", *t.name, false});
  admin_ = api_->create(t);
  journal_->created({"token", options_.account, "default", admin_.id, true});
  // A new token may take the propagation window to work: wait for ListBuckets to answer 200.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(options_.propagation_window + 30);
  while (true) {
    auto resp = admin_s3(*this, admin_, {"GET", options_.account, model::Jurisdiction::kDefault, "", "", "", ""}, {401, 403});
    if (resp.status == 200) break;
    if (std::chrono::steady_clock::now() > deadline)
      throw TargetError(TargetError::Kind::kRejected,
                        fmt::format("the admin token made for this run was still refused (HTTP {}) after {} s",
                                    resp.status, options_.propagation_window + 30));
    std::this_thread::sleep_for(std::chrono::seconds(2));
  }
}

std::map<std::string, TokenCredentials> CloudflareTarget::create_world(const scenario::World& world) {
  for (const auto& b : world.buckets) {
    if (b.where.account != options_.account)
      throw TargetError(TargetError::Kind::kUnsupported, fmt::format("bucket {} is in an account this target cannot reach", b.where.name));
    const std::string jur(model::to_string(b.where.jurisdiction));
    journal_->intend({"bucket", b.where.account, jur, b.where.name, false});
    admin_s3(*this, admin_, {"PUT", b.where.account, b.where.jurisdiction, b.where.name, "", "", ""});
    journal_->created({"bucket", b.where.account, jur, b.where.name, true});
    for (const auto& key : b.objects)
      admin_s3(*this, admin_, {"PUT", b.where.account, b.where.jurisdiction, b.where.name, key, "", object_body(key)});
  }
  std::map<std::string, TokenCredentials> out;
  for (const auto& t : world.tokens) {
    auto tok = t.token;
    tok.name = options_.run_prefix + t.ref;
    journal_->intend({"token", options_.account, "default", *tok.name, false});
    out[t.ref] = api_->create(tok);
    journal_->created({"token", options_.account, "default", out[t.ref].id, true});
  }
  return out;
}

void CloudflareTarget::end_scenario() {
  if (options_.keep) return;
  remove_journaled(nullptr);
}

int CloudflareTarget::remove_journaled(std::vector<std::string>* log) {
  std::vector<std::string> errors;
  // Delete this run's buckets (objects and uploads first) and tokens, from the journal only.
  auto entries = RunJournal::read(journal_->path(), &errors);
  if (log)
    for (const auto& e : errors) log->push_back(e);
  std::vector<JournalEntry> left;
  std::set<std::string> done;
  for (auto it = entries.rbegin(); it != entries.rend(); ++it) {
    const std::string what = fmt::format("{} {}", it->kind, it->kind == "bucket" ? it->jurisdiction + "/" + it->name : it->name);
    if (it->kind == "token" && it->name == admin_.id) continue;
    if (!done.insert(what).second) continue;  // intended, then created: one removal
    if (!it->created && it->kind == "token") {
      // Intended tokens are journaled by name, created ones by id, in pairs: an intent not
      // followed by its creation has no id to delete it by (the run stopped in between).
      const auto next = std::find_if(it.base(), entries.end(), [](const JournalEntry& e) { return e.kind == "token"; });
      if ((next == entries.end() || !next->created) && log)
        log->push_back(fmt::format("{}: creation not confirmed; if the account has a token of that name, delete it", what));
      continue;
    }
    try {
      if (it->kind == "token") {
        const bool existed = api_->remove_if_exists(it->name);
        if (log) log->push_back(what + (existed ? ": removed" : ": already gone"));
      } else if (it->kind == "bucket") {
        const auto jur = model::parse_jurisdiction(it->jurisdiction).value_or(model::Jurisdiction::kDefault);
        // A bucket only intended (a CreateBucket step the target refused, e.g. an invalid
        // upper-case name, or a crash in between) may not exist or not even be a valid name.
        const bool created = it->created;
        auto call = [&](const AdminCall& c) { return created ? admin_s3(*this, admin_, c, {404}) : admin_s3(*this, admin_, c, {400, 404}); };
        auto uploads = call({"GET", it->account, jur, it->name, "", "uploads=", ""});
        if (auto list = http::parse_list_multipart_uploads(uploads.body))
          for (const auto& u : list->uploads) call({"DELETE", it->account, jur, it->name, u.key, "uploadId=" + u.upload_id, ""});
        auto listing = call({"GET", it->account, jur, it->name, "", "list-type=2", ""});
        if (auto objs = http::parse_list_objects(listing.body))
          for (const auto& o : objs->contents) call({"DELETE", it->account, jur, it->name, o.key, "", ""});
        const auto gone = call({"DELETE", it->account, jur, it->name, "", "", ""});
        if (log) log->push_back(what + (gone.status / 100 == 2 ? ": removed" : ": not there"));
      }
    } catch (const TargetError& e) {
      // Left for `scopecheck cleanup --journal`: the journal keeps listing it.
      left.push_back(*it);
      if (log) log->push_back(fmt::format("{}: NOT removed: {}", what, e.what()));
    }
  }
  // The journal now lists the admin token and what could not be removed.
  std::ofstream(journal_->path(), std::ios::trunc);
  if (!admin_.id.empty()) journal_->created({"token", options_.account, "default", admin_.id, true});
  for (auto it = left.rbegin(); it != left.rend(); ++it) journal_->created(*it);
  return static_cast<int>(left.size());
}

std::string CloudflareTarget::s3_host(const std::string&, model::Jurisdiction jurisdiction, const std::string& vhost_bucket) const {
  const auto& ep = endpoint_for(jurisdiction);
  return vhost_bucket.empty() ? ep.authority() : vhost_bucket + "." + ep.authority();
}

http::Expected<http::Response, http::TransportError> CloudflareTarget::send_s3(const http::Request& request,
                                                                               const std::string& source_ip) {
  std::string host;
  for (const auto& [k, v] : request.headers)
    if (k.size() == 4 && (k == "Host" || k == "host")) host = v;
  const bool eu = !s3_eu_.host.empty() && host.find(s3_eu_.host) != std::string::npos;
  http::Endpoint ep = eu ? s3_eu_ : s3_;
  // Over TLS a virtual-hosted name is connected to by name (SNI and certificate must match it);
  // over plain HTTP (loopback tests) the request goes to the endpoint with the Host as given.
  if (ep.tls() && !host.empty()) {
    auto colon = host.rfind(':');
    ep.host = colon == std::string::npos ? host : host.substr(0, colon);
  }
  http::PerRequestOptions o;
  if (capabilities().ipv4_sources) o.source_address = source_ip;
  // A bucket the request may create (PUT of a bucket, whatever the query) is journaled before
  // it is sent and removed with the scenario's buckets: a CreateBucket step must not leave a
  // bucket on the account for the next scenario (or after the run).
  std::optional<JournalEntry> made;
  if (const auto bucket = bucket_a_put_may_create(request, eu ? s3_eu_.authority() : s3_.authority()); !bucket.empty()) {
    made = JournalEntry{"bucket", options_.account, eu ? "eu" : "default", sigv4::percent_decode_lenient(bucket), false};
    journal_->intend(*made);
  }
  auto r = client_->send(ep, request, o);
  if (made && r && r->status / 100 == 2) journal_->created(*made);
  return r;
}

int64_t CloudflareTarget::now() { return system_now() + clock_offset_; }
void CloudflareTarget::advance_clock(int64_t) {}

void CloudflareTarget::change_token(const scenario::TokenStep& step, const model::Token& token, TokenCredentials& creds) {
  auto named = token;
  named.name = options_.run_prefix + step.token;
  api_->apply(step, named, creds);
}

}  // namespace scopecheck::targets
