// The token API as a target of its own (SCOPING §11, SC-API-1…8): from the tokens the API holds,
// one call's facts and the instant, the answer class and what a successful answer must show; and
// the comparison of an answer's content with that. The model never talks to a target: the
// executor gives it the tokens and the call, the checker gives it the answer's JSON.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "harness/model/token.h"

namespace scopecheck::model {

enum class ApiEndpoint { kVerify, kList, kGet, kCreate, kUpdate, kDelete, kRoll, kPermissionGroups };

// Declared in the precedence order of SCOPING §11.
enum class ApiOutcome { kBadAuthHeader, kInvalidToken, kIpDenied, kForbidden, kBadRequest, kUnknownToken, kOk };

std::string_view to_string(ApiEndpoint e);  // "verify", "list", …
std::optional<ApiEndpoint> parse_api_endpoint(std::string_view text);
std::string_view to_string(ApiOutcome c);   // "api-bad-auth-header", …, "api-ok"
std::optional<ApiOutcome> parse_api_outcome(std::string_view text);
std::span<const ApiOutcome> all_api_outcomes();
// Whether the endpoint changes tokens (needs API Tokens Write, SC-API-4).
bool is_write(ApiEndpoint e);

// A token as the token API holds it: the model token (id, value, name, status, window, policies,
// condition) and its owner ("user" or the owning account's id).
struct ApiToken {
  Token token;
  std::string owner = "user";
};

struct ApiCall {
  ApiEndpoint endpoint = ApiEndpoint::kVerify;
  std::string path_owner = "user";    // "user" (/user/tokens) or an account id (/accounts/{id}/tokens)
  std::optional<std::string> bearer;  // the value after "Bearer "; nullopt: no Authorization header
  std::string source_ip = "127.0.0.1";
  std::string subject_id;  // get, update, delete, roll: the id in the path
  std::string body;        // create, update: the JSON text sent
};

// What a successful answer must show (SC-API-5, SC-API-7, SC-API-8).
struct ApiExpectedContent {
  std::optional<Token> token;         // create, get, update: the stored fields (id unless create)
  bool value = false;                 // create: result.value present; roll: result a new value
  std::optional<std::string> not_value;  // roll: the old value (the new one must differ)
  std::optional<std::string> verify_id;  // verify: result.id
  bool list = false;                  // list: an array of token objects, none with a value
  std::optional<std::string> deleted_id;  // delete: result.id
  std::vector<std::string> listed;    // list: ids that must appear
  std::vector<std::string> unlisted;  // list: ids that must not appear (another owner's, deleted)
};

struct ApiDecision {
  ApiOutcome outcome = ApiOutcome::kOk;
  std::string rule;  // the SC-API rule that decided the class (SC-API-7 or SC-API-8 for success)
  std::string why;   // one line for people
  ApiExpectedContent content;  // meaningful when outcome is kOk
  // create/update accepted: the token as it is stored after the call (create: id and value empty
  // until the answer gives them).
  std::optional<ApiToken> stored;
};

// The decision for one call. `tokens` are every token the API holds that the model knows of
// (world tokens, tokens made by earlier calls; deleted ones absent); `known_elsewhere` are ids
// the model knows to exist under other owners or to have been deleted (for SC-API-5's list check
// they must not be listed under this path).
ApiDecision decide_api(std::span<const ApiToken> tokens, const ApiCall& call, int64_t now,
                       std::span<const std::string> gone_ids = {});

// The answer's JSON body against a success decision's content (SC-API-7, SC-API-8, SC-API-5):
// nullopt when it shows what it must; otherwise the rule it breaks and what is wrong.
struct ContentMismatch {
  std::string rule;
  std::string what;
};
std::optional<ContentMismatch> check_api_content(const ApiDecision& decision, const nlohmann::json& body);

// A body's token as the API would store it, or why the API must refuse it (SC-API-6). `create`:
// status is refused; update: a missing status keeps `previous`.
struct BodyVerdict {
  std::optional<Token> token;
  std::string error;  // when token is nullopt
};
BodyVerdict validate_token_body(std::string_view body, bool create, TokenStatus previous);

}  // namespace scopecheck::model
