#include "harness/scenario/campaign.h"

#include <atomic>
#include <condition_variable>
#include <exception>
#include <map>
#include <mutex>
#include <thread>

#include "harness/plan/seed.h"
#include "harness/scenario/runner.h"

namespace scopecheck::scenario {
namespace {

using Clock = std::chrono::steady_clock;

using plan::splitmix;

// Runs one item on one worker's target.
class ItemRunner {
 public:
  ItemRunner(const CampaignOptions& o, const model::Profile& p, const std::vector<Scenario>& matrix,
             const std::atomic<bool>& stop)
      : o_(o), profile_(p), matrix_(matrix), stop_(stop) {}

  ItemOutcome run(uint64_t i, targets::Target& target) const {
    ItemOutcome out;
    out.index = i;
    constexpr uint64_t kMatrixSalt = 0x6d6174726978ULL;  // matrix items draw from their own seeds
    out.seed = i < matrix_.size() ? item_seed(o_.seed ^ kMatrixSalt, i) : item_seed(o_.seed, global_item(i));
    std::optional<rc::Shrinkable<Scenario>> shrinkable;
    Scenario generated;
    if (i < matrix_.size()) {
      out.matrix = true;
      generated = matrix_[i];
    } else {
      std::lock_guard lock(generator_mutex());
      shrinkable.emplace(random_scenario(o_.gen, o_.seed, global_item(i)));
      generated = shrinkable->value();
    }
    auto adapted = adapt(target, generated);
    if (!adapted) {
      out.not_expressible = true;
      return out;
    }
    out.scenario = std::move(*adapted);
    // The item's seed goes to the target with every execution of it (shrinking included), and
    // into its case file: a replay sees the same faults, ids and values.
    ExecOptions exec = o_.exec;
    exec.scenario_seed = out.seed;
    if (o_.interrupt) exec.interrupt = o_.interrupt;
    ExecOptions first_run = exec;
    if (!(out.matrix && o_.matrix_ignores_deadline) && !o_.random_budget) first_run.deadline = o_.deadline;
    try {
      out.result = execute(out.scenario, target, profile_, first_run);
    } catch (const targets::TargetError& e) {
      out.fatal = e;
      return out;
    }
    out.found_at = Clock::now();
    if (out.result.violation && o_.shrink) {
      if (o_.live) o_.live->shrinking.fetch_add(1, std::memory_order_relaxed);
      out.shrunk = shrink(out.scenario, out.result, shrinkable, target, exec);
      if (o_.live) o_.live->shrinking.fetch_sub(1, std::memory_order_relaxed);
    }
    return out;
  }

 private:
  std::optional<Scenario> adapt(targets::Target& t, const Scenario& s) const { return o_.adapt ? o_.adapt(t, s) : s; }

  bool keep_shrinking() const {
    if (o_.live) o_.live->shrink_runs.fetch_add(1, std::memory_order_relaxed);
    return !stop_.load() && !(o_.interrupt && o_.interrupt->load(std::memory_order_relaxed)) &&
           Clock::now() < o_.shrink_deadline;
  }

  // RapidCheck's shrinks of the generated value first (they keep the scenario one the generators
  // could make), then step-by-step removal (minimize).
  uint64_t global_item(uint64_t i) const {
    return (i - matrix_.size()) * static_cast<uint64_t>(o_.shard_count) + static_cast<uint64_t>(o_.shard_index);
  }

  std::pair<Scenario, ExecResult> shrink(Scenario s, ExecResult failing, std::optional<rc::Shrinkable<Scenario>> sh,
                                         targets::Target& target, const ExecOptions& exec) const {
    if (sh) {
      bool progress = true;
      while (progress && keep_shrinking()) {
        progress = false;
        rc::Seq<rc::Shrinkable<Scenario>> shrinks;
        {
          std::lock_guard lock(generator_mutex());
          shrinks = sh->shrinks();
        }
        for (;;) {
          rc::Maybe<rc::Shrinkable<Scenario>> next;
          Scenario candidate;
          {
            std::lock_guard lock(generator_mutex());
            next = shrinks.next();
            if (!next) break;
            candidate = next->value();
          }
          if (!keep_shrinking()) break;
          auto adapted = adapt(target, candidate);
          if (!adapted) continue;
          ExecResult r;
          try {
            r = execute(*adapted, target, profile_, exec);
          } catch (const targets::TargetError&) {
            continue;
          }
          if (!r.violation) continue;
          sh = std::move(*next);
          s = std::move(*adapted);
          failing = std::move(r);
          progress = true;
          break;
        }
      }
    }
    return minimize(std::move(s), std::move(failing), target, profile_, exec, [this] { return keep_shrinking(); });
  }

