// A delaying HTTP relay for benchmarks: every request waits `--delay-ms` before it is forwarded,
// as over a long network path. It relays to 127.0.0.1 at the port of the request's Host header
// (so one relay serves every emulator a run starts; the harness reaches it through connect-to:
// `scopecheck run --transport tcp --tcp-via 127.0.0.1:PORT`). Loopback only, one thread per
// connection, bytes relayed unchanged, and from the client's own source address. Prints its port on stdout, stops on SIGTERM/SIGINT or
// after --max-seconds.
// Usage: delay_proxy [--delay-ms 20] [--port 0] [--max-seconds 600]
#include <utility>  // before Asio: Boost 1.74 uses std::exchange without including it

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <chrono>
#include <csignal>
#include <optional>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

void relay(tcp::socket client, std::chrono::milliseconds delay) {
  try {
    beast::flat_buffer in_buf, up_buf;
    std::optional<tcp::socket> upstream;
    uint16_t upstream_port = 0;
    for (;;) {
      http::request_parser<http::string_body> req_parser;
      req_parser.body_limit(256 * 1024 * 1024);
      http::read(client, in_buf, req_parser);
      auto req = req_parser.release();
      const std::string host(req[http::field::host]);
      const auto colon = host.rfind(':');
      const uint16_t port = colon == std::string::npos ? 80 : static_cast<uint16_t>(std::stoi(host.substr(colon + 1)));
      if (!upstream || port != upstream_port) {
        upstream.emplace(client.get_executor());
        // From the client's own address: the emulator judges IP conditions by the source address,
        // and the relay must not change it (127.0.0.2 stays 127.0.0.2).
        const auto peer = client.remote_endpoint().address();
        upstream->open(peer.is_v4() ? tcp::v4() : tcp::v6());
        upstream->bind(tcp::endpoint(peer, 0));
        upstream->connect(tcp::endpoint(peer.is_v4() ? asio::ip::make_address("127.0.0.1") : asio::ip::make_address("::1"), port));
        upstream_port = port;
        up_buf.clear();
      }
      std::this_thread::sleep_for(delay);
      http::write(*upstream, req);
      http::response_parser<http::string_body> res_parser;
      res_parser.body_limit(256 * 1024 * 1024);
      if (req.method() == http::verb::head) res_parser.skip(true);
      http::read(*upstream, up_buf, res_parser);
      auto res = res_parser.release();
      const bool keep = res.keep_alive() && req.keep_alive();
      http::write(client, res);
      if (!keep) return;
    }
  } catch (const std::exception&) {
    // the client or the emulator closed the connection: the relay ends with it
  }
}

}  // namespace

int main(int argc, char** argv) {
  int delay_ms = 20, port = 0, max_seconds = 600;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    const int value = std::atoi(argv[i + 1]);
    if (flag == "--delay-ms") delay_ms = value;
    else if (flag == "--port") port = value;
    else if (flag == "--max-seconds") max_seconds = value;
    else {
      std::fprintf(stderr, "delay_proxy: unknown option %s\n", flag.c_str());
      return 2;
    }
  }
  asio::io_context ioc;
  tcp::acceptor acceptor(ioc, tcp::endpoint(asio::ip::make_address("127.0.0.1"), static_cast<uint16_t>(port)));
  std::printf("%u\n", acceptor.local_endpoint().port());
  std::fflush(stdout);
  std::signal(SIGPIPE, SIG_IGN);
  std::thread stopper([&] {
    std::this_thread::sleep_for(std::chrono::seconds(max_seconds));
    std::_Exit(0);
  });
  stopper.detach();
  for (;;) {
    tcp::socket s(ioc);
    acceptor.accept(s);
    s.set_option(tcp::no_delay(true));
    std::thread(relay, std::move(s), std::chrono::milliseconds(delay_ms)).detach();
  }
}
