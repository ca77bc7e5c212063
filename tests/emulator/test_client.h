// Test helper: an in-process emulator on 127.0.0.1 ephemeral ports, a tiny synchronous Beast
// client, the sigv4 signer, and token-API shortcuts. Not a test file of its own.
#pragma once

#include <nlohmann/json.hpp>

#include <functional>
#include <map>
#include <optional>
#include <memory>
#include <string>
#include <vector>

#include "emulator/emulator.h"
#include "harness/sigv4/signer.h"

namespace scopecheck::emulator::testing {

inline constexpr const char* kAcct = "0123456789abcdef0123456789abcdef";
inline constexpr const char* kOtherAcct = "fedcba9876543210fedcba9876543210";
inline constexpr const char* kStart = "2026-01-01T00:00:00Z";
inline constexpr const char* kItemRead = "6a018a9f2fc74eb6b293b0c548f38b39";
inline constexpr const char* kItemWrite = "2efd5506f9c8494dacb1fa10a3e7d5b6";
inline constexpr const char* kStorageRead = "b4992e1108244f5d8bfbd5744320c2e1";
inline constexpr const char* kStorageWrite = "bf7481a1826f439697cb59a20b22293e";

struct Reply {
  int status = 0;  // 0 = transport failure (reset, closed without an answer)
  std::map<std::string, std::string> headers;  // lowercase names
  std::string body;
  bool closed = false;  // the server announced or performed a close
  std::string code() const;  // <Code> of an S3 XML error body, or ""
  nlohmann::json json() const;
};

using Headers = std::vector<std::pair<std::string, std::string>>;

// One request on a fresh connection. bind_ip chooses the client's source address.
Reply http_call(uint16_t port, const std::string& method, const std::string& target, const Headers& headers,
                const std::string& body, const std::string& bind_ip = "127.0.0.1");
// Sends raw bytes, returns everything read until the server closes (or 5 s pass).
std::string raw_call(uint16_t port, const std::string& bytes, bool* closed_by_server);

struct Token {
  std::string id, value;
  sigv4::Credentials creds() const;
};

nlohmann::json bucket_resource(const std::string& bucket, const std::string& jur = "default",
                               const std::string& acct = kAcct);
nlohmann::json policy(const std::string& effect, nlohmann::json resources, const std::vector<std::string>& groups);

struct S3Call {
  std::string method = "GET";
  std::string target = "/";
  std::string body;
  Headers headers;
  std::string host;  // default 127.0.0.1:<port>
  std::string bind_ip = "127.0.0.1";
  std::string region = "auto";
  std::string payload_hash;  // "" = sha256 of body
  int64_t presign_expires = 0;  // > 0: presigned URL instead of header auth
  std::chrono::seconds time_offset{0};
  // Applied to the signed request before sending (add unsigned headers, flip a signature char).
  std::function<void(sigv4::HttpRequest&)> tamper;
  bool host_unsigned = false;  // header auth: Host left out of SignedHeaders (signed without it, sent)
};

class TestEmulator {
 public:
  explicit TestEmulator(EmulatorConfig config = {});
  ~TestEmulator();
  Emulator& emu() { return *emu_; }
  std::chrono::sys_seconds now();
  void advance(int seconds);

  Reply api(const std::string& method, const std::string& path, const nlohmann::json& body = nullptr,
            const std::string& bearer = "", const std::string& bind_ip = "127.0.0.1");
  // Creates a token (fails the test on error). extra: condition, not_before, expires_on...
  Token create_token(const std::vector<nlohmann::json>& policies, const nlohmann::json& extra = nlohmann::json::object());
  Reply s3(const Token& t, S3Call call);
  Reply s3_anonymous(S3Call call);
  // Admin token (Storage Write on the default and other account); created lazily.
  const Token& admin();
  void make_bucket(const std::string& name, const std::string& jur = "default");
  void put(const std::string& bucket, const std::string& key, const std::string& body);

 private:
  std::unique_ptr<Emulator> emu_;
  std::optional<Token> admin_;
};

// `scopecheck emulate ARGS...` as a child process (binary at SCOPECHECK_BINARY); the startup JSON
// line is read from its stdout. The destructor SIGKILLs it if still running.
class ChildEmulator {
 public:
  explicit ChildEmulator(const std::vector<std::string>& args);
  ~ChildEmulator();
  bool started() const { return !startup.is_null(); }
  uint16_t s3_port() const;
  uint16_t api_port() const;
  void signal(int sig);
  int wait_exit_code();  // -1 when killed by a signal
  nlohmann::json startup;

 private:
  int pid_ = -1;
  bool reaped_ = false;
};

// Signs with the system clock (for child processes, which run on the system clock).
Reply signed_call(uint16_t port, const Token& t, const std::string& method, const std::string& target,
                  const std::string& body = "");

std::string host_for(const std::string& jur, uint16_t port, const std::string& bucket = "",
                     const std::string& acct = kAcct);

}  // namespace scopecheck::emulator::testing
