// Renders the sample report and photographs it in headless Chromium: the page must load from
// disk alone and paint something real. SCOPECHECK_SCREENSHOT_OUT=<png> keeps a copy (that is how
// reports/example-report.png is made).
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "harness/report/file_io.h"
#include "harness/report/html.h"
#include "tests/report/sample_result.h"

namespace scopecheck::report {
namespace {

using testing::TempDir;

TEST(HtmlScreenshotTest, HeadlessChromiumPaintsTheReport) {
  TempDir dir;
  const std::string html = dir.str("report.html"), png = dir.str("report.png"), log = dir.str("chromium.log");
  write_html(testing::sample_result(), html);
  // Flags keep Chromium off the network and out of any profile: the page must stand alone.
  const std::string cmd = "timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run "
                          "--disable-background-networking --disable-component-update --disable-sync "
                          "--hide-scrollbars --user-data-dir='" + dir.str("profile") + "' --screenshot='" + png +
                          "' --window-size=1280,2000 'file://" + html + "' > '" + log + "' 2>&1";
  const int rc = std::system(cmd.c_str());
  ASSERT_EQ(rc, 0) << "chromium failed (scripts/deps.sh installs it):\n" << read_whole_file(log);
  ASSERT_TRUE(std::filesystem::exists(png)) << read_whole_file(log);
  EXPECT_GT(std::filesystem::file_size(png), 20000u);  // a blank 1280×2000 PNG is a few KB

  const std::string stats = dir.str("stats.txt");
  const std::string decode = "python3 '" + std::string(SCOPECHECK_SOURCE_DIR) + "/tests/report/png_stats.py' '" +
                             png + "' > '" + stats + "' 2>&1";
  ASSERT_EQ(std::system(decode.c_str()), 0) << read_whole_file(stats);
  std::istringstream in(read_whole_file(stats));
  int width = 0, height = 0, colours = 0;
  in >> width >> height >> colours;
  EXPECT_EQ(width, 1280);
  EXPECT_EQ(height, 2000);
  // Text, the green/red/amber/grey grid and the chart: far more than a handful of colours.
  EXPECT_GT(colours, 50) << read_whole_file(stats);

  if (const char* keep = std::getenv("SCOPECHECK_SCREENSHOT_OUT")) {
    std::filesystem::copy_file(png, keep, std::filesystem::copy_options::overwrite_existing);
  }
}

}  // namespace
}  // namespace scopecheck::report
