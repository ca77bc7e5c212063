#include "emulator/token_store.h"

#include <algorithm>
#include <filesystem>
#include <stdexcept>

#include "emulator/crypto.h"
#include "emulator/durable_file.h"

namespace scopecheck::emulator {

TokenStore::TokenStore(const Clock& clock, BugSet bugs, std::chrono::seconds propagation, std::string data_dir,
                       uint64_t seed)
    : clock_(clock), bugs_(bugs), propagation_(propagation), data_dir_(std::move(data_dir)), rng_(seed) {
  if (data_dir_.empty()) return;
  std::filesystem::create_directories(data_dir_);
  auto text = read_file(data_dir_ + "/tokens.json");
  if (!text) return;
  auto j = nlohmann::json::parse(*text, nullptr, false);
  if (j.is_discarded() || !j.is_array()) throw std::runtime_error("unreadable " + data_dir_ + "/tokens.json");
  for (const auto& item : j) {
    auto t = token_from_storage(item);
    if (!t) throw std::runtime_error("damaged token record in " + data_dir_ + "/tokens.json");
    s3_view_[t->id] = compile(*t, {});
    tokens_[t->id] = std::move(*t);
  }
}

std::string TokenStore::random_hex(size_t n) {
  static const char* kHex = "0123456789abcdef";
  std::string s;
  for (size_t i = 0; i < n; ++i) s.push_back(kHex[rng_() % 16]);
  return s;
}

std::string TokenStore::random_value() {
  static const char* kAlnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  std::string s;
  for (int i = 0; i < 40; ++i) s.push_back(kAlnum[rng_() % 62]);
  return s;
}

std::shared_ptr<const S3Token> TokenStore::compile(const TokenRecord& t,
                                                   const std::vector<std::string>& old_secrets) const {
  auto s = std::make_shared<S3Token>();
  s->id = t.id;
  s->secret = sha256_hex(t.value);
  s->old_secrets = old_secrets;
  s->status = t.status;
  s->not_before = t.not_before;
  s->expires_on = t.expires_on;
  s->condition = t.condition;
  std::vector<PolicyInput> inputs;
  for (const auto& p : t.policies) inputs.push_back({p.deny, p.parsed, p.group_ids});
  s->grants = compile_grants(inputs, bugs_);
  return s;
}

void TokenStore::schedule(const std::string& id, std::shared_ptr<const S3Token> state) {
  pending_.push_back({clock_.now() + propagation_, id, std::move(state)});
  apply_due(clock_.now());
}

void TokenStore::apply_due(TimePoint now) {
  while (!pending_.empty() && pending_.front().due <= now) {
    auto& p = pending_.front();
    if (p.state) s3_view_[p.id] = p.state;
    else s3_view_.erase(p.id);
    pending_.pop_front();
  }
}

bool TokenStore::persist() {
  if (data_dir_.empty()) return true;
  nlohmann::json arr = nlohmann::json::array();
  for (const auto& [id, t] : tokens_) arr.push_back(token_to_storage(t));
  return write_file_atomic(data_dir_ + "/tokens.json", arr.dump());
}

std::string TokenStore::ensure_bootstrap(const std::string& wanted_value, const std::string& user_account) {
  std::lock_guard lock(mu_);
  for (auto& [id, t] : tokens_) {
    if (!t.bootstrap) continue;
    if (wanted_value.empty() || t.value == wanted_value) return t.value;
  }
  TokenRecord t;
  t.id = random_hex(32);
  t.value = wanted_value.empty() ? random_value() : wanted_value;
  t.name = "scopecheck bootstrap token";
  t.owner = "user";
  t.bootstrap = true;
  t.issued_on = t.modified_on = clock_.now();
  StoredPolicy p;
  p.id = random_hex(32);
  std::string user_res = "com.cloudflare.api.user." + user_account;
  p.resources = nlohmann::json{{user_res, "*"}};
  p.parsed = {{ResourceKind::user, "", "", ""}};
  p.group_ids = {std::string(kGroupApiTokensRead), std::string(kGroupApiTokensWrite)};
  std::sort(p.group_ids.begin(), p.group_ids.end());
  t.policies.push_back(p);
  s3_view_[t.id] = compile(t, {});
  tokens_[t.id] = t;
  persist();
  return t.value;
}

TokenRecord TokenStore::create(TokenSpec spec, const std::string& owner, bool* io_error) {
  std::lock_guard lock(mu_);
  TokenRecord t;
  do t.id = random_hex(32);
  while (tokens_.count(t.id));
  t.value = random_value();
  t.name = std::move(spec.name);
  t.owner = owner;
  t.issued_on = t.modified_on = clock_.now();
  t.not_before = spec.not_before;
  t.expires_on = spec.expires_on;
  t.condition = std::move(spec.condition);
  t.policies = std::move(spec.policies);
  for (auto& p : t.policies) p.id = random_hex(32);
  tokens_[t.id] = t;
  *io_error = !persist();
  schedule(t.id, compile(t, {}));
  return t;
}

std::optional<TokenRecord> TokenStore::update(const std::string& id, TokenSpec spec, const std::string& owner,
                                              bool* io_error) {
  std::lock_guard lock(mu_);
  auto it = tokens_.find(id);
  if (it == tokens_.end() || it->second.owner != owner) return std::nullopt;
  TokenRecord& t = it->second;
  t.name = std::move(spec.name);
  t.not_before = spec.not_before;
  t.expires_on = spec.expires_on;
  t.condition = std::move(spec.condition);
  t.policies = std::move(spec.policies);
  for (auto& p : t.policies) p.id = random_hex(32);
  if (spec.status) t.status = *spec.status;
  t.modified_on = clock_.now();
  *io_error = !persist();
  // BUG stale-after-update: the S3 side never hears of the update (until a restart).
  if (!bugs_.has(Bug::stale_after_update)) schedule(id, compile(t, {}));
  return t;
}

bool TokenStore::remove(const std::string& id, const std::string& owner, bool* io_error) {
  std::lock_guard lock(mu_);
  auto it = tokens_.find(id);
  if (it == tokens_.end() || it->second.owner != owner) return false;
  tokens_.erase(it);
  *io_error = !persist();
  // BUG stale-after-update: a deleted token keeps working on S3 (until a restart).
  if (!bugs_.has(Bug::stale_after_update)) schedule(id, nullptr);
  return true;
}

std::optional<std::string> TokenStore::roll(const std::string& id, const std::string& owner, bool* io_error) {
  std::lock_guard lock(mu_);
  auto it = tokens_.find(id);
  if (it == tokens_.end() || it->second.owner != owner) return std::nullopt;
  std::vector<std::string> old;
  // BUG roll-keeps-old-secret: the previous secret keeps signing valid requests.
  if (bugs_.has(Bug::roll_keeps_old_secret)) {
    auto v = s3_view_.find(id);
    if (v != s3_view_.end()) {
      old = v->second->old_secrets;
      old.push_back(v->second->secret);
    }
  }
  it->second.value = random_value();
  it->second.modified_on = clock_.now();
  *io_error = !persist();
  schedule(id, compile(it->second, old));
  return it->second.value;
}

std::optional<TokenRecord> TokenStore::get(const std::string& id, const std::string& owner) const {
  std::lock_guard lock(mu_);
  auto it = tokens_.find(id);
  if (it == tokens_.end() || it->second.owner != owner) return std::nullopt;
  return it->second;
}

std::vector<TokenRecord> TokenStore::list(const std::string& owner) const {
  std::lock_guard lock(mu_);
  std::vector<TokenRecord> out;
  for (const auto& [id, t] : tokens_)
    if (t.owner == owner) out.push_back(t);
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    return a.issued_on != b.issued_on ? a.issued_on < b.issued_on : a.id < b.id;
  });
  return out;
}

std::optional<TokenRecord> TokenStore::find_by_value(const std::string& value) const {
  std::lock_guard lock(mu_);
  for (const auto& [id, t] : tokens_)
    if (t.value == value) return t;
  return std::nullopt;
}

std::shared_ptr<const S3Token> TokenStore::s3_lookup(const std::string& id) {
  std::lock_guard lock(mu_);
  apply_due(clock_.now());
  auto it = s3_view_.find(id);
  return it == s3_view_.end() ? nullptr : it->second;
}

}  // namespace scopecheck::emulator
