#include "harness/sigv4/authorization.h"

#include <algorithm>

#include "harness/sigv4/amz_date.h"
#include "harness/sigv4/constants.h"
#include "harness/sigv4/http_request.h"

namespace scopecheck::sigv4 {
namespace {

std::string_view trim_spaces(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

Parsed<CredentialScope> parse_credential_scope(std::string_view text) {
  if (text.empty()) return ParseError::empty_input;
  std::vector<std::string_view> parts;
  std::size_t pos = 0;
  while (true) {
    auto slash = text.find('/', pos);
    parts.push_back(
        text.substr(pos, slash == std::string_view::npos ? std::string_view::npos : slash - pos));
    if (slash == std::string_view::npos) break;
    pos = slash + 1;
  }
  if (parts.size() != 5 || parts[0].empty() || parts[3].empty() || parts[4].empty()) {
    return ParseError::bad_credential;
  }
  if (!parse_scope_date(parts[1])) return ParseError::bad_scope_date;
  return CredentialScope{std::string(parts[0]), std::string(parts[1]), std::string(parts[2]),
                         std::string(parts[3]), std::string(parts[4])};
}

std::string to_string(const CredentialScope& c) { return c.access_key_id + "/" + scope_string(c); }

std::string scope_string(const CredentialScope& c) {
  return c.date + "/" + c.region + "/" + c.service + "/" + c.terminator;
}

Parsed<std::vector<std::string>> parse_signed_headers(std::string_view text) {
  std::vector<std::string> names;
  std::size_t pos = 0;
  while (true) {
    auto semi = text.find(';', pos);
    std::string_view name =
        text.substr(pos, semi == std::string_view::npos ? std::string_view::npos : semi - pos);
    if (name.empty() || !std::all_of(name.begin(), name.end(), is_tchar))
      return ParseError::bad_signed_headers;
    names.emplace_back(name);
    if (semi == std::string_view::npos) break;
    pos = semi + 1;
  }
  return names;
}

std::string join_signed_headers(const std::vector<std::string>& names) {
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i) out.push_back(';');
    out.append(names[i]);
  }
  return out;
}

Parsed<AuthorizationHeader> parse_authorization_header(std::string_view text) {
  text = trim_spaces(text);
  if (text.empty()) return ParseError::empty_input;
  // "There is no comma between the algorithm and Credential": the algorithm ends at a space.
  auto space = text.find(' ');
  std::string_view algorithm = text.substr(0, space);
  if (algorithm != kAlgorithm) return ParseError::unsupported_algorithm;
  std::string_view rest =
      space == std::string_view::npos ? std::string_view{} : text.substr(space + 1);

  std::optional<std::string_view> credential, signed_headers, signature;
  std::size_t pos = 0;
  while (true) {
    auto comma = rest.find(',', pos);
    std::string_view field = trim_spaces(
        rest.substr(pos, comma == std::string_view::npos ? std::string_view::npos : comma - pos));
    auto eq = field.find('=');
    if (eq == std::string_view::npos || eq + 1 == field.size()) {
      return field.empty() && comma == std::string_view::npos && !credential && !signed_headers &&
                     !signature
                 ? ParseError::missing_field
                 : ParseError::bad_field_syntax;
    }
    std::string_view name = field.substr(0, eq), value = field.substr(eq + 1);
    std::optional<std::string_view>* slot = nullptr;
    if (name == "Credential")
      slot = &credential;
    else if (name == "SignedHeaders")
      slot = &signed_headers;
    else if (name == "Signature")
      slot = &signature;
    else
      return ParseError::unknown_field;
    if (*slot) return ParseError::duplicate_field;
    *slot = value;
    if (comma == std::string_view::npos) break;
    pos = comma + 1;
  }
  if (!credential || !signed_headers || !signature) return ParseError::missing_field;

  auto scope = parse_credential_scope(*credential);
  if (!scope) return scope.error();
  auto names = parse_signed_headers(*signed_headers);
  if (!names) return names.error();
  if (signature->find_first_of(" \t") != std::string_view::npos)
    return ParseError::bad_field_syntax;
  return AuthorizationHeader{std::string(algorithm), std::move(scope).value(),
                             std::move(names).value(), std::string(*signature)};
}

std::string to_string(const AuthorizationHeader& a) {
  std::string out;
  out.append(a.algorithm).append(" Credential=").append(to_string(a.credential));
  out.append(", SignedHeaders=").append(join_signed_headers(a.signed_headers));
  out.append(", Signature=").append(a.signature);
  return out;
}

}  // namespace scopecheck::sigv4
