// Growth benchmark of the token store, through a real `scopecheck emulate` process over loopback
// HTTP: token creations/s and S3 presigned GET/s at 10, 1,000, 10,000 and 100,000 tokens, in
// memory and with --data-dir, and the emulator's memory per token.
//
// Two emulators run side by side in each mode: the "grown" one is filled up to each size, the
// "baseline" one stays at 10 tokens (what a window creates there is deleted again, unmeasured).
// At each size both are measured in alternating rounds, so the ratio grown/baseline compares
// figures taken under the same background load of this shared machine; the median of the
// rounds' rates and of their ratios is reported. A creation window is sequential on one
// keep-alive connection (per-call latency, including the fsync with --data-dir); the GET rate
// uses `--connections` keep-alive connections on one presigned URL of a small object.
//
// Usage: bench_token_growth [--binary PATH] [--sizes 10,1000,10000,100000]
//          [--data-dir-sizes LIST] [--modes memory,data-dir] [--window 100] [--rounds 7]
//          [--get-seconds 1] [--connections 2] [--fill-connections 8] [--max-seconds 900]
// Bounded: filling stops when --max-seconds have passed; the sizes reached are reported.
#include <utility>  // before Asio: Boost 1.74 uses std::exchange without including it

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <optional>
#include <stdexcept>
#include <thread>
#include <vector>

#include "harness/http/client.h"
#include "harness/sigv4/crypto.h"
#include "harness/sigv4/signer.h"

namespace {

using nlohmann::json;
using Clock = std::chrono::steady_clock;
namespace http = scopecheck::http;
namespace sigv4 = scopecheck::sigv4;

constexpr const char* kAcct = "0123456789abcdef0123456789abcdef";
constexpr const char* kItemRead = "6a018a9f2fc74eb6b293b0c548f38b39";
constexpr const char* kStorageWrite = "bf7481a1826f439697cb59a20b22293e";

struct Options {
  std::string binary = SCOPECHECK_BINARY;
  std::vector<size_t> sizes{10, 1000, 10000, 100000};
  std::vector<size_t> data_dir_sizes{10, 1000, 10000, 100000};
  std::vector<std::string> modes{"memory", "data-dir"};
  int window = 100;
  int rounds = 7;
  double get_seconds = 1.0;
  int connections = 2;
  int fill_connections = 8;
  double max_seconds = 900;
};

std::vector<std::string> split(const std::string& s) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= s.size()) {
    auto comma = s.find(',', start);
    if (comma == std::string::npos) comma = s.size();
    if (comma > start) out.push_back(s.substr(start, comma - start));
    start = comma + 1;
  }
  return out;
}

std::vector<size_t> split_sizes(const std::string& s) {
  std::vector<size_t> out;
  for (const auto& p : split(s)) out.push_back(std::stoul(p));
  return out;
}

// `scopecheck emulate ARGS` as a child: startup line from its stdout, SIGTERM on destruction.
class Child {
 public:
  Child(const std::string& binary, const std::vector<std::string>& args) {
    int fds[2];
    if (pipe(fds) != 0) throw std::runtime_error("pipe failed");
    pid_ = fork();
    if (pid_ == 0) {
      dup2(fds[1], 1);
      close(fds[0]);
      close(fds[1]);
      std::vector<std::string> all = {binary, "emulate"};
      all.insert(all.end(), args.begin(), args.end());
      std::vector<char*> argv;
      for (auto& a : all) argv.push_back(a.data());
      argv.push_back(nullptr);
      execv(argv[0], argv.data());
      _exit(127);
    }
    close(fds[1]);
    std::string line;
    char ch;
    while (read(fds[0], &ch, 1) == 1 && ch != '\n') line.push_back(ch);
    close(fds[0]);
    startup_ = json::parse(line, nullptr, false);
    if (startup_.is_discarded() || !startup_.is_object())
      throw std::runtime_error("scopecheck emulate did not start (" + binary + ")");
  }
  ~Child() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGTERM);
    for (int i = 0; i < 100; ++i) {
      if (waitpid(pid_, nullptr, WNOHANG) == pid_) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    ::kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
  }
  static uint16_t port_of(std::string url) {
    url = url.substr(0, url.find("/client"));
    return static_cast<uint16_t>(std::stoi(url.substr(url.rfind(':') + 1)));
  }
  uint16_t s3_port() const { return port_of(startup_["s3"]); }
  uint16_t api_port() const { return port_of(startup_["api"]); }
  std::string bootstrap() const { return startup_["bootstrap_token"]; }
  long rss_kib() const {
    std::ifstream in("/proc/" + std::to_string(pid_) + "/status");
    std::string line;
    while (std::getline(in, line))
      if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
    return 0;
  }

 private:
  int pid_ = -1;
  json startup_;
};

