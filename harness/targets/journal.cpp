#include "harness/targets/journal.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <stdexcept>

namespace scopecheck::targets {

RunJournal::RunJournal(std::string path) : path_(std::move(path)) {
  std::ofstream out(path_, std::ios::app);
  if (!out) throw std::runtime_error(fmt::format("{}: cannot write the cleanup journal", path_));
}

void RunJournal::append(const JournalEntry& e, bool created) {
  nlohmann::json j{{"kind", e.kind}, {"account", e.account}, {"jurisdiction", e.jurisdiction}, {"name", e.name},
                   {"created", created}};
  std::ofstream out(path_, std::ios::app);
  out << j.dump() << "\n";
  out.flush();
  if (!out) throw std::runtime_error(fmt::format("{}: cannot append to the cleanup journal", path_));
}

void RunJournal::intend(const JournalEntry& e) { append(e, false); }
void RunJournal::created(const JournalEntry& e) { append(e, true); }

std::vector<JournalEntry> RunJournal::read(const std::string& path, std::vector<std::string>* errors) {
  std::vector<JournalEntry> out;
  std::ifstream in(path);
  if (!in) {
    if (errors) errors->push_back(fmt::format("{}: cannot read the journal", path));
    return out;
  }
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    ++n;
    if (line.empty()) continue;
    auto j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_discarded() || !j.is_object() || !j.contains("kind") || !j["kind"].is_string() || !j.contains("name") ||
        !j["name"].is_string()) {
      if (errors) errors->push_back(fmt::format("{}:{}: not a journal entry", path, n));
      continue;
    }
    JournalEntry e;
    e.kind = j["kind"].get<std::string>();
    e.name = j["name"].get<std::string>();
    e.account = j.value("account", "");
    e.jurisdiction = j.value("jurisdiction", "default");
    e.created = j.value("created", false);
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace scopecheck::targets
