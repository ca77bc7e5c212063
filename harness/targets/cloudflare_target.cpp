#include "harness/targets/cloudflare_target.h"

#include <arpa/inet.h>
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <map>
#include <mutex>
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

// An endpoint given as an IP address has no names below it: no virtual-hosted bucket can reach it.
bool is_ip_literal(std::string host) {
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  unsigned char buf[sizeof(in6_addr)];
  return ::inet_pton(AF_INET, host.c_str(), buf) == 1 || ::inet_pton(AF_INET6, host.c_str(), buf) == 1;
}

http::Endpoint parse_endpoint(const std::string& url, const char* what) {
  auto e = http::parse_url(url);
  if (!e) throw TargetError(TargetError::Kind::kRejected, fmt::format("{} {}: {}", what, url, e.error().to_string()));
  return *e;
}

// The token names whose last intent no "created" line of the same name follows, and names
// intended twice with no creation between. Such a creation was sent but never confirmed (the run
// stopped between the POST and its answer, or the answer was lost): the token may or may not
// exist, and only its run-prefixed name can find it.
std::set<std::string> unconfirmed_token_names(const std::vector<JournalEntry>& entries) {
  std::set<std::string> out;
  std::map<std::string, bool> pending;
  for (const auto& e : entries) {
    if (e.kind != "token" || e.name.empty()) continue;
    if (!e.created && pending[e.name]) out.insert(e.name);
    pending[e.name] = !e.created;
  }
  for (const auto& [name, open] : pending)
    if (open) out.insert(name);
  return out;
}

// Whether `name` is one this harness gives tokens: a run's "sc<hex>-" prefix or cleanup's own.
// Only such names are looked up and deleted by name: an older journal may hold an unprefixed
// intent (cleanup's admin token was once named "admin"), and an account token of that name is
// not ours to delete.
bool has_harness_prefix(const std::string& name) {
  if (name.rfind("scopecheck-cleanup-", 0) == 0) return true;
  if (name.rfind("sc", 0) != 0) return false;
  const auto dash = name.find('-', 2);
  if (dash == std::string::npos || dash == 2) return false;
  return name.find_first_not_of("0123456789abcdef", 2) == dash;
}

}  // namespace

struct CloudflareTarget::Account {
  CloudflareTargetOptions options;
  std::unique_ptr<http::Client> client;
  std::unique_ptr<TokenApi> api;
  http::Endpoint s3, s3_eu;
  std::unique_ptr<RunJournal> journal;
  std::mutex admin_mu;  // the first scenario to begin makes the admin token; the others wait for it
  TokenCredentials admin;
};

std::shared_ptr<CloudflareTarget::Account> CloudflareTarget::open_account(CloudflareTargetOptions options) {
  auto a = std::make_shared<Account>();
  a->options = std::move(options);
  const auto& o = a->options;
  if (!model::is_hex32(o.account))
    throw TargetError(TargetError::Kind::kRejected, fmt::format("--account {}: must be 32 lowercase hex chars", o.account));
  if (o.api_token.empty()) throw TargetError(TargetError::Kind::kRejected, "--api-token: missing");
  a->s3 = parse_endpoint(o.s3_endpoint, "--s3-endpoint");
  if (!o.s3_endpoint_eu.empty()) a->s3_eu = parse_endpoint(o.s3_endpoint_eu, "--s3-endpoint-eu");
  http::ClientOptions co;
  co.request_timeout = o.request_timeout;
  co.ca_file = o.ca_file;
  for (const auto& c : o.connect_to) {
    // curl's HOST1:PORT1:HOST2:PORT2
    const auto parts = c.find(':') == std::string::npos ? std::string::npos : c.find(':', c.find(':') + 1);
    if (parts == std::string::npos)
      throw TargetError(TargetError::Kind::kRejected, fmt::format("--connect-to {}: must be HOST1:PORT1:HOST2:PORT2", c));
    co.connect_to[c.substr(0, parts)] = c.substr(parts + 1);
  }
  a->client = std::make_unique<http::Client>(co);
  a->api = std::make_unique<TokenApi>(*a->client, o.api_base, o.api_token);
  a->journal = std::make_unique<RunJournal>(o.journal_path);
  return a;
}

CloudflareTarget::CloudflareTarget(std::shared_ptr<Account> account)
    : account_(std::move(account)),
      options_(account_->options),
      client_(*account_->client),
      api_(*account_->api),
      s3_(account_->s3),
      s3_eu_(account_->s3_eu),
      journal_(*account_->journal),
      admin_(account_->admin) {}

