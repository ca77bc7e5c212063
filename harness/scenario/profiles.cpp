#include "harness/scenario/profiles.h"

namespace scopecheck::scenario {

std::vector<std::string> builtin_profile_names() {
  std::vector<std::string> names;
  for (const auto& [name, text] : builtin_profile_texts()) names.push_back(name);
  return names;
}

bool profile_is_path(const std::string& name_or_path) {
  return name_or_path.find('/') != std::string::npos || (name_or_path.size() > 5 && name_or_path.ends_with(".json"));
}

model::Result<model::Profile, model::ProfileError> find_profile(const std::string& name_or_path) {
  if (!profile_is_path(name_or_path)) {
    const auto& texts = builtin_profile_texts();
    auto it = texts.find(name_or_path);
    if (it != texts.end()) return model::parse_profile(it->second, "builtin:" + name_or_path);
    std::string known;
    for (const auto& [name, text] : texts) known += (known.empty() ? "" : ", ") + name;
    return model::ProfileError{model::ProfileErrorKind::kUnreadable, name_or_path, "",
                               "no built-in profile of that name (built-in: " + known + "; or give a path to a .json file)"};
  }
  return model::load_profile(name_or_path);
}

}  // namespace scopecheck::scenario
