#include "harness/report/replay_command.h"

#include <cctype>
#include <filesystem>
#include <string_view>

namespace scopecheck::report {
namespace {

constexpr std::string_view kPrefix = "scopecheck replay ";

// What follows the case path in a stored command: " --inject bucket-prefix-match", …
std::string options_of(const RunResult& r, const ViolationSummary& v) {
  const std::string& cmd = v.replay_command;
  if (cmd.empty()) {
    std::string o;
    for (const auto& b : r.injected_bugs) o += " --inject " + b;
    return o;
  }
  // The path ends at its ".json"; paths may hold spaces, option values do not end in .json.
  const auto at = cmd.find(".json");
  if (at == std::string::npos) return "";
  size_t end = at + 5;
  if (end < cmd.size() && (cmd[end] == '\'' || cmd[end] == '"')) ++end;  // a quoted path's closing quote
  return cmd.substr(end);
}

bool shell_safe(const std::string& s) {
  for (char c : s)
    // What a POSIX shell never splits or expands in an argument (URLs, HOST:PORT, 0.05 stay bare).
    if (!(std::isalnum(static_cast<unsigned char>(c)) || std::string_view("/._-:,@%+=").find(c) != std::string_view::npos))
      return false;
  return !s.empty();
}

}  // namespace

std::string shell_quote(const std::string& s) {
  if (shell_safe(s)) return s;
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

std::string relative_replay_command(const RunResult& r, const ViolationSummary& v) {
  if (v.case_file.empty() || std::filesystem::path(v.case_file).is_absolute()) return v.replay_command;
  return std::string(kPrefix) + shell_quote(v.case_file) + options_of(r, v);
}

std::string replay_command_from(const RunResult& r, const ViolationSummary& v, const std::string& report_dir) {
  if (v.case_file.empty() || std::filesystem::path(v.case_file).is_absolute()) return v.replay_command;
  const std::string path = report_dir.empty() || report_dir == "." ? v.case_file
                                                                   : (std::filesystem::path(report_dir) / v.case_file).string();
  return std::string(kPrefix) + shell_quote(path) + options_of(r, v);
}

std::string path_from_report(const std::string& path, const std::string& report_dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  // Both made canonical first: `..` from the report's folder walks the real directories, as the
  // kernel does when the command runs there.
  fs::path rel = fs::relative(fs::absolute(path), fs::absolute(report_dir.empty() ? "." : report_dir), ec);
  if (ec || rel.empty()) rel = fs::absolute(path);  // no relative form (it cannot be named from there)
  return shell_quote(rel.string());
}

RunResult with_relative_replay_commands(RunResult r) {
  for (auto& v : r.violation_list) v.replay_command = relative_replay_command(r, v);
  return r;
}

}  // namespace scopecheck::report
