// `scopecheck emulate`: runs the emulator in the foreground, prints one JSON line with its
// addresses and bootstrap token, and exits 0 on SIGTERM/SIGINT after a graceful stop.
#include <signal.h>

#include <cstdlib>
#include <iostream>
#include <random>

#include "cli/command.h"
#include "cli/flags.h"
#include "emulator/emulator.h"

namespace scopecheck::cli {
namespace {

struct EmulateFlags {
  emulator::EmulatorConfig config;
  std::optional<uint64_t> seed;
  std::string test_clock;
};

int run_emulate(EmulateFlags flags) {
  auto& c = flags.config;
  if (c.bootstrap_token.empty())
    if (const char* env = std::getenv("SCOPECHECK_BOOTSTRAP_TOKEN")) c.bootstrap_token = env;
  if (!flags.test_clock.empty()) c.test_clock = flags.test_clock;
  c.seed = flags.seed ? *flags.seed : std::random_device{}();
  // Block the stop signals before any thread starts, so only sigwait below receives them.
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  std::unique_ptr<emulator::Emulator> emu;
  try {
    emu = std::make_unique<emulator::Emulator>(c);
  } catch (const emulator::ConfigError& e) {
    throw Failure(kExitUsage, e.what());
  }
  try {
    emu->start();
  } catch (const std::exception& e) {
    throw Failure(kExitUsage, e.what());
  }
  std::cout << emu->startup_line() << std::endl;
  int sig = 0;
  sigwait(&set, &sig);
  emu->stop();
  return kExitOk;
}

CommandRegistrar reg("emulate", [](CLI::App& root, int* exit_code) {
  auto* cmd = root.add_subcommand("emulate", "Run the R2-style emulator (S3 endpoint + token API) in the foreground");
  auto flags = std::make_shared<EmulateFlags>();
  auto& c = flags->config;
  cmd->add_option("--listen", c.listen, "S3 listener host:port (port 0 = ephemeral)")
      ->check(listen_validator())
      ->capture_default_str();
  cmd->add_option("--api-listen", c.api_listen, "Token API listener host:port")->check(listen_validator())->capture_default_str();
  cmd->add_option("--eu-listen", c.eu_listen, "Optional S3 listener of the eu jurisdiction host:port (an IP Host there means eu)")
      ->check(listen_validator());
  cmd->add_option("--base-domain", c.base_domain, "Base domain of virtual-hosted addressing")->capture_default_str();
  cmd->add_option("--account", c.account, "Default account (32 hex)")->capture_default_str();
  cmd->add_option("--bootstrap-token", c.bootstrap_token,
                  "Bootstrap API token value (else $SCOPECHECK_BOOTSTRAP_TOKEN, else persisted or generated)");
  cmd->add_option("--data-dir", c.data_dir, "Keep buckets, objects and tokens in this directory");
  cmd->add_option("--propagation-delay", c.propagation_delay_seconds,
                  "Seconds before token changes reach the S3 side")
      ->check(CLI::Range(0, 86400))
      ->capture_default_str();
  cmd->add_option("--inject", c.inject, "Switch on a seeded bug (scopecheck mutants --list; repeatable)");
  cmd->add_option("--test-clock", flags->test_clock, "Start a controllable clock at this RFC 3339 instant");
  cmd->add_flag("--streaming", c.streaming, "Verify STREAMING-* uploads chunk by chunk (default: 501 as R2)");
  cmd->add_option("--tls-cert", c.tls_cert, "PEM certificate chain: serve HTTPS");
  cmd->add_option("--tls-key", c.tls_key, "PEM private key");
  cmd->add_option("--faults", c.faults, "Share (0..1) of S3 answers turned into transient failures")
      ->check(CLI::Range(0.0, 1.0))
      ->capture_default_str();
  cmd->add_option("--seed", flags->seed, "Seed of ids, values and fault choice (default: random)")->check(seed_validator());
  cmd->add_option("--threads", c.threads, "I/O threads")->check(CLI::Range(1, 256))->capture_default_str();
  // Bounds read as doubles, so that "-1" is refused, not wrapped to 2^64-1 by the unsigned type.
  cmd->add_option("--max-body-bytes", c.max_body_bytes, "Largest accepted S3 request body (at most 5 GiB, S3's largest PUT)")
      ->check(CLI::Range(1.0, 5368709120.0))
      ->capture_default_str();
  cmd->add_option("--max-header-bytes", c.max_header_bytes, "Largest accepted header section")
      ->check(CLI::Range(1024.0, 1048576.0))
      ->capture_default_str();
  cmd->add_option("--idle-timeout", c.idle_timeout_seconds, "Seconds an idle connection stays open")
      ->check(CLI::Range(1, 86400))
      ->capture_default_str();
  cmd->add_option("--header-timeout", c.header_timeout_seconds,
                  "Seconds a header section may take after its first byte (at most the idle timeout)")
      ->check(CLI::Range(1, 86400))
      ->capture_default_str();
  cmd->add_option("--max-connections", c.max_connections, "Concurrent connections cap, per listener")
      ->check(CLI::Range(1, 1000000))
      ->capture_default_str();
  cmd->callback([flags, exit_code] { *exit_code = run_emulate(*flags); });
});

}  // namespace
}  // namespace scopecheck::cli