CloudflareTarget::CloudflareTarget(CloudflareTargetOptions options) : CloudflareTarget(open_account(std::move(options))) {}

std::vector<std::unique_ptr<Target>> CloudflareTarget::pool(CloudflareTargetOptions options, int workers) {
  auto account = open_account(std::move(options));
  std::vector<std::unique_ptr<Target>> out;
  for (int i = 0; i < std::max(1, workers); ++i) out.push_back(std::unique_ptr<Target>(new CloudflareTarget(account)));
  return out;
}

CloudflareTarget::~CloudflareTarget() {
  // The pool's other targets may still be in a scenario: only the last one sweeps.
  if (options_.keep || account_.use_count() > 1) return;
  if (!admin_.id.empty()) {
    try {
      remove_journaled(nullptr);
    } catch (const std::exception&) {  // the journal keeps what is left, for `scopecheck cleanup`
    }
  }
  release_admin();
}

bool CloudflareTarget::release_admin() {
  if (admin_.id.empty()) return true;
  try {
    api_.remove_if_exists(admin_.id);
  } catch (const TargetError&) {
    return false;  // the journal keeps listing it
  }
  // Drop its lines; what is left is what a later cleanup still has to remove.
  std::vector<std::string> errors;
  auto entries = RunJournal::read(journal_.path(), &errors);
  if (!errors.empty()) return true;  // lines we cannot rewrite: leave the file as it is
  // Its intent goes too when its creation line confirms it (an unresolved earlier intent of the
  // same name stays).
  const std::string name = admin_name();
  const bool intent_confirmed = !unconfirmed_token_names(entries).count(name);
  std::erase_if(entries, [&](const JournalEntry& e) {
    return e.kind == "token" && ((e.created && e.id == admin_.id) || (!e.created && e.name == name && intent_confirmed));
  });
  try {
    journal_.rewrite(entries);
  } catch (const std::runtime_error&) {
  }
  admin_ = {};
  return true;
}

std::string CloudflareTarget::admin_name() const { return options_.run_prefix + "admin"; }

Capabilities CloudflareTarget::capabilities() const {
  Capabilities c;
  c.token_api = true;
  c.clock_control = false;
  c.jurisdictions = !options_.s3_endpoint_eu.empty();
  c.ipv4_sources = s3_.host == "127.0.0.1" || s3_.host == "localhost";
  c.virtual_host = !is_ip_literal(s3_.host) && (s3_eu_.host.empty() || !is_ip_literal(s3_eu_.host));
  c.propagation_window = options_.propagation_window;
  c.accounts = {options_.account};
  c.bucket_prefix = options_.run_prefix;
  return c;
}

const http::Endpoint& CloudflareTarget::endpoint_for(model::Jurisdiction j) const {
  return j == model::Jurisdiction::kEu && !s3_eu_.host.empty() ? s3_eu_ : s3_;
}

void CloudflareTarget::seed_scenario(uint64_t seed) { item_tag_ = fmt::format("{:08x}-", seed & 0xffffffffu); }

std::string CloudflareTarget::token_name(const std::string& ref) const { return options_.run_prefix + item_tag_ + ref; }

void CloudflareTarget::intend(const JournalEntry& e) {
  scenario_entries_.push_back(e);
  scenario_entries_.back().created = false;
  journal_.intend(e);
}

void CloudflareTarget::created(const JournalEntry& e) {
  scenario_entries_.push_back(e);
  scenario_entries_.back().created = true;
  journal_.created(e);
}

void CloudflareTarget::begin_scenario(int64_t) {
  std::lock_guard lock(account_->admin_mu);
  if (!admin_.id.empty()) return;
  // One admin token for the whole run, for setting worlds up and cleaning them away.
  model::Token t;
  t.name = admin_name();
  model::Policy p;
  p.resources = {model::Resource::account(options_.account)};
  p.permission_groups = {std::string(model::kStorageWriteId)};
  t.policies = {p};
  journal_.intend({"token", options_.account, "default", *t.name, false});
  admin_ = api_.create(t);
  journal_.created({"token", options_.account, "default", *t.name, true, admin_.id});
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
    intend({"bucket", b.where.account, jur, b.where.name, false});
    admin_s3(*this, admin_, {"PUT", b.where.account, b.where.jurisdiction, b.where.name, "", "", ""});
    created({"bucket", b.where.account, jur, b.where.name, true});
    for (const auto& key : b.objects)
      admin_s3(*this, admin_, {"PUT", b.where.account, b.where.jurisdiction, b.where.name, key, "", object_body(key)});
  }
  std::map<std::string, TokenCredentials> out;
  for (const auto& t : world.tokens) {
    auto tok = t.token;
    tok.name = token_name(t.ref);
    intend({"token", options_.account, "default", *tok.name, false});
    out[t.ref] = api_.create(tok);
    created({"token", options_.account, "default", *tok.name, true, out[t.ref].id});
  }
  return out;
}

