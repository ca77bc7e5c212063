#include "harness/report/write_all.h"

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "harness/report/file_io.h"
#include "harness/report/json_report.h"
#include "harness/report/report_error.h"
#include "tests/report/sample_result.h"

namespace scopecheck::report {
namespace {

using testing::TempDir;

TEST(WriteAllTest, WritesTheFourReportsIntoANewFolder) {
  TempDir dir;
  const std::string out = dir.str("run/reports");
  write_all(testing::sample_result(), out);
  for (const char* f : {kResultJsonFile, kJunitFile, kSummaryFile, kHtmlFile}) {
    EXPECT_GT(std::filesystem::file_size(out + "/" + f), 200u) << f;
  }
  EXPECT_EQ(read_result_file(out + "/result.json"), testing::sample_result());
  EXPECT_NE(read_whole_file(out + "/summary.md").find("FAIL"), std::string::npos);
}

TEST(WriteAllTest, AnUnwritableFolderNamesTheFile) {
  TempDir dir;
  std::ofstream(dir.str("file")) << "x";  // a file where a folder should be
  try {
    write_all(testing::sample_result(), dir.str("file"));
    FAIL();
  } catch (const ReportError& e) {
    EXPECT_EQ(e.code(), Errc::kWriteFailed);
    EXPECT_EQ(e.where(), dir.str("file/junit.xml"));
  }
}

}  // namespace
}  // namespace scopecheck::report
