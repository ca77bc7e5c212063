// The one builder of the target options a replay command carries. `run` and `certify` save cases
// whose replay commands are read in their reports and run from the report's folder: the command
// must reach the same target the case was found on (a static file, an RGW or Swift target file,
// a Cloudflare account, the emulator's delay, faults and transport), with every file named from
// that folder and never a secret (a token file is named, a token given on the command line or in
// $CLOUDFLARE_API_TOKEN is left to that variable; static keys stay in their file).
#pragma once

#include <string>

#include "cli/target_options.h"

namespace scopecheck::cli {

// "--target static --static-file ../static.json", "--propagation-delay 5 --faults 0.05", …;
// "" for the default emulator. Seeded bugs (--inject) are not included: the case writer adds them.
std::string replay_target_options(const TargetOptions& t, const std::string& report_dir);

// "--profile ../p.json" for a profile given as a file; "" for a built-in name (the case names it).
std::string replay_profile_option(const std::string& profile_arg, const std::string& report_dir);

// Whether the options name a file, so that the command works only from the report's folder (a
// terminal then says `cd OUT && …`).
bool replay_options_name_files(const TargetOptions& t);

}  // namespace scopecheck::cli
