// The state the rules look at: accounts, buckets with their object keys, open multipart
// uploads, tokens. Plain vectors searched linearly: the model has no caches and no indexes.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "harness/model/ids.h"
#include "harness/model/timestamp.h"
#include "harness/model/token.h"

namespace scopecheck::model {

struct Request;

struct BucketState {
  BucketRef ref;
  std::set<std::string> objects;  // object keys
  bool cors = false;       // a CORS configuration is set
  bool lifecycle = false;  // a lifecycle configuration is set

  friend bool operator==(const BucketState&, const BucketState&) = default;
};

struct Upload {
  std::string upload_id;
  BucketRef bucket;
  std::string key;

  friend bool operator==(const Upload&, const Upload&) = default;
};

struct World {
  std::vector<std::string> accounts;  // 32 hex; the first is the default for short forms
  std::vector<BucketState> buckets;
  std::vector<Upload> uploads;
  std::vector<Token> tokens;
  std::optional<Timestamp> now;  // the instant to decide at, unless the caller gives one

  friend bool operator==(const World&, const World&) = default;
};

// nullptr when absent. Exact matches only.
const BucketState* find_bucket(const World& world, const BucketRef& ref);
const Token* find_token(const World& world, std::string_view id);
const Upload* find_upload(const World& world, std::string_view upload_id, const BucketRef& bucket,
                          std::string_view key);

// SC-GR-4: the names of the buckets of `account` in `jurisdiction`, sorted; never filtered by token.
std::vector<std::string> list_buckets(const World& world, std::string_view account, Jurisdiction jurisdiction);

// Updates the world after `request` was decided ok: create/delete bucket, put/delete/copy
// object, DeleteObjects (request.delete_keys), create/complete/abort upload. For
// CreateMultipartUpload, request.upload_id is the id the target returned (the runner copies it
// in); when empty the model names the upload "upload-<n>". Other operations change nothing.
// Calling it for a request not decided ok is a caller error; it then does what the operation would.
void apply(World& world, const Request& request);

}  // namespace scopecheck::model
