// RapidCheck generators of model values: accounts, look-alike buckets, resources, policies,
// tokens, worlds and requests. Header-only so that scenario generators reuse them without the
// model library depending on RapidCheck. Worlds are small on purpose: few accounts, bucket names
// that differ by a suffix, every jurisdiction, so that confusions are likely to be hit.
#pragma once

#include <rapidcheck.h>

#include <algorithm>
#include <ostream>
#include <string>
#include <vector>

#include "harness/model/permission_groups.h"
#include "harness/model/request.h"
#include "harness/model/resource_id.h"
#include "harness/model/token.h"
#include "harness/model/token_codec.h"
#include "harness/model/world.h"
#include "harness/model/world_codec.h"

namespace scopecheck::model {

// How RapidCheck prints model values in a counterexample: the JSON a case file would hold.
inline void showValue(const World& w, std::ostream& os) { os << emit_world(w).dump(); }
inline void showValue(const Request& r, std::ostream& os) { os << emit_request(r).dump(); }
inline void showValue(const Token& t, std::ostream& os) { os << emit_token(t).dump(); }
inline void showValue(const Policy& p, std::ostream& os) { os << emit_policy(p).dump(); }
inline void showValue(const Resource& r, std::ostream& os) { os << describe(r); }
inline void showValue(const BucketRef& b, std::ostream& os) { os << to_string(b); }

}  // namespace scopecheck::model

