// The Cloudflare-style token API of TOKEN-API.md (user and account paths) and, only with a test
// clock, the clock control endpoint /__scopecheck/clock.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <optional>
#include <cctype>

#include "emulator/core.h"
#include "emulator/s3_request.h"

namespace scopecheck::emulator {
namespace {
using nlohmann::json;

constexpr std::string_view kApiPrefix = "/client/v4";

HttpResponse json_response(int status, const json& body) {
  HttpResponse r;
  r.status = status;
  r.headers.emplace_back("Content-Type", "application/json");
  r.body = body.dump();
  return r;
}

HttpResponse fail(int status, int code, std::string message, json chain = nullptr) {
  json err{{"code", code}, {"message", std::move(message)}};
  if (!chain.is_null()) err["error_chain"] = chain;
  return json_response(status, {{"success", false}, {"errors", json::array({err})}, {"messages", json::array()},
                                {"result", nullptr}});
}

HttpResponse ok(json result, json messages = json::array(), json result_info = nullptr) {
  // Member by member: a braced initializer list would copy the result (the whole token).
  json body = json::object();
  body["success"] = true;
  body["errors"] = json::array();
  body["messages"] = std::move(messages);
  body["result"] = std::move(result);
  if (!result_info.is_null()) body["result_info"] = std::move(result_info);
  return json_response(200, body);
}

HttpResponse no_route() { return fail(404, 7003, "No route for the URI"); }
HttpResponse bad_field(const std::string& msg) { return fail(400, 1001, msg); }
HttpResponse unknown_token() { return fail(404, 1003, "Invalid token id"); }
HttpResponse io_failure() { return fail(500, 1002, "Internal error: the token could not be stored"); }

std::vector<std::string> split_path(std::string_view p) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < p.size()) {
    auto slash = p.find('/', start);
    if (slash == std::string_view::npos) slash = p.size();
    if (slash > start) out.emplace_back(p.substr(start, slash - start));
    start = slash + 1;
  }
  return out;
}

bool has_group(const TokenRecord& t, std::string_view group) {
  bool allow = false;
  for (const auto& p : t.policies) {
    if (std::find(p.group_ids.begin(), p.group_ids.end(), group) == p.group_ids.end()) continue;
    if (p.deny) return false;
    allow = true;
  }
  return allow;
}

bool valid_now(const TokenRecord& t, TimePoint now) {
  if (t.status != "active") return false;
  if (t.not_before && now < *t.not_before) return false;
  if (t.expires_on && now >= *t.expires_on) return false;
  return true;
}

bool ip_ok(const TokenRecord& t, const std::string& ip_text) {
  if (!t.condition) return true;
  auto ip = parse_ip(ip_text);
  if (!ip) return false;
  if (t.condition->in) {
    bool inside = false;
    for (const auto& r : *t.condition->in) inside = inside || range_contains(r, *ip);
    if (!inside) return false;
  }
  for (const auto& r : t.condition->not_in)
    if (range_contains(r, *ip)) return false;
  return true;
}

// Nesting deeper than this is refused before any JSON value is built: a body of a million
// '[' would otherwise become a million nested arrays (gigabytes) before validation sees it. The
// deepest valid token body nests 5 levels.
constexpr int kMaxJsonDepth = 64;

// Builds the value as json::parse does, refusing at the first level past the limit: one pass,
// and nothing deeper than the limit is ever built.
class DepthLimitedBuilder {
 public:
  explicit DepthLimitedBuilder(json& out) : dom_(out, false) {}
  bool too_deep = false;
  bool null() { return dom_.null(); }
  bool boolean(bool v) { return dom_.boolean(v); }
  bool number_integer(json::number_integer_t v) { return dom_.number_integer(v); }
  bool number_unsigned(json::number_unsigned_t v) { return dom_.number_unsigned(v); }
  bool number_float(json::number_float_t v, const json::string_t& s) { return dom_.number_float(v, s); }
  bool string(json::string_t& v) { return dom_.string(v); }
  bool binary(json::binary_t& v) { return dom_.binary(v); }
  bool start_object(std::size_t n) { return enter() && dom_.start_object(n); }
  bool key(json::string_t& k) { return dom_.key(k); }
  bool end_object() {
    --depth_;
    return dom_.end_object();
  }
  bool start_array(std::size_t n) { return enter() && dom_.start_array(n); }
  bool end_array() {
    --depth_;
    return dom_.end_array();
  }
  template <class Exception>
  bool parse_error(std::size_t pos, const std::string& token, const Exception& e) {
    return dom_.parse_error(pos, token, e);
  }

 private:
  bool enter() {
    too_deep = ++depth_ > kMaxJsonDepth;
    return !too_deep;
  }
  nlohmann::detail::json_sax_dom_parser<json> dom_;
  int depth_ = 0;
};

