// `scopecheck emulate` as a third-party S3 server with a static target file naming it, for tests
// of `run --target static` and `certify` (tests/certify/target_fixture.h starts the server).
#pragma once

#include <nlohmann/json.hpp>

#include <fstream>
#include <string>

#include "tests/certify/target_fixture.h"

namespace scopecheck::cli::testing {

struct StaticServer {
  certify_test::EmulateServer server;
  std::string static_file;  // absolute path; "" when the server did not come up

  // The server (with seeded bug `inject`, "" none) and `file` (absolute) naming it with profile r2.
  StaticServer(const std::string& work, const std::string& file, const std::string& inject = "") : server(work, inject) {
    if (server.admin_key.empty()) return;
    std::ofstream(file) << nlohmann::json{
        {"format", "scopecheck-static/1"},
        {"endpoint", server.s3},
        {"region", "auto"},
        {"profile", "r2"},
        {"admin", {{"name", "admin"}, {"access_key", server.admin_key}, {"secret_key", server.admin_secret}}},
        {"credentials",
         {{{"name", "ci"},
           {"access_key", server.admin_key},
           {"secret_key", server.admin_secret},
           {"grants", {{{"effect", "allow"}, {"permission", "admin-write"}, {"buckets", {"*"}}}}}}}},
        {"buckets", {{{"name", "sc-cli-a"}}, {{"name", "sc-cli-b"}}, {{"name", "sc-cli-c"}}}}}
                               .dump();
    static_file = file;
  }
  std::string log() const { return certify_test::slurp(server.log); }
};

}  // namespace scopecheck::cli::testing
