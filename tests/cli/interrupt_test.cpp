// Ctrl-C or a cancelled CI job (SIGTERM) in the middle of a run: the run stops at its next check,
// writes all four reports marked INTERRUPTED with what ran, keeps the cases it saved (each a
// whole, valid case that replays), and exits 128 + the signal. A second signal exits at once.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <signal.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "harness/scenario/case_file.h"
#include "tests/cli/background.h"
#include "tests/cli/cli_run.h"
#include "tests/cli/static_server.h"

namespace scopecheck::cli::testing {
namespace {

using namespace std::chrono_literals;
namespace fs = std::filesystem;

std::string slurp(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

size_t case_count(const fs::path& dir) {
  std::error_code ec;
  size_t n = 0;
  for (const auto& e : fs::directory_iterator(dir, ec))
    if (e.path().extension() == ".json") ++n;
  return n;
}

// A run with a seeded bug keeps finding (and saving) distinct violations for its whole budget.
void interrupted_run_writes_everything(int sig, const std::string& name, int code) {
  TempDir dir;
  Background run(dir.str(), {"run", "--inject", "deny-ignored", "--max-violations", "1000", "--budget", "10m",
                             "--jobs", "2", "--out", "out"});
  ASSERT_TRUE(Background::wait_for([&] { return case_count(dir.str("out/cases")) >= 1; }, 60s))
      << "no case saved within 60 s\n" << run.err();
  const auto started = std::chrono::steady_clock::now();
  run.signal(sig);
  const int exit_code = run.wait(60s);
  ASSERT_EQ(exit_code, code) << run.out() << run.err();
  EXPECT_LT(std::chrono::steady_clock::now() - started, 30s) << "a 10-minute run did not stop at the signal";
  EXPECT_NE(run.err().find(name + ": stopping at the next check"), std::string::npos) << run.err();

  const fs::path out = dir.str("out");
  const auto result = nlohmann::json::parse(slurp(out / "result.json"));
  EXPECT_EQ(result.value("interrupted", ""), name);
  EXPECT_GT(result["checks"].get<int64_t>(), 0);
  EXPECT_GE(result["violations"].get<int64_t>(), 1);
  EXPECT_FALSE(result["violation_list"].empty());
  const std::string verdict = "INTERRUPTED by " + name;
  EXPECT_NE(slurp(out / "summary.md").find("## scopecheck: " + verdict), std::string::npos) << slurp(out / "summary.md");
  const auto html = slurp(out / "report.html");
  EXPECT_NE(html.find("verdict-interrupted\">" + verdict), std::string::npos);
  EXPECT_NE(html.find("<title>scopecheck: INTERRUPTED"), std::string::npos);
  const auto junit = slurp(out / "junit.xml");
  EXPECT_NE(junit.find("<error type=\"interrupted\" message=\"" + verdict), std::string::npos) << junit;
  EXPECT_NE(run.out().find(verdict), std::string::npos) << run.out();

  // Every case the run saved is whole and valid, and the reports list each one.
  size_t cases = 0;
  for (const auto& e : fs::directory_iterator(out / "cases")) {
    ASSERT_EQ(e.path().extension(), ".json") << "a left-over file: " << e.path();
    const auto parsed = scenario::parse_case(slurp(e.path()));
    ASSERT_TRUE(std::holds_alternative<scenario::CaseFile>(parsed))
        << e.path() << ": " << std::get<scenario::CaseError>(parsed).message();
    ++cases;
  }
  EXPECT_EQ(cases, result["violation_list"].size());
  // And one replays as the violation it was saved for.
  const std::string first = result["violation_list"][0]["case_file"].get<std::string>();
  const auto replay = run_cli("replay " + q((out / first).string()) + " --inject deny-ignored", dir);
  EXPECT_EQ(replay.code, 1) << replay.out << replay.err;
}

TEST(Interrupt, SigintWritesEveryReportMarkedInterruptedAndKeepsTheCases) {
  interrupted_run_writes_everything(SIGINT, "SIGINT", 130);
}

TEST(Interrupt, SigtermWritesEveryReportMarkedInterruptedAndKeepsTheCases) {
  interrupted_run_writes_everything(SIGTERM, "SIGTERM", 143);
}

// The graceful stop waits for the request in flight; when that request hangs (a stalled
// connection, here 60 s), a second Ctrl-C must not wait for it.
TEST(Interrupt, SecondSignalExitsAtOnce) {
  TempDir dir;
  Background run(dir.str(), {"run", "--transport", "tcp", "--faults", "0.5", "--request-timeout-ms", "60000", "--retries",
                             "0", "--jobs", "1", "--budget", "10m", "--out", "out"});
  std::this_thread::sleep_for(3s);  // an eighth of the requests stall: one is in flight by now
  ASSERT_EQ(run.wait(0ms), -1) << run.err();
  run.signal(SIGINT);
  EXPECT_EQ(run.wait(1500ms), -1) << "the stalled request should hold the graceful stop\n" << run.err();
  const auto second = std::chrono::steady_clock::now();
  run.signal(SIGINT);
  EXPECT_EQ(run.wait(10s), 130) << run.err();
  EXPECT_LT(std::chrono::steady_clock::now() - second, 3s);
  EXPECT_NE(run.err().find("second signal: exiting now"), std::string::npos) << run.err();
  EXPECT_FALSE(fs::exists(dir.str("out/result.json")));
}

// The mutation study stops after the bug in progress: the table covers the bugs that ran.
TEST(Interrupt, MutantsStopsAndSaysSoWithTheBugsThatRan) {
  TempDir dir;
  Background run(dir.str(), {"mutants", "--budget", "60s", "--out", "m", "--json", "m.json"});
  ASSERT_TRUE(Background::wait_for([&] { return run.err().find("caught in") != std::string::npos; }, 120s)) << run.err();
  run.signal(SIGINT);
  ASSERT_EQ(run.wait(120s), 130) << run.out() << run.err();
  EXPECT_TRUE(std::regex_search(run.out(), std::regex("\nINTERRUPTED by SIGINT after [0-9]+ of [0-9]+ bugs: the table covers those\n")))
      << run.out();
  EXPECT_NE(run.out().find("| bug "), std::string::npos) << run.out();
  // The JSON table says so too: a script must not take it for the whole study.
  const auto json = nlohmann::json::parse(slurp(dir.str("m.json")));
  EXPECT_EQ(json.value("interrupted", ""), "SIGINT") << json.dump(1);
  EXPECT_LT(json["bugs"].size(), json["bugs_planned"].get<size_t>()) << json.dump(1);
  EXPECT_GE(json["bugs"].size(), 1u) << json.dump(1);
}

// A study that ran to its end carries no interrupted mark.
TEST(Interrupt, MutantsJsonOfAWholeStudyHasNoInterruptedMark) {
  TempDir dir;
  const auto r = run_cli("mutants --bug deny-ignored --budget 20s --out m --json m.json", dir);
  ASSERT_EQ(r.code, 0) << r.out << r.err;
  const auto json = nlohmann::json::parse(slurp(dir.str("m.json")));
  EXPECT_FALSE(json.contains("interrupted")) << json.dump(1);
  EXPECT_EQ(json["bugs_planned"], 1);
  ASSERT_EQ(json["bugs"].size(), 1u);
  EXPECT_EQ(json["bugs"][0]["bug"], "deny-ignored");
  EXPECT_EQ(json["bugs"][0]["caught"], true);
}

// certify on a server with a seeded bug (the matrix fails SC-SIG-11), stopped in its random
// phase: the certificate is written marked INTERRUPTED with what ran, the matrix's finding and its
// case are kept, and the command exits 130.
TEST(Interrupt, CertifyWritesTheCertificateMarkedInterruptedAndKeepsTheCases) {
  TempDir dir;
  StaticServer server(dir.str(), dir.str("static.json"), "payload-hash-unchecked");
  ASSERT_FALSE(server.static_file.empty()) << server.log();
  Background certify(dir.str(), {"certify", "--target", "static", "--static-file", "static.json", "--budget", "10m", "--out", "cert"},
                     {"SCOPECHECK_PROGRESS_INTERVAL=0.2"});
  ASSERT_TRUE(Background::wait_for([&] { return certify.err().find("certify: random |") != std::string::npos; }, 120s))
      << "no random phase within 120 s\n" << certify.out() << certify.err();
  const auto started = std::chrono::steady_clock::now();
  certify.signal(SIGINT);
  ASSERT_EQ(certify.wait(120s), 130) << certify.out() << certify.err();
  EXPECT_LT(std::chrono::steady_clock::now() - started, 60s) << "a 10-minute certify did not stop at the signal";
  EXPECT_NE(certify.err().find("SIGINT: stopping at the next check"), std::string::npos) << certify.err();
  EXPECT_NE(certify.out().find("INTERRUPTED by SIGINT: cert/certificate.html"), std::string::npos) << certify.out();

  const fs::path out = dir.str("cert");
  const auto cert = nlohmann::json::parse(slurp(out / "certificate.json"));
  EXPECT_EQ(cert.value("interrupted", ""), "SIGINT");
  EXPECT_EQ(cert.value("verdict", ""), "interrupted");
  EXPECT_GT(cert["checks"].get<int64_t>(), 0);
  EXPECT_NE(slurp(out / "certificate.md").find("INTERRUPTED by SIGINT"), std::string::npos) << slurp(out / "certificate.md");
  EXPECT_NE(slurp(out / "certificate.html").find("INTERRUPTED by SIGINT"), std::string::npos);
  // The matrix's finding is there with its case, whole and valid, which replays as the failure.
  std::string case_file, replay;
  for (const auto& f : cert["findings"])
    if (f.value("kind", "") == "fail" && f.contains("case_file")) {
      case_file = f["case_file"];
      replay = f["replay"];
    }
  ASSERT_FALSE(case_file.empty()) << cert["findings"].dump(1);
  const auto parsed = scenario::parse_case(slurp(out / case_file));
  ASSERT_TRUE(std::holds_alternative<scenario::CaseFile>(parsed)) << std::get<scenario::CaseError>(parsed).message();
  for (const auto& e : fs::directory_iterator(out / "cases")) EXPECT_EQ(e.path().extension(), ".json") << "a left-over file: " << e.path();
  ASSERT_EQ(replay.rfind("scopecheck replay ", 0), 0u) << replay;
  // As written, from the certificate's folder.
  EXPECT_EQ(certify_test::sh("cd " + q(out.string()) + " && " + SCOPECHECK_BINARY + " " +
                             replay.substr(std::string("scopecheck ").size()) + " > " + q(dir.str("replay.log")) + " 2>&1"),
            1)
      << replay << "\n" << slurp(dir.str("replay.log"));
}

// The graceful stop waits for the request in flight; a server that stopped answering must not
// hold a second Ctrl-C.
TEST(Interrupt, CertifysSecondSignalExitsAtOnce) {
  TempDir dir;
  StaticServer server(dir.str(), dir.str("static.json"));
  ASSERT_FALSE(server.static_file.empty()) << server.log();
  Background certify(dir.str(), {"certify", "--target", "static", "--static-file", "static.json", "--budget", "10m",
                                 "--request-timeout-ms", "60000", "--retries", "0", "--out", "cert"},
                     {"SCOPECHECK_PROGRESS_INTERVAL=0.2"});
  ASSERT_TRUE(Background::wait_for([&] { return certify.err().find("certify: random |") != std::string::npos; }, 120s))
      << certify.out() << certify.err();
  // The server stops (its sockets stay open): the request in flight gets no answer.
  ::kill(server.server.pid, SIGSTOP);
  std::this_thread::sleep_for(500ms);
  certify.signal(SIGINT);
  const int held = certify.wait(1500ms);
  const auto second = std::chrono::steady_clock::now();
  certify.signal(SIGINT);
  const int code = certify.wait(10s);
  ::kill(server.server.pid, SIGCONT);
  EXPECT_EQ(held, -1) << "the unanswered request should hold the graceful stop\n" << certify.err();
  EXPECT_EQ(code, 130) << certify.err();
  EXPECT_LT(std::chrono::steady_clock::now() - second, 3s);
  EXPECT_NE(certify.err().find("second signal: exiting now"), std::string::npos) << certify.err();
  EXPECT_FALSE(fs::exists(dir.str("cert/certificate.json")));
}

}  // namespace
}  // namespace scopecheck::cli::testing
