#include "harness/report/file_io.h"

#include <filesystem>

#include <gtest/gtest.h>

#include "harness/report/report_error.h"
#include "tests/report/sample_result.h"

namespace scopecheck::report {
namespace {

using testing::TempDir;

TEST(FileIoTest, WriteThenReadGivesTheBytesBackAndLeavesNoTemporary) {
  TempDir dir;
  const std::string path = dir.str("a/b/c.txt");
  const std::string bytes("x\0y\n\xff", 5);
  write_file_atomically(path, bytes);
  EXPECT_EQ(read_whole_file(path), bytes);
  write_file_atomically(path, "second");
  EXPECT_EQ(read_whole_file(path), "second");
  EXPECT_FALSE(std::filesystem::exists(path + ".tmp"));
}

TEST(FileIoTest, ReadingAFolderOrAMissingFileIsAReadError) {
  TempDir dir;
  for (const std::string& p : {dir.str(), dir.str("missing")}) {
    try {
      read_whole_file(p);
      ADD_FAILURE() << p;
    } catch (const ReportError& e) {
      EXPECT_EQ(e.code(), Errc::kReadFailed);
      EXPECT_EQ(e.where(), p);
    }
  }
}

}  // namespace
}  // namespace scopecheck::report
