// Throughput benchmarks, each beside a baseline measured in the same run on the same machine:
//  1. the emulator answering signed GETs of a small object over loopback with N concurrent
//     keep-alive connections, beside a bare Beast server answering a fixed 200 (ratio; aim ≥ 0.5);
//  2. the emulator's memory per idle connection;
//  3. the scenario runner's checks per second (default options) beside the emulator's raw rate.
// Usage: bench_scenario [seconds per measurement, default 5] [connections, default 4]
#include <utility>  // before Asio: Boost 1.74 uses std::exchange without including it

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <fmt/format.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <thread>
#include <vector>

#include "emulator/emulator.h"
#include "harness/http/client.h"
#include "harness/model/permission_groups.h"
#include "harness/model/resource_id.h"
#include "harness/scenario/profiles.h"
#include "harness/scenario/runner.h"
#include "harness/sigv4/crypto.h"
#include "harness/sigv4/signer.h"
#include "harness/targets/emulator_target.h"
#include "harness/targets/token_api.h"

namespace {

namespace beast = boost::beast;
namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

// A bare Beast server: keep-alive, a fixed 200 "ok" to anything.
class BareServer {
 public:
  BareServer() : acceptor_(io_, {asio::ip::make_address("127.0.0.1"), 0}) {
    accept();
    thread_ = std::thread([this] { io_.run(); });
  }
  ~BareServer() {
    io_.stop();
    thread_.join();
  }
  uint16_t port() const { return acceptor_.local_endpoint().port(); }

 private:
  struct Session : std::enable_shared_from_this<Session> {
    explicit Session(tcp::socket s) : stream(std::move(s)) {}
    beast::tcp_stream stream;
    beast::flat_buffer buffer;
    beast::http::request<beast::http::string_body> req;
    beast::http::response<beast::http::string_body> res;
    void read() {
      req = {};
      beast::http::async_read(stream, buffer, req, [self = shared_from_this()](beast::error_code ec, size_t) {
        if (ec) return;
        self->res = {beast::http::status::ok, 11};
        self->res.body() = "ok";
        self->res.keep_alive(true);
        self->res.prepare_payload();
        beast::http::async_write(self->stream, self->res, [self](beast::error_code ec2, size_t) {
          if (!ec2) self->read();
        });
      });
    }
  };
  void accept() {
    acceptor_.async_accept([this](beast::error_code ec, tcp::socket s) {
      if (!ec) std::make_shared<Session>(std::move(s))->read();
      accept();
    });
  }
  asio::io_context io_;
  tcp::acceptor acceptor_;
  std::thread thread_;
};

// Requests per second from `connections` threads, each with its own keep-alive client.
double rate(uint16_t port, const scopecheck::http::Request& req, int connections, double seconds) {
  std::atomic<int64_t> done{0}, failed{0};
  std::vector<std::thread> threads;
  const auto end = Clock::now() + std::chrono::duration<double>(seconds);
  for (int i = 0; i < connections; ++i)
    threads.emplace_back([&] {
      scopecheck::http::Client client(scopecheck::http::ClientOptions{});
      const scopecheck::http::Endpoint ep{"http", "127.0.0.1", port};
      while (Clock::now() < end) {
        auto r = client.send(ep, req);
        if (r && r->status == 200)
          ++done;
        else
          ++failed;
      }
    });
  for (auto& t : threads) t.join();
  if (failed > 0) fmt::print("  ({} requests failed)\n", failed.load());
  return static_cast<double>(done) / seconds;
}

long rss_kib() {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace scopecheck;
  const double seconds = argc > 1 ? std::stod(argv[1]) : 5.0;
  const int connections = argc > 2 ? std::stoi(argv[2]) : 4;

  // The emulator, with one bucket, one small object and a reader token.
  emulator::EmulatorConfig cfg;
  cfg.test_clock = "2026-01-01T00:00:00Z";
  emulator::Emulator emu(cfg);
  emu.start();
  http::Client admin_client(http::ClientOptions{});
  targets::TokenApi api(admin_client, fmt::format("http://127.0.0.1:{}/client/v4", emu.api_port()), emu.bootstrap_token());
  model::Token t;
  t.name = "bench";
  model::Policy p;
  p.resources = {model::Resource::all_accounts()};
  p.permission_groups = {std::string(model::kStorageWriteId)};
  t.policies = {p};
  const auto creds = api.create(t);
  const sigv4::Credentials sc{creds.id, creds.secret(), {}};
  auto signed_request = [&](std::string method, std::string target, std::string body) {
    sigv4::HttpRequest r;
    r.method = std::move(method);
    r.target = std::move(target);
    r.headers.emplace_back("Host", fmt::format("127.0.0.1:{}", emu.s3_port()));
    r.body = std::move(body);
    sigv4::SignOptions o;
    o.time = std::chrono::sys_seconds(std::chrono::seconds(1767225600));
    r = sigv4::sign_headers(std::move(r), sc, o);
    return http::Request{r.method, r.target, r.headers, r.body};
  };
  const http::Endpoint s3{"http", "127.0.0.1", emu.s3_port()};
  admin_client.send(s3, signed_request("PUT", "/bench", ""));
  admin_client.send(s3, signed_request("PUT", "/bench/small.txt", std::string(256, 'x')));

  BareServer bare;
  const double bare_rate = rate(bare.port(), http::Request{"GET", "/", {}, ""}, connections, seconds);
  const double emu_rate =
      rate(emu.s3_port(), signed_request("GET", "/bench/small.txt", ""), connections, seconds);
  fmt::print("signed GET of a 256-byte object, {} keep-alive connections, {:.0f} s each:\n", connections, seconds);
  fmt::print("  bare Beast server (fixed 200):   {:10.0f} req/s\n", bare_rate);
  fmt::print("  emulator (SigV4 + authz + read): {:10.0f} req/s   ratio {:.2f} (aim >= 0.50)\n", emu_rate,
             emu_rate / bare_rate);

  // Memory per idle connection: open idle keep-alive connections and watch RSS.
  {
    constexpr int kIdle = 200;
    const long before = rss_kib();
    asio::io_context io;  // before the sockets: they must be closed first
    std::vector<tcp::socket> sockets;
    for (int i = 0; i < kIdle; ++i) {
      tcp::socket s(io);
      s.connect({asio::ip::make_address("127.0.0.1"), emu.s3_port()});
      sockets.push_back(std::move(s));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    const long after = rss_kib();
    fmt::print("memory per idle connection: {:.1f} KiB ({} connections, RSS {} → {} KiB; includes the client side)\n",
               static_cast<double>(after - before) / kIdle, kIdle, before, after);
  }
  emu.stop();

  // The runner's checks per second with default options, beside the emulator's raw rate.
  targets::EmulatorTargetOptions to;
  targets::EmulatorTarget target(to);
  scenario::RunOptions ro;
  ro.matrix = false;
  ro.budget = std::chrono::seconds(static_cast<int64_t>(seconds));
  const auto profile = scenario::find_profile("r2").value();
  const auto r = scenario::run(target, profile, ro);
  const double checks_per_s = static_cast<double>(r.checks) / r.duration_seconds;
  fmt::print("scenario runner (random phase, default options): {:.0f} checks/s ({} checks, {} scenarios)\n", checks_per_s,
             r.checks, r.scenarios);
  fmt::print("  = {:.2f} of the emulator's raw signed-GET rate with {} connections (each scenario also starts a fresh\n"
             "    emulator and sets its world up through the token API and S3)\n",
             checks_per_s / emu_rate, connections);
  return 0;
}