struct Token {
  std::string id, value;
};

// One emulator under test, with the token-API and S3 shortcuts the benchmark needs.
class Emu {
 public:
  Emu(const Options& o, const std::string& data_dir)
      : child_(o.binary, args(data_dir)), api_{"http", "127.0.0.1", child_.api_port()},
        s3_{"http", "127.0.0.1", child_.s3_port()} {
    admin_ = create(client_, policy_json({{std::string("com.cloudflare.api.account.") + kAcct, "*"}}, kStorageWrite));
    s3_call("PUT", "/growth");
    s3_call("PUT", "/growth/small.txt", std::string(256, 'x'));
    reader_ = create(client_, item_read_body());
    sigv4::HttpRequest r;
    r.method = "GET";
    r.target = "/growth/small.txt";
    r.headers.emplace_back("Host", fmt::format("127.0.0.1:{}", s3_.port));
    sigv4::SignOptions so;
    so.time = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
    auto p = sigv4::presign(r, {reader_.id, sigv4::sha256_hex(reader_.value), ""}, so, 3600);
    presigned_ = http::Request{p.method, p.target, p.headers, ""};
    auto check = client_.send(s3_, presigned_);
    if (!check || check->status != 200) throw std::runtime_error("presigned GET of the benchmark object failed");
    tokens_ = 3;  // bootstrap, admin, reader
  }

  static std::vector<std::string> args(const std::string& data_dir) {
    std::vector<std::string> a{"--seed", "1", "--threads", "4"};
    if (!data_dir.empty()) {
      a.push_back("--data-dir");
      a.push_back(data_dir);
    }
    return a;
  }

  static std::string policy_json(const json& resources, const char* group) {
    return json{{"name", "bench"},
                {"policies", {{{"effect", "allow"}, {"resources", resources}, {"permission_groups", {{{"id", group}}}}}}}}
        .dump();
  }
  static std::string item_read_body() {
    return policy_json({{fmt::format("com.cloudflare.edge.r2.bucket.{}_default_growth", kAcct), "*"}}, kItemRead);
  }

  Token create(http::Client& c, const std::string& body) {
    auto r = c.send(api_, api_request("POST", "/client/v4/user/tokens", body));
    if (!r || r->status != 200) throw std::runtime_error("token creation failed: " + (r ? r->body : r.error().detail));
    auto j = json::parse(r->body);
    return {j["result"]["id"], j["result"]["value"]};
  }
  void remove(http::Client& c, const std::string& id) {
    auto r = c.send(api_, api_request("DELETE", "/client/v4/user/tokens/" + id, ""));
    if (!r || r->status != 200) throw std::runtime_error("token deletion failed");
  }
  http::Request api_request(std::string method, std::string target, std::string body) const {
    http::Headers h{{"Authorization", "Bearer " + child_.bootstrap()}};
    if (!body.empty()) h.emplace_back("Content-Type", "application/json");
    return http::Request{std::move(method), std::move(target), std::move(h), std::move(body)};
  }
  void s3_call(const std::string& method, const std::string& target, const std::string& body = "") {
    sigv4::HttpRequest r;
    r.method = method;
    r.target = target;
    r.body = body;
    r.headers.emplace_back("Host", fmt::format("127.0.0.1:{}", s3_.port));
    sigv4::SignOptions so;
    so.time = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
    auto s = sigv4::sign_headers(r, {admin_.id, sigv4::sha256_hex(admin_.value), ""}, so);
    auto res = client_.send(s3_, http::Request{s.method, s.target, s.headers, s.body});
    if (!res || res->status != 200) throw std::runtime_error("S3 setup call failed: " + method + " " + target);
  }

  // Creates tokens from `connections` threads until the store holds `target` (or the deadline).
  void fill(size_t target, int connections, Clock::time_point deadline) {
    if (tokens_ >= target) return;
    std::atomic<size_t> next{tokens_};
    std::atomic<bool> failed{false};
    std::vector<std::thread> threads;
    const std::string body = item_read_body();
    for (int i = 0; i < connections; ++i)
      threads.emplace_back([&] {
        http::Client c(http::ClientOptions{});
        while (!failed && Clock::now() < deadline && next.fetch_add(1) < target) {
          try {
            create(c, body);
          } catch (const std::exception& e) {
            fmt::print(stderr, "fill: {}\n", e.what());
            failed = true;
          }
        }
      });
    for (auto& t : threads) t.join();
    if (failed) throw std::runtime_error("filling failed");
    tokens_ = std::min(next.load(), target);
  }

