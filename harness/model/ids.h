// Identifiers of SCOPING.md §1: accounts, token ids, jurisdictions, bucket names, bucket refs.
#pragma once

#include <compare>
#include <optional>
#include <string>
#include <string_view>

namespace scopecheck::model {

enum class Jurisdiction { kDefault, kEu, kFedramp };

// "default", "eu", "fedramp".
std::string_view to_string(Jurisdiction j);
// Exact, case-sensitive; nullopt for anything else.
std::optional<Jurisdiction> parse_jurisdiction(std::string_view text);

// 32 lowercase hex chars: the shape of an account id, a token id (S3 access key id), a user tag.
bool is_hex32(std::string_view text);

// SCOPING §1: 3–63 chars of [a-z0-9-], starting and ending with a letter or digit.
bool is_valid_bucket_name(std::string_view name);

// A bucket is identified by all three parts (SC-RES-2): the same name may exist in two
// jurisdictions of one account and in two accounts.
struct BucketRef {
  std::string account;
  Jurisdiction jurisdiction = Jurisdiction::kDefault;
  std::string name;

  friend bool operator==(const BucketRef&, const BucketRef&) = default;
  friend auto operator<=>(const BucketRef&, const BucketRef&) = default;
};

// "<ACCT>_<JUR>_<BUCKET>", the suffix of a bucket resource id.
std::string to_string(const BucketRef& bucket);

}  // namespace scopecheck::model
