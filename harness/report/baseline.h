// Baseline files: violations a team has accepted for a while (case id, rule, reason, expiry), so
// a nightly run fails only on violations outside it and says which entries can be removed.
// Schema: scenarios/baseline.schema.json.
#pragma once

#include <compare>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/report/run_result.h"

namespace scopecheck::report {

// A calendar day (proleptic Gregorian). Injected as "today": the library never reads the clock.
struct CivilDate {
  int year = 1970;
  int month = 1;
  int day = 1;
  auto operator<=>(const CivilDate&) const = default;
};

// Strict "YYYY-MM-DD" naming a real day (2027-02-29 is rejected); nullopt otherwise.
std::optional<CivilDate> parse_civil_date(std::string_view text);
std::string format_civil_date(const CivilDate& d);

struct Baseline {
  std::vector<BaselineEntry> entries;
  bool operator==(const Baseline&) const = default;
};

// Parses baseline JSON. Every entry needs a non-empty case_id, a rule id "SC-…", a non-empty
// reason and a valid expires date; unknown fields are refused (a typo such as "expire" must not
// silently make an entry never expire). Throws ReportError naming the field path, e.g.
// "entries[2].expires: field has an invalid value (…)": kNotJson, kMissingField, kWrongType,
// kBadValue, kDuplicateEntry (same case_id and rule twice).
Baseline parse_baseline(std::string_view text);

// Reads and parses a baseline file; every error's where() starts with `path`. kReadFailed too.
Baseline load_baseline(const std::string& path);

nlohmann::json baseline_to_json(const Baseline& b);

// An entry accepts a violation with the same case_id and rule while today < expires: `expires`
// is the first day it no longer accepts (the half-open window the token rules use too).
struct BaselineOutcome {
  std::vector<ViolationSummary> new_violations;       // not accepted: these fail the run
  std::vector<ViolationSummary> accepted_violations;  // accepted by a live entry
  std::vector<BaselineEntry> accepted;                // live entries that accepted something
  std::vector<BaselineEntry> expired;                 // every entry with today >= expires
  std::vector<BaselineEntry> not_reproduced;          // every entry (live or expired) matching no violation
};

BaselineOutcome partition(const RunResult& r, const Baseline& b, const CivilDate& today);

// `r` with r.baseline filled from partition(), `file` recorded as given.
RunResult apply_baseline(RunResult r, const Baseline& b, const CivilDate& today, std::string file);

}  // namespace scopecheck::report
