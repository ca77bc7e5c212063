// Counted nouns that agree: "1 violation", "2 violations", "0 unknowns".
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace scopecheck::report {

std::string counted(int64_t n, std::string_view one, std::string_view many);

}  // namespace scopecheck::report
