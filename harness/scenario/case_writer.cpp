#include "harness/scenario/case_writer.h"

#include <fmt/format.h>

#include "harness/report/file_io.h"

namespace scopecheck::scenario {

void write_case_file(const CaseFile& c, const std::string& path) {
  // replace: a header an odd server sent in invalid UTF-8 must not make the case unwritable.
  report::write_file_atomically(path, emit_case(c).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");
}

std::string replay_command(const std::string& path, const CaseFile& c, const std::vector<std::string>& injected_bugs,
                           const std::string& extra_options) {
  std::string cmd = fmt::format("scopecheck replay {} --strictness {}", path, c.strictness);
  for (const auto& b : injected_bugs) cmd += " --inject " + b;
  if (!extra_options.empty()) cmd += " " + extra_options;
  return cmd;
}

}  // namespace scopecheck::scenario