// The request body as JSON, or nullopt with *error naming what is wrong with it.
std::optional<json> parse_body(const std::string& body, std::string* error) {
  json j;
  DepthLimitedBuilder builder(j);
  if (!json::sax_parse(body, &builder)) {
    *error = builder.too_deep ? "body: JSON nested deeper than " + std::to_string(kMaxJsonDepth) + " levels"
                              : "body: not valid JSON";
    return std::nullopt;
  }
  return j;
}

bool parse_int_param(const std::string& s, long long* out) {
  if (s.empty()) return false;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return ec == std::errc() && p == s.data() + s.size();
}

HttpResponse clock_endpoint(EmulatorCore& core, const HttpRequest& req) {
  TestClock* clock = core.test_clock();
  if (!clock) return no_route();
  if (req.method == "PUT") {
    std::string error;
    auto parsed = parse_body(req.body, &error);
    if (!parsed || !parsed->is_object())
      return json_response(400, {{"error", "body: must be a JSON object with now or advance_seconds"}});
    json& body = *parsed;
    if (body.contains("now")) {
      auto t = body["now"].is_string() ? parse_rfc3339(body["now"].get<std::string>()) : std::nullopt;
      if (!t) return json_response(400, {{"error", "now: must be an RFC 3339 date-time"}});
      clock->set(*t);
    } else if (body.contains("advance_seconds")) {
      if (!body["advance_seconds"].is_number_integer())
        return json_response(400, {{"error", "advance_seconds: must be an integer"}});
      clock->advance(std::chrono::seconds(body["advance_seconds"].get<int64_t>()));
    } else {
      return json_response(400, {{"error", "body: must hold now or advance_seconds"}});
    }
  } else if (req.method != "GET") {
    return no_route();
  }
  return json_response(200, {{"now", format_rfc3339(clock->now())}});
}
}  // namespace

