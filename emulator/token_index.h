// The token store's indexes, so that no token-API call costs time in the number of tokens:
// tokens by the SHA-256 of their value (the bearer lookup; the value itself is never a key, so
// the table's hashing and probing never run over a secret), and per owner in list order
// (issued_on, then id) as an order-statistic tree, so a page at any offset is found in
// O(log n) and its total in O(1).
//
// The index holds pointers to records the store owns; a record's id, owner, issued_on and value
// must not change while it is indexed (remove, change, add again).
#pragma once

#include <ext/pb_ds/assoc_container.hpp>
#include <ext/pb_ds/tree_policy.hpp>

#include <array>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "emulator/token_spec.h"

namespace scopecheck::emulator {

class TokenIndex {
 public:
  using Digest = std::array<unsigned char, 32>;
  static Digest digest(std::string_view value);

  void add(const TokenRecord* t);
  void remove(const TokenRecord* t);

  const TokenRecord* by_value(std::string_view value) const;
  // Records [offset, offset + count) of owner in list order (reversed if descending).
  std::vector<const TokenRecord*> page(const std::string& owner, size_t offset, size_t count, bool descending) const;
  size_t owned_by(const std::string& owner) const;

 private:
  struct DigestHash {
    size_t operator()(const Digest& d) const;
  };
  struct ListOrder {
    bool operator()(const TokenRecord* a, const TokenRecord* b) const;
  };
  using Ordered = __gnu_pbds::tree<const TokenRecord*, __gnu_pbds::null_type, ListOrder, __gnu_pbds::rb_tree_tag,
                                   __gnu_pbds::tree_order_statistics_node_update>;
  std::unordered_map<Digest, const TokenRecord*, DigestHash> by_digest_;
  std::unordered_map<std::string, Ordered> by_owner_;
};

}  // namespace scopecheck::emulator
