#include "harness/targets/static_target.h"

#include "harness/model/json_schema.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdlib>
#include <tuple>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "harness/http/s3_response.h"
#include "harness/http/url.h"
#include "harness/model/permission_groups.h"
#include "harness/sigv4/crypto.h"
#include "harness/sigv4/uri_encode.h"
#include "harness/targets/journal.h"
#include "harness/targets/s3_admin.h"

namespace scopecheck::targets {

namespace {

using nlohmann::json;

[[noreturn]] void bad(const std::string& file, const std::string& field, const std::string& detail) {
  throw TargetError(TargetError::Kind::kRejected, fmt::format("{}: {}: {}", file, field, detail));
}

std::string group_id(const std::string& permission, const std::string& file, const std::string& field) {
  if (permission == "admin-write") return std::string(model::kStorageWriteId);
  if (permission == "admin-read") return std::string(model::kStorageReadId);
  if (permission == "object-write") return std::string(model::kItemWriteId);
  if (permission == "object-read") return std::string(model::kItemReadId);
  bad(file, field, fmt::format("unknown permission '{}' (admin-write, admin-read, object-write, object-read)", permission));
}

std::string env(const char* name) {
  const char* v = std::getenv(name);
  return v ? v : "";
}

// The [profile] section of the AWS shared credentials file ($AWS_SHARED_CREDENTIALS_FILE, else
// ~/.aws/credentials): its aws_access_key_id and aws_secret_access_key. The format is a plain INI
// subset (`[name]`, `key = value`, `#`/`;` comments); Boost's INI parser refuses `#` comments.
std::pair<std::string, std::string> aws_profile_keys(const std::string& profile, const std::string& file, const std::string& field) {
  std::string path = env("AWS_SHARED_CREDENTIALS_FILE");
  if (path.empty()) {
    if (env("HOME").empty()) bad(file, field, "no $HOME, so no ~/.aws/credentials (set AWS_SHARED_CREDENTIALS_FILE)");
    path = env("HOME") + "/.aws/credentials";
  }
  std::ifstream in(path);
  if (!in) bad(file, field, fmt::format("{}: cannot read the AWS credentials file", path));
  auto trim = [](std::string s) {
    const auto b = s.find_first_not_of(" \t\r");
    const auto e = s.find_last_not_of(" \t\r");
    return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
  };
  std::string line, section, id, secret;
  bool found = false;
  while (std::getline(in, line)) {
    line = trim(line);
    if (line.empty() || line[0] == '#' || line[0] == ';') continue;
    if (line.front() == '[' && line.back() == ']') {
      section = trim(line.substr(1, line.size() - 2));
      found = found || section == profile;
      continue;
    }
    const auto eq = line.find('=');
    if (section != profile || eq == std::string::npos) continue;
    const std::string key = trim(line.substr(0, eq)), value = trim(line.substr(eq + 1));
    if (key == "aws_access_key_id") id = value;
    if (key == "aws_secret_access_key") secret = value;
  }
  if (!found) bad(file, field, fmt::format("{}: no profile [{}]", path, profile));
  if (id.empty() || secret.empty())
    bad(file, field, fmt::format("{}: profile [{}] needs aws_access_key_id and aws_secret_access_key", path, profile));
  return {id, secret};
}

StaticCredential parse_credential(const json& j, const std::string& file, const std::string& field) {
  if (!j.is_object()) bad(file, field, "not an object");
  StaticCredential c;
  // Keys in the file, from the environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY: what CI
  // secrets become) or from a named profile of the AWS credentials file: exactly one of the three.
  const bool from_env = j.contains("from_env") && j["from_env"].is_boolean() && j["from_env"].get<bool>();
  if (j.contains("from_env") && !j["from_env"].is_boolean()) bad(file, field + ".from_env", "true or false");
  const bool profile = j.contains("aws_profile");
  const bool inline_keys = j.contains("access_key") || j.contains("secret_key");
  if (int(from_env) + int(profile) + int(inline_keys) != 1)
    bad(file, field, "give exactly one of: access_key and secret_key, \"from_env\": true, \"aws_profile\": NAME");
  if (from_env) {
    c.access_key = env("AWS_ACCESS_KEY_ID");
    c.secret_key = env("AWS_SECRET_ACCESS_KEY");
    for (const auto& [var, value] : {std::pair{"AWS_ACCESS_KEY_ID", &c.access_key}, {"AWS_SECRET_ACCESS_KEY", &c.secret_key}})
      if (value->empty()) bad(file, field + ".from_env", fmt::format("${} is not set", var));
  } else if (profile) {
    if (!j["aws_profile"].is_string() || j["aws_profile"].get<std::string>().empty())
      bad(file, field + ".aws_profile", "the name of a profile of ~/.aws/credentials");
    std::tie(c.access_key, c.secret_key) = aws_profile_keys(j["aws_profile"].get<std::string>(), file, field + ".aws_profile");
  } else {
    for (const char* k : {"access_key", "secret_key"})
      if (!j.contains(k) || !j[k].is_string() || j[k].get<std::string>().empty()) bad(file, field + "." + k, "missing or not a string");
    c.access_key = j["access_key"];
    c.secret_key = j["secret_key"];
  }
  c.name = j.value("name", c.access_key);
  if (j.contains("disabled")) {
    if (!j["disabled"].is_boolean()) bad(file, field + ".disabled", "true or false");
    if (j["disabled"].get<bool>()) c.grants.status = model::TokenStatus::kDisabled;
  }
  if (j.contains("grants")) {
    if (!j["grants"].is_array()) bad(file, field + ".grants", "not an array");
    for (size_t i = 0; i < j["grants"].size(); ++i) {
      const auto& g = j["grants"][i];
      const std::string gf = fmt::format("{}.grants[{}]", field, i);
      if (!g.is_object() || !g.contains("permission") || !g["permission"].is_string()) bad(file, gf, "needs a permission");
      model::Policy p;
      const std::string effect = g.value("effect", "allow");
      if (effect != "allow" && effect != "deny") bad(file, gf + ".effect", "allow or deny");
      p.effect = effect == "allow" ? model::Effect::kAllow : model::Effect::kDeny;
      p.permission_groups = {group_id(g["permission"], file, gf + ".permission")};
      const json buckets = g.value("buckets", json::array({"*"}));
      if (!buckets.is_array() || buckets.empty()) bad(file, gf + ".buckets", "a non-empty array of bucket names or \"*\"");
      for (const auto& b : buckets) {
        if (!b.is_string()) bad(file, gf + ".buckets", "bucket names are strings");
        const std::string name = b;
        if (name == "*") p.resources.push_back(model::Resource::account(std::string(kFixedAccount)));
        else if (!model::is_valid_bucket_name(name)) bad(file, gf + ".buckets", fmt::format("'{}' is not a bucket name", name));
        else p.resources.push_back(model::Resource::one_bucket({std::string(kFixedAccount), model::Jurisdiction::kDefault, name}));
      }
      model::sort_resources(p.resources);
      c.grants.policies.push_back(std::move(p));
    }
  }
  return c;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw TargetError(TargetError::Kind::kRejected, fmt::format("{}: cannot read", path));
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string hex32_alias(const std::string& key) { return sigv4::sha256_hex("scopecheck-alias:" + key).substr(0, 32); }

}  // namespace

StaticConfig parse_static_config(std::string_view text, const std::string& file) {
  json j = json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) bad(file, "(file)", "not a JSON object");
  StaticConfig c;
  if (j.value("format", "") != "scopecheck-static/1") bad(file, "format", "must be \"scopecheck-static/1\"");
  // The endpoint in the file, or from AWS_ENDPOINT_URL where the file says "endpoint_from_env".
  if (j.contains("endpoint_from_env") && !j["endpoint_from_env"].is_boolean()) bad(file, "endpoint_from_env", "true or false");
  const bool endpoint_from_env = j.value("endpoint_from_env", false);
  if (endpoint_from_env == j.contains("endpoint")) bad(file, "endpoint", "give exactly one of \"endpoint\" and \"endpoint_from_env\": true");
  if (endpoint_from_env) {
    c.endpoint = env("AWS_ENDPOINT_URL");
    if (c.endpoint.empty()) bad(file, "endpoint_from_env", "$AWS_ENDPOINT_URL is not set");
  } else {
    if (!j["endpoint"].is_string()) bad(file, "endpoint", "not a string");
    c.endpoint = j["endpoint"];
  }
  c.name = j.value("name", c.endpoint);
  c.region = j.value("region", "us-east-1");
  if (j.contains("admin")) c.admin = parse_credential(j["admin"], file, "admin");
  if (!j.contains("credentials") || !j["credentials"].is_array() || j["credentials"].empty())
    bad(file, "credentials", "a non-empty array");
  for (size_t i = 0; i < j["credentials"].size(); ++i)
    c.credentials.push_back(parse_credential(j["credentials"][i], file, fmt::format("credentials[{}]", i)));
  if (!j.contains("buckets") || !j["buckets"].is_array() || j["buckets"].empty()) bad(file, "buckets", "a non-empty array");
  for (size_t i = 0; i < j["buckets"].size(); ++i) {
    const auto& b = j["buckets"][i];
    const std::string f = fmt::format("buckets[{}]", i);
    if (!b.is_object() || !b.contains("name") || !b["name"].is_string()) bad(file, f, "needs a name");
    StaticBucket sb{b["name"], b.value("create", true)};
    if (!model::is_valid_bucket_name(sb.name)) bad(file, f + ".name", "not a bucket name");
    if (sb.create && !c.admin) bad(file, f + ".create", "creating buckets needs an admin credential");
    c.buckets.push_back(sb);
  }
  const json features = j.value("features", json::object());
  c.virtual_host = features.value("virtual_host", false);
  c.presign = features.value("presign", true);
  c.sigv2 = features.value("sigv2", true);
  c.made_up_upload_ids = features.value("made_up_upload_ids", true);
  for (const auto& na : j.value("not_applicable", json::array()))
    if (na.is_object() && na.contains("rule") && na["rule"].is_string())
      c.not_applicable.push_back({na["rule"], na.value("reason", "declared by the static file")});
  // The parser speaks first (its messages name what it needs); the schema has the last word:
  // an unknown key (a misspelled "secret_kye") or a wrong type it did not look at is refused too.
  if (auto v = model::check_schema(j, model::InputSchema::kStatic)) bad(file, v->path.empty() ? "(file)" : v->path, v->detail);
  return c;
}

StaticConfig load_static_config(const std::string& path) {
  auto c = parse_static_config(read_file(path), path);
  c.source_file = path;
  return c;
}

Journal::Journal(std::string path, const StaticConfig& where, const std::string& kind, std::string extra) : path_(std::move(path)) {
  json h{{"journal", "scopecheck-journal/1"}, {"kind", kind}, {"endpoint", where.endpoint}, {"region", where.region}};
  if (where.admin) h["admin_access_key"] = where.admin->access_key;
  if (!where.source_file.empty()) h["static_file"] = where.source_file;
  if (!extra.empty()) {
    json e = json::parse(extra, nullptr, false);
    if (e.is_object()) h.update(e);
  }
  header_ = h.dump();
  // A journal left by a crashed run is kept: its entries are cleaned up first by the caller
  // (scopecheck cleanup); we only add to it.
  if (!std::filesystem::exists(path_)) append(header_);
}

void Journal::append(const std::string& line) {
  create_private_file(path_);
  std::ofstream out(path_, std::ios::app);
  out << line << "\n";
  out.flush();
}

void Journal::bucket(const std::string& name) {
  if (written_.insert("b:" + name).second) append(json{{"bucket", name}}.dump());
}

void Journal::user(const std::string& uid) {
  if (written_.insert("u:" + uid).second) append(json{{"user", uid}}.dump());
}

void Journal::clear() {
  create_private_file(path_);
  std::ofstream out(path_, std::ios::trunc);
  out << header_ << "\n";
  written_.clear();
}

StaticTarget::StaticTarget(StaticConfig config, std::string journal_path, uint64_t seed, std::chrono::milliseconds timeout,
                           std::function<int64_t()> now, std::string kind, std::string journal_extra)
    : config_(std::move(config)),
      kind_(std::move(kind)),
      journal_(std::move(journal_path), config_, kind_, std::move(journal_extra)),
      now_(std::move(now)) {
  auto ep = http::parse_url(config_.endpoint);
  if (!ep) throw TargetError(TargetError::Kind::kRejected, fmt::format("endpoint '{}': {}", config_.endpoint, ep.error().to_string()));
  endpoint_ = *ep;
  http::ClientOptions co;
  co.request_timeout = timeout;
  co.connect_timeout = std::chrono::milliseconds(3000);
  client_ = std::make_unique<http::Client>(co);
  if (!now_)
    now_ = [] {
      return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
    };
  fixed_.account = std::string(kFixedAccount);
  for (const auto& c : config_.credentials) {
    fixed_.credentials.push_back({c.name, c.grants, c.access_key.size() == 32});
  }
  for (const auto& b : config_.buckets) fixed_.buckets.push_back(b.name);
  fixed_.scratch_prefix = fmt::format("sc{:08x}-", static_cast<uint32_t>(seed * 2654435761u));
  fixed_.virtual_host = config_.virtual_host;
  fixed_.presign = config_.presign;  // per credential: see FixedWorld::Credential::presign
  fixed_.sigv2 = config_.sigv2;
  fixed_.list_buckets_without_admin = config_.list_buckets_without_admin;
  fixed_.made_up_upload_ids = config_.made_up_upload_ids;
  if (config_.loopback_sources) fixed_.source_ips = {"127.0.0.1", "127.0.0.2"};
  // Reachability and the server's name: an anonymous ListBuckets answers with its Server header.
  http::Request probe{"GET", "/", {{"Host", endpoint_.authority()}}, ""};
  auto r = client_->send(endpoint_, probe);
  if (!r) throw TargetError(TargetError::Kind::kUnreachable, fmt::format("{}: {}", config_.endpoint, r.error().to_string()));
  server_ = r->header("Server");
}

StaticTarget::~StaticTarget() { end_scenario(); }

std::string StaticTarget::name() const { return server_.empty() ? config_.name : server_; }

Capabilities StaticTarget::capabilities() const {
  Capabilities c;
  c.token_api = false;
  c.clock_control = false;
  c.virtual_host = config_.virtual_host;
  c.presign = fixed_.presign;
  c.jurisdictions = false;
  c.sigv2 = config_.sigv2;
  c.ipv4_sources = config_.loopback_sources;
  c.signing_region = config_.region;
  return c;
}

TokenCredentials StaticTarget::presented(const StaticCredential& c) const {
  TokenCredentials t;
  t.id = c.access_key.size() == 32 ? c.access_key : hex32_alias(c.access_key);
  if (t.id != c.access_key) t.wire_id = c.access_key;
  t.value = c.secret_key;
  t.secret_override = c.secret_key;
  return t;
}

void StaticTarget::begin_scenario(int64_t) { touched_buckets_.clear(); }

std::map<std::string, TokenCredentials> StaticTarget::create_world(const scenario::World& world) {
  for (const auto& b : world.buckets) {
    const auto* decl = [&]() -> const StaticBucket* {
      for (const auto& d : config_.buckets)
        if (d.name == b.where.name) return &d;
      return nullptr;
    }();
    if (!decl) throw TargetError(TargetError::Kind::kRejected, fmt::format("bucket '{}' is not declared", b.where.name));
    touched_buckets_.insert(b.where.name);
    if (!config_.admin) {
      if (!b.objects.empty()) throw TargetError(TargetError::Kind::kUnsupported, "objects need an admin credential");
      continue;
    }
    const auto admin = presented(*config_.admin);
    if (decl->create) {
      journal_.bucket(b.where.name);
      admin_s3(*this, admin, {"PUT", b.where.account, model::Jurisdiction::kDefault, b.where.name, "", "", "", config_.region},
               {409});
    }
    empty_bucket(b.where.name, false);  // a clean start, also after a crashed run
    for (const auto& key : b.objects)
      admin_s3(*this, admin, {"PUT", b.where.account, model::Jurisdiction::kDefault, b.where.name, key, "", object_body(key), config_.region});
  }
  std::map<std::string, TokenCredentials> out;
  for (const auto& t : world.tokens) {
    const StaticCredential* c = nullptr;
    for (const auto& x : config_.credentials)
      if (t.token.name && x.name == *t.token.name) c = &x;
    if (!c) throw TargetError(TargetError::Kind::kRejected, fmt::format("token {} names no declared credential", t.ref));
    out[t.ref] = presented(*c);
  }
  return out;
}

bool StaticTarget::empty_bucket(const std::string& bucket, bool remove) {
  if (!config_.admin) return false;
  const auto admin = presented(*config_.admin);
  const std::string acct(kFixedAccount);
  bool ok = true;
  try {
    for (int round = 0; round < 20; ++round) {
      auto r = admin_s3(*this, admin, {"GET", acct, model::Jurisdiction::kDefault, bucket, "", "max-keys=1000", "", config_.region}, {404});
      if (r.status == 404) return true;  // no such bucket: nothing to do
      auto list = http::parse_list_objects(r.body);
      if (!list || list->contents.empty()) break;
      for (const auto& o : list->contents)
        admin_s3(*this, admin, {"DELETE", acct, model::Jurisdiction::kDefault, bucket, o.key, "", "", config_.region}, {404});
      if (!list->is_truncated) break;
    }
    auto up = admin_s3(*this, admin, {"GET", acct, model::Jurisdiction::kDefault, bucket, "", "uploads=", "", config_.region}, {404, 501});
    if (up.status / 100 == 2)
      if (auto uploads = http::parse_list_multipart_uploads(up.body))
        for (const auto& u : uploads->uploads)
          admin_s3(*this, admin,
                   {"DELETE", acct, model::Jurisdiction::kDefault, bucket, u.key, "uploadId=" + sigv4::uri_encode(u.upload_id), "",
                    config_.region},
                   {404});
    if (remove) {
      auto d = admin_s3(*this, admin, {"DELETE", acct, model::Jurisdiction::kDefault, bucket, "", "", "", config_.region}, {404, 409});
      ok = d.status != 409;
    }
  } catch (const TargetError&) {
    ok = false;
  }
  return ok;
}

void StaticTarget::end_scenario() {
  bool all_ok = true;
  for (const auto& b : touched_buckets_) {
    bool create = true;
    for (const auto& d : config_.buckets)
      if (d.name == b) create = d.create;
    all_ok &= empty_bucket(b, create);
  }
  touched_buckets_.clear();
  if (all_ok) journal_.clear();
}

std::string StaticTarget::s3_host(const std::string&, model::Jurisdiction, const std::string& vhost_bucket) const {
  return vhost_bucket.empty() ? endpoint_.authority() : vhost_bucket + "." + endpoint_.authority();
}

http::Expected<http::Response, http::TransportError> StaticTarget::send_s3(const http::Request& request,
                                                                            const std::string& source_ip, model::Jurisdiction) {
  http::Request r = request;  // sent as built: a transport moves bytes, never changes them
  // A bucket the request may create is journaled and removed later (a subresource PUT on a
  // bucket that does not exist creates nothing, and its cleanup is a harmless 404).
  if (const auto bucket = bucket_a_put_may_create(r, endpoint_.authority()); !bucket.empty()) {
    journal_.bucket(bucket);
    touched_buckets_.insert(bucket);
  }
  http::PerRequestOptions o;
  if (config_.loopback_sources) o.source_address = source_ip;
  auto resp = client_->send(endpoint_, std::move(r), o);
  if (resp && server_.empty()) server_ = resp->header("Server");
  return resp;
}

int64_t StaticTarget::now() { return now_(); }

void StaticTarget::change_token(const scenario::TokenStep&, const model::Token&, TokenCredentials&) {
  throw TargetError(TargetError::Kind::kUnsupported, "static credentials cannot be changed");
}

std::optional<scenario::Scenario> StaticTarget::adapt(const scenario::Scenario& s) const { return adapt_to_fixed(s, fixed_); }

std::vector<NotApplicable> StaticTarget::not_applicable() const {
  std::vector<NotApplicable> out = config_.not_applicable;
  bool disabled = false, conditioned = false;
  for (const auto& c : config_.credentials) {
    disabled = disabled || c.grants.status != model::TokenStatus::kActive;
    conditioned = conditioned || c.grants.condition.has_value();
  }
  if (!disabled) out.push_back({"SC-TK-3", "no credential is disabled (declare one with \"disabled\": true)"});
  if (!conditioned) out.push_back({"SC-TK-4", "no IP conditions are provisioned"});
  // What no pre-made credential can express: the token API and what hangs on it.
  for (const auto& [rule, reason] : std::vector<std::pair<std::string, std::string>>{
           {"SC-RES-5", "token creation: the target has no token API"},
           {"SC-TK-5", "credentials cannot be rolled here"},
           {"SC-TK-6", "no token changes, so no propagation window"},
           {"SC-SIG-12", "streaming uploads are not generated by the scenario generators"},
       })
    out.push_back({rule, reason});
  return out;
}

namespace {

// The admin credential of a journal's target, from the file that held it for the run.
StaticCredential journal_admin(const json& header, const std::string& credentials_file, const std::string& journal) {
  const std::string kind = header.value("kind", "static");
  const std::string file = !credentials_file.empty() ? credentials_file : header.value(kind == "static" ? "static_file" : "target_json", "");
  if (file.empty())
    throw TargetError(TargetError::Kind::kRejected,
                      fmt::format("{}: a {} journal: cleanup needs {} (the file the run took its credentials from)", journal, kind,
                                  kind == "static" ? "--static-file" : "--target-json"));
  std::optional<StaticCredential> admin;
  if (kind == "static") {
    admin = load_static_config(file).admin;
  } else {
    const std::string text = read_file(file);
    const json line = json::parse(text.substr(0, text.find('\n')), nullptr, false);
    if (!line.is_object()) throw TargetError(TargetError::Kind::kRejected, fmt::format("{}: not a JSON line", file));
    if (line.contains("admin_access_key") && line.contains("admin_secret_key"))  // rgw-up.sh
      admin = StaticCredential{"admin", line.value("admin_access_key", ""), line.value("admin_secret_key", ""), {}};
    for (const auto& u : line.value("users", json::array()))  // swift-up.sh: alice:alice owns the buckets
      if (u.is_object() && u.value("access_key", "") == "alice:alice")
        admin = StaticCredential{"admin", u.value("access_key", ""), u.value("secret_key", ""), {}};
  }
  if (!admin || admin->secret_key.empty())
    throw TargetError(TargetError::Kind::kRejected, fmt::format("{}: no admin credential (needed to remove the journal's buckets)", file));
  const std::string recorded = header.value("admin_access_key", "");
  if (!recorded.empty() && recorded != admin->access_key)
    throw TargetError(TargetError::Kind::kRejected, fmt::format("{}: its admin is {}, the journal's {}: not the file of that run", file,
                                                                admin->access_key, recorded));
  return *admin;
}

}  // namespace

int cleanup_journal(const std::string& path, std::vector<std::string>* log) {
  try {
    return cleanup_journal(path, "", log);
  } catch (const TargetError& e) {
    if (log) log->push_back(e.what());
    return 1;
  }
}

int cleanup_journal(const std::string& path, const std::string& credentials_file, std::vector<std::string>* log) {
  std::ifstream in(path);
  if (!in) {
    if (log) log->push_back(fmt::format("{}: cannot read the journal", path));
    return 1;
  }
  std::string line;
  json header;
  std::vector<std::string> buckets, users;
  while (std::getline(in, line)) {
    json j = json::parse(line, nullptr, false);
    if (!j.is_object()) continue;
    if (j.contains("journal")) header = j;
    if (j.contains("bucket") && j["bucket"].is_string()) buckets.push_back(j["bucket"]);
    if (j.contains("user") && j["user"].is_string()) users.push_back(j["user"]);
  }
  if (!header.is_object() || !header.contains("endpoint")) {
    if (log) log->push_back(fmt::format("{}: no journal header", path));
    return 1;
  }
  int failed = 0;
  if (!buckets.empty()) {
    StaticConfig cfg;
    cfg.endpoint = header.value("endpoint", "");
    cfg.region = header.value("region", "us-east-1");
    // A journal of an older version carried the secret itself; now it names where it is.
    cfg.admin = header.contains("admin_secret_key")
                    ? StaticCredential{"admin", header.value("admin_access_key", ""), header.value("admin_secret_key", ""), {}}
                    : journal_admin(header, credentials_file, path);
    cfg.credentials = {*cfg.admin};
    try {
      const auto tmp = std::filesystem::temp_directory_path() / fmt::format("scopecheck-cleanup-{}.jsonl", ::getpid());
      StaticTarget t(cfg, tmp.string(), 0, std::chrono::milliseconds(10000));
      for (auto it = buckets.rbegin(); it != buckets.rend(); ++it) {
        const bool ok = t.empty_bucket(*it, true);
        if (log) log->push_back(fmt::format("bucket {}: {}", *it, ok ? "removed" : "NOT removed"));
        failed += ok ? 0 : 1;
      }
      std::filesystem::remove(tmp);
    } catch (const TargetError& e) {
      if (log) log->push_back(fmt::format("{}: {}", cfg.endpoint, e.what()));
      failed += static_cast<int>(buckets.size());
    }
  }
  for (auto it = users.rbegin(); it != users.rend(); ++it) {
    const std::string conf = header.value("ceph_conf", "");
    int rc = -1;
    if (!conf.empty()) {
      const std::string cmd = fmt::format("timeout 60 radosgw-admin --conf '{}' user rm --uid='{}' --purge-data >/dev/null 2>&1", conf, *it);
      rc = std::system(cmd.c_str());
    }
    if (log) log->push_back(fmt::format("user {}: {}", *it, rc == 0 ? "removed" : "NOT removed"));
    failed += rc == 0 ? 0 : 1;
  }
  if (failed == 0) {
    // The header as this version writes it: no secret, even when an older run's journal had one.
    header.erase("admin_secret_key");
    create_private_file(path);
    std::ofstream out(path, std::ios::trunc);
    out << header.dump() << "\n";
  }
  return failed;
}

}  // namespace scopecheck::targets
