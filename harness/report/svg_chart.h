// A small inline-SVG line chart (axes, ticks, one polyline per series, a legend): pictures in a
// self-contained page without scripts or external assets.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace scopecheck::report {

struct ChartSeries {
  std::string name;
  std::vector<std::pair<double, double>> points;  // (x, y), drawn in the given order
};

struct ChartOptions {
  int width = 720;
  int height = 260;
  std::string title;    // the SVG's accessible <title>
  std::string x_label;
  std::string y_label;
};

// An <svg> element. Non-finite points are dropped; with no points at all it draws the axes and
// "no data". Names and labels are escaped.
std::string render_line_chart_svg(const std::vector<ChartSeries>& series, const ChartOptions& options);

// Tick positions covering [lo, hi] at a 1-2-5 step, at most about `target` of them.
std::vector<double> nice_ticks(double lo, double hi, int target);

}  // namespace scopecheck::report
