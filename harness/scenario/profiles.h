// Finding a target profile: a built-in name (the files of scenarios/profiles/, compiled in) or a
// path to a profile file.
#pragma once

#include <map>
#include <string>
#include <variant>
#include <vector>

#include "harness/model/profile.h"

namespace scopecheck::scenario {

// Built-in profile texts by name ("r2", "aws-like", "rgw", …). Generated at build time.
const std::map<std::string, std::string>& builtin_profile_texts();

std::vector<std::string> builtin_profile_names();

// Whether `name_or_path` names a file rather than a built-in profile.
bool profile_is_path(const std::string& name_or_path);

// `name_or_path`: a built-in name, or a file path (anything containing '/' or ending in .json).
model::Result<model::Profile, model::ProfileError> find_profile(const std::string& name_or_path);

}  // namespace scopecheck::scenario
