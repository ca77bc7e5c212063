// The cleanup journal: every bucket and token a run creates on a real target is appended here
// (and flushed) BEFORE it is created, so a crash leaves a complete list. Cleanup deletes exactly
// the journaled resources, newest first, with the admin credential (`scopecheck cleanup`).
#pragma once

#include <string>
#include <vector>

#include "harness/model/ids.h"

namespace scopecheck::targets {

struct JournalEntry {
  std::string kind;  // "bucket" | "token" | "object"
  std::string account;
  std::string jurisdiction = "default";
  std::string name;  // bucket name, token id (after creation: see `created`), or "bucket/key"
  bool created = false;  // a second line confirms creation (and carries a token's id)
};

class RunJournal {
 public:
  // Opens (appends to) `path`. Throws std::runtime_error naming the file when it cannot be written.
  explicit RunJournal(std::string path);
  void intend(const JournalEntry& e);  // before creating
  void created(const JournalEntry& e); // after creating
  const std::string& path() const { return path_; }

  // Reads a journal; entries in file order. Lines that do not parse are reported in `errors`
  // ("journal.jsonl:7: not JSON") and skipped.
  static std::vector<JournalEntry> read(const std::string& path, std::vector<std::string>* errors);

 private:
  void append(const JournalEntry& e, bool created);
  std::string path_;
};

}  // namespace scopecheck::targets
