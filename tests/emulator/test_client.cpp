#include "tests/emulator/test_client.h"

#include <optional>

#include <gtest/gtest.h>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <pugixml.hpp>

#include <thread>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness/sigv4/crypto.h"

namespace scopecheck::emulator::testing {
namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;

std::string Reply::code() const {
  pugi::xml_document doc;
  if (!doc.load_buffer(body.data(), body.size())) return "";
  return doc.child("Error").child_value("Code");
}

nlohmann::json Reply::json() const { return nlohmann::json::parse(body, nullptr, false); }

Reply http_call(uint16_t port, const std::string& method, const std::string& target, const Headers& headers,
                const std::string& body, const std::string& bind_ip) {
  Reply out;
  net::io_context ioc;
  beast::tcp_stream stream(ioc);
  beast::error_code ec;
  stream.socket().open(tcp::v4(), ec);
  stream.socket().bind(tcp::endpoint(net::ip::make_address(bind_ip), 0), ec);
  if (ec) return out;
  stream.expires_after(std::chrono::seconds(20));
  stream.connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port), ec);
  if (ec) return out;
  http::request<http::string_body> req(http::string_to_verb(method), target, 11);
  if (req.method() == http::verb::unknown) req.method_string(method);
  bool has_host = false;
  for (const auto& [k, v] : headers) {
    req.insert(k, v);
    if (beast::iequals(k, "host")) has_host = true;
  }
  if (!has_host) req.set(http::field::host, "127.0.0.1:" + std::to_string(port));
  req.body() = body;
  req.prepare_payload();
  http::write(stream, req, ec);
  if (ec) return out;
  beast::flat_buffer buf;
  // Interim (1xx) answers, such as `100 Continue`, precede the final one: skip them.
  std::optional<http::response_parser<http::string_body>> parser;
  do {
    parser.emplace();
    parser->body_limit(256 * 1024 * 1024);
    parser->skip(method == "HEAD");
    http::read(stream, buf, *parser, ec);
    if (ec) return out;
  } while (parser->get().result_int() / 100 == 1);
  auto res = parser->release();
  out.status = res.result_int();
  for (const auto& f : res) {
    std::string name(f.name_string());
    for (auto& ch : name) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    out.headers[name] = std::string(f.value());
  }
  out.body = res.body();
  out.closed = !res.keep_alive();
  return out;
}

std::string raw_call(uint16_t port, const std::string& bytes, bool* closed_by_server) {
  net::io_context ioc;
  tcp::socket s(ioc);
  beast::error_code ec;
  s.connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port), ec);
  *closed_by_server = false;
  if (ec) return "";
  net::write(s, net::buffer(bytes), ec);
  std::string out;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  char buf[4096];
  s.non_blocking(true);
  while (std::chrono::steady_clock::now() < deadline) {
    size_t n = s.read_some(net::buffer(buf), ec);
    if (ec == net::error::would_block) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
      continue;
    }
    if (ec) {
      *closed_by_server = true;
      break;
    }
    out.append(buf, n);
  }
  return out;
}

sigv4::Credentials Token::creds() const { return {id, sigv4::sha256_hex(value), ""}; }

nlohmann::json bucket_resource(const std::string& bucket, const std::string& jur, const std::string& acct) {
  return {{"com.cloudflare.edge.r2.bucket." + acct + "_" + jur + "_" + bucket, "*"}};
}

nlohmann::json policy(const std::string& effect, nlohmann::json resources, const std::vector<std::string>& groups) {
  nlohmann::json g = nlohmann::json::array();
  for (const auto& id : groups) g.push_back({{"id", id}});
  return {{"effect", effect}, {"resources", resources}, {"permission_groups", g}};
}

std::string host_for(const std::string& jur, uint16_t port, const std::string& bucket, const std::string& acct) {
  std::string h = bucket.empty() ? "" : bucket + ".";
  h += acct;
  if (jur != "default") h += "." + jur;
  return h + ".r2.localhost:" + std::to_string(port);
}

TestEmulator::TestEmulator(EmulatorConfig config) {
  if (!config.test_clock) config.test_clock = kStart;
  config.listen = "127.0.0.1:0";
  config.api_listen = "127.0.0.1:0";
  emu_ = std::make_unique<Emulator>(config);
  emu_->start();
}

TestEmulator::~TestEmulator() { emu_->stop(); }

std::chrono::sys_seconds TestEmulator::now() { return emu_->clock()->now(); }
void TestEmulator::advance(int seconds) { emu_->clock()->advance(std::chrono::seconds(seconds)); }

Reply TestEmulator::api(const std::string& method, const std::string& path, const nlohmann::json& body,
                        const std::string& bearer, const std::string& bind_ip) {
  Headers h{{"Authorization", "Bearer " + (bearer.empty() ? emu_->bootstrap_token() : bearer)}};
  std::string b;
  if (!body.is_null()) {
    h.emplace_back("Content-Type", "application/json");
    b = body.dump();
  }
  return http_call(emu_->api_port(), method, "/client/v4" + path, h, b, bind_ip);
}

