// Tokens: the API side (what the token API shows, applied at once) and the S3 side (compiled
// credentials and grants, applied after the propagation delay on the emulator's clock, SC-TK-6).
#pragma once

#include <chrono>
#include <deque>
#include <map>
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
  // data_dir empty = memory only. Throws std::runtime_error if data_dir holds an unreadable
  // tokens file (the emulator refuses to start rather than lose tokens).
  TokenStore(const Clock& clock, BugSet bugs, std::chrono::seconds propagation, std::string data_dir,
             uint64_t seed);

  // Makes sure a bootstrap token exists (given value, or the persisted one, or a new one) and
  // returns its value.
  std::string ensure_bootstrap(const std::string& wanted_value, const std::string& user_account);

  // Create / replace / delete / roll. nullopt = unknown id (or, for create, a persistence failure
  // is reported through *io_error).
  TokenRecord create(TokenSpec spec, const std::string& owner, bool* io_error);
  std::optional<TokenRecord> update(const std::string& id, TokenSpec spec, const std::string& owner,
                                    bool* io_error);
  bool remove(const std::string& id, const std::string& owner, bool* io_error);
  std::optional<std::string> roll(const std::string& id, const std::string& owner, bool* io_error);

  std::optional<TokenRecord> get(const std::string& id, const std::string& owner) const;
  std::vector<TokenRecord> list(const std::string& owner) const;  // sorted by issued_on, then id
  std::optional<TokenRecord> find_by_value(const std::string& value) const;

  // The S3 side's current view of a token id (pending changes due by now are applied first).
  std::shared_ptr<const S3Token> s3_lookup(const std::string& id);

 private:
  struct Pending {
    TimePoint due;
    std::string id;
    std::shared_ptr<const S3Token> state;  // null = deleted
  };
  std::shared_ptr<const S3Token> compile(const TokenRecord& t, const std::vector<std::string>& old_secrets) const;
  void schedule(const std::string& id, std::shared_ptr<const S3Token> state);
  void apply_due(TimePoint now);
  bool persist();
  std::string random_hex(size_t n);
  std::string random_value();

  const Clock& clock_;
  BugSet bugs_;
  std::chrono::seconds propagation_;
  std::string data_dir_;
  mutable std::mutex mu_;
  std::mt19937_64 rng_;
  std::map<std::string, TokenRecord> tokens_;
  std::unordered_map<std::string, std::shared_ptr<const S3Token>> s3_view_;
  std::deque<Pending> pending_;
};

}  // namespace scopecheck::emulator
