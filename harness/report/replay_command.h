// Replay commands name the case file relative to the report's folder
// ("scopecheck replay cases/<id>.json --inject …"), so a report downloaded from CI or merged from
// shards works from its own folder, whatever path the runner saved the case under.
#pragma once

#include <string>

#include "harness/report/run_result.h"

namespace scopecheck::report {

// The command with the case named by v.case_file (relative to the report's folder) and the
// options the stored command carried; the stored command as it is when there is no case file.
std::string relative_replay_command(const RunResult& r, const ViolationSummary& v);

// The same command with the case named from `report_dir` (the report's folder as the user gave
// it): what a terminal prints.
std::string replay_command_from(const RunResult& r, const ViolationSummary& v, const std::string& report_dir);

// `path` (a file named on the command line, from the working directory) as a replay command run
// from `report_dir` names it: relative to the report's folder, quoted for a POSIX shell when it
// needs it. A folder copied elsewhere with the files around it keeps working; no path of the
// machine that ran appears in the report.
std::string path_from_report(const std::string& path, const std::string& report_dir);

// `command` (a stored replay command, run from `from_dir`) as run from `to_dir`: the files its
// options name (--static-file, --target-json, --profile, --api-token-file) renamed from there.
// The case path stays: it is copied under the same relative name. A merged or re-rendered report
// in another folder replays against the same files.
std::string rebase_replay_command(const std::string& command, const std::string& from_dir, const std::string& to_dir);

// `word` quoted for a POSIX shell when it needs it.
std::string shell_quote(const std::string& word);

// `r` with every violation's replay_command made relative.
RunResult with_relative_replay_commands(RunResult r);

}  // namespace scopecheck::report
