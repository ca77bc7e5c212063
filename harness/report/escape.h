// Escaping for the text formats the reports write. Everything that came from a run (step lines,
// error texts, tags, names) passes through one of these before it reaches a page.
#pragma once

#include <string>
#include <string_view>

namespace scopecheck::report {

// & < > " ' become entities: safe in HTML text and in quoted attribute values.
std::string html_escape(std::string_view text);

// Text for a Markdown table cell or line: Markdown and HTML specials are neutralised, `|` is
// escaped so it cannot split a cell, and line breaks become spaces.
std::string markdown_text(std::string_view text);

// An inline code span holding `text` verbatim (e.g. a replay command): the fence is longer than
// any backtick run inside, `|` is escaped for tables, and line breaks become spaces.
std::string markdown_code(std::string_view text);

}  // namespace scopecheck::report
