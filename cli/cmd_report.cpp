// `scopecheck report merge DIR_OR_FILE... --out DIR` and `scopecheck report render RESULT.json
// --out DIR`: result.json, junit.xml, summary.md and report.html from shard results or one result,
// optionally judged against a baseline. Exit code: the verdict (0 pass, 1 violations outside the
// baseline, 3 checks left unknown), or 2 for an unreadable, corrupt or unmergeable input.
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <iostream>
#include <memory>

#include <fmt/format.h>

#include "cli/command.h"
#include "cli/output_paths.h"
#include "harness/report/baseline.h"
#include "harness/report/json_report.h"
#include "harness/report/merge.h"
#include "harness/report/replay_command.h"
#include "harness/report/report_error.h"
#include "harness/report/verdict.h"
#include "harness/report/write_all.h"

namespace scopecheck::cli {
namespace {

namespace fs = std::filesystem;
namespace rp = scopecheck::report;

struct Options {
  std::vector<std::string> inputs;
  std::string out;
  std::string baseline;
  std::string today;  // YYYY-MM-DD; default: the current UTC date
};

struct Loaded {
  std::vector<rp::RunResult> results;
  std::vector<std::string> files;
};

bool inside(const fs::path& file, const fs::path& dir) {
  std::error_code ec;
  const fs::path f = fs::weakly_canonical(file, ec), d = fs::weakly_canonical(dir, ec);
  auto [end, _] = std::mismatch(d.begin(), d.end(), f.begin(), f.end());
  return end == d.end();
}

// Every result.json under each directory argument (sorted, so merges are reproducible), or the
// file itself; results inside the output folder are a previous merge and are left out.
std::vector<std::string> result_files(const std::vector<std::string>& inputs, const std::string& out) {
  std::vector<std::string> files;
  for (const auto& in : inputs) {
    std::error_code ec;
    if (fs::is_directory(in, ec)) {
      std::vector<std::string> found;
      for (fs::recursive_directory_iterator it(in, ec), end; !ec && it != end; it.increment(ec)) {
        if (it->path().filename() == rp::kResultJsonFile && !it->is_directory() && !inside(it->path(), out)) {
          found.push_back(it->path().string());
        }
      }
      if (ec) throw Failure(kExitUsage, fmt::format("{}: cannot list directory ({})", in, ec.message()));
      if (found.empty()) throw Failure(kExitUsage, fmt::format("{}: no {} under this directory", in, rp::kResultJsonFile));
      std::sort(found.begin(), found.end());
      files.insert(files.end(), found.begin(), found.end());
    } else if (fs::exists(in, ec)) {
      files.push_back(in);
    } else {
      throw Failure(kExitUsage, fmt::format("{}: no such file or directory", in));
    }
  }
  return files;
}

Loaded load(const std::vector<std::string>& files) {
  Loaded l;
  for (const auto& f : files) {
    try {
      l.results.push_back(rp::read_result_file(f));
    } catch (const rp::ReportError& e) {
      throw Failure(kExitUsage, e.what());
    }
    l.files.push_back(f);
  }
  return l;
}

rp::CivilDate today_or(const std::string& given) {
  if (!given.empty()) {
    auto d = rp::parse_civil_date(given);
    if (!d) throw Failure(kExitUsage, fmt::format("--today {}: expected a real date as YYYY-MM-DD", given));
    return *d;
  }
  // The CLI is where the clock is read; the library only ever gets the date handed in.
  const auto days = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
  const std::chrono::year_month_day ymd{days};
  return {static_cast<int>(ymd.year()), static_cast<int>(static_cast<unsigned>(ymd.month())),
          static_cast<int>(static_cast<unsigned>(ymd.day()))};
}

// Which input each violation of the new report came from (-1: none found).
std::vector<int> sources_of(const rp::RunResult& merged, const Loaded& in) {
  std::vector<int> source;
  for (const auto& v : merged.violation_list) {
    int found = -1;
    for (size_t i = 0; i < in.results.size() && found < 0; ++i) {
      const auto& list = in.results[i].violation_list;
      if (std::find(list.begin(), list.end(), v) != list.end()) found = static_cast<int>(i);
    }
    source.push_back(found);
  }
  return source;
}

std::string folder_of(const std::string& result_file) {
  const auto parent = fs::path(result_file).parent_path();
  return parent.empty() ? "." : parent.string();
}

// A replay command names its target's files (a static file, a profile file) from its report's
// folder; the new report may be elsewhere: they are named from there.
void rebase_replay_commands(rp::RunResult& merged, const Loaded& in, const std::vector<int>& source, const std::string& out) {
  for (size_t k = 0; k < merged.violation_list.size(); ++k)
    if (source[k] >= 0) {
      auto& cmd = merged.violation_list[k].replay_command;
      cmd = rp::rebase_replay_command(rp::relative_replay_command(in.results[static_cast<size_t>(source[k])], merged.violation_list[k]),
                                      folder_of(in.files[static_cast<size_t>(source[k])]), out);
    }
}

// Case files are named relative to their result's folder; copy the kept ones next to the new
// report under the same relative name so links and replay commands keep working there.
void copy_case_files(const rp::RunResult& merged, const Loaded& in, const std::vector<int>& source, const std::string& out) {
  for (size_t k = 0; k < merged.violation_list.size(); ++k) {
    const auto& v = merged.violation_list[k];
    const fs::path rel(v.case_file);
    if (v.case_file.empty() || rel.is_absolute() || source[k] < 0) continue;
    const fs::path from = fs::path(folder_of(in.files[static_cast<size_t>(source[k])])) / rel, to = fs::path(out) / rel;
    std::error_code ec;
    if (fs::is_regular_file(from, ec) && !fs::equivalent(from, to, ec)) {
      fs::create_directories(to.parent_path(), ec);
      fs::copy_file(from, to, fs::copy_options::overwrite_existing, ec);
      if (ec) throw Failure(kExitUsage, fmt::format("{}: cannot copy case file ({})", from.string(), ec.message()));
    }
  }
}

int finish(rp::RunResult result, const Loaded& in, const Options& o) {
  if (!o.baseline.empty()) {
    try {
      result = rp::apply_baseline(std::move(result), rp::load_baseline(o.baseline), today_or(o.today), o.baseline);
    } catch (const rp::ReportError& e) {
      throw Failure(kExitUsage, e.what());
    }
  }
  const auto source = sources_of(result, in);
  rebase_replay_commands(result, in, source, o.out);
  try {
    rp::write_all(result, o.out);
  } catch (const rp::ReportError& e) {
    throw Failure(kExitUsage, e.what());
  }
  copy_case_files(result, in, source, o.out);
  std::cout << rp::verdict_line(result) << "\n"
            << fmt::format("wrote {}, {}, {}, {} to {}", rp::kResultJsonFile, rp::kJunitFile, rp::kSummaryFile,
                           rp::kHtmlFile, o.out)
            << "\n";
  switch (rp::verdict_of(result)) {
    case rp::Verdict::kPass: return kExitOk;
    case rp::Verdict::kViolations: return kExitViolations;
    case rp::Verdict::kInconclusive:
    case rp::Verdict::kInterrupted:  // a report of a run a signal stopped: not a pass
      return kExitInconclusive;
  }
  return kExitInconclusive;
}

void add_common(CLI::App* cmd, Options* o) {
  cmd->add_option("--out", o->out, "Folder to write result.json, junit.xml, summary.md, report.html into")
      ->required();
  cmd->add_option("--baseline", o->baseline, "Baseline file of accepted violations (JSON)");
  cmd->add_option("--today", o->today, "Date to judge baseline expiry on, YYYY-MM-DD (default: today, UTC)");
}

CommandRegistrar reg("report", [](CLI::App& root, int* exit_code) {
  auto* report = root.add_subcommand("report", "Merge shard results and render reports");
  report->require_subcommand(1);
  report->footer(
      "Exit codes: 0 pass, 1 violations outside the baseline, 2 unreadable/corrupt/unmergeable input, "
      "3 checks left unknown.");

  auto merge_opts = std::make_shared<Options>();
  auto* merge = report->add_subcommand("merge", "Merge shard results (every result.json under each DIR) into one report");
  merge->add_option("inputs", merge_opts->inputs, "Result folders or result.json files")->required();
  add_common(merge, merge_opts.get());
  merge->callback([merge_opts, exit_code] {
    check_report_dir("--out", merge_opts->out);
    if (!merge_opts->today.empty()) today_or(merge_opts->today);  // a bad date is refused even without --baseline
    Loaded in = load(result_files(merge_opts->inputs, merge_opts->out));
    rp::RunResult merged;
    try {
      merged = rp::merge(in.results, in.files);
    } catch (const rp::ReportError& e) {
      throw Failure(kExitUsage, e.what());
    }
    *exit_code = finish(std::move(merged), in, *merge_opts);
  });

  auto render_opts = std::make_shared<Options>();
  auto* render = report->add_subcommand("render", "Render the reports of one result.json");
  render->add_option("result", render_opts->inputs, "The result.json to render")->required()->expected(1);
  add_common(render, render_opts.get());
  render->callback([render_opts, exit_code] {
    check_report_dir("--out", render_opts->out);
    if (!render_opts->today.empty()) today_or(render_opts->today);  // a bad date is refused even without --baseline
    Loaded in = load(render_opts->inputs);
    *exit_code = finish(in.results.front(), in, *render_opts);
  });
});

}  // namespace
}  // namespace scopecheck::cli
