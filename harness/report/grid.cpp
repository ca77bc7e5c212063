#include "harness/report/grid.h"

#include <algorithm>
#include <cctype>
#include <set>

#include <fmt/format.h>

#include "harness/report/escape.h"
#include "harness/report/plural.h"
#include "harness/report/rule_text.h"

namespace scopecheck::report {

std::string_view cell_state_name(CellState s) {
  switch (s) {
    case CellState::kNotExercised: return "not exercised";
    case CellState::kPass: return "pass";
    case CellState::kUnknown: return "unknown";
    case CellState::kViolation: return "violation";
  }
  return "not exercised";
}

CellState cell_state(const CellCounts& c) {
  if (c.violation > 0) return CellState::kViolation;
  if (c.unknown > 0) return CellState::kUnknown;
  if (c.pass > 0) return CellState::kPass;
  return CellState::kNotExercised;
}

const GridCell& Grid::at(size_t row, size_t column) const {
  static const GridCell empty;
  if (row >= cells.size() || column >= cells[row].size()) return empty;
  return cells[row][column];
}

bool natural_less(std::string_view a, std::string_view b) {
  size_t i = 0, j = 0;
  auto digit = [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; };
  while (i < a.size() && j < b.size()) {
    if (digit(a[i]) && digit(b[j])) {
      size_t ie = i, je = j;
      while (ie < a.size() && digit(a[ie])) ++ie;
      while (je < b.size() && digit(b[je])) ++je;
      std::string_view na = a.substr(i, ie - i), nb = b.substr(j, je - j);
      while (na.size() > 1 && na.front() == '0') na.remove_prefix(1);
      while (nb.size() > 1 && nb.front() == '0') nb.remove_prefix(1);
      if (na.size() != nb.size()) return na.size() < nb.size();
      if (na != nb) return na < nb;
      i = ie;
      j = je;
    } else {
      if (a[i] != b[j]) return a[i] < b[j];
      ++i;
      ++j;
    }
  }
  if ((a.size() - i) != (b.size() - j)) return (a.size() - i) < (b.size() - j);
  return a < b;  // equal under the natural order ("01" vs "1"): fall back to a total order
}

Grid grid_from_run(const RunResult& r) {
  // Counts, plus the cells of listed violations and attributed unknowns.
  std::map<std::string, std::map<std::string, CellCounts>> counts = r.grid;
  std::map<std::pair<std::string, std::string>, int64_t> listed;
  for (const auto& v : r.violation_list) {
    counts[v.rule][v.operation];  // make sure the cell exists
    ++listed[{v.rule, v.operation}];
  }
  std::set<std::string> ops;
  for (const auto& [rule, row] : counts) {
    for (const auto& [op, c] : row) ops.insert(op);
  }
  Grid g;
  for (const auto& [rule, row] : counts) g.rows.push_back(rule);
  std::sort(g.rows.begin(), g.rows.end(),
            [](const std::string& a, const std::string& b) { return natural_less(a, b); });
  g.columns.assign(ops.begin(), ops.end());
  for (const auto& rule : g.rows) {
    std::vector<GridCell> row_cells;
    const auto& row = counts.at(rule);
    for (const auto& op : g.columns) {
      GridCell cell;
      auto it = row.find(op);
      if (it != row.end()) {
        CellCounts c = it->second;
        auto l = listed.find({rule, op});
        if (l != listed.end() && c.violation == 0) c.violation = l->second;
        cell.state = cell_state(c);
        switch (cell.state) {
          case CellState::kViolation: cell.label = fmt::format("{} ✗", c.violation); break;
          case CellState::kUnknown: cell.label = fmt::format("{} ?", c.unknown); break;
          case CellState::kPass: cell.label = fmt::format("{}", c.pass); break;
          case CellState::kNotExercised: break;
        }
        cell.tooltip = fmt::format("{} × {}: {}, {}, {}", rule_with_gist(rule), op, counted(c.pass, "pass", "passes"),
                                   counted(c.violation, "violation", "violations"),
                                   counted(c.unknown, "unknown", "unknowns"));
      }
      row_cells.push_back(std::move(cell));
    }
    g.cells.push_back(std::move(row_cells));
  }
  return g;
}

Grid top_rows(const Grid& g, size_t max_rows) {
  struct Score {
    size_t row;
    int violations, unknowns, exercised;
  };
  std::vector<Score> scores;
  for (size_t i = 0; i < g.rows.size(); ++i) {
    Score s{i, 0, 0, 0};
    for (size_t j = 0; j < g.columns.size(); ++j) {
      switch (g.at(i, j).state) {
        case CellState::kViolation: ++s.violations; break;
        case CellState::kUnknown: ++s.unknowns; break;
        case CellState::kPass: ++s.exercised; break;
        case CellState::kNotExercised: break;
      }
    }
    scores.push_back(s);
  }
  std::stable_sort(scores.begin(), scores.end(), [](const Score& a, const Score& b) {
    if (a.violations != b.violations) return a.violations > b.violations;
    if (a.unknowns != b.unknowns) return a.unknowns > b.unknowns;
    return a.exercised > b.exercised;
  });
  if (scores.size() > max_rows) scores.resize(max_rows);
  // Keep the chosen rows in the grid's own order so the table still reads top to bottom.
  std::sort(scores.begin(), scores.end(), [](const Score& a, const Score& b) { return a.row < b.row; });
  std::vector<size_t> keep_cols;
  for (size_t j = 0; j < g.columns.size(); ++j) {
    for (const auto& s : scores) {
      if (g.at(s.row, j).state != CellState::kNotExercised) {
        keep_cols.push_back(j);
        break;
      }
    }
  }
  Grid out;
  for (size_t j : keep_cols) out.columns.push_back(g.columns[j]);
  for (const auto& s : scores) {
    out.rows.push_back(g.rows[s.row]);
    std::vector<GridCell> row;
    for (size_t j : keep_cols) row.push_back(g.at(s.row, j));
    out.cells.push_back(std::move(row));
  }
  return out;
}

namespace {
std::string_view css_class(CellState s) {
  switch (s) {
    case CellState::kNotExercised: return "cell-none";
    case CellState::kPass: return "cell-pass";
    case CellState::kUnknown: return "cell-unknown";
    case CellState::kViolation: return "cell-violation";
  }
  return "cell-none";
}

std::string_view symbol(CellState s) {
  switch (s) {
    case CellState::kNotExercised: return "·";
    case CellState::kPass: return "✅";
    case CellState::kUnknown: return "⚠️";
    case CellState::kViolation: return "❌";
  }
  return "·";
}
}  // namespace

std::string_view grid_css() {
  return R"css(
table.grid { border-collapse: collapse; font-size: 12px; }
table.grid caption { text-align: left; font-weight: 600; padding: 4px 0; white-space: nowrap; }
table.grid th, table.grid td { border: 1px solid #fff; padding: 3px 5px; text-align: center; }
table.grid th.col { writing-mode: vertical-rl; transform: rotate(180deg); vertical-align: bottom;
  white-space: nowrap; font-weight: 500; background: #f3f4f6; }
table.grid th.row { text-align: left; white-space: nowrap; background: #f3f4f6; font-family: ui-monospace, monospace; }
.cell-pass { background: #2e9e4f; color: #fff; }
.cell-violation { background: #d73a3a; color: #fff; font-weight: 700; }
.cell-unknown { background: #f0a500; color: #222; }
.cell-none { background: #d9dce1; color: #555; }
.legend { font-size: 12px; margin: 6px 0 0; }
.legend span { display: inline-block; padding: 1px 8px; margin-right: 6px; border-radius: 3px; }
)css";
}

std::string render_grid_html(const Grid& g, std::string_view caption) {
  std::string out = "<div class=\"grid-wrap\"><table class=\"grid\">";
  if (!caption.empty()) out += "<caption>" + html_escape(caption) + "</caption>";
  out += "<thead><tr><th></th>";
  for (const auto& c : g.columns) out += "<th class=\"col\" scope=\"col\">" + html_escape(c) + "</th>";
  out += "</tr></thead><tbody>";
  for (size_t i = 0; i < g.rows.size(); ++i) {
    const auto gist = rule_gist(g.rows[i]);
    out += "<tr><th class=\"row\" scope=\"row\"" +
           (gist.empty() ? std::string() : " title=\"" + html_escape(std::string(gist)) + "\"") + ">" +
           html_escape(g.rows[i]) + "</th>";
    for (size_t j = 0; j < g.columns.size(); ++j) {
      const GridCell& cell = g.at(i, j);
      out += fmt::format("<td class=\"{}\"", css_class(cell.state));
      const std::string title =
          cell.tooltip.empty() ? g.rows[i] + " × " + g.columns[j] + ": " +
                                     std::string(cell_state_name(cell.state))
                               : cell.tooltip;
      out += " title=\"" + html_escape(title) + "\">" + html_escape(cell.label) + "</td>";
    }
    out += "</tr>";
  }
  out += "</tbody></table>";
  out +=
      "<p class=\"legend\"><span class=\"cell-pass\">pass</span><span "
      "class=\"cell-violation\">violation ✗</span><span class=\"cell-unknown\">unknown ?</span><span "
      "class=\"cell-none\">not exercised</span></p></div>";
  return out;
}

std::string render_grid_markdown(const Grid& g) {
  std::string out = "| rule |";
  for (const auto& c : g.columns) out += " " + markdown_text(c) + " |";
  out += "\n|---|";
  for (size_t j = 0; j < g.columns.size(); ++j) out += ":---:|";
  out += "\n";
  for (size_t i = 0; i < g.rows.size(); ++i) {
    out += "| " + markdown_text(g.rows[i]) + " |";
    for (size_t j = 0; j < g.columns.size(); ++j) {
      const GridCell& cell = g.at(i, j);
      out += " " + std::string(symbol(cell.state));
      if (!cell.label.empty()) out += " " + markdown_text(cell.label);
      out += " |";
    }
    out += "\n";
  }
  return out;
}

}  // namespace scopecheck::report
