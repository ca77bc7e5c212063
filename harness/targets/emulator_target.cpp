#include "harness/targets/emulator_target.h"

#include <fmt/format.h>

#include "emulator/emulator.h"
#include "harness/model/permission_groups.h"
#include "harness/model/resource_id.h"
#include "harness/model/timestamp.h"
#include "harness/plan/seed.h"
#include "harness/http/client.h"
#include "harness/targets/inprocess_transport.h"
#include "harness/targets/s3_admin.h"
#include "scopecheck_version.h"

namespace scopecheck::targets {

namespace {
constexpr std::string_view kBaseDomain = "r2.localhost";

model::Token admin_token() {
  model::Token t;
  t.name = "scopecheck-admin";
  model::Policy p;
  p.effect = model::Effect::kAllow;
  p.resources = {model::Resource::all_accounts()};
  p.permission_groups = {std::string(model::kStorageWriteId)};
  t.policies = {p};
  return t;
}
}  // namespace

EmulatorTarget::EmulatorTarget(EmulatorTargetOptions options) : options_(std::move(options)) {
  // Validate the bug names now, so a typo is a usage error before any scenario runs.
  emulator::parse_bug_names(options_.inject);
}

EmulatorTarget::~EmulatorTarget() { stop_emulator(); }

std::string EmulatorTarget::name() const { return std::string("scopecheck emulator ") + SCOPECHECK_VERSION; }

Capabilities EmulatorTarget::capabilities() const {
  Capabilities c;
  c.token_api = true;
  c.api_steps = true;
  c.clock_control = true;
  c.propagation_window = options_.propagation_delay;
  return c;
}

namespace {
// The nominal ports of an in-process emulator: they only appear in Host headers.
constexpr uint16_t kInProcessS3Port = 9000;
constexpr uint16_t kInProcessApiPort = 9001;
}  // namespace

namespace {
// The emulator's own seed (its bootstrap token) and the instant of its test clock when the admin
// token is made: fixed, so that the state every scenario starts from is the same whichever
// scenarios ran before on this worker, and a case replayed alone sees the same tokens.
constexpr uint64_t kEmulatorSeedSalt = 0xad317ULL;
constexpr std::string_view kAdminCreatedAt = "2024-01-01T00:00:00Z";
}  // namespace

void EmulatorTarget::start_emulator() {
  emulator::EmulatorConfig cfg;
  cfg.inject = options_.inject;
  cfg.propagation_delay_seconds = options_.propagation_delay;
  cfg.faults = 0.0;  // the world is built without faults; they start with the first step
  cfg.seed = plan::splitmix(options_.seed ^ kEmulatorSeedSalt);
  cfg.streaming = options_.streaming;
  cfg.base_domain = std::string(kBaseDomain);
  cfg.threads = 1;
  cfg.stall_seconds = static_cast<int>(options_.request_timeout.count() / 1000) + 1;
  cfg.test_clock = std::string(kAdminCreatedAt);
  http::Endpoint api_endpoint;
  try {
    emulator_ = std::make_unique<emulator::Emulator>(cfg);
    if (options_.transport == EmulatorTransport::kTcp) {
      emulator_->start();
      http::ClientOptions co;
      co.request_timeout = options_.request_timeout;
      co.connect_timeout = std::chrono::milliseconds(2000);
      if (!options_.tcp_via.empty())
        for (uint16_t port : {emulator_->s3_port(), emulator_->api_port()})
          co.connect_to[fmt::format("127.0.0.1:{}", port)] = options_.tcp_via;
      // The client lives as long as the emulator: its keep-alive pool holds connections to this
      // emulator's ports only.
      transport_ = std::make_unique<http::Client>(co);
      s3_endpoint_ = http::Endpoint{"http", "127.0.0.1", emulator_->s3_port()};
      api_endpoint = http::Endpoint{"http", "127.0.0.1", emulator_->api_port()};
    } else {
      s3_endpoint_ = http::Endpoint{"http", "127.0.0.1", kInProcessS3Port};
      api_endpoint = http::Endpoint{"http", "127.0.0.1", kInProcessApiPort};
      transport_ = std::make_unique<InProcessTransport>(*emulator_, s3_endpoint_, api_endpoint);
    }
    api_endpoint_ = api_endpoint;
    api_ = std::make_unique<TokenApi>(*transport_, fmt::format("http://{}/client/v4", api_endpoint.host_port()),
                                      emulator_->bootstrap_token());
    admin_ = direct() ? direct_create(admin_token()) : api_->create(admin_token());
  } catch (const TargetError&) {
    stop_emulator();
    throw;
  } catch (const std::exception& e) {
    stop_emulator();
    throw TargetError(TargetError::Kind::kUnreachable, fmt::format("starting the emulator: {}", e.what()));
  }
}

void EmulatorTarget::stop_emulator() {
  api_.reset();
  transport_.reset();
  if (emulator_) {
    emulator_->stop();
    emulator_.reset();
  }
}

void EmulatorTarget::begin_scenario(int64_t start_time) {
  // One emulator per target (per worker) for all its scenarios: each scenario starts from a
  // reset to the same state (the bootstrap and admin tokens, nothing else).
  if (!emulator_) start_emulator();
  // Faults, token ids and values are drawn per scenario: reproducible from the run's seed and
  // the scenario, different from one scenario to the next.
  const uint64_t seed = plan::splitmix(options_.seed ^ plan::splitmix(scenario_seed_));
  // Setup happens before start_time: buckets and tokens, each given the propagation delay to
  // take effect, so that the first step runs exactly at start_time.
  const std::string setup_start = model::format_rfc3339(start_time - 2 * (options_.propagation_delay + 1));
  try {
    emulator_->reset(seed, setup_start, {admin_.id});
  } catch (const std::exception& e) {
    throw TargetError(TargetError::Kind::kUnreachable, fmt::format("resetting the emulator: {}", e.what()));
  }
  advance_clock(options_.propagation_delay + 1);
}

bool EmulatorTarget::direct() const { return options_.direct_setup && options_.transport == EmulatorTransport::kInProcess; }

TokenCredentials EmulatorTarget::direct_create(const model::Token& token) {
  // As TokenApi::create: the create body, then an update for a token that is not active.
  auto made = emulator_->setup_create_token(token_body(token, false));
  if (!made.error.empty()) throw TargetError(TargetError::Kind::kRejected, "creating a token: " + made.error);
  TokenCredentials creds;
  creds.id = std::move(made.id);
  creds.value = std::move(made.value);
  if (token.status != model::TokenStatus::kActive) direct_update(creds.id, token);
  return creds;
}

void EmulatorTarget::direct_update(const std::string& id, const model::Token& token) {
  const auto error = emulator_->setup_update_token(id, token_body(token, true));
  if (!error.empty()) throw TargetError(TargetError::Kind::kRejected, "updating token " + id + ": " + error);
}

std::map<std::string, TokenCredentials> EmulatorTarget::create_world(const scenario::World& world) {
  std::map<std::string, TokenCredentials> out;
  if (direct()) {
    for (const auto& b : world.buckets) {
      const std::string jurisdiction(model::to_string(b.where.jurisdiction));
      auto error = emulator_->setup_create_bucket(b.where.account, jurisdiction, b.where.name);
      for (size_t i = 0; error.empty() && i < b.objects.size(); ++i)
        error = emulator_->setup_put_object(b.where.account, jurisdiction, b.where.name, b.objects[i],
                                            object_body(b.objects[i]));
      if (!error.empty())
        throw TargetError(TargetError::Kind::kRejected, fmt::format("setting up bucket {}: {}", b.where.name, error));
    }
    for (const auto& t : world.tokens) out[t.ref] = direct_create(t.token);
  } else {
    create_buckets_and_objects(*this, admin_, world);
    for (const auto& t : world.tokens) out[t.ref] = api_->create(t.token);
  }
  advance_clock(options_.propagation_delay + 1);
  // Faults test how the checker treats transient failures of the requests it judges; building
  // the world through them would only turn scenarios into setup failures and spend the budget.
  emulator_->set_faults(options_.faults);
  return out;
}

// The emulator stays for the next scenario, which begins with a reset (begin_scenario).
void EmulatorTarget::end_scenario() {}

std::string EmulatorTarget::s3_host(const std::string& account, model::Jurisdiction jurisdiction,
                                    const std::string& vhost_bucket) const {
  std::string host = vhost_bucket.empty() ? "" : vhost_bucket + ".";
  host += account;
  if (jurisdiction != model::Jurisdiction::kDefault) host += "." + std::string(model::to_string(jurisdiction));
  host += "." + std::string(kBaseDomain);
  if (emulator_) host += fmt::format(":{}", s3_endpoint_.port);
  return host;
}

http::Expected<http::Response, http::TransportError> EmulatorTarget::send_s3(const http::Request& request,
                                                                             const std::string& source_ip, model::Jurisdiction) {
  if (!transport_ || !emulator_)
    return http::Unexpected(http::TransportError{http::TransportErrc::connect_refused, "the emulator is not running"});
  http::PerRequestOptions o;
  o.source_address = source_ip;
  return transport_->send(s3_endpoint_, request, o);
}

http::Expected<http::Response, http::TransportError> EmulatorTarget::send_api(const http::Request& request,
                                                                             const std::string& source_ip) {
  if (!transport_ || !emulator_)
    return http::Unexpected(http::TransportError{http::TransportErrc::connect_refused, "the emulator is not running"});
  http::Request r = request;
  r.target = "/client/v4" + request.target;
  http::PerRequestOptions o;
  o.source_address = source_ip;
  return transport_->send(api_endpoint_, r, o);
}

int64_t EmulatorTarget::now() {
  if (!emulator_ || !emulator_->clock()) return 0;
  return emulator_->clock()->now().time_since_epoch().count();
}

void EmulatorTarget::advance_clock(int64_t seconds) {
  if (emulator_ && emulator_->clock()) emulator_->clock()->advance(std::chrono::seconds(seconds));
}

void EmulatorTarget::change_token(const scenario::TokenStep& step, const model::Token& token, TokenCredentials& creds) {
  const bool update = step.change == scenario::TokenChange::kUpdate || step.change == scenario::TokenChange::kDisable ||
                      step.change == scenario::TokenChange::kEnable;
  if (direct() && update) return direct_update(creds.id, token);
  api_->apply(step, token, creds);
}

}  // namespace scopecheck::targets
