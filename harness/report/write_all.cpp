#include "harness/report/write_all.h"

#include <filesystem>

#include "harness/report/html.h"
#include "harness/report/json_report.h"
#include "harness/report/junit.h"
#include "harness/report/markdown.h"
#include "harness/report/replay_command.h"

namespace scopecheck::report {

void write_all(const RunResult& given, const std::string& dir) {
  // Every file names case files from this folder, whatever path the runner saved them under.
  const RunResult r = with_relative_replay_commands(given);
  const std::filesystem::path d(dir);
  // result.json last: a reader that finds it may rely on the other three being there.
  write_junit(r, (d / kJunitFile).string());
  write_markdown(r, (d / kSummaryFile).string());
  write_html(r, (d / kHtmlFile).string());
  write_json(r, (d / kResultJsonFile).string());
}

}  // namespace scopecheck::report
