#include "harness/report/markdown.h"

#include <gtest/gtest.h>

#include "tests/report/sample_result.h"

namespace scopecheck::report {
namespace {

using testing::sample_result;

TEST(MarkdownTest, FirstLineIsTheVerdict) {
  const std::string md = render_markdown(sample_result());
  EXPECT_EQ(md.substr(0, md.find('\n')), "## scopecheck: FAIL: 2 violations and 2 unknowns in 1200 checks");
}

TEST(MarkdownTest, EveryViolationRowHasItsReplayCommandInBackticks) {
  const RunResult r = sample_result();
  const std::string md = render_markdown(r);
  for (const auto& v : r.violation_list) {
    EXPECT_NE(md.find("`" + v.replay_command + "`"), std::string::npos) << v.replay_command;
  }
  EXPECT_NE(md.find("| SC-RES-2 (bucket resources match exactly on account, jurisdiction and name) | GetObject | "
                    "403 AccessDenied (access-denied) | 200 | "
                    "`scopecheck replay cases/c0ffee01.json` |"),
            std::string::npos)
      << md;
}

TEST(MarkdownTest, CountsUnknownsAndGridAreThere) {
  const std::string md = render_markdown(sample_result());
  EXPECT_NE(md.find("| 1200 | 1195 | 3 | 2 | 5 | 80 |"), std::string::npos) << md;
  EXPECT_NE(md.find("timeout after 30000 ms talking to 127.0.0.1:9000"), std::string::npos);
  EXPECT_NE(md.find("### Grid"), std::string::npos);
  EXPECT_NE(md.find("❌ 2"), std::string::npos);  // SC-RES-2 × GetObject
}

TEST(MarkdownTest, TheGridShowsTheMostTroubledRowsFirstAndAtMostTen) {
  RunResult r = sample_result();
  for (int i = 0; i < 20; ++i) r.grid["SC-X-" + std::to_string(i)]["GetObject"] = CellCounts{5, 0, 0};
  const std::string md = render_markdown(r);
  const auto grid = md.substr(md.find("### Grid"));
  EXPECT_NE(grid.find("10 most troubled of 27 rules"), std::string::npos) << grid;
  EXPECT_NE(grid.find("| SC-RES-2 |"), std::string::npos);
  EXPECT_NE(grid.find("| SC-GR-2 |"), std::string::npos);
  EXPECT_NE(grid.find("| SC-TK-3 |"), std::string::npos);
}

// A pipe or backtick in run text must not break the table or the code span.
TEST(MarkdownTest, RunTextCannotBreakTheTable) {
  RunResult r = sample_result();
  r.violation_list[0].actual = "200 | injected | cell";
  r.violation_list[0].replay_command = "scopecheck replay 'a`b|c.json'";
  r.violation_list[0].case_file = "a`b|c.json";
  const std::string md = render_markdown(r);
  EXPECT_NE(md.find("| 200 \\| injected \\| cell |"), std::string::npos) << md;
  EXPECT_NE(md.find("``scopecheck replay 'a`b\\|c.json'``"), std::string::npos) << md;
}

TEST(MarkdownTest, StepsAreInAFenceLongerThanAnyBacktickRunInside) {
  RunResult r = sample_result();
  r.violation_list[0].steps = {"GET /```/x"};
  const std::string md = render_markdown(r);
  EXPECT_NE(md.find("````\nGET /```/x\n````"), std::string::npos) << md;
}

TEST(MarkdownTest, BaselineAcceptedViolationsAreMarkedAndStaleEntriesListed) {
  RunResult r = sample_result();
  r.baseline = BaselineSection{"scenarios/baseline.json", "2026-11-29",
                               {{"deadbeef", "SC-GR-2", "tracked in #12", "2027-01-01"}},
                               {{"0ld", "SC-RES-1", "old", "2026-01-01"}},
                               {{"0ld", "SC-RES-1", "old", "2026-01-01"}}};
  const std::string md = render_markdown(r);
  EXPECT_EQ(md.substr(0, md.find('\n')),
            "## scopecheck: FAIL: 1 violation (1 accepted by the baseline) and 2 unknowns in 1200 checks");
  EXPECT_NE(md.find("SC-GR-2 (bucket groups never grant account.list, bucket configuration or create/delete bucket) (accepted by the baseline)"), std::string::npos);
  EXPECT_NE(md.find("1 accepted, 1 expired, 1 not reproduced"), std::string::npos) << md;
  EXPECT_NE(md.find("Did not reproduce (remove them):\n\n- `0ld` SC-RES-1"), std::string::npos) << md;
}

}  // namespace
}  // namespace scopecheck::report
