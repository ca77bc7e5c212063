#include "harness/report/replay_command.h"

#include <cctype>
#include <filesystem>
#include <optional>
#include <vector>
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

namespace {

// The words of a command as a POSIX shell splits them, for the forms shell_quote writes (bare
// words, '…' with '\'' inside); nullopt for anything else (it is then left as it is).
std::optional<std::vector<std::string>> shell_words(const std::string& s) {
  std::vector<std::string> words;
  std::string w;
  bool in_word = false;
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == ' ') {
      if (in_word) words.push_back(std::move(w));
      w.clear();
      in_word = false;
    } else if (c == '\'') {
      const auto close = s.find('\'', i + 1);
      if (close == std::string::npos) return std::nullopt;
      w += s.substr(i + 1, close - i - 1);
      i = close;
      in_word = true;
    } else if (c == '\\' && i + 1 < s.size()) {
      w += s[++i];
      in_word = true;
    } else if (c == '"' || c == '$' || c == '`') {
      return std::nullopt;
    } else {
      w += c;
      in_word = true;
    }
  }
  if (in_word) words.push_back(std::move(w));
  return words;
}

}  // namespace

std::string rebase_replay_command(const std::string& command, const std::string& from_dir, const std::string& to_dir) {
  namespace fs = std::filesystem;
  const auto words = shell_words(command);
  if (!words || words->size() < 3 || (*words)[0] != "scopecheck" || (*words)[1] != "replay") return command;
  std::error_code ec;
  if (fs::equivalent(fs::absolute(from_dir.empty() ? "." : from_dir), fs::absolute(to_dir.empty() ? "." : to_dir), ec))
    return command;
  std::string out = "scopecheck replay";
  bool file_next = false;
  for (size_t i = 2; i < words->size(); ++i) {
    const std::string& w = (*words)[i];
    // A built-in profile is a name, not a file (profiles.h: a file has a '/' or ends in .json).
    const bool names_file = w.find('/') != std::string::npos || w.ends_with(".json") || (*words)[i - 1] != "--profile";
    if (file_next && names_file && !fs::path(w).is_absolute())
      out += " " + path_from_report((fs::path(from_dir.empty() ? "." : from_dir) / w).string(), to_dir);
    else
      out += " " + shell_quote(w);
    file_next = w == "--static-file" || w == "--target-json" || w == "--profile" || w == "--api-token-file";
  }
  return out;
}

RunResult with_relative_replay_commands(RunResult r) {
  for (auto& v : r.violation_list) v.replay_command = relative_replay_command(r, v);
  return r;
}

}  // namespace scopecheck::report
