// "scopecheck rnu": an unknown command is named, with the nearest known one, instead of CLI11's
// "A subcommand is required".
#pragma once

#include <CLI/CLI.hpp>

#include <optional>
#include <string>
#include <vector>

namespace scopecheck::cli {

// The candidate nearest to `word` by edit distance, if it is near enough to be a typo.
std::optional<std::string> nearest(const std::string& word, const std::vector<std::string>& candidates);

// Walks argv through the app's subcommands; at the first word that should name a subcommand and
// does not, returns "unknown command 'rnu' (did you mean run?)". nullopt when every word fits.
std::optional<std::string> unknown_subcommand(const CLI::App& app, int argc, const char* const* argv);

}  // namespace scopecheck::cli