void CloudflareTarget::end_scenario() {
  auto entries = std::move(scenario_entries_);
  scenario_entries_.clear();
  if (options_.keep || entries.empty()) return;
  std::vector<JournalEntry> left;
  remove_entries(entries, left, nullptr);
  // Their lines go from the journal; what could not be removed stays listed there (the run's
  // last sweep and `scopecheck cleanup` try again). Other workers' lines are not touched.
  for (const auto& l : left)
    if (auto it = std::find(entries.begin(), entries.end(), l); it != entries.end()) entries.erase(it);
  journal_.erase(entries);
}

int CloudflareTarget::remove_journaled(std::vector<std::string>* log) {
  std::vector<std::string> errors;
  // Delete this run's buckets (objects and uploads first) and tokens, from the journal only.
  const auto entries = RunJournal::read(journal_.path(), &errors);
  if (log)
    for (const auto& e : errors) log->push_back(e);
  std::vector<JournalEntry> left;
  remove_entries(entries, left, log);
  const std::string admin_token_name = admin_name();
  // A journal with lines that did not parse is left as it is (they may name something); else it
  // now lists the admin token and what is unresolved, unconfirmed intents last (so that no
  // created line of the same name follows them and confirms them).
  if (!errors.empty()) return static_cast<int>(left.size() + errors.size());
  std::vector<JournalEntry> keep;
  if (!admin_.id.empty()) keep.push_back({"token", options_.account, "default", admin_token_name, true, admin_.id});
  for (auto it = left.rbegin(); it != left.rend(); ++it)
    if (it->created || it->kind != "token") keep.push_back(*it);
  for (auto it = left.rbegin(); it != left.rend(); ++it)
    if (!it->created && it->kind == "token") keep.push_back(*it);
  journal_.rewrite(keep);
  return static_cast<int>(left.size());
}

