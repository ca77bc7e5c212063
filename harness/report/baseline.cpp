#include "harness/report/baseline.h"

#include <algorithm>
#include <cctype>
#include <map>

#include <fmt/format.h>

#include "harness/model/json_schema.h"
#include "harness/model/json_text.h"
#include "harness/report/file_io.h"
#include "harness/report/report_error.h"

namespace scopecheck::report {

using nlohmann::json;

namespace {

constexpr const char* kEntryFields[] = {"case_id", "rule", "reason", "expires"};

bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in_month(int y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && leap(y) ? 29 : kDays[m - 1];
}

// "SC-" then upper-case letters, digits and dashes, not ending in a dash: "SC-RES-2".
bool valid_rule_id(std::string_view s) {
  if (s.size() < 4 || s.substr(0, 3) != "SC-" || s.back() == '-') return false;
  return std::all_of(s.begin() + 3, s.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
  });
}

std::string json_type(const json& j) {
  if (j.is_number()) return "number";
  return j.type_name();
}

std::string entry_string(const json& entry, const char* key, const std::string& path) {
  const std::string p = path + "." + key;
  auto it = entry.find(key);
  if (it == entry.end()) throw ReportError(Errc::kMissingField, p);
  if (!it->is_string()) throw ReportError(Errc::kWrongType, p, "expected a string, got " + json_type(*it));
  return it->get<std::string>();
}

Baseline from_json(const json& j) {
  if (!j.is_object()) throw ReportError(Errc::kWrongType, "(root)", "expected an object, got " + json_type(j));
  for (const auto& [key, value] : j.items()) {
    if (key != "entries" && key != "$schema") throw ReportError(Errc::kBadValue, key, "unknown field");
  }
  auto it = j.find("entries");
  if (it == j.end()) throw ReportError(Errc::kMissingField, "entries");
  if (!it->is_array()) throw ReportError(Errc::kWrongType, "entries", "expected an array, got " + json_type(*it));
  Baseline b;
  std::map<std::pair<std::string, std::string>, size_t> seen;
  for (size_t i = 0; i < it->size(); ++i) {
    const json& e = (*it)[i];
    const std::string path = fmt::format("entries[{}]", i);
    if (!e.is_object()) throw ReportError(Errc::kWrongType, path, "expected an object, got " + json_type(e));
    for (const auto& [key, value] : e.items()) {
      if (std::find(std::begin(kEntryFields), std::end(kEntryFields), key) == std::end(kEntryFields)) {
        throw ReportError(Errc::kBadValue, path + "." + key, "unknown field");
      }
    }
    BaselineEntry entry;
    entry.case_id = entry_string(e, "case_id", path);
    entry.rule = entry_string(e, "rule", path);
    entry.reason = entry_string(e, "reason", path);
    entry.expires = entry_string(e, "expires", path);
    if (entry.case_id.empty()) throw ReportError(Errc::kBadValue, path + ".case_id", "must not be empty");
    if (!valid_rule_id(entry.rule)) {
      throw ReportError(Errc::kBadValue, path + ".rule", "expected a rule id such as SC-RES-2");
    }
    if (entry.reason.empty()) throw ReportError(Errc::kBadValue, path + ".reason", "must say why it is accepted");
    if (!parse_civil_date(entry.expires)) {
      throw ReportError(Errc::kBadValue, path + ".expires", "expected a real date as YYYY-MM-DD");
    }
    auto [where, fresh] = seen.emplace(std::make_pair(entry.case_id, entry.rule), i);
    if (!fresh) {
      throw ReportError(Errc::kDuplicateEntry, path, fmt::format("same case_id and rule as entries[{}]", where->second));
    }
    b.entries.push_back(std::move(entry));
  }
  return b;
}

bool matches(const BaselineEntry& e, const ViolationSummary& v) { return e.case_id == v.case_id && e.rule == v.rule; }

}  // namespace

std::optional<CivilDate> parse_civil_date(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  auto digits = [&](size_t from, size_t n) -> std::optional<int> {
    int v = 0;
    for (size_t i = from; i < from + n; ++i) {
      if (!std::isdigit(static_cast<unsigned char>(s[i]))) return std::nullopt;
      v = v * 10 + (s[i] - '0');
    }
    return v;
  };
  auto y = digits(0, 4), m = digits(5, 2), d = digits(8, 2);
  if (!y || !m || !d || *m < 1 || *m > 12 || *d < 1 || *d > days_in_month(*y, *m)) return std::nullopt;
  return CivilDate{*y, *m, *d};
}

std::string format_civil_date(const CivilDate& d) { return fmt::format("{:04}-{:02}-{:02}", d.year, d.month, d.day); }

Baseline parse_baseline(std::string_view text) {
  json j;
  try {
    j = json::parse(text.begin(), text.end());
  } catch (const json::parse_error& e) {
    throw ReportError(Errc::kNotJson, "", model::json_syntax_error(text, e));
  }
  Baseline b = from_json(j);
  // The checks above know the meaning; the shipped schema has the last word, so the file and
  // scenarios/baseline.schema.json never disagree about what is accepted.
  if (auto v = model::check_schema(j, model::InputSchema::kBaseline)) throw ReportError(Errc::kBadValue, v->path, v->detail);
  return b;
}

Baseline load_baseline(const std::string& path) {
  const std::string text = read_whole_file(path);
  try {
    return parse_baseline(text);
  } catch (const ReportError& e) {
    throw e.in(path);
  }
}

json baseline_to_json(const Baseline& b) {
  json entries = json::array();
  for (const auto& e : b.entries) {
    entries.push_back({{"case_id", e.case_id}, {"rule", e.rule}, {"reason", e.reason}, {"expires", e.expires}});
  }
  return {{"entries", std::move(entries)}};
}

BaselineOutcome partition(const RunResult& r, const Baseline& b, const CivilDate& today) {
  BaselineOutcome out;
  std::vector<bool> live, reproduced(b.entries.size(), false), used(b.entries.size(), false);
  for (const auto& e : b.entries) {
    // Entries come validated from parse_baseline; one built by hand with a bad date never accepts.
    auto expires = parse_civil_date(e.expires);
    live.push_back(expires && today < *expires);
  }
  for (const auto& v : r.violation_list) {
    bool accepted = false;
    for (size_t i = 0; i < b.entries.size(); ++i) {
      if (!matches(b.entries[i], v)) continue;
      reproduced[i] = true;
      if (live[i]) {
        accepted = true;
        used[i] = true;
      }
    }
    (accepted ? out.accepted_violations : out.new_violations).push_back(v);
  }
  for (size_t i = 0; i < b.entries.size(); ++i) {
    if (used[i]) out.accepted.push_back(b.entries[i]);
    if (!live[i]) out.expired.push_back(b.entries[i]);
    if (!reproduced[i]) out.not_reproduced.push_back(b.entries[i]);
  }
  return out;
}

RunResult apply_baseline(RunResult r, const Baseline& b, const CivilDate& today, std::string file) {
  BaselineOutcome o = partition(r, b, today);
  r.baseline = BaselineSection{std::move(file), format_civil_date(today), std::move(o.accepted),
                               std::move(o.expired), std::move(o.not_reproduced)};
  return r;
}

}  // namespace scopecheck::report
