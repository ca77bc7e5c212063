#include "emulator/bugs.h"

#include <array>

namespace scopecheck::emulator {
namespace {
constexpr std::array<std::string_view, kBugCount> kNames = {
    "bucket-prefix-match",      "jurisdiction-ignored",      "account-ignored",
    "bucket-case-fold",         "scope-type-ignored",        "object-token-lists-buckets",
    "object-write-admin",       "read-allows-delete",        "head-as-write",
    "copy-source-unchecked",    "multipart-sticky",          "deny-ignored",
    "deny-first-match",         "expiry-inclusive",          "not-before-ignored",
    "disabled-accepted",        "stale-after-update",        "roll-keeps-old-secret",
    "ip-not-in-ignored",        "ip-empty-in-allows",        "presign-expiry-unchecked",
    "presign-expires-unbounded", "skew-unchecked",           "unsigned-header-accepted",
    "scope-region-unchecked",   "signature-prefix-compare",  "payload-hash-unchecked",
    "existence-leak",           "vhost-path-confusion",      "list-buckets-all-jurisdictions",
    "list-objects-sibling-buckets",
    "api-read-writes",          "api-owner-ignored",         "api-ip-unchecked",
    "api-get-reveals-value",    "verify-inactive-active",
    "method-unbound",           "query-extra-unbound",       "presign-unsigned-amz-accepted",
    "host-unsigned-accepted",
};
}  // namespace

std::string_view bug_name(Bug b) { return kNames[static_cast<size_t>(b)]; }

std::optional<Bug> parse_bug(std::string_view name) {
  for (size_t i = 0; i < kNames.size(); ++i)
    if (kNames[i] == name) return static_cast<Bug>(i);
  return std::nullopt;
}

std::vector<Bug> all_bugs() {
  std::vector<Bug> out;
  for (int i = 0; i < kBugCount; ++i) out.push_back(static_cast<Bug>(i));
  return out;
}

}  // namespace scopecheck::emulator