  const CampaignOptions& o_;
  const model::Profile& profile_;
  const std::vector<Scenario>& matrix_;
  const std::atomic<bool>& stop_;
};

}  // namespace

std::mutex& generator_mutex() {
  static std::mutex mu;
  return mu;
}

uint64_t item_seed(uint64_t seed, uint64_t global_item) { return splitmix(seed ^ splitmix(global_item)); }

rc::Shrinkable<Scenario> random_scenario(const GenOptions& gen, uint64_t seed, uint64_t global_item) {
  const int size = static_cast<int>(100 * (1 + global_item % 8) / 8);
  if (gen.bucket_prefix.empty()) return gen_scenario(gen)(rc::Random(item_seed(seed, global_item)), size);
  GenOptions item = gen;
  item.bucket_prefix = item_bucket_prefix(gen.bucket_prefix, false, global_item);
  return gen_scenario(item)(rc::Random(item_seed(seed, global_item)), size);
}

CampaignSummary run_campaign(const CampaignOptions& o, const model::Profile& profile, const TargetPool& targets,
                             const Tally& tally) {
  const std::vector<Scenario> matrix = o.matrix ? matrix_scenarios(o.gen) : std::vector<Scenario>{};
  const uint64_t m = matrix.size();
  const uint64_t end = o.random_phase ? UINT64_MAX : m;
  const int jobs = std::max(1, o.jobs);
  const uint64_t window = 4 * static_cast<uint64_t>(jobs);  // items run ahead of the tally, at most

  CampaignSummary summary;
  summary.matrix_items = static_cast<int64_t>(m);
  if (o.live) o.live->matrix_items.store(static_cast<int64_t>(m), std::memory_order_relaxed);
  std::mutex mu;
  std::condition_variable cv;
  uint64_t next = 0, reduced = 0;
  int live = jobs;
  std::atomic<bool> stop{false};
  std::map<uint64_t, ItemOutcome> ready;
  std::optional<Clock::time_point> random_deadline;  // set when the first random item starts
  ItemRunner runner(o, profile, matrix, stop);

  auto worker = [&](int w) {
    targets::Target& target = targets(w);
    for (;;) {
      uint64_t i = 0;
      {
        std::unique_lock lock(mu);
        cv.wait(lock, [&] { return stop.load() || next < reduced + window; });
        const auto now = Clock::now();
        if (next >= m && o.random_budget && !random_deadline) random_deadline = now + *o.random_budget;
        const bool timed_out = next < m ? now >= o.deadline && !o.matrix_ignores_deadline
                                        : now >= (random_deadline ? *random_deadline : o.deadline);
        const bool interrupted = o.interrupt && o.interrupt->load(std::memory_order_relaxed);
        if (stop.load() || interrupted || next >= end || timed_out) break;
        i = next++;
      }
      ItemOutcome out;
      try {
        out = runner.run(i, target);
      } catch (const std::exception& e) {  // never lose an item silently: the tally sees it as fatal
        out.index = i;
        out.fatal = targets::TargetError(targets::TargetError::Kind::kUnreachable, e.what());
      }
      std::lock_guard lock(mu);
      ready.emplace(i, std::move(out));
      cv.notify_all();
    }
    std::lock_guard lock(mu);
    --live;
    cv.notify_all();
  };

  std::vector<std::thread> threads;
  threads.reserve(static_cast<size_t>(jobs));
  for (int w = 0; w < jobs; ++w) threads.emplace_back(worker, w);

  std::exception_ptr error;
  for (;;) {
    ItemOutcome out;
    {
      std::unique_lock lock(mu);
      cv.wait(lock, [&] { return ready.count(reduced) > 0 || live == 0; });
      auto it = ready.find(reduced);
      if (it == ready.end()) break;
      out = std::move(it->second);
      ready.erase(it);
    }
    if (auto* p = o.live) {
      int64_t violations = 0, unknowns = 0;
      for (const auto& c : out.result.checks) {
        violations += c.verdict == model::Verdict::kViolation;
        unknowns += c.verdict == model::Verdict::kUnknown;
      }
      p->checks.fetch_add(static_cast<int64_t>(out.result.checks.size()), std::memory_order_relaxed);
      p->violations.fetch_add(violations, std::memory_order_relaxed);
      p->unknowns.fetch_add(unknowns, std::memory_order_relaxed);
      if (out.matrix) p->matrix_done.fetch_add(1, std::memory_order_relaxed);
      else p->random.store(true, std::memory_order_relaxed);
    }
    bool more = false;
    try {
      more = tally(out);
    } catch (...) {
      error = std::current_exception();
    }
    std::lock_guard lock(mu);
    ++reduced;
    ++summary.items_done;
    if (out.matrix) ++summary.matrix_done;
    if (!more || error) {
      summary.stopped_by_tally = !error;
      stop = true;
      cv.notify_all();
      break;
    }
    cv.notify_all();
  }
  {
    std::lock_guard lock(mu);
    stop = true;
    cv.notify_all();
  }
  for (auto& t : threads) t.join();
  if (error) std::rethrow_exception(error);
  return summary;
}

}  // namespace scopecheck::scenario