namespace scopecheck::model::arbitrary {

inline const std::vector<std::string>& account_pool() {
  static const std::vector<std::string> pool = {"4793d734c0b8e484dfc37ec392b5fa8a", "4793d734c0b8e484dfc37ec392b5fa8b",
                                                "0123456789abcdef0123456789abcdef"};
  return pool;
}

// Names that are prefixes/suffixes of each other.
inline const std::vector<std::string>& bucket_name_pool() {
  static const std::vector<std::string> pool = {"logs", "logs-archive", "logs2", "data", "dat"};
  return pool;
}

inline const std::vector<std::string>& key_pool() {
  static const std::vector<std::string> pool = {"a.txt", "b/c.txt", "big"};
  return pool;
}

inline rc::Gen<std::string> gen_account() { return rc::gen::elementOf(account_pool()); }

inline rc::Gen<Jurisdiction> gen_jurisdiction() {
  return rc::gen::element(Jurisdiction::kDefault, Jurisdiction::kEu, Jurisdiction::kFedramp);
}

inline rc::Gen<BucketRef> gen_bucket_ref() {
  return rc::gen::build<BucketRef>(rc::gen::set(&BucketRef::account, gen_account()),
                                   rc::gen::set(&BucketRef::jurisdiction, gen_jurisdiction()),
                                   rc::gen::set(&BucketRef::name, rc::gen::elementOf(bucket_name_pool())));
}

inline rc::Gen<Resource> gen_resource() {
  return rc::gen::weightedOneOf<Resource>({
      {4, rc::gen::map(gen_bucket_ref(), [](BucketRef b) { return Resource::one_bucket(std::move(b)); })},
      {2, rc::gen::map(gen_account(), [](std::string a) { return Resource::account_buckets(std::move(a)); })},
      {2, rc::gen::map(gen_account(), [](std::string a) { return Resource::account(std::move(a)); })},
      {1, rc::gen::just(Resource::all_accounts())},
      {1, rc::gen::just(Resource{ResourceKind::kZone, {}, "*"})},
  });
}

inline rc::Gen<std::string> gen_group_id() {
  std::vector<std::string> ids;
  for (const PermissionGroup& g : permission_groups()) ids.emplace_back(g.id);
  return rc::gen::elementOf(ids);
}

// Resources unique by key (a JSON object cannot hold one key twice), sorted canonically.
inline std::vector<Resource> unique_resources(std::vector<Resource> in) {
  std::vector<Resource> out;
  for (Resource& r : in) {
    bool clash = std::any_of(out.begin(), out.end(), [&](const Resource& o) { return resource_key(o) == resource_key(r); });
    if (!clash) out.push_back(std::move(r));
  }
  sort_resources(out);
  return out;
}

inline rc::Gen<Policy> gen_policy() {
  return rc::gen::apply(
      [](bool deny, std::vector<Resource> resources, std::vector<std::string> groups) {
        Policy p;
        p.effect = deny ? Effect::kDeny : Effect::kAllow;
        p.resources = unique_resources(std::move(resources));
        p.permission_groups = std::move(groups);
        return p;
      },
      rc::gen::weightedElement<bool>({{4, false}, {1, true}}),
      rc::gen::resize(3, rc::gen::nonEmpty(rc::gen::container<std::vector<Resource>>(gen_resource()))),
      rc::gen::resize(3, rc::gen::nonEmpty(rc::gen::container<std::vector<std::string>>(gen_group_id()))));
}

inline rc::Gen<Cidr> gen_cidr() {
  return rc::gen::element(*parse_cidr("10.0.0.0/8"), *parse_cidr("10.1.0.0/16"), *parse_cidr("192.0.2.0/24"),
                          *parse_cidr("2001:db8::/32"), *parse_cidr("::ffff:10.0.0.0/104"), *parse_cidr("0.0.0.0/0"));
}

inline rc::Gen<IpAddress> gen_ip() {
  return rc::gen::element(*parse_ip("10.1.2.3"), *parse_ip("192.0.2.9"), *parse_ip("203.0.113.7"),
                          *parse_ip("2001:db8::5"), *parse_ip("::ffff:10.1.2.3"), *parse_ip("127.0.0.1"));
}

inline rc::Gen<std::optional<IpCondition>> gen_condition() {
  auto list = rc::gen::resize(2, rc::gen::container<std::vector<Cidr>>(gen_cidr()));
  return rc::gen::weightedOneOf<std::optional<IpCondition>>({
      {4, rc::gen::just(std::optional<IpCondition>())},
      {1, rc::gen::apply(
              [](rc::Maybe<std::vector<Cidr>> in, rc::Maybe<std::vector<Cidr>> not_in) {
                IpCondition c;
                if (in) c.in = *in;
                if (not_in) c.not_in = *not_in;
                return std::optional<IpCondition>(std::move(c));
              },
              rc::gen::maybe(list), rc::gen::maybe(list))},
  });
}

// A token valid for the token API (emit → parse round-trips), mostly usable at `now`.
inline rc::Gen<Token> gen_token(std::string id, Timestamp now) {
  return rc::gen::apply(
      [id, now](std::vector<Policy> policies, int status, int window, std::optional<IpCondition> condition, bool named) {
        Token t;
        t.id = id;
        t.value = std::string(40, 'v') + id.substr(0, 8);
        if (named) t.name = "token " + id.substr(0, 6);
        t.status = status == 0 ? TokenStatus::kDisabled : status == 1 ? TokenStatus::kExpired : TokenStatus::kActive;
        if (window == 1) t.not_before = now + 10;
        if (window == 2) t.expires_on = now;
        if (window == 3) {
          t.not_before = now - 100;
          t.expires_on = now + 100;
        }
        t.policies = std::move(policies);
        t.condition = std::move(condition);
        return t;
      },
      rc::gen::resize(4, rc::gen::container<std::vector<Policy>>(gen_policy())),
      rc::gen::weightedElement<int>({{1, 0}, {1, 1}, {12, 2}}), rc::gen::weightedElement<int>({{8, 0}, {1, 1}, {1, 2}, {2, 3}}),
      gen_condition(), rc::gen::arbitrary<bool>());
}

inline const std::vector<std::string>& token_id_pool() {
  static const std::vector<std::string> pool = {"ed17574386854bf78a67040be0a770b0", "aaaabbbbccccddddeeeeffff00001111"};
  return pool;
}

// A permutation of `v` (RapidCheck has no shuffle generator); shrinks toward the identity.
template <typename T>
rc::Gen<std::vector<T>> gen_permutation(std::vector<T> v) {
  const std::size_t n = v.size();
  return rc::gen::map(rc::gen::container<std::vector<std::size_t>>(n, rc::gen::inRange<std::size_t>(0, n == 0 ? 1 : n)),
                      [v](const std::vector<std::size_t>& picks) {
                        std::vector<T> out = v;
                        for (std::size_t i = out.size(); i-- > 1;) std::swap(out[i], out[picks[i] % (i + 1)]);
                        return out;
                      });
}

// A world at `now`: some of the look-alike buckets (with some keys), an open upload, 1–2 tokens.
inline rc::Gen<World> gen_world(Timestamp now) {
  return rc::gen::apply(
      [now](std::vector<BucketRef> refs, std::vector<std::vector<std::string>> keys, Token t1, bool two, Token t2) {
        World w;
        w.accounts = account_pool();
        w.now = now;
        for (std::size_t i = 0; i < refs.size(); ++i) {
          if (find_bucket(w, refs[i])) continue;
          BucketState b{refs[i], {}};
          if (i < keys.size()) b.objects.insert(keys[i].begin(), keys[i].end());
          w.buckets.push_back(std::move(b));
        }
        if (!w.buckets.empty()) w.uploads.push_back({"u1", w.buckets.front().ref, "big"});
        w.tokens.push_back(std::move(t1));
        if (two) w.tokens.push_back(std::move(t2));
        return w;
      },
      rc::gen::resize(8, rc::gen::container<std::vector<BucketRef>>(gen_bucket_ref())),
      rc::gen::resize(8, rc::gen::container<std::vector<std::vector<std::string>>>(
                             rc::gen::resize(3, rc::gen::container<std::vector<std::string>>(rc::gen::elementOf(key_pool()))))),
      gen_token(token_id_pool()[0], now), rc::gen::arbitrary<bool>(), gen_token(token_id_pool()[1], now));
}

// A request from gen_request(), mostly on one of the world's buckets and mostly by one of its
// tokens (sometimes by an id the world does not hold: unknown-key).
inline rc::Gen<Request> gen_request_in(const World& w);

// A correctly signed request (no defects) by one of the pool's tokens, on any look-alike bucket.
inline rc::Gen<Request> gen_request() {
  return rc::gen::apply(
      [](Operation op, std::string account, Jurisdiction j, std::string bucket, std::string key, std::string source,
         std::string akid, IpAddress ip) {
        Request r;
        r.operation = op;
        r.account = std::move(account);
        r.jurisdiction = j;
        r.bucket = std::move(bucket);
        r.key = std::move(key);
        if (is_copy(op)) {
          r.source_bucket = std::move(source);
          r.source_key = "a.txt";
        }
        if (needs_upload_id(op)) {
          r.upload_id = "u1";
          r.key = "big";
        }
        if (op == Operation::kDeleteObjects) r.delete_keys = {"a.txt"};
        r.access_key_id = std::move(akid);
        r.source_ip = ip;
        return r;
      },
      rc::gen::elementOf(std::vector<Operation>(all_operations().begin(), all_operations().end())), gen_account(),
      gen_jurisdiction(), rc::gen::elementOf(bucket_name_pool()), rc::gen::elementOf(key_pool()),
      rc::gen::elementOf(bucket_name_pool()), rc::gen::elementOf(token_id_pool()), gen_ip());
}

inline rc::Gen<Request> gen_request_in(const World& w) {
  std::vector<std::string> ids;
  for (const Token& t : w.tokens) ids.push_back(t.id);
  if (ids.empty()) ids = token_id_pool();
  std::vector<BucketRef> refs;
  for (const BucketState& b : w.buckets) refs.push_back(b.ref);
  auto target = refs.empty() ? rc::gen::just(std::optional<BucketRef>())
                             : rc::gen::weightedOneOf<std::optional<BucketRef>>(
                                   {{3, rc::gen::map(rc::gen::elementOf(refs), [](BucketRef b) { return std::optional<BucketRef>(b); })},
                                    {1, rc::gen::just(std::optional<BucketRef>())}});
  return rc::gen::apply(
      [](Request r, std::optional<BucketRef> bucket, std::string id) {
        if (bucket) {
          r.account = bucket->account;
          r.jurisdiction = bucket->jurisdiction;
          r.bucket = bucket->name;
        }
        r.access_key_id = std::move(id);
        return r;
      },
      gen_request(), target,
      rc::gen::weightedOneOf<std::string>({{4, rc::gen::elementOf(ids)}, {1, rc::gen::elementOf(token_id_pool())}}));
}

}  // namespace scopecheck::model::arbitrary
