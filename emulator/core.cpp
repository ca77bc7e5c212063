#include "emulator/core.h"

#include <algorithm>

#include <exception>
#include <stdexcept>

namespace scopecheck::emulator {

BugSet parse_bug_names(const std::vector<std::string>& names) {
  BugSet set;
  for (const auto& n : names) {
    auto b = parse_bug(n);
    if (!b) throw ConfigError("unknown --inject name '" + n + "' (see harness/model/MUTANTS.md)");
    set.add(*b);
  }
  return set;
}

namespace {
constexpr uint64_t kFaultSeedSalt = 0xfa017ULL;
}

EmulatorCore::EmulatorCore(EmulatorConfig config)
    : config_(std::move(config)), bugs_(parse_bug_names(config_.inject)), fault_rng_(config_.seed ^ kFaultSeedSalt) {
  if (config_.test_clock) {
    auto start = parse_rfc3339(*config_.test_clock);
    if (!start) throw ConfigError("--test-clock: not an RFC 3339 instant: '" + *config_.test_clock + "'");
    test_clock_ = std::make_unique<TestClock>(*start);
    clock_ = test_clock_.get();
  } else {
    system_clock_ = std::make_unique<SystemClock>();
    clock_ = system_clock_.get();
  }
  if (config_.propagation_delay_seconds < 0) throw ConfigError("--propagation-delay: must be >= 0");
  if (config_.faults < 0.0 || config_.faults > 1.0) throw ConfigError("--faults: must be within 0..1");
  if (config_.account.size() != 32 ||
      config_.account.find_first_not_of("0123456789abcdef") != std::string::npos)
    throw ConfigError("--account: must be 32 lowercase hex characters");
  if (!config_.bootstrap_token.empty() &&
      (config_.bootstrap_token.size() < 40 || config_.bootstrap_token.size() > 80))
    throw ConfigError("--bootstrap-token: must be 40 to 80 characters");
  try {
    tokens_ = std::make_unique<TokenStore>(*clock_, bugs_, std::chrono::seconds(config_.propagation_delay_seconds),
                                           config_.data_dir, config_.seed);
    storage_ = std::make_unique<Storage>(config_.data_dir, config_.seed);
  } catch (const std::exception& e) {
    throw ConfigError(std::string("--data-dir: ") + e.what());
  }
  bootstrap_ = tokens_->ensure_bootstrap(config_.bootstrap_token, config_.account);
  if (auto t = tokens_->find_by_value(bootstrap_)) bootstrap_id_ = t->id;
  faults_ = config_.faults;
}

void EmulatorCore::set_faults(double share) { faults_ = std::clamp(share, 0.0, 1.0); }

void EmulatorCore::reset(uint64_t seed, TimePoint clock_start, const std::vector<std::string>& keep_tokens) {
  if (!test_clock_) throw std::logic_error("EmulatorCore::reset: needs a test clock");
  std::vector<std::string> keep = keep_tokens;
  keep.push_back(bootstrap_id_);
  tokens_->reset(keep, seed);
  storage_->reset(seed);
  {
    std::lock_guard lock(fault_mu_);
    fault_rng_.seed(seed ^ kFaultSeedSalt);
  }
  faults_ = 0.0;
  test_clock_->set(clock_start);
}

HttpResponse EmulatorCore::maybe_fault() {
  HttpResponse r;
  r.status = 0;
  const double share = faults_.load();
  if (share <= 0.0) return r;
  std::lock_guard lock(fault_mu_);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  if (u(fault_rng_) >= share) return r;
  switch (fault_rng_() % 4) {
    case 0:
      r.status = 503;
      r.body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>SlowDown</Code><Message>Please reduce your "
               "request rate.</Message></Error>";
      break;
    case 1:
      r.status = 500;
      r.body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>InternalError</Code><Message>We "
               "encountered an internal error. Please try again.</Message></Error>";
      break;
    case 2:
      r.status = 500;
      r.fault = Fault::reset;
      break;
    default:
      r.status = 500;
      r.fault = Fault::stall;
      break;
  }
  r.headers.emplace_back("Content-Type", "application/xml");
  return r;
}

}  // namespace scopecheck::emulator
