// Shared test fixtures for tests/model: a small world with look-alike buckets, and terse
// builders for tokens and policies.
#pragma once

#include <initializer_list>
#include <string>
#include <vector>

#include "harness/model/decide.h"
#include "harness/model/permission_groups.h"
#include "harness/model/resource_id.h"
#include "harness/model/timestamp.h"

namespace scopecheck::model::test {

inline const std::string kA = "4793d734c0b8e484dfc37ec392b5fa8a";
inline const std::string kB = "0123456789abcdef0123456789abcdef";
inline const std::string kT1 = "ed17574386854bf78a67040be0a770b0";
inline const std::string kT2 = "aaaabbbbccccddddeeeeffff00001111";
inline const std::string kValue = "m7Jq3kP9xV2tR8wL5nB1cF6hD4gS0aZyXeUoIiQp";
inline const std::string kValue2 = "Z9Jq3kP9xV2tR8wL5nB1cF6hD4gS0aZyXeUoIiQp";
inline const Timestamp kNow = 1795921200;  // 2026-11-29T03:00:00Z

inline const std::string kStorageWrite{kStorageWriteId};
inline const std::string kStorageRead{kStorageReadId};
inline const std::string kItemWrite{kItemWriteId};
inline const std::string kItemRead{kItemReadId};
inline const std::string kDnsRead = "82e64a83756745bbbb1c9c2701bf816b";

inline Resource bucket_res(const std::string& acct, Jurisdiction j, const std::string& name) {
  return Resource::one_bucket({acct, j, name});
}
inline Resource logs_res() { return bucket_res(kA, Jurisdiction::kDefault, "logs"); }

inline Policy policy(Effect effect, std::vector<Resource> resources, std::vector<std::string> groups) {
  Policy p;
  p.effect = effect;
  p.resources = std::move(resources);
  sort_resources(p.resources);
  p.permission_groups = std::move(groups);
  return p;
}
inline Policy allow(std::vector<Resource> r, std::vector<std::string> g) { return policy(Effect::kAllow, std::move(r), std::move(g)); }
inline Policy deny(std::vector<Resource> r, std::vector<std::string> g) { return policy(Effect::kDeny, std::move(r), std::move(g)); }

inline Token token(std::vector<Policy> policies, const std::string& id = kT1) {
  Token t;
  t.id = id;
  t.value = kValue;
  t.policies = std::move(policies);
  return t;
}

// Account A: default/logs {a.txt}, default/logs-archive, default/src {s.txt}, eu/logs;
// account B: default/logs. Upload u1 open on A/default/logs key "big".
inline World base_world() {
  World w;
  w.accounts = {kA, kB};
  w.buckets = {
      {{kA, Jurisdiction::kDefault, "logs"}, {"a.txt"}},
      {{kA, Jurisdiction::kDefault, "logs-archive"}, {}},
      {{kA, Jurisdiction::kDefault, "src"}, {"s.txt"}},
      {{kA, Jurisdiction::kEu, "logs"}, {}},
      {{kB, Jurisdiction::kDefault, "logs"}, {}},
  };
  w.uploads = {{"u1", {kA, Jurisdiction::kDefault, "logs"}, "big"}};
  w.now = kNow;
  return w;
}

// GetObject logs/a.txt on A's default endpoint, header auth, signed right, as kT1.
inline Request base_request(Operation op = Operation::kGetObject) {
  Request r;
  r.operation = op;
  r.account = kA;
  r.bucket = "logs";
  r.key = "a.txt";
  r.access_key_id = kT1;
  return r;
}

}  // namespace scopecheck::model::test
