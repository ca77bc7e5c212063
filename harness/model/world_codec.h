// JSON of a model world and of a request (documented in harness/model/README.md). Compact with
// defaults, so scenario case files stay short; errors name the field path.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

#include "harness/model/codec_error.h"
#include "harness/model/request.h"
#include "harness/model/result.h"
#include "harness/model/world.h"

namespace scopecheck::model {

// Parses a world. Errors as in token_codec.h, paths like `buckets[1].jurisdiction`,
// `tokens[0].policies[0].effect`; kUnknownReference when a short bucket form needs a default
// account and `accounts` is empty, or an upload names a bucket not in `buckets`.
Result<World, CodecError> parse_world(std::string_view text);
Result<World, CodecError> parse_world_json(const nlohmann::json& j);

// Parses a request; defaults (account = world.accounts[0], jurisdiction default, auth header,
// secret current, region auto, amz_date = now, expires 3600, source_ip 127.0.0.1) come from the
// README. The operation is "operation" by name, or classified from "method" (+ "query",
// "headers") with classify().
Result<Request, CodecError> parse_request(std::string_view text, const World& world);
Result<Request, CodecError> parse_request_json(const nlohmann::json& j, const World& world);

// Full (non-abbreviated) forms; parse(emit(x)) == x.
nlohmann::json emit_world(const World& world);
nlohmann::json emit_request(const Request& request);

}  // namespace scopecheck::model
