#include "emulator/token_log.h"

#include <fcntl.h>
#include <unistd.h>

#include <filesystem>
#include <stdexcept>

#include "emulator/crypto.h"
#include "emulator/durable_file.h"

namespace scopecheck::emulator {
namespace {
constexpr size_t kCheckLen = 16;              // hex digits of SHA-256 before the record
constexpr size_t kRewriteChunk = 1 << 20;     // compaction writes in pieces of about this size

std::string check_of(std::string_view json) { return sha256_hex(json).substr(0, kCheckLen); }

// "" when the line is a well-framed record whose check matches, else why not.
std::string verify(std::string_view line) {
  if (line.size() < kCheckLen + 2 || line[kCheckLen] != ' ') return "not a \"<check> <json>\" record";
  if (line.substr(0, kCheckLen) != check_of(line.substr(kCheckLen + 1))) return "check digits do not match its content";
  return "";
}
}  // namespace

struct TokenLog::Fd {
  explicit Fd(int f) : fd(f) {}
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
  int fd;
};

std::string TokenLog::frame(std::string_view json) {
  std::string line = check_of(json);
  line.reserve(kCheckLen + json.size() + 2);
  line.push_back(' ');
  line.append(json);
  line.push_back('\n');
  return line;
}

std::optional<TokenLog::ReadResult> TokenLog::read(const std::string& path,
                                                   const std::function<std::string(std::string_view, size_t)>& visit) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return std::nullopt;
  auto text = read_file(path);
  if (!text) throw std::runtime_error(path + ": cannot be read");
  std::string_view all(*text);
  if (all.substr(0, kHeader.size()) != kHeader)
    throw std::runtime_error(path + ": not a scopecheck token log (its first line is not \"" +
                             std::string(kHeader.substr(0, kHeader.size() - 1)) + "\")");
  ReadResult res;
  size_t pos = kHeader.size();
  size_t line_no = 1;
  auto damaged = [&](const std::string& why) {
    return std::runtime_error(path + ": damaged record at line " + std::to_string(line_no) + " (byte " +
                              std::to_string(pos) + "): " + why +
                              "; refusing to start rather than lose the tokens after it (restore the file from a "
                              "backup, or move it away to start without tokens)");
  };
  while (pos < all.size()) {
    ++line_no;
    size_t nl = all.find('\n', pos);
    if (nl == std::string_view::npos) {
      // An append cut short by a kill: its change was never acknowledged (acknowledgement waits
      // for the whole record to be on disk), so dropping it loses nothing.
      res.torn_bytes = all.size() - pos;
      break;
    }
    std::string_view line = all.substr(pos, nl - pos);
    if (auto why = verify(line); !why.empty()) throw damaged(why);
    if (auto why = visit(line.substr(kCheckLen + 1), line_no); !why.empty()) throw damaged(why);
    ++res.records;
    pos = nl + 1;
  }
  return res;
}

TokenLog::TokenLog(std::string path) : path_(std::move(path)) {}
TokenLog::~TokenLog() = default;

bool TokenLog::rewrite(const std::function<bool(const std::function<bool(std::string_view)>&)>& each) {
  AtomicFileWriter w(path_, 0600);
  if (!w.ok()) return false;
  std::string buf(kHeader);
  uint64_t total = 0;
  auto flush = [&] {
    total += buf.size();
    bool ok = w.write(buf);
    buf.clear();
    return ok;
  };
  auto emit = [&](std::string_view json) {
    buf += frame(json);
    return buf.size() < kRewriteChunk || flush();
  };
  if (!each(emit) || !flush() || !w.commit()) return false;
  int fd = ::open(path_.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC);
  std::lock_guard lock(mu_);
  fd_ = fd >= 0 ? std::make_shared<Fd>(fd) : nullptr;
  bytes_ = total;
  // The new file holds every change appended so far and is on disk: all of them are durable,
  // and a failed fsync of the old file no longer matters.
  synced_ = written_;
  broken_ = fd < 0;
  cv_.notify_all();
  return fd >= 0;
}

uint64_t TokenLog::append(std::string_view json) {
  std::string line = frame(json);
  std::lock_guard lock(mu_);
  if (broken_ || !fd_) return 0;
  if (!write_all(fd_->fd, line)) {
    // Take a partial record back off, so that the next append does not land behind garbage
    // (which would read as a damaged record in the middle). If even that fails, stop appending:
    // the garbage then stays the last thing in the file, which reading tolerates.
    if (::ftruncate(fd_->fd, static_cast<off_t>(bytes_)) != 0) broken_ = true;
    return 0;
  }
  bytes_ += line.size();
  return ++written_;
}

bool TokenLog::sync(uint64_t seq) {
  std::unique_lock lock(mu_);
  for (;;) {
    if (synced_ >= seq) return true;
    if (broken_ || !fd_) return false;
    if (!syncing_) break;
    cv_.wait(lock);  // a sync is running: it may cover seq, else this thread leads the next one
  }
  syncing_ = true;
  const uint64_t target = written_;
  const std::shared_ptr<Fd> fd = fd_;
  lock.unlock();
  const bool ok = ::fdatasync(fd->fd) == 0;
  lock.lock();
  syncing_ = false;
  if (ok) synced_ = std::max(synced_, target);
  else if (fd == fd_) broken_ = true;
  cv_.notify_all();
  return synced_ >= seq;
}

uint64_t TokenLog::bytes() const {
  std::lock_guard lock(mu_);
  return bytes_;
}

}  // namespace scopecheck::emulator
