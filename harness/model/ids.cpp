#include "harness/model/ids.h"

namespace scopecheck::model {

std::string_view to_string(Jurisdiction j) {
  switch (j) {
    case Jurisdiction::kDefault: return "default";
    case Jurisdiction::kEu: return "eu";
    case Jurisdiction::kFedramp: return "fedramp";
  }
  return "default";
}

std::optional<Jurisdiction> parse_jurisdiction(std::string_view text) {
  if (text == "default") return Jurisdiction::kDefault;
  if (text == "eu") return Jurisdiction::kEu;
  if (text == "fedramp") return Jurisdiction::kFedramp;
  return std::nullopt;
}

bool is_hex32(std::string_view text) {
  if (text.size() != 32) return false;
  for (char c : text) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

bool is_valid_bucket_name(std::string_view name) {
  if (name.size() < 3 || name.size() > 63) return false;
  auto alnum = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
  for (char c : name) {
    if (!alnum(c) && c != '-') return false;
  }
  return alnum(name.front()) && alnum(name.back());
}

std::string to_string(const BucketRef& bucket) {
  std::string out = bucket.account;
  out += '_';
  out += to_string(bucket.jurisdiction);
  out += '_';
  out += bucket.name;
  return out;
}

}  // namespace scopecheck::model