void CloudflareTarget::remove_entries(const std::vector<JournalEntry>& entries, std::vector<JournalEntry>& left,
                                      std::vector<std::string>* log) {
  const std::set<std::string> unconfirmed = unconfirmed_token_names(entries);
  std::map<model::Jurisdiction, std::set<std::string>> listed;  // ListBuckets per endpoint, once
  auto bucket_exists = [&](model::Jurisdiction jur, const std::string& name) {
    if (!listed.count(jur)) {
      const auto resp = admin_s3(*this, admin_, {"GET", options_.account, jur, "", "", "", ""});
      const auto list = http::parse_list_buckets(resp.body);
      if (!list) throw TargetError(TargetError::Kind::kRejected, "ListBuckets: the answer is not a bucket list");
      auto& names = listed[jur];
      for (const auto& b : list->buckets) names.insert(b.name);
    }
    return listed[jur].count(name) > 0;
  };
  std::set<std::string> done;
  for (auto it = entries.rbegin(); it != entries.rend(); ++it) {
    const bool token = it->kind == "token";
    const std::string what = token ? fmt::format("token {}", it->created ? it->id : it->name)
                                   : fmt::format("{} {}/{}", it->kind, it->jurisdiction, it->name);
    if (token && it->created && it->id == admin_.id) continue;
    if (token && !it->created && !unconfirmed.count(it->name)) continue;
    if (!done.insert(what).second) continue;  // intended, then created: one removal
    try {
      if (token && it->created) {
        const bool existed = api_.remove_if_exists(it->id);
        if (log) log->push_back(what + (existed ? ": removed" : ": already gone"));
      } else if (token) {
        if (!has_harness_prefix(it->name))
          throw TargetError(TargetError::Kind::kRejected,
                            "creation not confirmed, and not a name this harness gives: not looked up (delete such a token by "
                            "hand if it is yours to delete, then remove this line)");
        int removed = 0;
        for (const auto& id : api_.find_by_name(it->name))
          if (id != admin_.id && api_.remove_if_exists(id)) ++removed;
        if (log)
          log->push_back(fmt::format("{}: creation not confirmed; {}", what,
                                     removed ? fmt::format("found by name and removed ({})", removed) : "no token of that name"));
      } else if (it->kind == "bucket") {
        const auto jur = model::parse_jurisdiction(it->jurisdiction).value_or(model::Jurisdiction::kDefault);
        // Elsewhere than through its jurisdiction's endpoint a bucket does not exist: without that
        // endpoint nothing can be said about it.
        if (jur != model::Jurisdiction::kDefault && (jur != model::Jurisdiction::kEu || s3_eu_.host.empty()))
          throw TargetError(TargetError::Kind::kRejected,
                            fmt::format("a bucket of jurisdiction {}: needs that jurisdiction's S3 endpoint (--s3-endpoint-eu)", it->jurisdiction));
        // A bucket only intended (a CreateBucket step the target refused, e.g. an invalid
        // upper-case name, or a crash in between) is looked up before anything is deleted.
        if (!it->created && !bucket_exists(jur, it->name)) {
          if (log) log->push_back(what + ": creation not confirmed; no bucket of that name");
          continue;
        }
        auto call = [&](const AdminCall& c) { return admin_s3(*this, admin_, c, {404}); };
        auto uploads = call({"GET", it->account, jur, it->name, "", "uploads=", ""});
        if (auto list = http::parse_list_multipart_uploads(uploads.body))
          for (const auto& u : list->uploads)
            call({"DELETE", it->account, jur, it->name, u.key, "uploadId=" + sigv4::uri_encode(u.upload_id), ""});
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
}

std::string CloudflareTarget::s3_host(const std::string&, model::Jurisdiction jurisdiction, const std::string& vhost_bucket) const {
  const auto& ep = endpoint_for(jurisdiction);
  return vhost_bucket.empty() ? ep.authority() : vhost_bucket + "." + ep.authority();
}

http::Expected<http::Response, http::TransportError> CloudflareTarget::send_s3(const http::Request& request,
                                                                               const std::string& source_ip,
                                                                               model::Jurisdiction jurisdiction) {
  std::string host;
  for (const auto& [k, v] : request.headers)
    if (k.size() == 4 && (k == "Host" || k == "host")) host = v;
  // The step's jurisdiction picks the endpoint, never the Host: both endpoints may share a host
  // (loopback, different ports), and a step may send a Host that names another endpoint.
  const bool eu = jurisdiction == model::Jurisdiction::kEu && !s3_eu_.host.empty();
  http::Endpoint ep = endpoint_for(jurisdiction);
  // Over TLS a virtual-hosted name of this endpoint is connected to by name (SNI and certificate
  // must match it); any other Host (plain HTTP, loopback tests) goes to the endpoint as given.
  const std::string suffix = "." + ep.authority();
  if (ep.tls() && host.size() > suffix.size() && host.compare(host.size() - suffix.size(), suffix.size(), suffix) == 0)
    ep.host = host.substr(0, host.size() - suffix.size()) + "." + ep.host;
  http::PerRequestOptions o;
  if (capabilities().ipv4_sources) o.source_address = source_ip;
  // A bucket the request may create (PUT of a bucket, whatever the query) is journaled before
  // it is sent and removed with the scenario's buckets: a CreateBucket step must not leave a
  // bucket on the account for the next scenario (or after the run).
  std::optional<JournalEntry> made;
  if (const auto bucket = bucket_a_put_may_create(request, endpoint_for(jurisdiction).authority()); !bucket.empty()) {
    made = JournalEntry{"bucket", options_.account, eu ? "eu" : "default", sigv4::percent_decode_lenient(bucket), false};
    intend(*made);
  }
  auto r = client_.send(ep, request, o);
  if (made && r && r->status / 100 == 2) created(*made);
  return r;
}

int64_t CloudflareTarget::now() { return system_now() + clock_offset_; }
void CloudflareTarget::advance_clock(int64_t) {}

void CloudflareTarget::change_token(const scenario::TokenStep& step, const model::Token& token, TokenCredentials& creds) {
  auto named = token;
  named.name = token_name(step.token);
  api_.apply(step, named, creds);
}

}  // namespace scopecheck::targets
