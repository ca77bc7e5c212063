#include "cli/flags.h"

#include <charconv>
#include <cstdint>
#include <string>

namespace scopecheck::cli {

CLI::Validator seed_validator() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        uint64_t v = 0;
        const auto* end = text.data() + text.size();
        const auto [p, ec] = std::from_chars(text.data(), end, v);
        if (text.empty() || ec != std::errc() || p != end)
          return "'" + text + "' is not a seed: a whole number from 0 to 18446744073709551615";
        return "";
      },
      "");
}

}  // namespace scopecheck::cli
