// Reading and writing whole report files. Writes are atomic (a temporary file renamed over the
// target) so a shard merge running beside a runner never reads half a result.json.
#pragma once

#include <string>
#include <string_view>

namespace scopecheck::report {

// Writes `content` to `path`, creating missing parent folders. Throws ReportError kWriteFailed
// naming the path and the OS reason.
void write_file_atomically(const std::string& path, std::string_view content);

// The whole file. Throws ReportError kReadFailed naming the path and the OS reason.
std::string read_whole_file(const std::string& path);

}  // namespace scopecheck::report
