#include "harness/report/file_io.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "harness/report/report_error.h"

namespace scopecheck::report {

void write_file_atomically(const std::string& path, std::string_view content) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::path target(path);
  if (target.has_parent_path()) {
    fs::create_directories(target.parent_path(), ec);
    if (ec) throw ReportError(Errc::kWriteFailed, path, ec.message());
  }
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) throw ReportError(Errc::kWriteFailed, path, std::strerror(errno));
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    out.flush();
    if (!out) {
      fs::remove(tmp, ec);
      throw ReportError(Errc::kWriteFailed, path, "short write");
    }
  }
  fs::rename(tmp, target, ec);
  if (ec) {
    std::error_code ignored;
    fs::remove(tmp, ignored);
    throw ReportError(Errc::kWriteFailed, path, ec.message());
  }
}

std::string read_whole_file(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    throw ReportError(Errc::kReadFailed, path, "is a directory");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ReportError(Errc::kReadFailed, path, std::strerror(errno));
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) throw ReportError(Errc::kReadFailed, path, "read error");
  return buffer.str();
}

}  // namespace scopecheck::report
