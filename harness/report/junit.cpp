#include "harness/report/junit.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <sstream>

#include <fmt/format.h>
#include <pugixml.hpp>

#include "harness/report/file_io.h"
#include "harness/report/grid.h"
#include "harness/report/plural.h"
#include "harness/report/replay_command.h"
#include "harness/report/rule_text.h"
#include "harness/report/verdict.h"

namespace scopecheck::report {

namespace {

// Valid UTF-8 restricted to the characters XML 1.0 allows; anything else becomes U+FFFD.
std::string xml_safe(std::string_view in) {
  static constexpr std::string_view kReplacement = "\xEF\xBF\xBD";
  std::string out;
  out.reserve(in.size());
  size_t i = 0;
  while (i < in.size()) {
    const auto b = static_cast<unsigned char>(in[i]);
    size_t len = 0;
    uint32_t cp = 0;
    if (b < 0x80) {
      len = 1, cp = b;
    } else if ((b & 0xE0) == 0xC0) {
      len = 2, cp = b & 0x1F;
    } else if ((b & 0xF0) == 0xE0) {
      len = 3, cp = b & 0x0F;
    } else if ((b & 0xF8) == 0xF0) {
      len = 4, cp = b & 0x07;
    }
    bool ok = len > 0 && i + len <= in.size();
    for (size_t k = 1; ok && k < len; ++k) {
      const auto c = static_cast<unsigned char>(in[i + k]);
      ok = (c & 0xC0) == 0x80;
      cp = (cp << 6) | (c & 0x3F);
    }
    // Overlong forms, surrogates and out-of-range values are invalid too.
    if (ok) {
      static constexpr uint32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
      ok = cp >= kMin[len] && cp <= 0x10FFFF && !(cp >= 0xD800 && cp <= 0xDFFF);
    }
    if (ok) ok = cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp != 0xFFFE && cp != 0xFFFF);
    if (ok) {
      out.append(in.substr(i, len));
      i += len;
    } else {
      out += kReplacement;
      i += 1;
    }
  }
  return out;
}

struct Cell {
  CellCounts counts;
  std::vector<const ViolationSummary*> violations;
  std::vector<const UnknownSummary*> unknowns;
  int64_t ms = 0;

