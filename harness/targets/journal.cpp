#include "harness/targets/journal.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <set>
#include <stdexcept>

namespace scopecheck::targets {

bool create_private_file(const std::string& path) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (fd < 0) return false;
  const bool ok = ::fchmod(fd, 0600) == 0;
  ::close(fd);
  return ok;
}

RunJournal::RunJournal(std::string path) : path_(std::move(path)) {
  if (!create_private_file(path_)) throw std::runtime_error(fmt::format("{}: cannot write the cleanup journal", path_));
}

namespace {
std::string line_of(const JournalEntry& e, bool created) {
  nlohmann::json j{{"kind", e.kind}, {"account", e.account}, {"jurisdiction", e.jurisdiction}, {"name", e.name},
                   {"created", created}};
  if (!e.id.empty()) j["id"] = e.id;
  return j.dump() + "\n";
}
}  // namespace

void RunJournal::append(const JournalEntry& e, bool created) {
  std::lock_guard lock(mu_);
  std::ofstream out(path_, std::ios::app);
  out << line_of(e, created);
  out.flush();
  if (!out) throw std::runtime_error(fmt::format("{}: cannot append to the cleanup journal", path_));
}

// The journal's new content replaces the old at once (a file beside it, renamed over it): a
// run stopped in the middle leaves the old journal or the new one, never half of one.
bool RunJournal::replace(const std::string& text) {
  const std::string tmp = path_ + ".tmp";
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return false;
  size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n <= 0) break;
    done += static_cast<size_t>(n);
  }
  const bool written = done == text.size() && ::fsync(fd) == 0;
  ::close(fd);
  if (!written || ::rename(tmp.c_str(), path_.c_str()) != 0) {
    ::unlink(tmp.c_str());
    return false;
  }
  return true;
}

void RunJournal::intend(const JournalEntry& e) { append(e, false); }
void RunJournal::created(const JournalEntry& e) { append(e, true); }

void RunJournal::rewrite(const std::vector<JournalEntry>& entries) {
  std::string text;
  for (const auto& e : entries) text += line_of(e, e.created);
  std::lock_guard lock(mu_);
  if (!replace(text)) throw std::runtime_error(fmt::format("{}: cannot rewrite the cleanup journal", path_));
}

bool RunJournal::erase(const std::vector<JournalEntry>& entries) {
  std::multiset<std::string> drop;
  for (const auto& e : entries) drop.insert(line_of(e, e.created));
  std::lock_guard lock(mu_);
  std::ifstream in(path_);
  if (!in) return false;
  std::string text, line;
  while (std::getline(in, line)) {
    // A line is dropped as often as it was named: a name intended twice is kept once if only
    // one of its lines was removed.
    if (auto it = drop.find(line + "\n"); it != drop.end()) {
      drop.erase(it);
      continue;
    }
    text += line + "\n";
  }
  in.close();
  return replace(text);
}

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
        !j["name"].is_string() || (j.contains("id") && !j["id"].is_string())) {
      if (errors) errors->push_back(fmt::format("{}:{}: not a journal entry", path, n));
      continue;
    }
    JournalEntry e;
    e.kind = j["kind"].get<std::string>();
    e.name = j["name"].get<std::string>();
    e.account = j.value("account", "");
    e.jurisdiction = j.value("jurisdiction", "default");
    e.created = j.value("created", false);
    e.id = j.value("id", "");
    if (e.kind == "token" && e.created && e.id.empty()) std::swap(e.id, e.name);  // an older journal
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace scopecheck::targets
