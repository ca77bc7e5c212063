#include <map>
#include <iostream>

#include "cli/command.h"
#include "cli/suggest.h"
#include "scopecheck_version.h"

namespace scopecheck::cli {
namespace {
std::map<std::string, CommandSetup>& registry() {
  static std::map<std::string, CommandSetup> r;
  return r;
}
}  // namespace

CommandRegistrar::CommandRegistrar(const std::string& name, CommandSetup setup) {
  registry().emplace(name, std::move(setup));
}
}  // namespace scopecheck::cli

int main(int argc, char** argv) {
  using namespace scopecheck::cli;
  CLI::App app{"scopecheck: fuzzing and conformance harness for token-scoped S3 authorization"};
  app.set_version_flag("--version", std::string("scopecheck ") + SCOPECHECK_VERSION);
  app.require_subcommand(1);
  // Every option's default is shown in --help (subcommands inherit this from the root).
  app.option_defaults()->always_capture_default();
  app.footer(
      "Exit codes: 0 ok, 1 violations found, 2 usage or input error, 3 target unreachable or "
      "inconclusive, 130/143 interrupted by SIGINT/SIGTERM (reports written, marked INTERRUPTED; a second signal "
      "exits at once).\nRun 'scopecheck <command> --help' for a command's options.");
  int exit_code = kExitOk;
  for (auto& [name, setup] : registry()) setup(app, &exit_code);
  if (auto unknown = unknown_subcommand(app, argc, argv)) {
    std::cerr << "scopecheck: error: " << *unknown << "\nRun 'scopecheck --help' for the list of commands.\n";
    return kExitUsage;
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "scopecheck: error: " << e.what() << "\n";
    return kExitUsage;
  } catch (const Failure& e) {
    std::cerr << "scopecheck: error: " << e.what() << "\n";
    return e.code();
  } catch (const std::exception& e) {
    std::cerr << "scopecheck: internal error: " << e.what() << "\n";
    return kExitInconclusive;
  }
  return exit_code;
}
