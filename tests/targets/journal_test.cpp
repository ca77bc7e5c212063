// The cleanup journal as the workers of one run share it: what a worker removed leaves the file,
// every other line stays, whatever the other workers append at the same moment.
#include "harness/targets/journal.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>
#include <vector>

namespace scopecheck::targets {
namespace {

std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST(RunJournal, EraseDropsOnlyTheNamedLinesAndKeepsWhatOthersAppendMeanwhile) {
  const auto path = std::filesystem::temp_directory_path() / ("scopecheck-journal-test-" + std::to_string(::getpid()) + ".jsonl");
  std::filesystem::remove(path);
  RunJournal journal(path.string());
  constexpr int kWorkers = 4, kItems = 200;
  std::vector<std::thread> workers;
  for (int w = 0; w < kWorkers; ++w)
    workers.emplace_back([&, w] {
      for (int i = 0; i < kItems; ++i) {
        // Each item journals a bucket (intent, creation) and a token, then removes them, except
        // every tenth, whose removal "failed": its lines stay.
        const std::string tag = "sc1-" + std::to_string(w) + "-" + std::to_string(i) + "-";
        const JournalEntry bucket{"bucket", "acct", "default", tag + "logs", false, ""};
        JournalEntry bucket_made = bucket;
        bucket_made.created = true;
        const JournalEntry token{"token", "acct", "default", tag + "t0", false, ""};
        JournalEntry token_made = token;
        token_made.created = true;
        token_made.id = "id-" + tag;
        journal.intend(bucket);
        journal.created(bucket_made);
        journal.intend(token);
        journal.created(token_made);
        if (i % 10 != 0) ASSERT_TRUE(journal.erase({bucket, bucket_made, token, token_made}));
      }
    });
  for (auto& t : workers) t.join();
  std::vector<std::string> errors;
  const auto left = RunJournal::read(path.string(), &errors);
  EXPECT_TRUE(errors.empty()) << errors.front();
  ASSERT_EQ(left.size(), static_cast<size_t>(kWorkers * (kItems / 10) * 4)) << slurp(path);
  for (const auto& e : left) {
    const auto item = std::stoi(e.name.substr(e.name.find('-', 4) + 1));
    EXPECT_EQ(item % 10, 0) << e.name << " was removed, yet its line stayed";
  }
  EXPECT_FALSE(std::filesystem::exists(path.string() + ".tmp"));
  EXPECT_EQ(std::filesystem::status(path).permissions() & std::filesystem::perms::all,
            std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  std::filesystem::remove(path);
}

// A name journaled twice and removed once keeps one of its lines.
TEST(RunJournal, EraseDropsALineAsOftenAsItIsNamed) {
  const auto path = std::filesystem::temp_directory_path() / ("scopecheck-journal-twice-" + std::to_string(::getpid()) + ".jsonl");
  std::filesystem::remove(path);
  RunJournal journal(path.string());
  const JournalEntry b{"bucket", "acct", "default", "sc1-0-logs", false, ""};
  journal.intend(b);
  journal.intend(b);
  ASSERT_TRUE(journal.erase({b}));
  EXPECT_EQ(RunJournal::read(path.string(), nullptr).size(), 1u) << slurp(path);
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace scopecheck::targets
