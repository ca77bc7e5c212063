// Turns a step into the bytes sent to a target and, independently, into the facts the reference
// model decides from. The defect a step asks for is applied to the request here (wrong secret,
// skewed date, unsigned header, …) and stated as a fact; the model never sees the bytes.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "harness/http/client.h"
#include "harness/model/request.h"
#include "harness/plan/scenario.h"
#include "harness/targets/target.h"

namespace scopecheck::scenario {

struct PartRecord {
  int number = 1;
  std::string etag;
};

// What the runner knows when it builds a step's request.
struct WireContext {
  const World* world = nullptr;
  const targets::Target* target = nullptr;
  const std::map<std::string, targets::TokenCredentials>* creds = nullptr;  // current, by ref
  const std::map<std::string, std::string>* rolled_away = nullptr;         // ref → value before the last roll
  const std::map<int, std::string>* upload_ids = nullptr;                  // step index → upload id
  const std::map<int, std::vector<PartRecord>>* parts = nullptr;           // step index of the upload → parts
  int64_t now = 0;
  // A listing's next page: the NextContinuationToken (v2) or NextMarker (v1) of the page before;
  // empty: the first page.
  std::string page_marker;
};

struct BuiltRequest {
  http::Request http;
  model::Request facts;
  // The access key id the bytes carry ("" anonymous): facts.access_key_id, or the key a static
  // target's server knows where the harness judges by its 32-hex alias (TokenCredentials::wire_id).
  std::string key_id;
};

// The raw request target for a path-style or virtual-hosted request: "/bucket/key?query".
std::string request_target(const S3Step& step, const std::string& query);

BuiltRequest build_request(const S3Step& step, const WireContext& ctx);

// The facts every request of a step carries whatever goes on the wire: operation, endpoint,
// bucket, key, copy source, source address. build_request() adds what its bytes decide (auth,
// defects, upload id, delete keys, ...); model_view.h's model_request() its own stand-ins.
model::Request step_facts(const S3Step& step);

}  // namespace scopecheck::scenario
