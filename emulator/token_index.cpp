#include "emulator/token_index.h"

#include "emulator/crypto.h"


#include <cstring>

namespace scopecheck::emulator {

TokenIndex::Digest TokenIndex::digest(std::string_view value) {
  Digest d{};
  sha256_raw(value, d.data());
  return d;
}

size_t TokenIndex::DigestHash::operator()(const Digest& d) const {
  // The digest is already uniformly distributed: its first bytes are a good hash.
  size_t h;
  std::memcpy(&h, d.data(), sizeof h);
  return h;
}

bool TokenIndex::ListOrder::operator()(const TokenRecord* a, const TokenRecord* b) const {
  return a->issued_on != b->issued_on ? a->issued_on < b->issued_on : a->id < b->id;
}

void TokenIndex::add(const TokenRecord* t) {
  by_digest_[digest(t->value)] = t;
  by_owner_[t->owner].insert(t);
}

void TokenIndex::remove(const TokenRecord* t) {
  auto d = by_digest_.find(digest(t->value));
  if (d != by_digest_.end() && d->second == t) by_digest_.erase(d);
  auto o = by_owner_.find(t->owner);
  if (o == by_owner_.end()) return;
  o->second.erase(t);
  if (o->second.empty()) by_owner_.erase(o);
}

const TokenRecord* TokenIndex::by_value(std::string_view value) const {
  auto it = by_digest_.find(digest(value));
  return it == by_digest_.end() ? nullptr : it->second;
}

size_t TokenIndex::owned_by(const std::string& owner) const {
  auto o = by_owner_.find(owner);
  return o == by_owner_.end() ? 0 : o->second.size();
}

std::vector<const TokenRecord*> TokenIndex::page(const std::string& owner, size_t offset, size_t count,
                                                 bool descending) const {
  std::vector<const TokenRecord*> out;
  auto o = by_owner_.find(owner);
  if (o == by_owner_.end()) return out;
  const Ordered& set = o->second;
  const size_t n = set.size();
  if (offset >= n) return out;
  count = std::min(count, n - offset);
  out.reserve(count);
  if (!descending) {
    for (auto it = set.find_by_order(offset); out.size() < count; ++it) out.push_back(*it);
  } else {
    for (auto it = set.find_by_order(n - 1 - offset); out.size() < count; --it) out.push_back(*it);
  }
  return out;
}

}  // namespace scopecheck::emulator
