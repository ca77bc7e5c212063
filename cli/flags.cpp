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

CLI::Validator listen_validator() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        const auto colon = text.rfind(':');
        const std::string port = colon == std::string::npos ? "" : text.substr(colon + 1);
        unsigned v = 0;
        const auto* end = port.data() + port.size();
        const auto [p, ec] = std::from_chars(port.data(), end, v);
        if (colon == std::string::npos || colon == 0 || port.empty() || ec != std::errc() || p != end || v > 65535)
          return "'" + text + "' is not HOST:PORT with a port from 0 to 65535";
        return "";
      },
      "HOST:PORT");
}

}  // namespace scopecheck::cli
