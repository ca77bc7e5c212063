// scopecheck certify: the matrix and a random phase on a third-party S3 server (static file,
// Ceph RGW, Swift's S3 layer), one verdict per SCOPING.md rule, written as certificate.json,
// certificate.html and certificate.md. Exit 0 certified, 1 a rule fails, 3 unreachable or
// undecided.
#include <fmt/format.h>

#include <filesystem>
#include <iostream>

#include "cli/command.h"
#include "cli/duration.h"
#include "cli/flags.h"
#include "cli/interrupt.h"
#include "cli/progress.h"
#include "cli/replay_options.h"
#include "cli/output_paths.h"
#include "cli/target_failure.h"
#include "cli/target_options.h"
#include "harness/scenario/certify.h"
#include "harness/report/plural.h"
#include "harness/report/replay_command.h"
#include "harness/scenario/profiles.h"
#include "scopecheck_version.h"

namespace scopecheck::cli {
namespace {

struct CertifyArgs {
  TargetOptions target;
  uint64_t seed = 1;
  std::string budget = "60s";
  std::string out = "scopecheck-certificate";
  std::string reference = "r2";
  int max_steps = 12;
};

int certify_command(const CertifyArgs& a) {
  if (!a.target.third_party())
    throw Failure(kExitUsage, fmt::format("--target {}: certify needs static, rgw or swift", a.target.target));
  const auto profile = a.target.load_profile();
  auto ref = scenario::find_profile(a.reference);
  if (!ref) throw Failure(kExitUsage, fmt::format("--reference {}", ref.error().message()));
  // Everything that will be written is checked before the target is touched.
  check_output_dir("--out", a.out, {"certificate.json", "certificate.html", "certificate.md"}, {"cases"});
  if (!a.target.journal.empty()) check_output_file("--journal", a.target.journal);
  auto opts = a.target;
  if (opts.journal.empty()) opts.journal = (std::filesystem::path(a.out) / "journal.jsonl").string();
  auto target = opts.make_certifiable(a.seed);

  scenario::CertifyOptions o;
  o.seed = a.seed;
  o.budget = parse_duration(a.budget, "--budget", true);
  o.max_steps = a.max_steps;
  o.retries = a.target.retries;
  o.out_dir = a.out;
  // Replay commands are run from the certificate's folder: every file is named from there.
  o.replay_options = replay_target_options(a.target, a.out);
  o.profile_replay_option = replay_profile_option(a.target.profile, a.out);
  o.reference_replay_option = replay_profile_option(a.reference, a.out);
  // Its log lines go through the progress display (once it runs), which keeps them off its line.
  ProgressReporter* display = nullptr;
  o.log = [&display](const std::string& line) {
    if (display)
      display->say("certify: " + line);
    else
      std::cerr << "certify: " << line << "\n";
  };
  std::cout << fmt::format("scopecheck {}: certify target {}, profile {} (reference {}), seed {}, budget {} after the "
                           "matrix, out {}\n",
                           SCOPECHECK_VERSION, target->kind(), profile.name, a.reference, a.seed, a.budget, a.out)
            << std::flush;
  // From here on a signal stops certify at its next check; the certificate is still written.
  InterruptGuard interrupt;
  o.interrupt = interrupt.flag();
  scenario::CampaignProgress live;
  o.live = &live;
  scenario::Certificate cert;
  {
    ProgressReporter progress(live, "certify", std::chrono::seconds(0));
    display = &progress;
    try {
      cert = scenario::certify(*target, profile, ref.value(), o);
    } catch (const targets::TargetError& e) {
      display = nullptr;
      progress.stop(false);
      throw target_failure(e, fmt::format("target {}", target->kind()));
    }
    display = nullptr;
  }
  if (interrupt.interrupted()) cert.interrupted = interrupt.signal_name();
  target.reset();  // removes what it created before the certificate is written
  scenario::write_certificate(cert, a.out);
  int pass = 0, fail = 0, na = 0;
  for (const auto& r : cert.rules)
    (r.exact == scenario::RuleVerdict::kPass ? pass : r.exact == scenario::RuleVerdict::kFail ? fail : na)++;
  const int code = scenario::certificate_exit_code(cert);
  std::cout << fmt::format("certificate for {} ({}), profile {}: {} {}, {} {}, {} not applicable; {}, {}\n",
                           cert.target_kind, cert.target_name, cert.profile, report::counted(pass, "rule", "rules"),
                           pass == 1 ? "passes" : "pass", report::counted(fail, "rule", "rules"), fail == 1 ? "fails" : "fail",
                           na, report::counted(cert.checks, "check", "checks"),
                           report::counted(cert.unknowns, "unknown", "unknowns"));
  // One line per root cause, with every rule it fails; then what is not judged.
  int differences = 0;
  for (const auto& f : cert.findings) {
    std::string rules;
    for (const auto& r : f.rules) rules += (rules.empty() ? "" : ", ") + r;
    if (f.kind == report::CertFinding::Kind::kFail)
      std::cout << fmt::format("  {} FAIL {}: {} → {} (expected {}){}\n    {}\n", f.id, rules, f.request, f.answer, f.expected,
                               f.random_only ? " [random part only]" : "",
                               // The certificate's commands name their files from its folder.
                               f.replay.empty() ? "(no case file)" : "cd " + report::shell_quote(a.out) + " && " + f.replay);
    else if (f.kind == report::CertFinding::Kind::kHarness)
      std::cout << fmt::format("  {} HARNESS {}: {} to scopecheck's own request document ({}; not judged: {})\n", f.id,
                               f.operation, f.answer, report::counted(f.checks, "check", "checks"), rules);
    else
      ++differences;
  }
  if (differences > 0)
    std::cout << fmt::format("  {} (not judged: not-found or configuration answers of a capable caller), see certificate.md\n",
                             report::counted(differences, "difference", "differences"));
  std::cout << fmt::format("{}: {}/certificate.html, certificate.json, certificate.md\n",
                           !cert.interrupted.empty() ? "INTERRUPTED by " + cert.interrupted
                           : code == 0              ? "CERTIFIED"
                           : code == 1              ? "FAILED"
                                                    : "INCONCLUSIVE",
                           a.out);
  return cert.interrupted.empty() ? code : interrupt.exit_code();
}

CommandRegistrar reg("certify", [](CLI::App& root, int* exit_code) {
  auto args = std::make_shared<CertifyArgs>();
  auto* cmd = root.add_subcommand("certify", "Certify a third-party S3 server: one verdict per SCOPING.md rule");
  args->target.add_to(*cmd);
  cmd->add_option("--seed", args->seed, "Seed of the random phase")->check(seed_validator());
  cmd->add_option("--budget", args->budget, "Time for the random phase after the matrix, e.g. 60s, 5m (0s: matrix only)");
  cmd->add_option("--out", args->out, "Folder for certificate.json/.html/.md, cases/ and the journal");
  cmd->add_option("--reference", args->reference, "Profile whose refusals may never be answered with success");
  cmd->add_option("--max-steps", args->max_steps, "Most steps in one generated scenario")->check(CLI::Range(1, 200));
  cmd->callback([args, exit_code] { *exit_code = certify_command(*args); });
});

}  // namespace
}  // namespace scopecheck::cli
