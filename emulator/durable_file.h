// Crash-safe file writes for --data-dir: temp file, fsync, rename, fsync of the directory, so a
// SIGKILL after the call returns loses nothing and never leaves a half-written file.
#pragma once

#include <optional>
#include <string>

namespace scopecheck::emulator {

// Returns false (and leaves the old file intact) on any I/O error.
bool write_file_atomic(const std::string& path, const std::string& data);
// Unlinks and fsyncs the directory; false if the file still exists afterwards.
bool remove_file_durable(const std::string& path);
std::optional<std::string> read_file(const std::string& path);

}  // namespace scopecheck::emulator