Token TestEmulator::create_token(const std::vector<nlohmann::json>& policies, const nlohmann::json& extra) {
  nlohmann::json body = extra;
  body["name"] = "test token";
  body["policies"] = policies;
  auto r = api("POST", "/user/tokens", body);
  EXPECT_EQ(r.status, 200) << r.body;
  auto j = r.json();
  if (r.status != 200) return {};
  return {j["result"]["id"].get<std::string>(), j["result"]["value"].get<std::string>()};
}

Reply TestEmulator::s3(const Token& t, S3Call call) {
  sigv4::HttpRequest req;
  req.method = call.method;
  req.target = call.target;
  req.body = call.body;
  std::string host = call.host.empty() ? "127.0.0.1:" + std::to_string(emu_->s3_port()) : call.host;
  if (!call.host_unsigned) req.headers.emplace_back("Host", host);
  for (const auto& h : call.headers) req.headers.push_back(h);
  sigv4::SignOptions opts;
  opts.time = now() + call.time_offset;
  opts.region = call.region;
  opts.payload_hash = call.payload_hash;
  sigv4::HttpRequest signed_req = call.presign_expires > 0
                                      ? sigv4::presign(req, t.creds(), opts, call.presign_expires)
                                      : sigv4::sign_headers(req, t.creds(), opts);
  if (call.host_unsigned) signed_req.headers.emplace_back("Host", host);
  if (call.tamper) call.tamper(signed_req);
  return http_call(emu_->s3_port(), signed_req.method, signed_req.target, signed_req.headers, signed_req.body,
                   call.bind_ip);
}

Reply TestEmulator::s3_anonymous(S3Call call) {
  Headers h = call.headers;
  if (!call.host.empty()) h.emplace_back("Host", call.host);
  return http_call(emu_->s3_port(), call.method, call.target, h, call.body, call.bind_ip);
}

const Token& TestEmulator::admin() {
  if (!admin_) {
    admin_ = create_token({policy("allow", {{std::string("com.cloudflare.api.account.") + kAcct, "*"},
                                            {std::string("com.cloudflare.api.account.") + kOtherAcct, "*"}},
                                  {kStorageWrite})});
  }
  return *admin_;
}

void TestEmulator::make_bucket(const std::string& name, const std::string& jur) {
  S3Call c;
  c.method = "PUT";
  c.target = "/" + name;
  if (jur != "default") c.host = host_for(jur, emu_->s3_port());
  auto r = s3(admin(), c);
  ASSERT_EQ(r.status, 200) << r.body;
}

void TestEmulator::put(const std::string& bucket, const std::string& key, const std::string& body) {
  S3Call c;
  c.method = "PUT";
  c.target = "/" + bucket + "/" + key;
  c.body = body;
  auto r = s3(admin(), c);
  ASSERT_EQ(r.status, 200) << r.body;
}

ChildEmulator::ChildEmulator(const std::vector<std::string>& args) {
  int fds[2];
  if (pipe(fds) != 0) return;
  pid_ = fork();
  if (pid_ == 0) {
    dup2(fds[1], 1);
    close(fds[0]);
    close(fds[1]);
    std::vector<std::string> all = {SCOPECHECK_BINARY, "emulate"};
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
  auto j = nlohmann::json::parse(line, nullptr, false);
  if (!j.is_discarded()) startup = j;
}

ChildEmulator::~ChildEmulator() {
  if (pid_ > 0 && !reaped_) {
    ::kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
  }
}

namespace {
uint16_t port_of(const std::string& url) {
  auto colon = url.rfind(':');
  return static_cast<uint16_t>(std::stoi(url.substr(colon + 1)));
}
}  // namespace

uint16_t ChildEmulator::s3_port() const { return port_of(startup["s3"].get<std::string>()); }
uint16_t ChildEmulator::api_port() const {
  std::string api = startup["api"];
  return port_of(api.substr(0, api.find("/client")));
}

void ChildEmulator::signal(int sig) {
  if (pid_ > 0) ::kill(pid_, sig);
}

int ChildEmulator::wait_exit_code() {
  int status = 0;
  if (pid_ <= 0 || waitpid(pid_, &status, 0) != pid_) return -2;
  reaped_ = true;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

Reply signed_call(uint16_t port, const Token& t, const std::string& method, const std::string& target,
                  const std::string& body) {
  sigv4::HttpRequest req;
  req.method = method;
  req.target = target;
  req.body = body;
  req.headers.emplace_back("Host", "127.0.0.1:" + std::to_string(port));
  sigv4::SignOptions opts;
  opts.time = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  auto s = sigv4::sign_headers(req, t.creds(), opts);
  return http_call(port, s.method, s.target, s.headers, s.body);
}

}  // namespace scopecheck::emulator::testing
