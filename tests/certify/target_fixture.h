// Test helpers for certification tests: bring a real target up with scripts/targets/X-up.sh in a
// private TARGET_DIR on free loopback ports, and down again when the test ends (RAII); run the
// CLI and read the certificate.
#pragma once

#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

#include "harness/sigv4/crypto.h"

namespace scopecheck::certify_test {

inline std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// A port that was free a moment ago, chosen below the kernel's ephemeral range (32768 and up
// here): a port taken from that range can be grabbed again, before the target binds it, as the
// local port of an outgoing connection of a test running in parallel (Swift's proxy then could
// not bind 127.0.0.1:<port> for 30 s in a CI run).
inline int free_port() {
  static unsigned state = static_cast<unsigned>(::getpid()) * 2654435761u;
  for (int attempt = 0; attempt < 1000; ++attempt) {
    state = state * 1103515245u + 12345u;
    const int port = 10000 + static_cast<int>((state >> 8) % 10000);  // 10000..19999 (RGW's mon/osd: 20000+)
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = htons(static_cast<uint16_t>(port));
    const bool ok = ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
    ::close(fd);
    if (ok) return port;
  }
  return 0;
}

// Runs a shell command; returns its exit status (or -1).
inline int sh(const std::string& cmd) {
  const int rc = std::system(cmd.c_str());
  return rc == -1 ? -1 : WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

inline std::string temp_dir(const std::string& name) {
  auto d = std::filesystem::temp_directory_path() / ("scopecheck-certify-test-" + name + "-" + std::to_string(::getpid()));
  std::filesystem::remove_all(d);
  std::filesystem::create_directories(d);
  return d.string();
}

// A target brought up by scripts/targets/<kind>-up.sh with `env` ("A=1 B=2"), down in the
// destructor. `up_rc` is the script's exit status; `line` its JSON line (also in `line_file`).
struct UpTarget {
  std::string kind, dir, env, line_file;
  nlohmann::json line;
  int up_rc = -1;

  UpTarget(std::string k, const std::string& work, std::string e) : kind(std::move(k)), dir(work + "/target"), env(std::move(e)) {
    line_file = work + "/" + kind + ".json";
    up_rc = sh("TARGET_DIR='" + dir + "' " + env + " '" + SCOPECHECK_SOURCE_DIR + "/scripts/targets/" + kind + "-up.sh' > '" +
               line_file + "' 2> '" + work + "/up.log'");
    if (up_rc == 0) line = nlohmann::json::parse(slurp(line_file), nullptr, false);
  }
  ~UpTarget() { sh("FAST=1 TARGET_DIR='" + dir + "' '" + std::string(SCOPECHECK_SOURCE_DIR) + "/scripts/targets/" + kind + "-down.sh' >/dev/null 2>&1"); }
};

// Runs the CLI with `args`, stdout+stderr into `log`; returns its exit status.
inline int scopecheck(const std::string& args, const std::string& log) {
  return sh(std::string("'") + SCOPECHECK_BINARY + "' " + args + " > '" + log + "' 2>&1");
}

// `scopecheck emulate` on ephemeral loopback ports as an S3 server of a static file, stopped in
// the destructor. `admin_key`/`admin_secret` are an Admin Read & Write token of its account (its
// id and sha256(value)), made through its token API; "" when it did not come up.
struct EmulateServer {
  pid_t pid = -1;
  std::string s3, api, account, admin_key, admin_secret, log;

  // `inject`: a seeded bug of the emulator to switch on ("" none).
  explicit EmulateServer(const std::string& work, const std::string& inject = "") {
    const std::string boot = "scopecheck-certify-test-bootstrap-00000000000000000";
    log = work + "/emulate.log";
    pid = ::fork();
    if (pid == 0) {
      if (!::freopen((work + "/emulate.json").c_str(), "w", stdout) || !::freopen(log.c_str(), "w", stderr)) ::_exit(127);
      ::setenv("SCOPECHECK_BOOTSTRAP_TOKEN", boot.c_str(), 1);
      if (inject.empty())
        ::execl(SCOPECHECK_BINARY, SCOPECHECK_BINARY, "emulate", "--listen", "127.0.0.1:0", "--api-listen", "127.0.0.1:0",
                static_cast<char*>(nullptr));
      else
        ::execl(SCOPECHECK_BINARY, SCOPECHECK_BINARY, "emulate", "--listen", "127.0.0.1:0", "--api-listen", "127.0.0.1:0",
                "--inject", inject.c_str(), static_cast<char*>(nullptr));
      ::_exit(127);
    }
    nlohmann::json line;
    for (int i = 0; i < 200 && !line.is_object(); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      const auto text = slurp(work + "/emulate.json");
      if (text.find('\n') != std::string::npos) line = nlohmann::json::parse(text.substr(0, text.find('\n')), nullptr, false);
    }
    if (!line.is_object()) return;
    s3 = line["s3"];
    api = line["api"];
    account = line["account"];
    const std::string body =
        R"({"name":"static-admin","policies":[{"effect":"allow","permission_groups":[{"id":"bf7481a1826f439697cb59a20b22293e"}],"resources":{"com.cloudflare.api.account.)" +
        account + R"(":"*"}}]})";
    if (sh("curl -sf -X POST -H 'Authorization: Bearer " + boot + "' -H 'Content-Type: application/json' -d '" + body + "' " +
           api + "/user/tokens > '" + work + "/admin.json'") != 0)
      return;
    const auto admin = nlohmann::json::parse(slurp(work + "/admin.json"), nullptr, false);
    if (!admin.is_object()) return;
    admin_key = admin["result"]["id"];
    // The S3 secret of an R2 token is the SHA-256 of its value.
    admin_secret = sigv4::sha256_hex(admin["result"]["value"].get<std::string>());
  }
  ~EmulateServer() {
    if (pid > 0) {
      ::kill(pid, SIGTERM);
      ::waitpid(pid, nullptr, 0);
    }
  }
  EmulateServer(const EmulateServer&) = delete;
  EmulateServer& operator=(const EmulateServer&) = delete;

};

inline const nlohmann::json* rule(const nlohmann::json& cert, const std::string& id) {
  for (const auto& r : cert["rules"])
    if (r["rule"] == id) return &r;
  return nullptr;
}

}  // namespace scopecheck::certify_test