HttpResponse EmulatorCore::handle_api(const HttpRequest& req) {
  std::string_view target = req.target;
  auto qpos = target.find('?');
  std::string_view path = target.substr(0, qpos);
  QueryMap query = qpos == std::string_view::npos ? QueryMap{} : parse_query(target.substr(qpos + 1));
  if (path == "/__scopecheck/clock") return clock_endpoint(*this, req);
  if (path.substr(0, kApiPrefix.size()) != kApiPrefix) return no_route();
  auto seg = split_path(path.substr(kApiPrefix.size()));

  // Route: owner ("user" or account id) and the rest after ".../tokens".
  std::string owner;
  size_t i = 0;
  if (seg.size() >= 2 && seg[0] == "user" && seg[1] == "tokens") {
    owner = "user";
    i = 2;
  } else if (seg.size() >= 3 && seg[0] == "accounts" && seg[2] == "tokens" && is_account_id(seg[1])) {
    owner = seg[1];
    i = 3;
  } else {
    return no_route();
  }
  std::vector<std::string> rest(seg.begin() + static_cast<long>(i), seg.end());
  const std::string& m = req.method;
  enum class Route { groups, verify, list, create, get, update, remove, roll } route;
  if (rest.empty() && m == "GET") route = Route::list;
  else if (rest.empty() && m == "POST") route = Route::create;
  else if (rest.size() == 1 && rest[0] == "permission_groups" && m == "GET") route = Route::groups;
  else if (rest.size() == 1 && rest[0] == "verify" && m == "GET") route = Route::verify;
  else if (rest.size() == 1 && m == "GET") route = Route::get;
  else if (rest.size() == 1 && m == "PUT") route = Route::update;
  else if (rest.size() == 1 && m == "DELETE") route = Route::remove;
  else if (rest.size() == 2 && rest[1] == "value" && m == "PUT") route = Route::roll;
  else return no_route();

  // Authentication: Bearer <value>.
  const std::string* authz = find_header(req, "authorization");
  static const std::string kBearer = "Bearer ";
  if (!authz || authz->size() <= kBearer.size() || authz->compare(0, kBearer.size(), kBearer) != 0 ||
      authz->find_first_of(" \t", kBearer.size()) != std::string::npos)
    return fail(400, 6003, "Invalid request headers",
                json::array({{{"code", 6111}, {"message", "Invalid format for Authorization header"}}}));
  const TimePoint now = clock().now();
  auto caller = tokens_->find_by_value(authz->substr(kBearer.size()));
  // BUG verify-inactive-active: verify looks the bearer up but not at its status or window, and
  // calls it active.
  const bool verify_any = route == Route::verify && bugs_.has(Bug::verify_inactive_active);
  if (!caller || (!verify_any && !valid_now(*caller, now))) return fail(401, 1000, "Invalid API Token");
  // BUG api-ip-unchecked: the bearer's IP condition is not applied to token-API calls.
  if (!bugs_.has(Bug::api_ip_unchecked) && !ip_ok(*caller, req.client_ip))
    return fail(403, 9109, "Cannot use the access token from location: " + req.client_ip);

  if (route == Route::verify) {
    if (caller->owner != owner) return fail(401, 1000, "Invalid API Token");
    json r{{"id", caller->id}, {"status", verify_any ? std::string("active") : caller->status}};
    if (caller->not_before) r["not_before"] = format_rfc3339(*caller->not_before);
    if (caller->expires_on) r["expires_on"] = format_rfc3339(*caller->expires_on);
    return ok(r, json::array({{{"code", 10000}, {"message", "This API Token is valid and active"}, {"type", nullptr}}}));
  }
  bool writes = route == Route::create || route == Route::update || route == Route::remove || route == Route::roll;
  bool may_write = has_group(*caller, kGroupApiTokensWrite);
  bool may_read = may_write || has_group(*caller, kGroupApiTokensRead);
  // BUG api-read-writes: API Tokens Read is taken for Write (create, update, delete, roll).
  if (bugs_.has(Bug::api_read_writes)) may_write = may_read;
  if (writes ? !may_write : !may_read) return fail(403, 9109, "Unauthorized to access requested resource");
  // BUG api-owner-ignored: a token id is looked up under whichever owner has it, not only under
  // the path's owner (an account path reaches user tokens and the other way round).
  std::string subject_owner = owner;
  if (bugs_.has(Bug::api_owner_ignored) && rest.size() >= 1 && route != Route::groups && route != Route::list &&
      route != Route::create)
    if (auto o = tokens_->owner_of(rest[0])) subject_owner = *o;
  // BUG api-get-reveals-value: GET of one token and list show the token's value.
  const bool reveal = bugs_.has(Bug::api_get_reveals_value);

  switch (route) {
    case Route::groups: {
      auto name_it = query.find("name");
      auto scope_it = query.find("scope");
      std::string name_filter;
      if (name_it != query.end())
        for (char c : name_it->second) name_filter.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
      json arr = json::array();
      for (const auto& g : permission_catalogue()) {
        std::string lname;
        for (char c : g.name) lname.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
        if (!name_filter.empty() && lname.find(name_filter) == std::string::npos) continue;
        if (scope_it != query.end() && scope_it->second != g.scope_text) continue;
        arr.push_back({{"id", g.id}, {"name", g.name}, {"scopes", json::array({g.scope_text})}});
      }
      return ok(arr);
    }
    case Route::list: {
      long long page = 1, per_page = 20;
      if (auto it = query.find("page"); it != query.end() && (!parse_int_param(it->second, &page) || page < 1))
        return bad_field("page: must be an integer >= 1");
      if (auto it = query.find("per_page");
          it != query.end() && (!parse_int_param(it->second, &per_page) || per_page < 5 || per_page > 50))
        return bad_field("per_page: must be an integer from 5 to 50");
      std::string direction = "asc";
      if (auto it = query.find("direction"); it != query.end()) {
        if (it->second != "asc" && it->second != "desc") return bad_field("direction: must be asc or desc");
        direction = it->second;
      }
      // Only the page is copied out of the store; a page number past the end (even one whose
      // offset would overflow) is an empty page.
      const size_t offset = page - 1 > static_cast<long long>(SIZE_MAX / static_cast<size_t>(per_page))
                                ? SIZE_MAX
                                : static_cast<size_t>(page - 1) * static_cast<size_t>(per_page);
      auto listed = tokens_->list(owner, offset, static_cast<size_t>(per_page), direction == "desc");
      json arr = json::array();
      for (const auto& t : listed.tokens) arr.push_back(token_to_json(t, reveal));
      json info{{"page", page},
                {"per_page", per_page},
                {"count", arr.size()},
                {"total_count", listed.total},
                {"total_pages", (listed.total + per_page - 1) / per_page}};
      return ok(arr, json::array(), info);
    }
    case Route::create:
    case Route::update: {
      std::string error;
      auto body = parse_body(req.body, &error);
      if (!body) return bad_field(error);
      auto spec = parse_token_spec(*body, route == Route::update, &error);
      if (!spec) return bad_field(error);
      bool io_error = false;
      if (route == Route::create) {
        auto t = tokens_->create(std::move(*spec), owner, &io_error);
        if (io_error) return io_failure();
        return ok(token_to_json(t, true));
      }
      auto t = tokens_->update(rest[0], std::move(*spec), subject_owner, &io_error);
      if (!t) return unknown_token();
      if (io_error) return io_failure();
      return ok(token_to_json(*t, false));
    }
    case Route::get: {
      auto t = tokens_->get(rest[0], subject_owner);
      if (!t) return unknown_token();
      return ok(token_to_json(*t, reveal));
    }
    case Route::remove: {
      bool io_error = false;
      if (!tokens_->remove(rest[0], subject_owner, &io_error)) return unknown_token();
      if (io_error) return io_failure();
      return ok({{"id", rest[0]}});
    }
    case Route::roll: {
      bool io_error = false;
      auto v = tokens_->roll(rest[0], subject_owner, &io_error);
      if (!v) return unknown_token();
      if (io_error) return io_failure();
      return ok(*v);
    }
    case Route::verify: break;
  }
  return no_route();
}

}  // namespace scopecheck::emulator
