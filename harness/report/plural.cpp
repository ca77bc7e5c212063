#include "harness/report/plural.h"

#include <fmt/format.h>

namespace scopecheck::report {

std::string counted(int64_t n, std::string_view one, std::string_view many) {
  return fmt::format("{} {}", n, n == 1 ? one : many);
}

}  // namespace scopecheck::report
