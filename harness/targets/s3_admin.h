// Signed S3 calls made with an admin credential to set a world up and tear it down. They are not
// checks: a failure here means the target could not be prepared (TargetError).
#pragma once

#include <string>

#include "harness/model/ids.h"
#include "harness/targets/target.h"

namespace scopecheck::targets {

struct AdminCall {
  std::string method;
  std::string account;
  model::Jurisdiction jurisdiction = model::Jurisdiction::kDefault;
  std::string bucket;
  std::string key;
  std::string query;  // raw, e.g. "uploads="
  std::string body;
  std::string region = "auto";
};

// Signs `call` (header auth, signed payload) with `admin` at target.now() and sends it from
// 127.0.0.1. Returns the response; throws TargetError(kUnreachable) on a transport failure and
// TargetError(kRejected) on a non-2xx answer unless `allow_status` lists it.
http::Response admin_s3(Target& target, const TokenCredentials& admin, const AdminCall& call,
                        std::initializer_list<int> allow_status = {});

// The bucket a PUT may create — path-style "/name" sent to `authority`, or "/" sent to
// "name.<authority>" — whatever its query (a presigned or tampered CreateBucket still creates);
// "" for any other request. As on the wire (not percent-decoded). Targets journal it before
// sending, so that a CreateBucket step leaves nothing behind.
std::string bucket_a_put_may_create(const http::Request& request, const std::string& authority);

// The body of every object the harness writes: a GetObject can be checked against it.
std::string object_body(const std::string& key);

// One attempt, no retry, no status check.
http::Expected<http::Response, http::TransportError> admin_s3_once(Target& target, const TokenCredentials& admin,
                                                                   const AdminCall& call);

// Creates the world's buckets and their objects with `admin`.
void create_buckets_and_objects(Target& target, const TokenCredentials& admin, const scenario::World& world);

}  // namespace scopecheck::targets
