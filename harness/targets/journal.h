// The cleanup journal: every bucket and token a run creates on a real target is appended here
// (and flushed) BEFORE it is created, so a crash leaves a complete list. Cleanup deletes exactly
// the journaled resources, newest first, with the admin credential (`scopecheck cleanup`).
// A journal holds names and ids only, never a secret; it is created 0600 all the same.
#pragma once

#include <mutex>
#include <string>
#include <vector>

#include "harness/model/ids.h"

namespace scopecheck::targets {

struct JournalEntry {
  std::string kind;  // "bucket" | "token"
  std::string account;
  std::string jurisdiction = "default";
  std::string name;      // bucket name, or the token's name (run-prefixed)
  bool created = false;  // a second line confirms creation (and carries a token's id)
  std::string id;        // a created token's id
  bool operator==(const JournalEntry&) const = default;
};

// Thread-safe: the workers of one run share one journal (appends, erase and rewrite are
// serialized); one file is written by one RunJournal.
class RunJournal {
 public:
  // Opens (appends to) `path`, creating it 0600. Throws std::runtime_error naming the file when
  // it cannot be written.
  explicit RunJournal(std::string path);
  void intend(const JournalEntry& e);  // before creating
  void created(const JournalEntry& e); // after creating
  // Replaces the journal's content by `entries` (as intended or created, each as it says).
  void rewrite(const std::vector<JournalEntry>& entries);
  // Drops the lines equal to one of `entries` (what a worker removed), keeping every other line
  // as it is — other workers' lines included, and lines that do not parse. False (the file
  // unchanged) when it cannot be read or rewritten.
  bool erase(const std::vector<JournalEntry>& entries);
  const std::string& path() const { return path_; }

  // Reads a journal; entries in file order. Lines that do not parse are reported in `errors`
  // ("journal.jsonl:7: not a journal entry") and skipped. A created token line of an older
  // journal carries its id as `name` (and no name).
  static std::vector<JournalEntry> read(const std::string& path, std::vector<std::string>* errors);

 private:
  void append(const JournalEntry& e, bool created);
  bool replace(const std::string& text);  // the caller holds mu_
  std::string path_;
  std::mutex mu_;
};

// Creates `path` 0600 if it does not exist (and makes an existing one 0600); false when it cannot.
// Journals name what a run made on an account: not for other users of the machine to read.
bool create_private_file(const std::string& path);

}  // namespace scopecheck::targets