  // Sequential creations on one keep-alive connection: creations per second. With undo, the
  // tokens are deleted again afterwards (not timed) so the store keeps its size.
  double create_window(int n, bool undo) {
    const std::string body = item_read_body();
    std::vector<std::string> ids;
    auto start = Clock::now();
    for (int i = 0; i < n; ++i) ids.push_back(create(client_, body).id);
    double secs = std::chrono::duration<double>(Clock::now() - start).count();
    if (undo)
      for (const auto& id : ids) remove(client_, id);
    else
      tokens_ += static_cast<size_t>(n);
    return n / secs;
  }

  double get_rate(int connections, double seconds) {
    std::atomic<int64_t> done{0}, failed{0};
    std::vector<std::thread> threads;
    const auto end = Clock::now() + std::chrono::duration<double>(seconds);
    for (int i = 0; i < connections; ++i)
      threads.emplace_back([&] {
        http::Client c(http::ClientOptions{});
        while (Clock::now() < end) {
          auto r = c.send(s3_, presigned_);
          if (r && r->status == 200) ++done;
          else ++failed;
        }
      });
    for (auto& t : threads) t.join();
    if (failed > 0) fmt::print(stderr, "  ({} presigned GETs failed)\n", failed.load());
    return static_cast<double>(done) / seconds;
  }

  size_t tokens() const { return tokens_; }
  long rss_kib() const { return child_.rss_kib(); }

 private:
  Child child_;
  http::Client client_{http::ClientOptions{}};
  http::Endpoint api_, s3_;
  Token admin_, reader_;
  http::Request presigned_;
  size_t tokens_ = 0;
};

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

struct Row {
  size_t tokens;
  double create_grown, create_base, get_grown, get_base;
  double create_ratio, get_ratio;  // medians of the per-round ratios grown/baseline
  long rss_kib;
};

