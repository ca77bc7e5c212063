// The seeded authorization bugs of MUTANTS.md. Each one is switched on only at start
// (--inject NAME); no request can switch one on. Code paths test bugs.has(Bug::x) in one
// clearly marked branch each.
#pragma once

#include <bitset>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace scopecheck::emulator {

enum class Bug {
  bucket_prefix_match,
  jurisdiction_ignored,
  account_ignored,
  bucket_case_fold,
  scope_type_ignored,
  object_token_lists_buckets,
  object_write_admin,
  read_allows_delete,
  head_as_write,
  copy_source_unchecked,
  multipart_sticky,
  deny_ignored,
  deny_first_match,
  expiry_inclusive,
  not_before_ignored,
  disabled_accepted,
  stale_after_update,
  roll_keeps_old_secret,
  ip_not_in_ignored,
  ip_empty_in_allows,
  presign_expiry_unchecked,
  presign_expires_unbounded,
  skew_unchecked,
  unsigned_header_accepted,
  scope_region_unchecked,
  signature_prefix_compare,
  payload_hash_unchecked,
  existence_leak,
  vhost_path_confusion,
  list_buckets_all_jurisdictions,
  list_objects_sibling_buckets,
  // The token API (SCOPING §11).
  api_read_writes,
  api_owner_ignored,
  api_ip_unchecked,
  api_get_reveals_value,
  verify_inactive_active,
  // What a signature binds (SIGV4.md, post-signing perturbations).
  method_unbound,
  query_extra_unbound,
  presign_unsigned_amz_accepted,
  host_unsigned_accepted,
};

inline constexpr int kBugCount = 40;

// The MUTANTS.md name ("bucket-prefix-match"); stable.
std::string_view bug_name(Bug b);
// nullopt for a name not in MUTANTS.md.
std::optional<Bug> parse_bug(std::string_view name);
std::vector<Bug> all_bugs();

class BugSet {
 public:
  bool has(Bug b) const { return bits_.test(static_cast<size_t>(b)); }
  void add(Bug b) { bits_.set(static_cast<size_t>(b)); }
  bool empty() const { return bits_.none(); }

 private:
  std::bitset<kBugCount> bits_;
};

}  // namespace scopecheck::emulator
