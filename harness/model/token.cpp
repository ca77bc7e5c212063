#include "harness/model/token.h"

#include <algorithm>

namespace scopecheck::model {

std::string_view to_string(TokenStatus s) {
  switch (s) {
    case TokenStatus::kActive: return "active";
    case TokenStatus::kDisabled: return "disabled";
    case TokenStatus::kExpired: return "expired";
  }
  return "active";
}

std::string_view to_string(Effect e) { return e == Effect::kAllow ? "allow" : "deny"; }

void sort_resources(std::vector<Resource>& resources) {
  std::sort(resources.begin(), resources.end(), [](const Resource& a, const Resource& b) {
    auto ka = resource_key(a), kb = resource_key(b);
    if (ka != kb) return ka < kb;
    return nested_key(a).value_or("") < nested_key(b).value_or("");
  });
}

}  // namespace scopecheck::model