void run_mode(const Options& o, const std::string& mode, const std::vector<size_t>& sizes, Clock::time_point deadline) {
  std::string grown_dir, base_dir;
  if (mode == "data-dir") {
    auto root = std::filesystem::temp_directory_path() / fmt::format("scopecheck-token-growth-{}", ::getpid());
    std::filesystem::remove_all(root);
    grown_dir = (root / "grown").string();
    base_dir = (root / "baseline").string();
  }
  std::vector<Row> rows;
  std::string restart_note;
  {
    std::optional<Emu> grown_emu(std::in_place, o, grown_dir);
    Emu& grown = *grown_emu;
    Emu base(o, base_dir);
    base.fill(10, 1, deadline + std::chrono::hours(1));
    for (size_t size : sizes) {
      auto fill_start = Clock::now();
      grown.fill(size, o.fill_connections, deadline);
      double fill_secs = std::chrono::duration<double>(Clock::now() - fill_start).count();
      if (grown.tokens() < size) {
        fmt::print("{}: stopped filling at {} tokens (--max-seconds reached)\n", mode, grown.tokens());
        break;
      }
      Row row{grown.tokens(), 0, 0, 0, 0, 0, 0, grown.rss_kib()};
      std::vector<double> cg, cb, gg, gb, cr, gr;
      for (int r = 0; r < o.rounds; ++r) {
        // Alternating which one goes first cancels a bias of the order; each round's ratio
        // compares two measurements a second apart.
        // The grown store keeps what its windows create: at the first size the rounds create
        // its tokens 11 to 10 + rounds x window (the 100th among them).
        if (r % 2 == 0) {
          cb.push_back(base.create_window(o.window, true));
          cg.push_back(grown.create_window(o.window, false));
          gb.push_back(base.get_rate(o.connections, o.get_seconds));
          gg.push_back(grown.get_rate(o.connections, o.get_seconds));
        } else {
          cg.push_back(grown.create_window(o.window, false));
          cb.push_back(base.create_window(o.window, true));
          gg.push_back(grown.get_rate(o.connections, o.get_seconds));
          gb.push_back(base.get_rate(o.connections, o.get_seconds));
        }
        cr.push_back(cg.back() / cb.back());
        gr.push_back(gg.back() / gb.back());
      }
      row.create_grown = median(cg);
      row.create_base = median(cb);
      row.get_grown = median(gg);
      row.get_base = median(gb);
      row.create_ratio = median(cr);
      row.get_ratio = median(gr);
      rows.push_back(row);
      fmt::print(stderr,
                 "{}: {} tokens (filled in {:.1f} s): create {:.0f}/s vs {:.0f}/s (ratio {:.2f}), GET {:.0f}/s vs "
                 "{:.0f}/s (ratio {:.2f}), RSS {} KiB\n",
                 mode, row.tokens, fill_secs, row.create_grown, row.create_base, row.create_ratio, row.get_grown,
                 row.get_base, row.get_ratio, row.rss_kib);
    }
    if (!grown_dir.empty()) {
      // A restart reads the whole log and compacts it: the one cost that is linear by design.
      const size_t n = grown.tokens();
      grown_emu.reset();
      // tokens.json: the whole-file format of earlier versions (a binary from before the log).
      const std::string file = std::filesystem::exists(grown_dir + "/tokens.log") ? "tokens.log" : "tokens.json";
      const auto log_bytes = std::filesystem::file_size(grown_dir + "/" + file);
      auto t0 = Clock::now();
      { Child again(o.binary, Emu::args(grown_dir)); }
      restart_note = fmt::format("restart on the data dir of {} tokens: {:.2f} s to the startup line; {} "
                                 "{:.1f} MiB ({:.0f} bytes per token)",
                                 n, std::chrono::duration<double>(Clock::now() - t0).count(), file,
                                 log_bytes / 1048576.0, static_cast<double>(log_bytes) / static_cast<double>(n));
    }
  }
  if (!grown_dir.empty()) std::filesystem::remove_all(std::filesystem::path(grown_dir).parent_path());

  fmt::print("\n### {}\n\n", mode == "memory" ? "In memory" : "With --data-dir");
  fmt::print("| tokens in the store | creations/s | baseline (10 tokens) creations/s | ratio (median of rounds) | "
             "presigned GET/s | baseline GET/s | ratio (median of rounds) | emulator RSS | RSS per token since the "
             "first row |\n");
  fmt::print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
  for (const auto& r : rows) {
    std::string per_token = "";
    if (&r != &rows.front() && r.tokens > rows.front().tokens)
      per_token = fmt::format("{:.2f} KiB", static_cast<double>(r.rss_kib - rows.front().rss_kib) /
                                                static_cast<double>(r.tokens - rows.front().tokens));
    fmt::print("| {} | {:.0f} | {:.0f} | {:.2f} | {:.0f} | {:.0f} | {:.2f} | {:.1f} MiB | {} |\n", r.tokens, r.create_grown,
               r.create_base, r.create_ratio, r.get_grown, r.get_base, r.get_ratio,
               r.rss_kib / 1024.0, per_token);
  }
  if (rows.size() >= 2) {
    const Row& first = rows.front();
    const Row& last = rows.back();
    // Against the first row's own figures too (the baseline emulator measures drift in load).
    fmt::print("\n{} tokens against {} tokens: creations {:.2f}x (same-time baseline ratio {:.2f}), presigned GETs "
               "{:.2f}x (same-time baseline ratio {:.2f})\n",
               last.tokens, first.tokens, last.create_grown / first.create_grown, last.create_ratio,
               last.get_grown / first.get_grown, last.get_ratio);
  }
  if (!restart_note.empty()) fmt::print("\n{}\n", restart_note);
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  try {
    for (int i = 1; i < argc; ++i) {
      std::string a = argv[i];
      auto value = [&]() -> std::string {
        if (i + 1 >= argc) throw std::invalid_argument(a + ": needs a value");
        return argv[++i];
      };
      if (a == "--binary") o.binary = value();
      else if (a == "--sizes") o.sizes = split_sizes(value());
      else if (a == "--data-dir-sizes") o.data_dir_sizes = split_sizes(value());
      else if (a == "--modes") o.modes = split(value());
      else if (a == "--window") o.window = std::stoi(value());
      else if (a == "--rounds") o.rounds = std::stoi(value());
      else if (a == "--get-seconds") o.get_seconds = std::stod(value());
      else if (a == "--connections") o.connections = std::stoi(value());
      else if (a == "--fill-connections") o.fill_connections = std::stoi(value());
      else if (a == "--max-seconds") o.max_seconds = std::stod(value());
      else throw std::invalid_argument("unknown argument '" + a + "'");
    }
    if (o.window < 1 || o.rounds < 1 || o.connections < 1 || o.fill_connections < 1)
      throw std::invalid_argument("--window, --rounds, --connections and --fill-connections must be >= 1");
    for (const auto& m : o.modes)
      if (m != "memory" && m != "data-dir") throw std::invalid_argument("--modes: memory or data-dir, not '" + m + "'");
  } catch (const std::exception& e) {
    fmt::print(stderr, "bench_token_growth: {}\n", e.what());
    return 2;
  }
  const auto deadline = Clock::now() + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(o.max_seconds));
  fmt::print("## Token growth ({}; window {} sequential creations, {} rounds, GETs: {} connections x {:.1f} s)\n",
             o.binary, o.window, o.rounds, o.connections, o.get_seconds);
  try {
    for (const auto& m : o.modes) run_mode(o, m, m == "memory" ? o.sizes : o.data_dir_sizes, deadline);
  } catch (const std::exception& e) {
    fmt::print(stderr, "bench_token_growth: {}\n", e.what());
    return 1;
  }
  return 0;
}
