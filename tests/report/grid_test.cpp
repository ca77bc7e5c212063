#include "harness/report/grid.h"

#include <gtest/gtest.h>

#include "tests/report/sample_result.h"

namespace scopecheck::report {
namespace {

TEST(GridTest, CellStateIsTheWorstThingSeen) {
  EXPECT_EQ(cell_state({0, 0, 0}), CellState::kNotExercised);
  EXPECT_EQ(cell_state({5, 0, 0}), CellState::kPass);
  EXPECT_EQ(cell_state({5, 0, 1}), CellState::kUnknown);
  EXPECT_EQ(cell_state({5, 1, 1}), CellState::kViolation);
  EXPECT_EQ(cell_state_name(CellState::kNotExercised), "not exercised");
  EXPECT_EQ(cell_state_name(CellState::kViolation), "violation");
}

TEST(GridTest, NaturalOrderComparesNumbersByValue) {
  EXPECT_TRUE(natural_less("SC-RES-2", "SC-RES-10"));
  EXPECT_FALSE(natural_less("SC-RES-10", "SC-RES-2"));
  EXPECT_TRUE(natural_less("SC-GR-3", "SC-RES-1"));
  EXPECT_TRUE(natural_less("SC-SIG-9", "SC-SIG-13"));
  EXPECT_FALSE(natural_less("SC-OP-1", "SC-OP-1"));
  // Still a strict total order when numbers compare equal with different spelling.
  EXPECT_NE(natural_less("a01", "a1"), natural_less("a1", "a01"));
}

TEST(GridTest, FromRunHasRulesInNaturalOrderAndEveryOperationSeen) {
  RunResult r;
  r.grid["SC-RES-10"]["PutObject"] = {3, 0, 0};
  r.grid["SC-RES-2"]["GetObject"] = {1, 1, 0};
  r.violation_list.emplace_back();
  r.violation_list.back().case_id = "c";
  r.violation_list.back().rule = "SC-OP-1";
  r.violation_list.back().operation = "CopyObject";
  const Grid g = grid_from_run(r);
  EXPECT_EQ(g.rows, (std::vector<std::string>{"SC-OP-1", "SC-RES-2", "SC-RES-10"}));
  EXPECT_EQ(g.columns, (std::vector<std::string>{"CopyObject", "GetObject", "PutObject"}));
  // A listed violation marks its cell even when the counts did not.
  EXPECT_EQ(g.at(0, 0).state, CellState::kViolation);
  EXPECT_EQ(g.at(1, 1).state, CellState::kViolation);
  EXPECT_EQ(g.at(1, 1).label, "1 ✗");
  EXPECT_EQ(g.at(2, 2).state, CellState::kPass);
  EXPECT_EQ(g.at(2, 2).label, "3");
  EXPECT_EQ(g.at(2, 0).state, CellState::kNotExercised);
  EXPECT_EQ(g.at(99, 99).state, CellState::kNotExercised);
}

TEST(GridTest, TopRowsKeepsTheTroubledRowsInOrderAndTheirColumns) {
  const Grid g = grid_from_run(testing::sample_result());
  const Grid top = top_rows(g, 3);
  EXPECT_EQ(top.rows, (std::vector<std::string>{"SC-GR-2", "SC-RES-2", "SC-TK-3"}));
  for (size_t j = 0; j < top.columns.size(); ++j) {
    bool used = false;
    for (size_t i = 0; i < top.rows.size(); ++i) used |= top.at(i, j).state != CellState::kNotExercised;
    EXPECT_TRUE(used) << top.columns[j];
  }
}

// Certificates build grids by hand: the renderer works from rows, columns and states alone.
TEST(GridTest, RenderersWorkOnAHandBuiltGrid) {
  Grid g;
  g.rows = {"R2 <prod>"};
  g.columns = {"exact", "status"};
  g.cells = {{{CellState::kPass, "ok", ""}, {CellState::kUnknown, "?", "flaky"}}};
  const std::string html = render_grid_html(g, "certificate");
  EXPECT_NE(html.find("<caption>certificate</caption>"), std::string::npos);
  EXPECT_NE(html.find("R2 &lt;prod&gt;"), std::string::npos);
  EXPECT_NE(html.find("<td class=\"cell-pass\" title=\"R2 &lt;prod&gt; × exact: pass\">ok</td>"), std::string::npos);
  EXPECT_NE(html.find("<td class=\"cell-unknown\" title=\"flaky\">?</td>"), std::string::npos);
  EXPECT_EQ(render_grid_markdown(g), "| rule | exact | status |\n|---|:---:|:---:|\n| R2 &lt;prod&gt; | ✅ ok | ⚠️ ? |\n");
  EXPECT_NE(grid_css().find(".cell-violation"), std::string::npos);
}

}  // namespace
}  // namespace scopecheck::report
