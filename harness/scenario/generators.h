// RapidCheck generators of scenarios: worlds with deliberately confusable buckets, tokens with
// every permission group × resource form × condition, and step sequences mixing S3 requests
// (every operation, auth mode and signature defect), token changes and clock moves.
#pragma once

#include <rapidcheck.h>

#include <vector>

#include "harness/scenario/choices.h"
#include "harness/plan/scenario.h"

namespace scopecheck::scenario {

// What the target can do; generators only make steps the target can run.
struct GenOptions {
  bool token_api = true;      // token changes (update, disable, enable, roll, delete)
  bool api_steps = true;      // token-API calls judged on their own (ApiStep, SCOPING §11)
  bool clock_control = true;  // clock steps
  bool virtual_host = true;   // virtual-hosted addressing
  bool presign = true;
  bool jurisdictions = true;  // buckets in `eu`
  bool sigv2_steps = true;    // SigV2 requests (refused or not per profile)
  // Streaming uploads (STREAMING-AWS4-HMAC-SHA256-PAYLOAD, aws-chunked): verified where the profile
  // supports them, refused (SC-SIG-12) where it declares their refusal.
  bool streaming = true;
  int max_steps = 24;
  std::vector<std::string> source_ips{"127.0.0.1", "127.0.0.2", "127.0.0.3"};
  int64_t start_time = 1767225600;  // 2026-01-01T00:00:00Z
  // Real accounts: worlds use exactly these (a real target reaches no other account); empty:
  // 1–2 random accounts per world (the emulator accepts any).
  std::vector<std::string> fixed_accounts;
  // Put before every bucket name (a real run's prefix); confusable names stay confusable. The
  // campaign adds each item's own tag to it (item_bucket_prefix below), so scenarios running at
  // once on one account never share a bucket.
  std::string bucket_prefix;
};

// The bucket prefix of one campaign item on a target that names buckets with a run prefix: the
// run's prefix, then the item's tag — "m<hex>-" for matrix item k, "<hex>-" for random item k
// (the global item, so shards differ too). It depends on the item alone, never on the worker,
// so a run's scenarios and case files are the same whatever --jobs; the tags end in '-' and no
// tag is a prefix of another, so one item's names are never another's. Empty `run_prefix`
// (in-process targets): empty.
std::string item_bucket_prefix(const std::string& run_prefix, bool matrix, uint64_t item);

// The generators, written once against a choice source (choices.h).
World make_world(Choices& c, const GenOptions& opt);
Scenario make_scenario(Choices& c, const GenOptions& opt);

// Their pieces, for the model's property tests, which draw worlds, tokens, resources and
// requests from this same stack (tests/scenario/decide_properties_test.cpp, via model_view.h):
// a token aimed at the world's buckets and accounts (`start`: the instant its window is set
// around), a resource (often a near miss of a world bucket), an S3 step after `before`.
model::Token make_token(Choices& c, const World& w, int64_t start);
model::Resource make_resource(Choices& c, const World& w);
S3Step make_s3_step(Choices& c, const World& w, const std::vector<Step>& before, const GenOptions& opt);

// The same, driven by RapidCheck (RapidCheckChoices inside rc::gen::exec).
rc::Gen<World> gen_world(const GenOptions& opt);
rc::Gen<Scenario> gen_scenario(const GenOptions& opt);

// Classification tags of a scenario, for the distribution table (--stats): group × resource
// form × operation class × auth mode.
std::vector<std::string> classify(const Scenario& s);

}  // namespace scopecheck::scenario
