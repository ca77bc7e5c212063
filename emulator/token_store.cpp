#include "emulator/token_store.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <stdexcept>

#include "emulator/crypto.h"
#include "emulator/durable_file.h"

namespace scopecheck::emulator {
namespace {
using nlohmann::json;

// A log shorter than this is never compacted: rewriting a small file on every few changes
// would cost more than it saves.
constexpr uint64_t kCompactFloor = 1 << 20;

std::string put_record(const TokenRecord& t) { return json{{"put", token_to_storage(t)}}.dump(); }
uint64_t framed_size(const std::string& record) { return TokenLog::frame(record).size(); }
}  // namespace

TokenStore::TokenStore(const Clock& clock, BugSet bugs, std::chrono::seconds propagation, std::string data_dir,
                       uint64_t seed)
    : clock_(clock), bugs_(bugs), propagation_(propagation), data_dir_(std::move(data_dir)), rng_(seed) {
  if (data_dir_.empty()) return;
  namespace fs = std::filesystem;
  fs::create_directories(data_dir_);
  // Temp files of a rewrite cut short by a kill: never renamed into place, so never needed.
  for (const auto& e : fs::directory_iterator(data_dir_)) {
    auto name = e.path().filename().string();
    if (name.rfind("tokens.log.tmp.", 0) == 0 || name.rfind("tokens.json.tmp.", 0) == 0) {
      std::error_code ec;
      fs::remove(e.path(), ec);
    }
  }
  const std::string log_path = data_dir_ + "/tokens.log";
  const std::string old_path = data_dir_ + "/tokens.json";
  // tokens.json: the whole-file format of earlier versions, read so existing data dirs keep
  // working, then replaced by the log. Both exist only after a kill between writing the log and
  // removing tokens.json; the log then holds the same tokens and is read on top.
  if (fs::exists(old_path)) {
    auto text = read_file(old_path);
    if (!text) throw std::runtime_error("cannot read " + old_path);
    auto j = json::parse(*text, nullptr, false);
    if (j.is_discarded() || !j.is_array()) throw std::runtime_error("unreadable " + old_path);
    for (const auto& item : j) {
      auto t = token_from_storage(item);
      if (!t) throw std::runtime_error("damaged token record in " + old_path);
      put(std::move(*t), 0);
    }
  }
  auto read = TokenLog::read(log_path, [this](std::string_view record, size_t) { return replay(record); });
  if (read && read->torn_bytes > 0)
    std::fprintf(stderr,
                 "scopecheck emulate: %s: dropped an incomplete last record (%zu bytes) left by an interrupted "
                 "write; its change had not been acknowledged\n",
                 log_path.c_str(), read->torn_bytes);
  for (const auto& [id, e] : tokens_) s3_view_[id] = compile(e.token, {});
  log_ = std::make_unique<TokenLog>(log_path);
  if (!compact()) throw std::runtime_error("cannot write " + log_path);
  if (fs::exists(old_path) && !remove_file_durable(old_path))
    throw std::runtime_error("cannot remove " + old_path + " after moving its tokens to " + log_path);
}

std::string TokenStore::replay(std::string_view record) {
  auto j = json::parse(record, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return "not a JSON object";
  if (auto p = j.find("put"); p != j.end()) {
    auto t = token_from_storage(*p);
    if (!t) return "not a valid token";
    put(std::move(*t), 0);
    return "";
  }
  if (auto d = j.find("delete"); d != j.end() && d->is_string()) {
    auto it = tokens_.find(d->get<std::string>());
    if (it == tokens_.end()) return "deletes a token that does not exist";
    index_.remove(&it->second.token);
    tokens_.erase(it);
    return "";
  }
  return "neither a put nor a delete";
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
  std::lock_guard lock(s3_mu_);
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

void TokenStore::put(TokenRecord t, uint64_t log_bytes) {
  auto [it, inserted] = tokens_.try_emplace(t.id);
  Entry& e = it->second;
  if (!inserted) {
    index_.remove(&e.token);
    live_bytes_ -= e.log_bytes;
  }
  e.token = std::move(t);
  e.log_bytes = log_bytes;
  live_bytes_ += log_bytes;
  index_.add(&e.token);
}

bool TokenStore::log_put(const TokenRecord& t, uint64_t* seq, uint64_t* bytes) {
  *seq = 0;
  *bytes = 0;
  if (!log_) return true;
  std::string record = put_record(t);
  *bytes = framed_size(record);
  *seq = log_->append(record);
  return *seq != 0;
}

bool TokenStore::log_delete(const std::string& id, uint64_t* seq) {
  *seq = 0;
  if (!log_) return true;
  *seq = log_->append(json{{"delete", id}}.dump());
  return *seq != 0;
}

bool TokenStore::durable(uint64_t seq) { return seq == 0 || log_->sync(seq); }

void TokenStore::maybe_compact() {
  // Compacting when the log holds twice what it must keeps its size within 2x the live size
  // and the rewrite's cost amortised over at least as many bytes of appends.
  if (!log_) return;
  const uint64_t bytes = log_->bytes();
  if (bytes <= std::max(2 * live_bytes_ + kCompactFloor, retry_compaction_at_)) return;
  // A failed rewrite (no space for the temp file, say) is retried only after as many bytes
  // again, not on every change.
  retry_compaction_at_ = compact() ? 0 : bytes + live_bytes_ + kCompactFloor;
}

bool TokenStore::compact() {
  uint64_t live = 0;
  bool ok = log_->rewrite([&](const std::function<bool(std::string_view)>& emit) {
    for (auto& [id, e] : tokens_) {
      std::string record = put_record(e.token);
      e.log_bytes = framed_size(record);
      live += e.log_bytes;
      if (!emit(record)) return false;
    }
    return true;
  });
  if (ok) live_bytes_ = live;
  return ok;
}

std::string TokenStore::ensure_bootstrap(const std::string& wanted_value, const std::string& user_account) {
  uint64_t seq = 0;
  std::string value;
  {
    std::lock_guard lock(mu_);
    // Once per start, so a scan is fine; the smallest id wins when several match, as before.
    const TokenRecord* found = nullptr;
    for (const auto& [id, e] : tokens_) {
      const TokenRecord& t = e.token;
      if (!t.bootstrap || (!wanted_value.empty() && t.value != wanted_value)) continue;
      if (!found || t.id < found->id) found = &t;
    }
    if (found) return found->value;
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
    uint64_t bytes = 0;
    log_put(t, &seq, &bytes);  // as before: a bootstrap token that cannot be stored still serves this run
    {
      std::lock_guard s3_lock(s3_mu_);
      s3_view_[t.id] = compile(t, {});
    }
    value = t.value;
    put(std::move(t), bytes);
  }
  durable(seq);
  return value;
}

TokenRecord TokenStore::create(TokenSpec spec, const std::string& owner, bool* io_error) {
  TokenRecord t;
  uint64_t seq = 0;
  {
    std::lock_guard lock(mu_);
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
    uint64_t bytes = 0;
    if (!log_put(t, &seq, &bytes)) {
      *io_error = true;
      return t;
    }
    schedule(t.id, compile(t, {}));
    put(t, bytes);
    maybe_compact();
  }
  // Group commit: the answer waits for the fsync, the lock does not.
  *io_error = !durable(seq);
  return t;
}

std::optional<TokenRecord> TokenStore::update(const std::string& id, TokenSpec spec, const std::string& owner,
                                              bool* io_error) {
  TokenRecord t;
  uint64_t seq = 0;
  {
    std::lock_guard lock(mu_);
    auto it = tokens_.find(id);
    if (it == tokens_.end() || it->second.token.owner != owner) return std::nullopt;
    t = it->second.token;
    t.name = std::move(spec.name);
    t.not_before = spec.not_before;
    t.expires_on = spec.expires_on;
    t.condition = std::move(spec.condition);
    t.policies = std::move(spec.policies);
    for (auto& p : t.policies) p.id = random_hex(32);
    if (spec.status) t.status = *spec.status;
    t.modified_on = clock_.now();
    uint64_t bytes = 0;
    if (!log_put(t, &seq, &bytes)) {
      *io_error = true;
      return it->second.token;
    }
    // BUG stale-after-update: the S3 side never hears of the update (until a restart).
    if (!bugs_.has(Bug::stale_after_update)) schedule(id, compile(t, {}));
    put(t, bytes);
    maybe_compact();
  }
  *io_error = !durable(seq);
  return t;
}

bool TokenStore::remove(const std::string& id, const std::string& owner, bool* io_error) {
  uint64_t seq = 0;
  {
    std::lock_guard lock(mu_);
    auto it = tokens_.find(id);
    if (it == tokens_.end() || it->second.token.owner != owner) return false;
    if (!log_delete(id, &seq)) {
      *io_error = true;
      return true;
    }
    index_.remove(&it->second.token);
    live_bytes_ -= it->second.log_bytes;
    tokens_.erase(it);
    // BUG stale-after-update: a deleted token keeps working on S3 (until a restart).
    if (!bugs_.has(Bug::stale_after_update)) schedule(id, nullptr);
    maybe_compact();
  }
  *io_error = !durable(seq);
  return true;
}

std::optional<std::string> TokenStore::roll(const std::string& id, const std::string& owner, bool* io_error) {
  TokenRecord t;
  uint64_t seq = 0;
  {
    std::lock_guard lock(mu_);
    auto it = tokens_.find(id);
    if (it == tokens_.end() || it->second.token.owner != owner) return std::nullopt;
    std::vector<std::string> old;
    // BUG roll-keeps-old-secret: the previous secret keeps signing valid requests.
    if (bugs_.has(Bug::roll_keeps_old_secret)) {
      std::lock_guard s3_lock(s3_mu_);
      auto v = s3_view_.find(id);
      if (v != s3_view_.end()) {
        old = v->second->old_secrets;
        old.push_back(v->second->secret);
      }
    }
    t = it->second.token;
    t.value = random_value();
    t.modified_on = clock_.now();
    uint64_t bytes = 0;
    if (!log_put(t, &seq, &bytes)) {
      *io_error = true;
      return t.value;
    }
    schedule(id, compile(t, old));
    put(t, bytes);
    maybe_compact();
  }
  *io_error = !durable(seq);
  return t.value;
}

std::optional<TokenRecord> TokenStore::get(const std::string& id, const std::string& owner) const {
  std::lock_guard lock(mu_);
  auto it = tokens_.find(id);
  if (it == tokens_.end() || it->second.token.owner != owner) return std::nullopt;
  return it->second.token;
}

std::optional<std::string> TokenStore::owner_of(const std::string& id) const {
  std::lock_guard lock(mu_);
  auto it = tokens_.find(id);
  if (it == tokens_.end()) return std::nullopt;
  return it->second.token.owner;
}

TokenStore::Page TokenStore::list(const std::string& owner, size_t offset, size_t count, bool descending) const {
  std::lock_guard lock(mu_);
  Page p;
  p.total = index_.owned_by(owner);
  for (const TokenRecord* t : index_.page(owner, offset, count, descending)) p.tokens.push_back(*t);
  return p;
}

std::optional<TokenRecord> TokenStore::find_by_value(const std::string& value) const {
  std::lock_guard lock(mu_);
  const TokenRecord* t = index_.by_value(value);
  if (!t) return std::nullopt;
  return *t;
}

void TokenStore::reset(const std::vector<std::string>& keep, uint64_t seed) {
  if (!data_dir_.empty()) throw std::logic_error("TokenStore::reset: only a memory-only store can be reset");
  auto kept = [&](const std::string& id) { return std::find(keep.begin(), keep.end(), id) != keep.end(); };
  std::scoped_lock lock(mu_, s3_mu_);
  for (auto it = tokens_.begin(); it != tokens_.end();) {
    if (kept(it->first)) {
      ++it;
      continue;
    }
    index_.remove(&it->second.token);
    it = tokens_.erase(it);
  }
  // A kept token's changes take effect now, whatever the clock says: nothing stays pending.
  for (auto& p : pending_) {
    if (!kept(p.id)) continue;
    if (p.state) s3_view_[p.id] = p.state;
    else s3_view_.erase(p.id);
  }
  pending_.clear();
  for (auto it = s3_view_.begin(); it != s3_view_.end();) it = kept(it->first) ? std::next(it) : s3_view_.erase(it);
  rng_.seed(seed);
  live_bytes_ = 0;
  retry_compaction_at_ = 0;
}

std::shared_ptr<const S3Token> TokenStore::s3_lookup(const std::string& id) {
  std::lock_guard lock(s3_mu_);
  apply_due(clock_.now());
  auto it = s3_view_.find(id);
  return it == s3_view_.end() ? nullptr : it->second;
}

}  // namespace scopecheck::emulator
