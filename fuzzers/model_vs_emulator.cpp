// PROPERTY: for the scenario the input's bytes choose through the scenario generators
// (harness/scenario/generators.h, driven by a byte choice source instead of RapidCheck: the same
// generators as `scopecheck run`), the in-process emulator answers every S3 request as the
// reference model (harness/model/decide.h) predicts through the `r2` profile (status and S3 Code,
// exact strictness). Each step is built and signed with harness/sigv4 by the scenario executor
// and judged by its checker, exactly as `scopecheck run` does; the request and answer bytes go to
// the emulator in-process (no sockets). The world (tokens, buckets, objects) and the scenario's
// own token updates go straight into the emulator's store through the token API's spec parser
// (EmulatorTargetOptions::direct_setup): built over the API they were two thirds of an input's
// time (bench/fuzz-results.md), and token ids and values come out the same either way.
// SCOPECHECK_FUZZ_INJECT=<MUTANTS.md names, comma-separated> runs against a seeded-bug emulator:
// then a violation is the expected finding. SCOPECHECK_FUZZ_SETUP=api builds each world through
// the token API and signed S3 PUTs instead (slower; to see that a finding does not depend on the
// direct setup, and to measure what it saves).
// Acceptable: verdict kUnknown (transport failure), a setup the target rejects. Bugs: any
// violation (the emulator and the model disagree; one of them is wrong, see SCOPING.md), a crash,
// a sanitizer report.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "harness/model/permission_groups.h"
#include "harness/model/resource_id.h"
#include "harness/plan/seed.h"
#include "harness/scenario/case_file.h"
#include "harness/scenario/executor.h"
#include "harness/scenario/generators.h"
#include "harness/scenario/profiles.h"
#include "harness/targets/emulator_target.h"

namespace {
namespace m = scopecheck::model;
namespace sc = scopecheck::scenario;
namespace tg = scopecheck::targets;


std::vector<std::string> inject_list() {
  std::vector<std::string> out;
  const char* env = std::getenv("SCOPECHECK_FUZZ_INJECT");
  if (env == nullptr) return out;
  std::string s(env), cur;
  for (char c : s + ",") {
    if (c == ',') {
      if (!cur.empty()) out.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::vector<std::string> inject = inject_list();
  static const m::Profile profile = [] {
    auto p = sc::find_profile("r2");
    if (!p) {
      std::fprintf(stderr, "model_vs_emulator: %s\n", p.error().message().c_str());
      std::abort();
    }
    return *p;
  }();
  static tg::EmulatorTarget target([] {
    tg::EmulatorTargetOptions o;
    o.inject = inject;
    const char* setup = std::getenv("SCOPECHECK_FUZZ_SETUP");
    o.direct_setup = setup == nullptr || std::string_view(setup) != "api";
    return o;
  }());

  static const sc::GenOptions gen = [] {
    sc::GenOptions g;
    g.max_steps = 12;
    return g;
  }();
  sc::ByteChoices choices(data, size);
  const sc::Scenario s = sc::make_scenario(choices, gen);
  // The target's ids and values come from a seed of the input (hashing the scenario to one,
  // execute()'s fallback, was a tenth of an input's time); the case file records it for replay.
  sc::ExecOptions exec;
  exec.scenario_seed = scopecheck::plan::seed_of_bytes(data, size);
  sc::ExecResult r;
  try {
    r = sc::execute(s, target, profile, exec);
  } catch (const tg::TargetError& e) {
    std::fprintf(stderr, "model_vs_emulator: target unreachable: %s\n", e.what());
    std::abort();
  }
  if (r.violation) {
    sc::CaseFile c;
    c.title = "model_vs_emulator disagreement";
    c.scenario = s;
    c.injected_bugs = inject;
    c.seed = *exec.scenario_seed;
    c.violation = r.violation;
    const auto& v = *r.violation;
    // The case file must reproduce what was run: re-read it and run it again.
    const auto reread = sc::parse_case(sc::emit_case(c).dump());
    const auto* rc = std::get_if<sc::CaseFile>(&reread);
    sc::ExecOptions again;  // with the seed the case file recorded, as `scopecheck replay` runs it
    if (rc != nullptr) again.scenario_seed = rc->seed;
    const bool reproduces = rc != nullptr && sc::execute(rc->scenario, target, profile, again).violation.has_value();
    std::fprintf(stderr,
                 "model_vs_emulator: VIOLATION at step %d: %s\n  expected %s (rules: %s)\n  got %d %s\n  why: %s\n"
                 "  body: %s\n  the case file %s\n--- case file\n%s\n",
                 v.step, v.request.c_str(), v.expected_wire.c_str(),
                 v.rules.empty() ? "" : v.rules.front().c_str(), v.status, v.code.c_str(), v.why.c_str(),
                 v.body_excerpt.c_str(),
                 reproduces ? "reproduces it" : "DOES NOT reproduce it (a case-file round-trip bug: fix that first)",
                 sc::emit_case(c).dump(2).c_str());
    std::abort();
  }
  return 0;
}
