// The checker's half for answers that reveal state (SCOPING §10, SC-GR-4, SC-PR-2): a successful
// listing or object answer is compared with the state the model tracks. Only called for 2xx
// answers the status check already passed; one parse and one walk of the expected entries.
#include <fmt/format.h>
#include <openssl/evp.h>

#include <algorithm>

#include "harness/http/s3_response.h"
#include "harness/scenario/checker.h"

namespace scopecheck::scenario {
namespace {

using model::Operation;
using StateAnswers = model::ProfileFeatures::StateAnswers;

std::string md5_hex(std::string_view bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(bytes.data(), bytes.size(), digest, &len, EVP_md5(), nullptr);
  std::string out;
  for (unsigned int i = 0; i < len; ++i) out += fmt::format("{:02x}", digest[i]);
  return out;
}

std::string unquoted(std::string s) {
  if (s.size() >= 2 && s.front() == '"' && s.back() == '"') return s.substr(1, s.size() - 2);
  return s;
}

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

// Entries shown but not expected (extra) and expected but not shown (missing); entries in
// `maybe` (what a write without a decided answer touched) count as neither.
void difference(std::vector<std::string> expected, std::vector<std::string> shown, const std::set<std::string>& maybe,
                StateFinding& f) {
  std::sort(expected.begin(), expected.end());
  std::sort(shown.begin(), shown.end());
  std::vector<std::string> extra, missing;
  std::set_difference(shown.begin(), shown.end(), expected.begin(), expected.end(), std::back_inserter(extra));
  std::set_difference(expected.begin(), expected.end(), shown.begin(), shown.end(), std::back_inserter(missing));
  for (auto& e : extra)
    if (!maybe.count(e)) f.extra.push_back(std::move(e));
  for (auto& m : missing)
    if (!maybe.count(m)) f.missing.push_back(std::move(m));
}

// The uncertain names below `prefix` of holdings.uncertain (bucket names, or keys of a bucket).
std::set<std::string> uncertain_below(const Holdings& h, const std::string& prefix) {
  std::set<std::string> out;
  for (auto it = h.uncertain.lower_bound(prefix); it != h.uncertain.end() && starts_with(*it, prefix); ++it) {
    const std::string rest = it->substr(prefix.size());
    if (rest.find('\n') == std::string::npos) out.insert(rest);
  }
  return out;
}

StateFinding bad_body(const char* rule, const char* what, const http::S3ParseError& e) {
  StateFinding f;
  f.rule = rule;
  f.detail = fmt::format("the body is not a {}: {}", what, e.to_string());
  return f;
}

StateFinding compare_object_listing(const model::Profile& profile, const model::World& world, const Holdings& holdings,
                                    const model::BucketRef& bucket, const ListingScope& scope,
                                    const http::Response& answer, std::string* next_marker) {
  StateFinding f;
  auto parsed = http::parse_list_objects(answer.body);
  if (!parsed) return bad_body("SC-PR-2", "ListBucketResult", parsed.error());
  const model::BucketState* state = model::find_bucket(world, bucket);
  if (!state) return f;  // decided ok without the bucket: nothing to compare with
  // Every entry of the whole listing, in key order: keys, and CommonPrefixes where they roll up.
  std::vector<std::string> all;
  for (const std::string& key : state->objects) {
    if (!starts_with(key, scope.prefix)) continue;
    const auto at = scope.delimiter.empty() ? std::string::npos : key.find(scope.delimiter, scope.prefix.size());
    if (at == std::string::npos) {
      all.push_back(key);
    } else {
      std::string common = key.substr(0, at + scope.delimiter.size());
      if (all.empty() || all.back() != common) all.push_back(std::move(common));
    }
  }
  std::vector<std::string> shown;
  for (const auto& o : parsed->contents) shown.push_back(o.key);
  for (const auto& p : parsed->common_prefixes) shown.push_back(p);
  std::sort(shown.begin(), shown.end());

  const std::set<std::string> maybe = uncertain_below(holdings, object_id(bucket, ""));
  const bool exact = profile.features.state_answers == StateAnswers::kCompared && maybe.empty() &&
                     !holdings.uncertain.count(bucket_id(bucket));
  if (exact) {
    const size_t n = scope.max_keys > 0 ? static_cast<size_t>(scope.max_keys) : 1000;
    const size_t begin = std::min(all.size(), static_cast<size_t>(scope.page) * n);
    const size_t end = std::min(all.size(), begin + n);
    difference(std::vector<std::string>(all.begin() + static_cast<long>(begin), all.begin() + static_cast<long>(end)),
               shown, {}, f);
    const bool truncated = end < all.size();
    if (parsed->is_truncated != truncated)
      f.detail = fmt::format("IsTruncated is {} on page {}, expected {}", parsed->is_truncated, scope.page + 1, truncated);
  } else if (!parsed->is_truncated && scope.page == 0) {
    difference(all, shown, maybe, f);  // one page: the same entries, in any order
  } else {
    difference(all, shown, maybe, f);
    f.missing.clear();  // a page of an unordered or uncertain listing: nothing beyond the state
  }
  for (const auto& o : parsed->contents) {
    auto it = holdings.objects.find(object_id(bucket, o.key));
    if (it != holdings.objects.end() && !maybe.count(o.key) && o.size != it->second.bytes.size())
      f.detail += fmt::format("{}'{}' has Size {}, expected {}", f.detail.empty() ? "" : "; ", o.key, o.size,
                              it->second.bytes.size());
  }
  if (!f.extra.empty() || !f.missing.empty() || !f.detail.empty()) f.rule = "SC-PR-2";
  if (f.agrees() && parsed->is_truncated && next_marker) {
    if (parsed->is_v2()) *next_marker = parsed->next_continuation_token.value_or("");
    else *next_marker = parsed->next_marker.value_or(shown.empty() ? std::string() : shown.back());
    if (next_marker->empty()) {
      f.rule = "SC-PR-2";
      f.detail = "a truncated listing without the marker of its next page";
    }
  }
  return f;
}

}  // namespace

std::string bucket_id(const model::BucketRef& b) { return model::to_string(b); }
std::string object_id(const model::BucketRef& b, std::string_view key) { return bucket_id(b) + "\n" + std::string(key); }
std::string uploads_id(const model::BucketRef& b) { return bucket_id(b) + "\n\nuploads"; }

std::string StateFinding::describe() const {
  auto list = [](const std::vector<std::string>& v) {
    std::string out;
    for (size_t i = 0; i < v.size() && i < 10; ++i) out += (i ? ", " : "") + ("'" + v[i] + "'");
    if (v.size() > 10) out += fmt::format(" and {} more", v.size() - 10);
    return out;
  };
  std::string out;
  if (!extra.empty()) out += "shown but not held (extra): " + list(extra);
  if (!missing.empty()) out += (out.empty() ? "" : "; ") + std::string("held but not shown (missing): ") + list(missing);
  if (!detail.empty()) out += (out.empty() ? "" : "; ") + detail;
  return out;
}

StateFinding compare_error_names(const model::Request& facts, const http::Response& answer) {
  StateFinding f;
  if (answer.status / 100 == 2 || answer.body.find("<Error") == std::string::npos) return f;
  auto parsed = http::parse_error(answer.body);
  if (!parsed) return f;  // not an S3 error document: nothing named
  auto named = [&](const char* element, std::initializer_list<std::string_view> allowed) {
    auto it = parsed->fields.find(element);
    if (it == parsed->fields.end()) return;
    for (auto a : allowed)
      if (!a.empty() && it->second == a) return;
    f.rule = "SC-PR-2";
    f.extra.push_back(fmt::format("{} {}", element, it->second));
  };
  named("BucketName", {facts.bucket, facts.source_bucket});
  named("Key", {facts.key, facts.source_key});
  if (!f.agrees())
    f.detail = fmt::format("the {} error names what the request did not (bucket '{}', key '{}')", parsed->code,
                           facts.bucket, facts.key);
  return f;
}

StateFinding compare_state(const model::Profile& profile, const model::World& world, const Holdings& holdings,
                           const model::Request& facts, const ListingScope& scope,
                           const std::vector<std::pair<int, std::string>>& parts, const http::Response& answer,
                           std::string* next_marker) {
  StateFinding f;
  if (next_marker) next_marker->clear();
  if (profile.features.state_answers == StateAnswers::kNotCompared || answer.status / 100 != 2) return f;
  const model::BucketRef bucket = model::request_bucket(facts);
  switch (facts.operation) {
    case Operation::kListBuckets: {
      auto parsed = http::parse_list_buckets(answer.body);
      if (!parsed) return bad_body("SC-GR-4", "ListAllMyBucketsResult", parsed.error());
      std::vector<std::string> shown;
      for (const auto& b : parsed->buckets) shown.push_back(b.name);
      difference(model::list_buckets(world, facts.account, facts.jurisdiction), shown,
                 uncertain_below(holdings, bucket_id({facts.account, facts.jurisdiction, ""})), f);
      if (!f.extra.empty() || !f.missing.empty()) f.rule = "SC-GR-4";
      return f;
    }
    case Operation::kListObjects:
    case Operation::kListObjectsV2:
      return compare_object_listing(profile, world, holdings, bucket, scope, answer, next_marker);
    case Operation::kListMultipartUploads: {
      auto parsed = http::parse_list_multipart_uploads(answer.body);
      if (!parsed) return bad_body("SC-PR-2", "ListMultipartUploadsResult", parsed.error());
      if (holdings.uncertain.count(uploads_id(bucket))) return f;
      std::vector<std::string> expected, shown;
      for (const auto& u : world.uploads)
        if (u.bucket == bucket) expected.push_back(u.key + " (upload " + u.upload_id + ")");
      for (const auto& u : parsed->uploads) shown.push_back(u.key + " (upload " + u.upload_id + ")");
      difference(expected, shown, {}, f);
      if (!f.extra.empty() || !f.missing.empty()) f.rule = "SC-PR-2";
      return f;
    }
    case Operation::kListParts: {
      auto parsed = http::parse_list_parts(answer.body);
      if (!parsed) return bad_body("SC-PR-2", "ListPartsResult", parsed.error());
      if (holdings.uncertain.count(uploads_id(bucket))) return f;
      std::vector<std::string> expected, shown;
      for (const auto& [n, etag] : parts) expected.push_back(fmt::format("part {} {}", n, unquoted(etag)));
      for (const auto& p : parsed->parts) shown.push_back(fmt::format("part {} {}", p.part_number, unquoted(p.etag)));
      difference(expected, shown, {}, f);
      if (!f.extra.empty() || !f.missing.empty()) f.rule = "SC-PR-2";
      return f;
    }
    case Operation::kGetObject:
    case Operation::kHeadObject: {
      const std::string id = object_id(bucket, facts.key);
      auto it = holdings.objects.find(id);
      if (it == holdings.objects.end() || holdings.uncertain.count(id)) return f;
      const auto& held = it->second;
      if (facts.operation == Operation::kGetObject && answer.body != held.bytes) {
        f.detail = fmt::format("GetObject '{}' answered {} bytes that are not the {} bytes held", facts.key,
                               answer.body.size(), held.bytes.size());
      }
      const std::string length = answer.header("Content-Length");
      if (facts.operation == Operation::kHeadObject && !length.empty() && length != std::to_string(held.bytes.size()))
        f.detail = fmt::format("HeadObject '{}' has Content-Length {}, expected {}", facts.key, length, held.bytes.size());
      const std::string etag = unquoted(answer.header("ETag"));
      if (!held.multipart && !etag.empty() && etag != md5_hex(held.bytes))
        f.detail += fmt::format("{}'{}' has ETag {}, the MD5 of its bytes is {}", f.detail.empty() ? "" : "; ", facts.key,
                                etag, md5_hex(held.bytes));
      if (!f.detail.empty()) f.rule = "SC-PR-2";
      return f;
    }
    default:
      return f;
  }
}

}  // namespace scopecheck::scenario
