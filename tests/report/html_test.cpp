#include "harness/report/html.h"

#include <regex>

#include <gtest/gtest.h>

#include "tests/report/sample_result.h"

namespace scopecheck::report {
namespace {

using testing::sample_result;

size_t occurrences(const std::string& s, const std::string& what) {
  size_t n = 0;
  for (size_t p = s.find(what); p != std::string::npos; p = s.find(what, p + 1)) ++n;
  return n;
}

TEST(HtmlTest, SelfContainedNoRemoteAssetsNoScripts) {
  const std::string html = render_html(sample_result());
  EXPECT_EQ(html.find("http://"), std::string::npos);
  EXPECT_EQ(html.find("https://"), std::string::npos);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("<link"), std::string::npos);
  EXPECT_EQ(html.find("src="), std::string::npos);
  EXPECT_EQ(html.find("@import"), std::string::npos);
  EXPECT_EQ(html.find("url("), std::string::npos);
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
}

TEST(HtmlTest, StepTextIsEscaped) {
  const std::string html = render_html(sample_result());
  EXPECT_NE(html.find("as token#1 &lt;script&gt;alert(1)&lt;/script&gt; → expect 403"), std::string::npos);
}

TEST(HtmlTest, EveryFieldFromTheRunIsEscaped) {
  RunResult r = sample_result();
  const std::string evil = "<img onerror=x>\"'&";
  r.target_name = r.profile = r.started_at = evil;
  r.violation_list[0].expected = r.violation_list[0].replay_command = evil;
  r.unknown_list[0].error = evil;
  r.distribution[evil] = 3;
  r.grid[evil][evil] = CellCounts{1, 0, 0};
  const std::string html = render_html(r);
  EXPECT_EQ(html.find("<img"), std::string::npos);
  EXPECT_NE(html.find("&lt;img onerror=x&gt;&quot;&#39;&amp;"), std::string::npos);
}

TEST(HtmlTest, ShowsTheGridWithEveryCellState) {
  const RunResult r = sample_result();
  const std::string html = render_html(r);
  EXPECT_NE(html.find("<table class=\"grid\">"), std::string::npos);
  // One coloured cell per rule × operation (plus one legend swatch per state).
  size_t rules = r.grid.size(), ops = 6;
  const size_t cells = occurrences(html, "<td class=\"cell-");
  EXPECT_EQ(cells, rules * ops);
  EXPECT_EQ(occurrences(html, "<td class=\"cell-violation\""), 2u);
  EXPECT_EQ(occurrences(html, "<td class=\"cell-unknown\""), 1u);
  EXPECT_GT(occurrences(html, "<td class=\"cell-none\""), 0u);
  EXPECT_NE(html.find("title=\"SC-RES-2 (bucket resources match exactly on account, jurisdiction and name) × GetObject: 40 passes, "
                      "2 violations, 0 unknowns\">2 ✗</td>"), std::string::npos);
  // Natural order: SC-RES-2 before SC-RES-10.
  EXPECT_LT(html.find(">SC-RES-2</th>"), html.find(">SC-RES-10</th>"));
}

TEST(HtmlTest, ShowsMetadataChartDistributionViolationsAndUnknowns) {
  const RunResult r = sample_result();
  const std::string html = render_html(r);
  EXPECT_NE(html.find("FAIL: 2 violations and 2 unknowns in 1200 checks"), std::string::npos);
  EXPECT_NE(html.find("emulator (scopecheck-emulator 0.1.0)"), std::string::npos);
  EXPECT_NE(html.find("<td>prefix-match</td>"), std::string::npos);
  EXPECT_NE(html.find("<svg class=\"chart\""), std::string::npos);
  EXPECT_NE(html.find("<polyline"), std::string::npos);
  EXPECT_NE(html.find("group=Object Read, resource=bucket, op=read"), std::string::npos);
  EXPECT_NE(html.find("37.5%"), std::string::npos);  // 30 of 80
  EXPECT_NE(html.find("<pre><code>scopecheck replay cases/c0ffee01.json</code></pre>"), std::string::npos);
  EXPECT_NE(html.find("<a href=\"cases/c0ffee01.json\">"), std::string::npos);
  EXPECT_NE(html.find("connection reset by peer (127.0.0.1:9000)"), std::string::npos);
}

TEST(HtmlTest, OnlyRelativeCaseFilesBecomeLinks) {
  RunResult r = sample_result();
  r.violation_list[0].case_file = "javascript:alert(1)";
  r.violation_list[1].case_file = "/etc/passwd";
  const std::string html = render_html(r);
  EXPECT_EQ(html.find("href=\"javascript"), std::string::npos);
  EXPECT_EQ(html.find("href=\"/etc"), std::string::npos);
  EXPECT_NE(html.find("<code>javascript:alert(1)</code>"), std::string::npos);
}

TEST(HtmlTest, MergedRunShowsShardsAndOneLinePerShard) {
  RunResult r = sample_result();
  r.shard = "";
  r.shards = {{"1/2", 1, "2026-11-29T02:00:00Z", 10, 600, 1, 0, {{0, 0}, {10, 600}}},
              {"2/2", 2, "2026-11-29T02:00:01Z", 12, 600, 2, 2, {{0, 0}, {12, 600}}}};
  const std::string html = render_html(r);
  EXPECT_NE(html.find("2 shards merged"), std::string::npos);
  EXPECT_NE(html.find("<h2>Shards (2)</h2>"), std::string::npos);
  EXPECT_EQ(occurrences(html, "<polyline"), 3u);  // total + one per shard
}

TEST(HtmlTest, EmptyRunStillRendersAPage) {
  const std::string html = render_html(RunResult{});
  EXPECT_NE(html.find("INCONCLUSIVE: no checks ran"), std::string::npos);
  EXPECT_NE(html.find("No checks recorded."), std::string::npos);
  EXPECT_NE(html.find("no data"), std::string::npos);
}

}  // namespace
}  // namespace scopecheck::report
