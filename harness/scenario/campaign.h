// The campaign engine: the one loop behind `scopecheck run` and `scopecheck certify`. It runs a
// sequence of items — the deterministic matrix, then random scenarios drawn from the seed — on N
// workers, each with its own target session, shrinks a failing scenario on the worker that found
// it, and hands every item's outcome to the caller's tally **in item order** on the calling
// thread. Results therefore do not depend on the number of workers: the same seed gives the same
// scenarios, verdicts and case ids; only how far a time budget reaches differs.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "harness/model/profile.h"
#include "harness/scenario/executor.h"
#include "harness/scenario/generators.h"
#include "harness/targets/target.h"

namespace scopecheck::scenario {

// Live counters for a progress display, written by the campaign and read from another thread
// (relaxed atomics: a display needs no ordering).
struct CampaignProgress {
  std::atomic<int64_t> matrix_items{0};  // the matrix's size
  std::atomic<int64_t> matrix_done{0};   // matrix items handed to the tally
  std::atomic<bool> random{false};       // a random item has been handed to the tally
  std::atomic<int> shrinking{0};         // workers shrinking a failing scenario now
  std::atomic<int64_t> shrink_runs{0};   // executions made while shrinking, in total
  std::atomic<int64_t> checks{0};        // checks of the items handed to the tally
  std::atomic<int64_t> violations{0};    // of those, violations
  std::atomic<int64_t> unknowns{0};      // and unknowns
};

// What a campaign runs and how, as every driver gives it: the options of a driver derive from
// this (RunOptions, and CampaignOptions below for the engine itself), so an option added here
// reaches the engine from every driver with no line to copy it (runner.cpp hands its RunOptions
// over as a CampaignCommon).
struct CampaignCommon {
  uint64_t seed = 1;
  int jobs = 1;                // workers; each gets targets(i)
  int shard_index = 0;         // random item k is global item k·shard_count + shard_index
  int shard_count = 1;
  bool matrix = true;          // the deterministic matrix first
  bool random_phase = true;    // then random scenarios
  GenOptions gen;
  ExecOptions exec;
  // Set from outside (a signal handler): no item, step or shrink starts after it is seen; the
  // items already running end at their next step (the engine passes it on as exec.interrupt) and
  // are handed to the tally as they stand.
  const std::atomic<bool>* interrupt = nullptr;
  CampaignProgress* live = nullptr;  // updated as items are tallied (may be null)
};

struct CampaignOptions : CampaignCommon {
  bool matrix_ignores_deadline = false;  // certify runs its whole matrix whatever the budget
  std::chrono::steady_clock::time_point deadline = std::chrono::steady_clock::time_point::max();  // no item starts after
  std::chrono::steady_clock::time_point shrink_deadline = std::chrono::steady_clock::time_point::max();
  // Certify gives its random phase a budget of its own, counted from when the first random item
  // starts (after the matrix); otherwise random items stop at `deadline` too.
  std::optional<std::chrono::steady_clock::duration> random_budget;
  bool shrink = true;          // shrink a failing scenario (RapidCheck's shrinks, then minimize)
  // A fixed-credential target runs what it can express of a scenario (targets::CertifiableTarget);
  // nullopt: not expressible there.
  std::function<std::optional<Scenario>(targets::Target&, const Scenario&)> adapt;
};

// One item: a matrix scenario or a random one, as run, and, when it failed and shrinking is on,
// its minimal failing form.
struct ItemOutcome {
  uint64_t index = 0;       // item order: the matrix first, then the random items
  bool matrix = false;
  uint64_t seed = 0;        // the item's own seed: the target's scenario seed, and what a case file records
  bool not_expressible = false;
  Scenario scenario;        // as run (adapted)
  ExecResult result;
  std::optional<std::pair<Scenario, ExecResult>> shrunk;  // still failing, minimal
  std::chrono::steady_clock::time_point found_at;          // when the run (before shrinking) ended
  std::optional<targets::TargetError> fatal;               // the target became unreachable
};

// Called in item order on the calling thread; return false to stop the campaign (no later item
// is handed over).
using Tally = std::function<bool(ItemOutcome&)>;

// The targets of the workers: targets(i) for worker i, made before any item runs.
using TargetPool = std::function<targets::Target&(int worker)>;

struct CampaignSummary {
  int64_t matrix_items = 0;       // the matrix's size
  int64_t matrix_done = 0;        // matrix items handed to the tally
  int64_t items_done = 0;
  bool stopped_by_tally = false;
};

CampaignSummary run_campaign(const CampaignOptions& options, const model::Profile& profile, const TargetPool& targets,
                             const Tally& tally);

// RapidCheck's generators keep their context in process-wide state: every evaluation of a
// generator (a value or a shrink) holds this lock.
std::mutex& generator_mutex();

// The random scenario of item k: generated from splitmix(seed ^ splitmix(k)) at a size cycling
// over the whole range (RapidCheck scales every choice by the size).
rc::Shrinkable<Scenario> random_scenario(const GenOptions& gen, uint64_t seed, uint64_t global_item);
uint64_t item_seed(uint64_t seed, uint64_t global_item);

}  // namespace scopecheck::scenario
