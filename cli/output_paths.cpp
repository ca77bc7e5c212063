#include "cli/output_paths.h"

#include <fcntl.h>
#include <unistd.h>

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "cli/command.h"
#include "harness/report/write_all.h"

namespace scopecheck::cli {
namespace {

namespace fs = std::filesystem;

[[noreturn]] void refuse(const std::string& flag, const std::string& path, const std::string& why) {
  throw Failure(kExitUsage, fmt::format("{} {}: {}", flag, path, why));
}

// The nearest ancestor of `p` that exists ("." for a relative path with none).
fs::path existing_ancestor(fs::path p) {
  std::error_code ec;
  while (!p.empty() && !fs::exists(p, ec)) p = p.parent_path();
  return p.empty() ? fs::path(".") : p;
}

// Creates `dir` (and its parents) and proves a file can be made in it: the only test that also
// holds for root, read-only mounts and full disks alike.
void make_writable_dir(const std::string& flag, const std::string& shown, const fs::path& dir) {
  std::error_code ec;
  if (fs::exists(dir, ec) && !fs::is_directory(dir, ec)) refuse(flag, shown, "exists and is a file, not a folder");
  if (!fs::exists(dir, ec)) {
    const fs::path base = existing_ancestor(dir);
    if (!fs::is_directory(base, ec))
      refuse(flag, shown, fmt::format("cannot be created: {} is a file, not a folder", base.string()));
    fs::create_directories(dir, ec);
    if (ec) refuse(flag, shown, fmt::format("cannot be created ({})", ec.message()));
  }
  const fs::path probe = dir / fmt::format(".scopecheck-write-test-{}", ::getpid());
  const int fd = ::open(probe.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0600);
  if (fd < 0) refuse(flag, shown, fmt::format("not writable ({})", std::strerror(errno)));
  ::close(fd);
  fs::remove(probe, ec);
}

}  // namespace

void check_output_dir(const std::string& flag, const std::string& dir, const std::vector<std::string>& files,
                      const std::vector<std::string>& subdirs) {
  if (dir.empty()) refuse(flag, "''", "an empty path");
  make_writable_dir(flag, dir, fs::path(dir));
  std::error_code ec;
  for (const auto& f : files) {
    const fs::path p = fs::path(dir) / f;
    if (fs::is_directory(p, ec)) refuse(flag, dir, fmt::format("{} inside it is a folder, where a file will be written", f));
  }
  for (const auto& d : subdirs) {
    const fs::path p = fs::path(dir) / d;
    if (fs::exists(p, ec) && !fs::is_directory(p, ec))
      refuse(flag, dir, fmt::format("{} inside it is a file, where a folder will be written", d));
  }
}

void check_output_file(const std::string& flag, const std::string& file) {
  if (file.empty()) refuse(flag, "''", "an empty path");
  const fs::path p(file);
  std::error_code ec;
  if (fs::is_directory(p, ec)) refuse(flag, file, "is a folder, where a file will be written");
  const fs::path parent = p.has_parent_path() ? p.parent_path() : fs::path(".");
  if (fs::exists(parent, ec) && !fs::is_directory(parent, ec))
    refuse(flag, file, fmt::format("{} is a file, not a folder", parent.string()));
  if (!fs::exists(parent, ec)) {
    const fs::path base = existing_ancestor(parent);
    if (!fs::is_directory(base, ec))
      refuse(flag, file, fmt::format("its folder cannot be created: {} is a file, not a folder", base.string()));
  }
  make_writable_dir(flag, file, parent);
}

void check_report_dir(const std::string& flag, const std::string& dir) {
  check_output_dir(flag, dir, {report::kResultJsonFile, report::kJunitFile, report::kSummaryFile, report::kHtmlFile},
                   {"cases"});
}

}  // namespace scopecheck::cli
