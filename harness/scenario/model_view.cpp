#include "harness/scenario/model_view.h"

#include <fmt/format.h>

#include "harness/scenario/wire.h"

namespace scopecheck::scenario {

std::string made_up_token_id(std::string_view ref) {
  std::string hex;
  for (char c : ref.substr(0, 12)) hex += fmt::format("{:02x}", static_cast<unsigned char>(c));
  return std::string(32 - hex.size(), 'e') + hex;
}

model::World model_world(const World& w, int64_t now) {
  model::World out;
  out.accounts = w.accounts;
  out.now = now;
  for (const auto& b : w.buckets) {
    model::BucketState bs;
    bs.ref = b.where;
    bs.objects.insert(b.objects.begin(), b.objects.end());
    out.buckets.push_back(std::move(bs));
  }
  for (const auto& wt : w.tokens) {
    model::Token t = wt.token;
    t.id = made_up_token_id(wt.ref);
    t.value = std::string(40, 'v') + t.id.substr(24);
    out.tokens.push_back(std::move(t));
  }
  return out;
}

model::Request model_request(const S3Step& s) {
  model::Request r = step_facts(s);
  if (model::needs_upload_id(s.op)) r.upload_id = fmt::format("upload-of-step-{}", s.upload);
  if (s.op == model::Operation::kDeleteObjects) {  // the one key of the step's <Delete> body (wire.cpp)
    r.delete_keys = {s.key.empty() ? "a.txt" : s.key};
    r.key.clear();
  }
  switch (s.auth) {
    case AuthMode::kHeader: r.auth = model::AuthKind::kHeader; break;
    case AuthMode::kPresigned: r.auth = model::AuthKind::kPresigned; break;
    case AuthMode::kAnonymous: r.auth = model::AuthKind::kAnonymous; break;
    case AuthMode::kSigV2: r.auth = model::AuthKind::kSigV2; break;
  }
  if (s.auth != AuthMode::kAnonymous)
    r.access_key_id = s.defect == Defect::kUnknownKey ? std::string(kNoSuchTokenId) : made_up_token_id(s.token);
  return r;
}

}  // namespace scopecheck::scenario
