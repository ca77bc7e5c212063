// The token store's file under --data-dir: an append-only log of changes (one checksummed JSON
// record a line), fsynced before a change is acknowledged, with group commit (one fdatasync
// covers every record appended while the previous one ran), and rewritten whole (compaction)
// through an atomic rename. Created 0600: it holds every token value.
//
// Format: a header line, then records "<16 hex: start of SHA-256(json)> <json>\n". Reading
// tolerates a torn last record (an append interrupted by a kill, never acknowledged) and refuses
// a damaged record anywhere before it.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace scopecheck::emulator {

class TokenLog {
 public:
  static constexpr std::string_view kHeader = "scopecheck tokens log v1\n";

  struct ReadResult {
    size_t records = 0;
    size_t torn_bytes = 0;  // length of a dropped incomplete last record (0 = none)
  };
  // Calls visit(json, line_number) for each record of the log at path, in order. visit returns
  // "" or why the record cannot be applied. Throws std::runtime_error naming the file, the line
  // and the byte offset for a damaged record that is not the last one, for a record visit
  // refuses, and for a file that is not a token log. nullopt if the file does not exist.
  static std::optional<ReadResult> read(const std::string& path,
                                        const std::function<std::string(std::string_view, size_t)>& visit);

  explicit TokenLog(std::string path);
  ~TokenLog();
  TokenLog(const TokenLog&) = delete;
  TokenLog& operator=(const TokenLog&) = delete;

  // Replaces the file by the header and the records each(emit) emits (atomic rename), then
  // appends to the new file. Everything appended before is durable once this returns true.
  bool rewrite(const std::function<bool(const std::function<bool(std::string_view)>&)>& each);

  // Appends one record (no fsync) and returns its sequence number, or 0 when it could not be
  // written (nothing of it is left in the file, or the log refuses further appends).
  uint64_t append(std::string_view json);
  // Returns once every record up to seq is on disk; false if the fsync failed (the log then
  // refuses further appends: after a failed fsync the page cache cannot be trusted).
  bool sync(uint64_t seq);

  uint64_t bytes() const;
  static std::string frame(std::string_view json);  // one record line

 private:
  struct Fd;
  std::string path_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::shared_ptr<Fd> fd_;  // shared: a sync may still run on the old file after a rewrite
  uint64_t bytes_ = 0, written_ = 0, synced_ = 0;
  bool syncing_ = false, broken_ = false;
};

}  // namespace scopecheck::emulator