  int64_t checks() const { return saturating_add(saturating_add(counts.pass, counts.violation), counts.unknown); }
  bool failed() const { return counts.violation > 0 || !violations.empty(); }
  bool errored() const { return !failed() && (counts.unknown > 0 || !unknowns.empty()); }
};

using Cells = std::map<std::string, std::map<std::string, Cell>>;

std::string ms_text(int64_t ms) { return fmt::format("{}.{:03}", ms / 1000, ms % 1000); }

// Whole milliseconds of a duration; nonsense (negative, NaN, beyond ~30 years) counts as 0.
int64_t duration_ms(double seconds) {
  return std::isfinite(seconds) && seconds > 0 && seconds < 1e9 ? std::llround(seconds * 1000) : 0;
}

// Shares total_ms out by weight with the largest-remainder method: the parts add up exactly.
void share_time(Cells& cells, double duration_seconds) {
  const int64_t total_ms = duration_ms(duration_seconds);
  long double weight = 0;
  for (auto& [rule, ops] : cells) {
    for (auto& [op, c] : ops) weight += static_cast<long double>(c.checks());
  }
  if (weight <= 0 || total_ms <= 0) return;
  std::vector<std::pair<long double, Cell*>> remainders;
  int64_t given = 0;
  for (auto& [rule, ops] : cells) {
    for (auto& [op, c] : ops) {
      const long double exact = static_cast<long double>(total_ms) * c.checks() / weight;
      c.ms = static_cast<int64_t>(std::floor(exact));
      given += c.ms;
      remainders.emplace_back(exact - c.ms, &c);
    }
  }
  std::stable_sort(remainders.begin(), remainders.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  for (size_t i = 0; given < total_ms && i < remainders.size(); ++i, ++given) ++remainders[i].second->ms;
}

std::string failure_text(const RunResult& r, const std::string& rule, const std::string& op, const Cell& c) {
  std::string out = fmt::format("{} on {}: {} of {} {}.\n", rule_with_gist(rule), op, c.counts.violation,
                                counted(c.checks(), "check", "checks"),
                                c.counts.violation == 1 ? "was a violation" : "were violations");
  if (c.violations.empty()) out += "No shrunk case was recorded for this cell.\n";
  for (const auto* v : c.violations) {
    out += fmt::format("\ncase {} (seed {})\n  expected: {}\n  actual:   {}\n  minimal steps:\n", v->case_id,
                       v->seed, v->expected, v->actual);
    for (size_t i = 0; i < v->steps.size(); ++i) out += fmt::format("    {}. {}\n", i + 1, v->steps[i]);
    out += "  replay: " + relative_replay_command(r, *v) + "\n";
    if (!v->case_file.empty()) out += "  case file: " + v->case_file + "\n";
  }
  return out;
}

std::string unknowns_text(const Cell& c) {
  std::string out = fmt::format("{} unknown after retries.\n",
                                c.counts.unknown == 1 ? "1 check stayed" : std::to_string(c.counts.unknown) + " checks stayed");
  if (c.unknowns.empty()) out += "No transport error was recorded for this cell.\n";
  for (const auto* u : c.unknowns) {
    out += fmt::format("\n{}\n  transport error: {} ({})\n", u->step, u->error, counted(u->attempts, "attempt", "attempts"));
  }
  return out;
}

void add_property(pugi::xml_node props, const char* name, const std::string& value) {
  auto p = props.append_child("property");
  p.append_attribute("name") = name;
  p.append_attribute("value") = xml_safe(value).c_str();
}

}  // namespace

std::string render_junit(const RunResult& r) {
  Cells cells;
  for (const auto& [rule, ops] : r.grid) {
    for (const auto& [op, counts] : ops) cells[rule][op].counts = counts;
  }
  for (const auto& v : r.violation_list) cells[v.rule][v.operation].violations.push_back(&v);
  for (const auto& u : r.unknown_list) {
    if (u.rule.empty()) {
      cells[kUnattributedSuite]["transport"].unknowns.push_back(&u);
    } else {
      cells[u.rule][u.operation].unknowns.push_back(&u);
    }
  }
  share_time(cells, r.duration_seconds);

  std::vector<std::string> rules;
  for (const auto& [rule, ops] : cells) rules.push_back(rule);
  std::sort(rules.begin(), rules.end(), [](const auto& a, const auto& b) { return natural_less(a, b); });

  pugi::xml_document doc;
  auto decl = doc.append_child(pugi::node_declaration);
  decl.append_attribute("version") = "1.0";
  decl.append_attribute("encoding") = "UTF-8";
  auto root = doc.append_child("testsuites");
  root.append_attribute("name") = "scopecheck";
  int64_t tests = 0, failures = 0, errors = 0;
  int suite_id = 0;
  const std::string host = xml_safe(r.target_name.empty() ? r.target_kind : r.target_name);
  for (const auto& rule : rules) {
    const auto& ops = cells.at(rule);
    auto suite = root.append_child("testsuite");
    int64_t s_tests = 0, s_failures = 0, s_errors = 0, s_ms = 0;
    for (const auto& [op, c] : ops) {
      ++s_tests;
      s_failures += c.failed();
      s_errors += c.errored();
      s_ms += c.ms;
    }
    suite.append_attribute("name") = xml_safe(rule).c_str();
    suite.append_attribute("tests") = std::to_string(s_tests).c_str();
    suite.append_attribute("failures") = std::to_string(s_failures).c_str();
    suite.append_attribute("errors") = std::to_string(s_errors).c_str();
    suite.append_attribute("skipped") = "0";
    suite.append_attribute("time") = ms_text(s_ms).c_str();
    suite.append_attribute("timestamp") = xml_safe(r.started_at).c_str();
    suite.append_attribute("hostname") = host.c_str();
    suite.append_attribute("id") = std::to_string(suite_id++).c_str();
    suite.append_attribute("package") = "scopecheck";
    auto props = suite.append_child("properties");
    add_property(props, "target", r.target_kind + (r.target_name.empty() ? "" : " (" + r.target_name + ")"));
    add_property(props, "profile", r.profile);
    add_property(props, "strictness", r.strictness);
    add_property(props, "seed", std::to_string(r.seed));
    add_property(props, "shard", r.shard);
    add_property(props, "harness_version", r.harness_version);
    if (auto gist = rule_gist(rule); !gist.empty()) add_property(props, "rule", std::string(gist));
    for (const auto& [op, c] : ops) {
      auto tc = suite.append_child("testcase");
      tc.append_attribute("name") = xml_safe(op).c_str();
      tc.append_attribute("classname") = xml_safe("scopecheck." + rule).c_str();
      tc.append_attribute("time") = ms_text(c.ms).c_str();
      if (c.failed()) {
        auto f = tc.append_child("failure");
        f.append_attribute("type") = "violation";
        std::string message = fmt::format("{} of {} on {}", counted(c.counts.violation, "violation", "violations"),
                                          rule_with_gist(rule), op);
        if (!c.violations.empty()) {
          message = rule_with_gist(rule) + ": expected " + c.violations.front()->expected + ", got " +
                    c.violations.front()->actual;
          if (c.violations.size() > 1)
            message += " (and " + counted(static_cast<int64_t>(c.violations.size()) - 1, "more case", "more cases") + ")";
        }
        f.append_attribute("message") = xml_safe(message).c_str();
        f.text().set(xml_safe(failure_text(r, rule, op, c)).c_str());
      } else if (c.errored()) {
        auto e = tc.append_child("error");
        e.append_attribute("type") = "unknown";
        std::string message = c.unknowns.empty() ? counted(c.counts.unknown, "check", "checks") + " undecided"
                                                 : c.unknowns.front()->error;
        e.append_attribute("message") = xml_safe(message).c_str();
        e.text().set(xml_safe(unknowns_text(c)).c_str());
      }
      std::string out = counted(c.counts.pass, "pass", "passes") + ", " +
                        counted(c.counts.violation, "violation", "violations") + ", " +
                        counted(c.counts.unknown, "unknown", "unknowns");
      if (c.failed() && (c.counts.unknown > 0 || !c.unknowns.empty())) out += "\n" + unknowns_text(c);
      tc.append_child("system-out").text().set(xml_safe(out).c_str());
    }
    tests += s_tests;
    failures += s_failures;
    errors += s_errors;
  }
  if (!r.interrupted.empty()) {
    // CI shows an error, not a green or partly red suite: the run did not cover its budget.
    auto suite = root.append_child("testsuite");
    suite.append_attribute("name") = "scopecheck";
    suite.append_attribute("tests") = "1";
    suite.append_attribute("failures") = "0";
    suite.append_attribute("errors") = "1";
    suite.append_attribute("skipped") = "0";
    suite.append_attribute("time") = ms_text(duration_ms(r.duration_seconds)).c_str();
    suite.append_attribute("timestamp") = xml_safe(r.started_at).c_str();
    suite.append_attribute("hostname") = host.c_str();
    suite.append_attribute("id") = std::to_string(suite_id++).c_str();
    suite.append_attribute("package") = "scopecheck";
    auto props = suite.append_child("properties");
    add_property(props, "interrupted", r.interrupted);
    auto tc = suite.append_child("testcase");
    tc.append_attribute("name") = "run";
    tc.append_attribute("classname") = "scopecheck.run";
    tc.append_attribute("time") = ms_text(duration_ms(r.duration_seconds)).c_str();
    auto e = tc.append_child("error");
    e.append_attribute("type") = "interrupted";
    e.append_attribute("message") = xml_safe(verdict_line(r)).c_str();
    e.text().set(xml_safe("INTERRUPTED by " + r.interrupted +
                          ": the run stopped before the end of its budget; the checks, violations and unknowns "
                          "above are what ran until then.")
                     .c_str());
    ++tests;
    ++errors;
  }
  root.append_attribute("tests") = std::to_string(tests).c_str();
  root.append_attribute("failures") = std::to_string(failures).c_str();
  root.append_attribute("errors") = std::to_string(errors).c_str();
  root.append_attribute("time") = ms_text(duration_ms(r.duration_seconds)).c_str();

  std::ostringstream out;
  doc.save(out, "  ", pugi::format_default, pugi::encoding_utf8);
  return out.str();
}

void write_junit(const RunResult& r, const std::string& path) { write_file_atomically(path, render_junit(r)); }

}  // namespace scopecheck::report
