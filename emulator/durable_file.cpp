#include "emulator/durable_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace scopecheck::emulator {
namespace {
std::atomic<unsigned long> g_counter{0};
}  // namespace

bool fsync_dir(const std::string& dir) {
  int fd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY);
  if (fd < 0) return false;
  bool ok = ::fsync(fd) == 0;
  ::close(fd);
  return ok;
}

bool write_all(int fd, std::string_view data) {
  size_t off = 0;
  while (off < data.size()) {
    ssize_t n = ::write(fd, data.data() + off, data.size() - off);
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    off += static_cast<size_t>(n);
  }
  return true;
}

AtomicFileWriter::AtomicFileWriter(std::string path, mode_t mode) : path_(std::move(path)) {
  tmp_ = path_ + ".tmp." + std::to_string(::getpid()) + "." + std::to_string(g_counter++);
  fd_ = ::open(tmp_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
}

AtomicFileWriter::~AtomicFileWriter() { discard(); }

void AtomicFileWriter::discard() {
  if (fd_ < 0) return;
  ::close(fd_);
  ::unlink(tmp_.c_str());
  fd_ = -1;
}

bool AtomicFileWriter::write(std::string_view data) {
  if (fd_ < 0) return false;
  if (write_all(fd_, data)) return true;
  discard();
  return false;
}

bool AtomicFileWriter::commit() {
  if (fd_ < 0) return false;
  if (::fsync(fd_) != 0) {
    discard();
    return false;
  }
  ::close(fd_);
  fd_ = -1;
  if (::rename(tmp_.c_str(), path_.c_str()) != 0) {
    ::unlink(tmp_.c_str());
    return false;
  }
  return fsync_dir(std::filesystem::path(path_).parent_path().string());
}

bool write_file_atomic(const std::string& path, const std::string& data, mode_t mode) {
  AtomicFileWriter w(path, mode);
  return w.write(data) && w.commit();
}

bool remove_file_durable(const std::string& path) {
  if (::unlink(path.c_str()) != 0 && errno != ENOENT) return false;
  return fsync_dir(std::filesystem::path(path).parent_path().string());
}

std::optional<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace scopecheck::emulator
