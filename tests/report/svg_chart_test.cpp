#include "harness/report/svg_chart.h"

#include <cmath>

#include <gtest/gtest.h>

namespace scopecheck::report {
namespace {

TEST(SvgChartTest, NiceTicksStepOneTwoFive) {
  EXPECT_EQ(nice_ticks(0, 10, 5), (std::vector<double>{0, 2, 4, 6, 8, 10}));
  EXPECT_EQ(nice_ticks(0, 1200, 5), (std::vector<double>{0, 500, 1000}));
  EXPECT_EQ(nice_ticks(5, 5, 5), (std::vector<double>{5}));
  EXPECT_EQ(nice_ticks(0, NAN, 5).size(), 1u);
}

TEST(SvgChartTest, DrawsOnePolylinePerSeriesWithALegendWhenSeveral) {
  const std::string one = render_line_chart_svg({{"checks", {{0, 0}, {1, 10}, {2, 25}}}}, {});
  EXPECT_EQ(one.rfind("<svg", 0), 0u);
  EXPECT_NE(one.find("<polyline"), std::string::npos);
  EXPECT_EQ(one.find(">checks</text>"), std::string::npos);  // one series: no legend
  const std::string two = render_line_chart_svg({{"a", {{0, 0}, {1, 1}}}, {"b <2>", {{0, 0}, {2, 1}}}}, {});
  EXPECT_NE(two.find(">b &lt;2&gt;</text>"), std::string::npos);
}

TEST(SvgChartTest, NoDataAndNonFinitePointsAreHandled) {
  EXPECT_NE(render_line_chart_svg({}, {}).find(">no data</text>"), std::string::npos);
  const std::string svg = render_line_chart_svg({{"x", {{0, 0}, {NAN, 3}, {INFINITY, 1}}}}, {});
  EXPECT_EQ(svg.find("nan"), std::string::npos);
  EXPECT_EQ(svg.find("inf"), std::string::npos);
}

TEST(SvgChartTest, LabelsAreEscaped) {
  ChartOptions o;
  o.title = "<t>";
  o.x_label = "x & y";
  const std::string svg = render_line_chart_svg({}, o);
  EXPECT_NE(svg.find("<title>&lt;t&gt;</title>"), std::string::npos);
  EXPECT_NE(svg.find(">x &amp; y</text>"), std::string::npos);
}

}  // namespace
}  // namespace scopecheck::report
