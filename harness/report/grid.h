// The rule × operation grid as a reusable table: rows, columns and a state per cell, with HTML
// and Markdown renderers. Reports build one from a run; certificates build theirs from their own
// data and render them the same way.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "harness/report/run_result.h"

namespace scopecheck::report {

enum class CellState { kNotExercised, kPass, kUnknown, kViolation };

// "not exercised", "pass", "unknown", "violation".
std::string_view cell_state_name(CellState s);

// The worst thing seen in a cell: any violation, else any unknown, else any pass.
CellState cell_state(const CellCounts& c);

struct GridCell {
  CellState state = CellState::kNotExercised;
  std::string label;    // short text shown in the cell, e.g. "12" or "2 ✗"
  std::string tooltip;  // longer text (HTML title attribute), may be empty
};

struct Grid {
  std::vector<std::string> rows;
  std::vector<std::string> columns;
  std::vector<std::vector<GridCell>> cells;  // cells[row][column]; missing cells are not exercised

  const GridCell& at(size_t row, size_t column) const;
};

// "SC-RES-2" < "SC-RES-10": numbers inside names compare by value.
bool natural_less(std::string_view a, std::string_view b);

// The grid of a run: rows are rule ids (natural order), columns every operation seen in any
// row (alphabetical). A violation listed for a cell the counts missed still marks it violated.
Grid grid_from_run(const RunResult& r);

// The same grid keeping only the `max_rows` most troubled rows (violations, then unknowns, then
// most checks) and the columns those rows exercised.
Grid top_rows(const Grid& g, size_t max_rows);

// A <table class="grid"> (with a legend) using the classes of grid_css(). Everything escaped.
std::string render_grid_html(const Grid& g, std::string_view caption);

// The stylesheet the grid table needs; a page embeds it once in its <style>.
std::string_view grid_css();

// A GitHub-flavoured Markdown table; each cell is a state symbol and its label.
std::string render_grid_markdown(const Grid& g);

}  // namespace scopecheck::report
