// Every path a command will write is checked before any work starts: a run must not spend its
// whole budget and then fail to write its report ("--out names a file").
#pragma once

#include <string>
#include <vector>

namespace scopecheck::cli {

// `dir` will hold reports: it is created if missing and must take a new file. `files` are names
// that will be written inside it (result.json, …) and must not be folders; `subdirs` (cases/)
// must not be files. Throws Failure(kExitUsage) "FLAG DIR: why".
void check_output_dir(const std::string& flag, const std::string& dir, const std::vector<std::string>& files = {},
                      const std::vector<std::string>& subdirs = {});

// `file` will be written (replaced if it exists): it must not be a folder and its folder must be
// creatable and writable. Throws Failure(kExitUsage) "FLAG FILE: why".
void check_output_file(const std::string& flag, const std::string& file);

// The four report files and cases/ of a run's --out folder, as check_output_dir wants them.
void check_report_dir(const std::string& flag, const std::string& dir);

}  // namespace scopecheck::cli
