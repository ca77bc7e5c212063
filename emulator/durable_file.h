// Crash-safe file writes for --data-dir: temp file, fsync, rename, fsync of the directory, so a
// SIGKILL after the call returns loses nothing and never leaves a half-written file.
#pragma once

#include <sys/types.h>

#include <optional>
#include <string>
#include <string_view>

namespace scopecheck::emulator {

// A file written in pieces and then swapped in whole: the same guarantees as write_file_atomic
// without holding the whole content in memory (the token log's compaction streams through it).
// Destroying it uncommitted removes the temp file and leaves the old file intact.
class AtomicFileWriter {
 public:
  // mode: permissions of the new file (0600 for files that hold secrets).
  AtomicFileWriter(std::string path, mode_t mode);
  ~AtomicFileWriter();
  AtomicFileWriter(const AtomicFileWriter&) = delete;
  AtomicFileWriter& operator=(const AtomicFileWriter&) = delete;

  bool ok() const { return fd_ >= 0; }
  bool write(std::string_view data);  // false on any I/O error (the writer is then unusable)
  bool commit();                      // fsync, rename over path, fsync of the directory

 private:
  void discard();
  std::string path_, tmp_;
  int fd_ = -1;
};

// Returns false (and leaves the old file intact) on any I/O error.
bool write_file_atomic(const std::string& path, const std::string& data, mode_t mode = 0644);
// Unlinks and fsyncs the directory; false if the file still exists afterwards.
bool remove_file_durable(const std::string& path);
std::optional<std::string> read_file(const std::string& path);
// fsyncs a directory (after creating or renaming a file in it).
bool fsync_dir(const std::string& dir);
// Writes all of data to fd, retrying on EINTR and short writes.
bool write_all(int fd, std::string_view data);

}  // namespace scopecheck::emulator
