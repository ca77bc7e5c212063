#include "harness/report/json_report.h"

#include <cmath>
#include <limits>

#include "harness/model/json_text.h"
#include "harness/report/file_io.h"
#include "harness/report/report_error.h"

namespace scopecheck::report {

using nlohmann::json;

namespace {

// Non-finite doubles have no JSON form; a NaN duration would make the file unreadable later.
double finite(double v) { return std::isfinite(v) ? v : 0.0; }

json series_to_json(const std::vector<std::pair<double, int64_t>>& series) {
  json a = json::array();
  for (const auto& [t, n] : series) a.push_back(json::array({finite(t), n}));
  return a;
}

json entry_to_json(const BaselineEntry& e) {
  return {{"case_id", e.case_id}, {"rule", e.rule}, {"reason", e.reason}, {"expires", e.expires}};
}

json entries_to_json(const std::vector<BaselineEntry>& entries) {
  json a = json::array();
  for (const auto& e : entries) a.push_back(entry_to_json(e));
  return a;
}

// --- reading, with the field path carried along --------------------------------------------

std::string type_name(const json& j) {
  if (j.is_number_integer() || j.is_number_unsigned()) return "integer";
  if (j.is_number_float()) return "number";
  return j.type_name();
}

[[noreturn]] void wrong_type(const std::string& path, std::string_view expected, const json& j) {
  throw ReportError(Errc::kWrongType, path,
                    "expected " + std::string(expected) + ", got " + type_name(j));
}

std::string key_path(const std::string& path, std::string_view key) {
  return path.empty() ? std::string(key) : path + "." + std::string(key);
}

std::string map_path(const std::string& path, std::string_view key) {
  return path + "[" + json(std::string(key)).dump() + "]";
}

std::string index_path(const std::string& path, size_t i) {
  return path + "[" + std::to_string(i) + "]";
}

const json& object(const json& j, const std::string& path) {
  if (!j.is_object()) wrong_type(path, "an object", j);
  return j;
}

const json& array(const json& j, const std::string& path) {
  if (!j.is_array()) wrong_type(path, "an array", j);
  return j;
}

const json& field(const json& obj, std::string_view key, const std::string& path) {
  auto it = obj.find(key);
  if (it == obj.end()) throw ReportError(Errc::kMissingField, key_path(path, key));
  return *it;
}

std::string as_string(const json& j, const std::string& path) {
  if (!j.is_string()) wrong_type(path, "a string", j);
  return j.get<std::string>();
}

int64_t as_int(const json& j, const std::string& path) {
  if (j.is_number_unsigned()) {
    if (j.get<uint64_t>() > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
      throw ReportError(Errc::kBadValue, path, "integer out of range");
    }
    return static_cast<int64_t>(j.get<uint64_t>());
  }
  if (!j.is_number_integer()) wrong_type(path, "an integer", j);
  return j.get<int64_t>();
}

int64_t as_count(const json& j, const std::string& path) {
  int64_t v = as_int(j, path);
  if (v < 0) throw ReportError(Errc::kBadValue, path, "a count cannot be negative");
  return v;
}

uint64_t as_uint(const json& j, const std::string& path) {
  if (j.is_number_unsigned()) return j.get<uint64_t>();
  if (j.is_number_integer()) throw ReportError(Errc::kBadValue, path, "cannot be negative");
  wrong_type(path, "an unsigned integer", j);
}

double as_double(const json& j, const std::string& path) {
  if (!j.is_number()) wrong_type(path, "a number", j);
  return j.get<double>();
}

std::string str(const json& obj, std::string_view key, const std::string& path) {
  return as_string(field(obj, key, path), key_path(path, key));
}
int64_t count(const json& obj, std::string_view key, const std::string& path) {
  return as_count(field(obj, key, path), key_path(path, key));
}
double number(const json& obj, std::string_view key, const std::string& path) {
  return as_double(field(obj, key, path), key_path(path, key));
}

// An optional string field: absent means "", present must be a string.
std::string opt_str(const json& obj, std::string_view key, const std::string& path) {
  auto it = obj.find(key);
  return it == obj.end() ? std::string() : as_string(*it, key_path(path, key));
}

std::vector<std::string> strings(const json& j, const std::string& path) {
  std::vector<std::string> out;
  for (size_t i = 0; i < array(j, path).size(); ++i) out.push_back(as_string(j[i], index_path(path, i)));
  return out;
}

std::vector<std::pair<double, int64_t>> series(const json& j, const std::string& path) {
  std::vector<std::pair<double, int64_t>> out;
  for (size_t i = 0; i < array(j, path).size(); ++i) {
    const std::string p = index_path(path, i);
    const json& point = array(j[i], p);
    if (point.size() != 2) {
      throw ReportError(Errc::kBadValue, p, "expected [seconds, checks]");
    }
    out.emplace_back(as_double(point[0], p + "[0]"), as_count(point[1], p + "[1]"));
  }
  return out;
}

ViolationSummary violation(const json& j, const std::string& path) {
  object(j, path);
  ViolationSummary v;
  v.case_id = str(j, "case_id", path);
  v.rule = str(j, "rule", path);
  v.operation = str(j, "operation", path);
  v.expected = str(j, "expected", path);
  v.actual = str(j, "actual", path);
  v.steps = strings(field(j, "steps", path), key_path(path, "steps"));
  v.case_file = str(j, "case_file", path);
  v.replay_command = str(j, "replay_command", path);
  v.seed = as_uint(field(j, "seed", path), key_path(path, "seed"));
  v.checks_to_first = count(j, "checks_to_first", path);
  v.seconds_to_first = number(j, "seconds_to_first", path);
  v.exchange = opt_str(j, "exchange", path);  // optional (older results)
  v.curl = opt_str(j, "curl", path);
  v.aws_cli = opt_str(j, "aws_cli", path);
  return v;
}

UnknownSummary unknown(const json& j, const std::string& path) {
  object(j, path);
  UnknownSummary u;
  u.step = str(j, "step", path);
  u.error = str(j, "error", path);
  int64_t attempts = count(j, "attempts", path);
  if (attempts > std::numeric_limits<int>::max()) {
    throw ReportError(Errc::kBadValue, key_path(path, "attempts"), "integer out of range");
  }
  u.attempts = static_cast<int>(attempts);
  u.rule = opt_str(j, "rule", path);
  u.operation = opt_str(j, "operation", path);
  return u;
}

ShardSummary shard(const json& j, const std::string& path) {
  object(j, path);
  ShardSummary s;
  s.shard = str(j, "shard", path);
  s.seed = as_uint(field(j, "seed", path), key_path(path, "seed"));
  s.started_at = str(j, "started_at", path);
  s.duration_seconds = number(j, "duration_seconds", path);
  s.checks = count(j, "checks", path);
  s.violations = count(j, "violations", path);
  s.unknowns = count(j, "unknowns", path);
  s.checks_over_time = series(field(j, "checks_over_time", path), key_path(path, "checks_over_time"));
  return s;
}

BaselineEntry entry(const json& j, const std::string& path) {
  object(j, path);
  return {str(j, "case_id", path), str(j, "rule", path), str(j, "reason", path),
          str(j, "expires", path)};
}

std::vector<BaselineEntry> entries(const json& j, const std::string& path) {
  std::vector<BaselineEntry> out;
  for (size_t i = 0; i < array(j, path).size(); ++i) out.push_back(entry(j[i], index_path(path, i)));
  return out;
}

BaselineSection baseline_section(const json& j, const std::string& path) {
  object(j, path);
  BaselineSection b;
  b.file = str(j, "file", path);
  b.today = str(j, "today", path);
  b.accepted = entries(field(j, "accepted", path), key_path(path, "accepted"));
  b.expired = entries(field(j, "expired", path), key_path(path, "expired"));
  b.not_reproduced = entries(field(j, "not_reproduced", path), key_path(path, "not_reproduced"));
  return b;
}

RunResult from_json_unchecked(const json& j) {
  const std::string root;
  object(j, "(root)");
  const std::string format = str(j, "format", root);
  if (format != kResultFormat) {
    throw ReportError(Errc::kUnsupportedFormat, "format",
                      "got \"" + format + "\", expected \"" + std::string(kResultFormat) + "\"");
  }
  RunResult r;
  r.harness_version = str(j, "harness_version", root);
  r.target_kind = str(j, "target_kind", root);
  r.target_name = str(j, "target_name", root);
  r.profile = str(j, "profile", root);
  r.strictness = str(j, "strictness", root);
  r.seed = as_uint(field(j, "seed", root), "seed");
  r.shard = str(j, "shard", root);
  r.started_at = str(j, "started_at", root);
  r.duration_seconds = number(j, "duration_seconds", root);
  r.injected_bugs = strings(field(j, "injected_bugs", root), "injected_bugs");

  r.checks = count(j, "checks", root);
  r.passes = count(j, "passes", root);
  r.violations = count(j, "violations", root);
  r.unknowns = count(j, "unknowns", root);
  r.retries = count(j, "retries", root);
  r.scenarios = count(j, "scenarios", root);
  if (j.contains("setup_failures")) r.setup_failures = count(j, "setup_failures", root);  // optional (older results)
  if (j.contains("setup_errors")) r.setup_errors = strings(j["setup_errors"], "setup_errors");
  if (j.contains("inconclusive_reasons")) r.inconclusive_reasons = strings(j["inconclusive_reasons"], "inconclusive_reasons");
  if (j.contains("interrupted")) r.interrupted = str(j, "interrupted", root);  // optional (older results)

  const json& grid = object(field(j, "grid", root), "grid");
  for (const auto& [rule, ops] : grid.items()) {
    const std::string rp = map_path("grid", rule);
    auto& row = r.grid[rule];
    for (const auto& [op, cell] : object(ops, rp).items()) {
      const std::string cp = map_path(rp, op);
      object(cell, cp);
      row[op] = CellCounts{count(cell, "pass", cp), count(cell, "violation", cp),
                           count(cell, "unknown", cp)};
    }
  }
  if (auto it = j.find("judged_rules"); it != j.end()) {  // added later: absent in older results
    for (const auto& [rule, n] : object(*it, "judged_rules").items())
      r.judged_rules[rule] = as_count(n, map_path("judged_rules", rule));
  }
  if (auto it = j.find("unjudged_rules"); it != j.end()) {
    const json& ul = array(*it, "unjudged_rules");
    for (size_t i = 0; i < ul.size(); ++i) {
      const std::string p = index_path("unjudged_rules", i);
      object(ul[i], p);
      r.unjudged_rules.push_back({str(ul[i], "rule", p), str(ul[i], "reason", p)});
    }
  }
  const json& dist = object(field(j, "distribution", root), "distribution");
  for (const auto& [tag, n] : dist.items()) r.distribution[tag] = as_count(n, map_path("distribution", tag));
  r.checks_over_time = series(field(j, "checks_over_time", root), "checks_over_time");

  const json& vl = array(field(j, "violation_list", root), "violation_list");
  for (size_t i = 0; i < vl.size(); ++i) r.violation_list.push_back(violation(vl[i], index_path("violation_list", i)));
  const json& ul = array(field(j, "unknown_list", root), "unknown_list");
  for (size_t i = 0; i < ul.size(); ++i) r.unknown_list.push_back(unknown(ul[i], index_path("unknown_list", i)));

  // Added after the first layout: absent means "not merged" / "no baseline applied".
  if (auto it = j.find("shards"); it != j.end()) {
    const json& sl = array(*it, "shards");
    for (size_t i = 0; i < sl.size(); ++i) r.shards.push_back(shard(sl[i], index_path("shards", i)));
  }
  if (auto it = j.find("baseline"); it != j.end() && !it->is_null()) {
    r.baseline = baseline_section(*it, "baseline");
  }
  return r;
}

}  // namespace

json to_json(const RunResult& r) {
  json grid = json::object();
  for (const auto& [rule, ops] : r.grid) {
    json row = json::object();
    for (const auto& [op, c] : ops) {
      row[op] = {{"pass", c.pass}, {"violation", c.violation}, {"unknown", c.unknown}};
    }
    grid[rule] = std::move(row);
  }
  json violations = json::array();
  for (const auto& v : r.violation_list) {
    json& one = violations.emplace_back(json{{"case_id", v.case_id},
                          {"rule", v.rule},
                          {"operation", v.operation},
                          {"expected", v.expected},
                          {"actual", v.actual},
                          {"steps", v.steps},
                          {"case_file", v.case_file},
                          {"replay_command", v.replay_command},
                          {"seed", v.seed},
                          {"checks_to_first", v.checks_to_first},
                          {"seconds_to_first", finite(v.seconds_to_first)}});
    if (!v.exchange.empty()) one["exchange"] = v.exchange;
    if (!v.curl.empty()) one["curl"] = v.curl;
    if (!v.aws_cli.empty()) one["aws_cli"] = v.aws_cli;
  }
  json unknowns = json::array();
  for (const auto& u : r.unknown_list) {
    unknowns.push_back({{"step", u.step},
                        {"error", u.error},
                        {"attempts", u.attempts},
                        {"rule", u.rule},
                        {"operation", u.operation}});
  }
  json unjudged = json::array();
  for (const auto& u : r.unjudged_rules) unjudged.push_back({{"rule", u.rule}, {"reason", u.reason}});
  json shards = json::array();
  for (const auto& s : r.shards) {
    shards.push_back({{"shard", s.shard},
                      {"seed", s.seed},
                      {"started_at", s.started_at},
                      {"duration_seconds", finite(s.duration_seconds)},
                      {"checks", s.checks},
                      {"violations", s.violations},
                      {"unknowns", s.unknowns},
                      {"checks_over_time", series_to_json(s.checks_over_time)}});
  }
  json out = {{"format", kResultFormat},
              {"harness_version", r.harness_version},
              {"target_kind", r.target_kind},
              {"target_name", r.target_name},
              {"profile", r.profile},
              {"strictness", r.strictness},
              {"seed", r.seed},
              {"shard", r.shard},
              {"started_at", r.started_at},
              {"duration_seconds", finite(r.duration_seconds)},
              {"injected_bugs", r.injected_bugs},
              {"checks", r.checks},
              {"passes", r.passes},
              {"violations", r.violations},
              {"unknowns", r.unknowns},
              {"retries", r.retries},
              {"scenarios", r.scenarios},
              {"setup_failures", r.setup_failures},
              {"setup_errors", r.setup_errors},
              {"inconclusive_reasons", r.inconclusive_reasons},
              {"grid", std::move(grid)},
              {"judged_rules", r.judged_rules},
              {"unjudged_rules", std::move(unjudged)},
              {"distribution", r.distribution},
              {"checks_over_time", series_to_json(r.checks_over_time)},
              {"violation_list", std::move(violations)},
              {"unknown_list", std::move(unknowns)},
              {"shards", std::move(shards)}};
  if (!r.interrupted.empty()) out["interrupted"] = r.interrupted;
  if (r.baseline) {
    const auto& b = *r.baseline;
    out["baseline"] = {{"file", b.file},
                       {"today", b.today},
                       {"accepted", entries_to_json(b.accepted)},
                       {"expired", entries_to_json(b.expired)},
                       {"not_reproduced", entries_to_json(b.not_reproduced)}};
  }
  return out;
}

RunResult run_result_from_json(const json& j) {
  try {
    return from_json_unchecked(j);
  } catch (const ReportError&) {
    throw;
  } catch (const std::exception& e) {
    // A path the checks above missed must still not leak a library exception type.
    throw ReportError(Errc::kBadValue, "(root)", e.what());
  }
}

RunResult parse_result(std::string_view text) {
  json j = json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) {
    // Parse again with exceptions only to learn where it failed; the exception stays inside.
    std::string detail;
    try {
      [[maybe_unused]] json again = json::parse(text.begin(), text.end());
    } catch (const json::parse_error& e) {
      detail = model::json_syntax_error(text, e);
    }
    throw ReportError(Errc::kNotJson, "", detail);
  }
  return run_result_from_json(j);
}

RunResult read_result_file(const std::string& path) {
  const std::string text = read_whole_file(path);
  try {
    return parse_result(text);
  } catch (const ReportError& e) {
    throw e.in(path);
  }
}

void write_json(const RunResult& r, const std::string& path) {
  // replace: a step line with invalid UTF-8 bytes must not make the whole report unwritable.
  write_file_atomically(path, to_json(r).dump(2, ' ', false, json::error_handler_t::replace) + "\n");
}

}  // namespace scopecheck::report
