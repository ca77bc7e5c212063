// Tokens: the API side (what the token API shows, applied at once) and the S3 side (compiled
// credentials and grants, applied after the propagation delay on the emulator's clock, SC-TK-6).
//
// Every operation costs time independent of the number of tokens (TokenIndex: bearer lookup by
// value digest, pages by order statistics); under --data-dir each change appends one record to
// tokens.log and is on disk before the call returns (TokenLog), and the log is compacted at start
// and whenever it grows past twice the live size.
#pragma once

#include <chrono>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <unordered_map>
#include <vector>

#include "emulator/bugs.h"
#include "emulator/clock.h"
#include "emulator/grants.h"
#include "emulator/token_index.h"
#include "emulator/token_log.h"
#include "emulator/token_spec.h"

namespace scopecheck::emulator {

// What the S3 side needs of a token, compiled once per change.
struct S3Token {
  std::string id;
  std::string secret;                    // lowercase hex SHA-256 of the value
  std::vector<std::string> old_secrets;  // kept only for the roll-keeps-old-secret bug
  std::string status;
  std::optional<TimePoint> not_before, expires_on;
  std::optional<IpCondition> condition;
  CompiledGrants grants;
};

class TokenStore {
 public:
  // data_dir empty = memory only. Throws std::runtime_error if data_dir holds a token file that
  // cannot be read whole (a damaged record before the last one, an unreadable tokens.json), or
  // if the log cannot be written: the emulator refuses to start rather than lose tokens.
  TokenStore(const Clock& clock, BugSet bugs, std::chrono::seconds propagation, std::string data_dir,
             uint64_t seed);

  // Makes sure a bootstrap token exists (given value, or the persisted one, or a new one) and
  // returns its value.
  std::string ensure_bootstrap(const std::string& wanted_value, const std::string& user_account);

  // Create / replace / delete / roll. nullopt = unknown id. *io_error = the change could not be
  // made durable (create: then nothing was created).
  TokenRecord create(TokenSpec spec, const std::string& owner, bool* io_error);
  std::optional<TokenRecord> update(const std::string& id, TokenSpec spec, const std::string& owner,
                                    bool* io_error);
  bool remove(const std::string& id, const std::string& owner, bool* io_error);
  std::optional<std::string> roll(const std::string& id, const std::string& owner, bool* io_error);

  std::optional<TokenRecord> get(const std::string& id, const std::string& owner) const;
  struct Page {
    std::vector<TokenRecord> tokens;
    size_t total = 0;  // tokens of the owner
  };
  // Tokens [offset, offset + count) of owner, sorted by issued_on then id (reversed if
  // descending).
  Page list(const std::string& owner, size_t offset, size_t count, bool descending) const;
  std::optional<TokenRecord> find_by_value(const std::string& value) const;
  // The owner of a token id, whoever asks (only the api-owner-ignored bug looks past the path).
  std::optional<std::string> owner_of(const std::string& id) const;

  // The S3 side's current view of a token id (pending changes due by now are applied first).
  std::shared_ptr<const S3Token> s3_lookup(const std::string& id);

  // Back to a fresh store's state, except the tokens in `keep` (their latest state, pending
  // changes applied): every other token is gone, nothing is pending, ids and values are drawn as
  // by a store made with `seed`. Memory-only stores (no data dir; std::logic_error otherwise):
  // the harness reuses one emulator across scenarios.
  void reset(const std::vector<std::string>& keep, uint64_t seed);

 private:
  struct Entry {
    TokenRecord token;
    uint64_t log_bytes = 0;  // size of its latest record in the log
  };
  struct Pending {
    TimePoint due;
    std::string id;
    std::shared_ptr<const S3Token> state;  // null = deleted
  };
  std::shared_ptr<const S3Token> compile(const TokenRecord& t, const std::vector<std::string>& old_secrets) const;
  void schedule(const std::string& id, std::shared_ptr<const S3Token> state);
  void apply_due(TimePoint now);
  std::string replay(std::string_view record);
  void put(TokenRecord t, uint64_t log_bytes);
  // Appends a record of the change (no-op without a data dir): false if it could not be written.
  bool log_put(const TokenRecord& t, uint64_t* seq, uint64_t* bytes);
  bool log_delete(const std::string& id, uint64_t* seq);
  bool durable(uint64_t seq);  // waits for the log's fsync covering seq
  void maybe_compact();
  bool compact();
  std::string random_hex(size_t n);
  std::string random_value();

  const Clock& clock_;
  BugSet bugs_;
  std::chrono::seconds propagation_;
  std::string data_dir_;
  mutable std::mutex mu_;  // the API side and the log
  std::mt19937_64 rng_;
  std::unordered_map<std::string, Entry> tokens_;  // node-based: the index points into it
  TokenIndex index_;
  std::unique_ptr<TokenLog> log_;
  uint64_t live_bytes_ = 0;  // what a compacted log would hold
  uint64_t retry_compaction_at_ = 0;
  // The S3 side has its own lock: signed requests never wait for a token change's fsync.
  std::mutex s3_mu_;
  std::unordered_map<std::string, std::shared_ptr<const S3Token>> s3_view_;
  std::deque<Pending> pending_;
};

}  // namespace scopecheck::emulator
