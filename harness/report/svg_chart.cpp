#include "harness/report/svg_chart.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "harness/report/escape.h"

namespace scopecheck::report {

std::vector<double> nice_ticks(double lo, double hi, int target) {
  if (!std::isfinite(lo) || !std::isfinite(hi) || hi <= lo || target < 1) return {lo};
  const double raw = (hi - lo) / target;
  const double mag = std::pow(10.0, std::floor(std::log10(raw)));
  double step = mag;
  for (double m : {1.0, 2.0, 5.0, 10.0}) {
    step = m * mag;
    if (step >= raw) break;
  }
  std::vector<double> ticks;
  for (double t = std::ceil(lo / step) * step; t <= hi + step * 1e-9 && ticks.size() < 100; t += step) {
    ticks.push_back(std::abs(t) < step * 1e-9 ? 0.0 : t);
  }
  return ticks;
}

namespace {

// Compact tick labels: 1500 → "1.5k", 2000000 → "2M", 0.25 → "0.25".
std::string tick_label(double v) {
  const double a = std::abs(v);
  if (a >= 1e6) return fmt::format("{:g}M", v / 1e6);
  if (a >= 1e4) return fmt::format("{:g}k", v / 1e3);
  return fmt::format("{:g}", v);
}

constexpr const char* kPalette[] = {"#1f6feb", "#d97706", "#7c3aed", "#059669",
                                    "#db2777", "#0891b2", "#65a30d", "#b91c1c"};

}  // namespace

std::string render_line_chart_svg(const std::vector<ChartSeries>& series, const ChartOptions& o) {
  const double left = 56, right = 16, top = 16, bottom = 44;
  const double w = std::max(o.width, 200), h = std::max(o.height, 120);
  const double pw = w - left - right, ph = h - top - bottom;

  double xmin = 0, xmax = 0, ymin = 0, ymax = 0;
  bool any = false;
  for (const auto& s : series) {
    for (const auto& [x, y] : s.points) {
      if (!std::isfinite(x) || !std::isfinite(y)) continue;
      if (!any) {
        xmin = std::min(0.0, x), xmax = x, ymax = y, ymin = std::min(0.0, y);
        any = true;
      }
      xmin = std::min(xmin, x), xmax = std::max(xmax, x);
      ymin = std::min(ymin, y), ymax = std::max(ymax, y);
    }
  }
  if (xmax <= xmin) xmax = xmin + 1;
  if (ymax <= ymin) ymax = ymin + 1;
  const auto xticks = nice_ticks(xmin, xmax, 6);
  const auto yticks = nice_ticks(ymin, ymax, 5);
  xmax = std::max(xmax, xticks.back());
  ymax = std::max(ymax, yticks.back());
  auto px = [&](double x) { return left + (x - xmin) / (xmax - xmin) * pw; };
  auto py = [&](double y) { return top + ph - (y - ymin) / (ymax - ymin) * ph; };

  std::string out = fmt::format(
      "<svg class=\"chart\" width=\"{0}\" height=\"{1}\" viewBox=\"0 0 {0} {1}\" role=\"img\" "
      "font-family=\"sans-serif\" font-size=\"11\">",
      w, h);
  if (!o.title.empty()) out += "<title>" + html_escape(o.title) + "</title>";
  out += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"#fafbfc\" stroke=\"#d0d7de\"/>",
                     left, top, pw, ph);
  for (double t : yticks) {
    out += fmt::format(
        "<line x1=\"{0:.1f}\" y1=\"{1:.1f}\" x2=\"{2:.1f}\" y2=\"{1:.1f}\" stroke=\"#e5e7eb\"/>"
        "<text x=\"{3:.1f}\" y=\"{4:.1f}\" text-anchor=\"end\" fill=\"#444\">{5}</text>",
        left, py(t), left + pw, left - 6, py(t) + 4, html_escape(tick_label(t)));
  }
  for (double t : xticks) {
    out += fmt::format(
        "<line x1=\"{0:.1f}\" y1=\"{1:.1f}\" x2=\"{0:.1f}\" y2=\"{2:.1f}\" stroke=\"#e5e7eb\"/>"
        "<text x=\"{0:.1f}\" y=\"{3:.1f}\" text-anchor=\"middle\" fill=\"#444\">{4}</text>",
        px(t), top, top + ph, top + ph + 16, html_escape(tick_label(t)));
  }
  if (!o.x_label.empty()) {
    out += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\" fill=\"#222\">{}</text>",
                       left + pw / 2, h - 6, html_escape(o.x_label));
  }
  if (!o.y_label.empty()) {
    out += fmt::format(
        "<text transform=\"translate(14 {:.1f}) rotate(-90)\" text-anchor=\"middle\" fill=\"#222\">{}</text>",
        top + ph / 2, html_escape(o.y_label));
  }
  if (!any) {
    out += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\" fill=\"#888\">no data</text>",
                       left + pw / 2, top + ph / 2);
  }
  size_t index = 0;
  for (const auto& s : series) {
    const char* colour = kPalette[index % std::size(kPalette)];
    std::string pts;
    for (const auto& [x, y] : s.points) {
      if (!std::isfinite(x) || !std::isfinite(y)) continue;
      pts += fmt::format("{:.1f},{:.1f} ", px(x), py(y));
    }
    if (!pts.empty()) {
      out += fmt::format("<polyline fill=\"none\" stroke=\"{}\" stroke-width=\"{}\" points=\"{}\"/>", colour,
                         index == 0 ? 2.5 : 1.5, pts);
    }
    if (series.size() > 1) {  // legend, top-left inside the plot
      const double ly = top + 14 + 14 * static_cast<double>(index);
      out += fmt::format(
          "<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"10\" height=\"3\" fill=\"{}\"/>"
          "<text x=\"{:.1f}\" y=\"{:.1f}\" fill=\"#222\">{}</text>",
          left + 10, ly - 4, colour, left + 24, ly, html_escape(s.name));
    }
    ++index;
  }
  out += "</svg>";
  return out;
}

}  // namespace scopecheck::report
