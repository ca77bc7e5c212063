#include "cli/suggest.h"

#include <fmt/format.h>

#include <algorithm>

namespace scopecheck::cli {
namespace {

// Optimal string alignment distance: a swapped pair of letters ("rnu") costs one edit.
size_t distance(const std::string& a, const std::string& b) {
  std::vector<std::vector<size_t>> d(a.size() + 1, std::vector<size_t>(b.size() + 1));
  for (size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.size()][b.size()];
}

}  // namespace

std::optional<std::string> nearest(const std::string& word, const std::vector<std::string>& candidates) {
  std::optional<std::string> best;
  size_t best_d = 0;
  for (const auto& c : candidates) {
    const size_t d = distance(word, c);
    if (!best || d < best_d) {
      best = c;
      best_d = d;
    }
  }
  // A typo changes a few letters; a different word shares little.
  if (!best || best_d > std::max<size_t>(2, best->size() / 3)) return std::nullopt;
  return best;
}

std::optional<std::string> unknown_subcommand(const CLI::App& app, int argc, const char* const* argv) {
  const CLI::App* at = &app;
  for (int i = 1; i < argc; ++i) {
    const std::string word = argv[i];
    if (word.empty() || word[0] == '-') return std::nullopt;  // options: CLI11 judges them
    const auto subs = at->get_subcommands([](const CLI::App*) { return true; });
    if (subs.empty()) return std::nullopt;  // a command's own arguments
    const CLI::App* next = nullptr;
    std::vector<std::string> names;
    for (const auto* s : subs) {
      names.push_back(s->get_name());
      if (s->check_name(word)) next = s;
    }
    if (!next) {
      const std::string where = at == &app ? "" : at->get_name() + " ";
      auto near = nearest(word, names);
      std::sort(names.begin(), names.end());
      std::string all;
      for (const auto& n : names) all += (all.empty() ? "" : ", ") + n;
      return near ? fmt::format("unknown command '{}{}' (did you mean {}{}?)", where, word, where, *near)
                  : fmt::format("unknown command '{}{}' (commands: {})", where, word, all);
    }
    at = next;
  }
  return std::nullopt;
}

}  // namespace scopecheck::cli
