// A certificate's replay commands name every file relative to the certificate's folder: the case,
// the static file, the profile files. The folder CI uploads, or one copied with the files around it
// to another checkout, replays from where it is; no path of the machine that ran appears in it.
#include <gtest/gtest.h>

#include <filesystem>
#include <set>

#include "tests/certify/target_fixture.h"

namespace scopecheck::certify_test {
namespace {

namespace fs = std::filesystem;

TEST(CertificateReplayPaths, EveryFileIsNamedFromTheCertificatesFolderAndReplaysFromACopy) {
  const auto work = temp_dir("replay-paths");
  // The emulator accepting a signed payload hash that differs from the body: the matrix fails
  // SC-SIG-11 with a case to replay.
  EmulateServer server(work, "payload-hash-unchecked");
  ASSERT_FALSE(server.admin_key.empty()) << slurp(server.log);

  // The inputs in one folder, the certificate in another, certify run from a third; every input
  // given by its absolute path.
  const fs::path tree = fs::path(work) / "tree";
  fs::create_directories(tree / "inputs");
  fs::create_directories(tree / "reports");
  fs::create_directories(tree / "elsewhere");
  const std::string static_file = (tree / "inputs" / "static.json").string();
  std::ofstream(static_file) << nlohmann::json{
      {"format", "scopecheck-static/1"},
      {"endpoint", server.s3},
      {"region", "auto"},
      {"admin", {{"name", "admin"}, {"access_key", server.admin_key}, {"secret_key", server.admin_secret}}},
      {"credentials",
       {{{"name", "ci"},
         {"access_key", server.admin_key},
         {"secret_key", server.admin_secret},
         {"grants", {{{"effect", "allow"}, {"permission", "admin-write"}, {"buckets", {"*"}}}}}}}},
      {"buckets", {{{"name", "sc-paths-a"}}, {{"name", "sc-paths-b"}}, {{"name", "sc-paths-c"}}}}}
                                    .dump();
  const std::string r2 = slurp(std::string(SCOPECHECK_SOURCE_DIR) + "/scenarios/profiles/r2.json");
  std::ofstream((tree / "inputs" / "profile.json").string()) << r2;
  std::ofstream((tree / "inputs" / "reference.json").string()) << r2;
  const std::string out = (tree / "reports" / "cert").string();
  const int rc = sh("cd '" + (tree / "elsewhere").string() + "' && '" + SCOPECHECK_BINARY +
                    "' certify --target static --static-file '" + static_file + "' --profile '" +
                    (tree / "inputs" / "profile.json").string() + "' --reference '" + (tree / "inputs" / "reference.json").string() +
                    "' --seed 1 --budget 0s --out ../reports/cert > '" + work + "/certify.log' 2>&1");
  ASSERT_EQ(rc, 1) << slurp(work + "/certify.log");

  // No path of this machine in any of the three files.
  for (const char* f : {"certificate.json", "certificate.md", "certificate.html"}) {
    const auto text = slurp(out + "/" + f);
    ASSERT_FALSE(text.empty()) << f;
    EXPECT_EQ(text.find(work), std::string::npos) << f << " names " << work;
  }
  const auto cert = nlohmann::json::parse(slurp(out + "/certificate.json"));
  std::set<std::string> replays;
  for (const auto& f : cert["findings"])
    if (f.contains("replay")) replays.insert(f["replay"].get<std::string>());
  ASSERT_FALSE(replays.empty()) << cert["findings"].dump(1);
  for (const auto& r : replays) {
    EXPECT_EQ(r.rfind("scopecheck replay cases/", 0), 0u) << r;
    EXPECT_NE(r.find("--static-file ../../inputs/static.json"), std::string::npos) << r;
    EXPECT_TRUE(r.find("--profile ../../inputs/profile.json") != std::string::npos ||
                r.find("--profile ../../inputs/reference.json") != std::string::npos)
        << r;
  }

  // The terminal, whose working directory is not the certificate's folder, says to go there first.
  EXPECT_NE(slurp(work + "/certify.log").find("cd ../reports/cert && scopecheck replay cases/"), std::string::npos)
      << slurp(work + "/certify.log");

  // The tree copied elsewhere and the original gone: each command, run from the copy's
  // certificate folder, reproduces its finding.
  const fs::path copy = fs::path(work) / "copied";
  fs::copy(tree, copy, fs::copy_options::recursive);
  fs::remove_all(tree);
  int i = 0;
  for (const auto& r : replays) {
    const std::string log = work + "/replay-" + std::to_string(i++) + ".log";
    EXPECT_EQ(sh("cd '" + (copy / "reports" / "cert").string() + "' && '" + SCOPECHECK_BINARY + "' " +
                 r.substr(std::string("scopecheck ").size()) + " > '" + log + "' 2>&1"),
              1)
        << r << "\n"
        << slurp(log);
    EXPECT_NE(slurp(log).find("REPRODUCED"), std::string::npos) << slurp(log);
  }
}

}  // namespace
}  // namespace scopecheck::certify_test
