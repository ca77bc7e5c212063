#include "harness/sigv4/http_request.h"

#include <algorithm>

namespace scopecheck::sigv4 {
namespace {

char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool is_space(char c) { return c == ' ' || c == '\t'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && (is_space(s.front()) || s.front() == '\r' || s.front() == '\n'))
    s.remove_prefix(1);
  while (!s.empty() && (is_space(s.back()) || s.back() == '\r' || s.back() == '\n'))
    s.remove_suffix(1);
  return s;
}


bool is_token(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), is_tchar);
}

// Splits off one line (LF or CRLF terminated, or the rest). Returns false at end of input.
bool next_line(std::string_view& rest, std::string_view& line) {
  if (rest.empty()) return false;
  auto nl = rest.find('\n');
  if (nl == std::string_view::npos) {
    line = rest;
    rest = {};
  } else {
    line = rest.substr(0, nl);
    rest.remove_prefix(nl + 1);
  }
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return true;
}

}  // namespace

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

std::string to_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = lower(c);
  return out;
}

std::string_view HttpRequest::path() const {
  std::string_view t = target;
  return t.substr(0, t.find('?'));
}

std::string_view HttpRequest::query() const {
  std::string_view t = target;
  auto q = t.find('?');
  return q == std::string_view::npos ? std::string_view{} : t.substr(q + 1);
}

std::vector<std::string_view> HttpRequest::header_values(std::string_view name) const {
  std::vector<std::string_view> out;
  for (const auto& [n, v] : headers) {
    if (iequals(n, name)) out.emplace_back(v);
  }
  return out;
}

std::optional<std::string_view> HttpRequest::header(std::string_view name) const {
  for (const auto& [n, v] : headers) {
    if (iequals(n, name)) return std::string_view(v);
  }
  return std::nullopt;
}

void HttpRequest::set_header(std::string_view name, std::string value) {
  auto it = std::find_if(headers.begin(), headers.end(),
                         [&](const auto& h) { return iequals(h.first, name); });
  if (it == headers.end()) {
    headers.emplace_back(std::string(name), std::move(value));
    return;
  }
  it->second = std::move(value);
  headers.erase(std::remove_if(std::next(it), headers.end(),
                               [&](const auto& h) { return iequals(h.first, name); }),
                headers.end());
}

void HttpRequest::remove_header(std::string_view name) {
  headers.erase(std::remove_if(headers.begin(), headers.end(),
                               [&](const auto& h) { return iequals(h.first, name); }),
                headers.end());
}

Parsed<HttpRequest> parse_raw_request(std::string_view text, FoldRule fold) {
  if (text.empty()) return ParseError::empty_input;
  std::string_view rest = text;
  std::string_view line;
  next_line(rest, line);

  // METHOD SP target SP HTTP/x.y; the target may itself hold spaces.
  auto first_space = line.find(' ');
  auto last_space = line.rfind(' ');
  if (first_space == std::string_view::npos || last_space == first_space)
    return ParseError::bad_request_line;
  HttpRequest req;
  std::string_view method = line.substr(0, first_space);
  std::string_view version = line.substr(last_space + 1);
  std::string_view target = line.substr(first_space + 1, last_space - first_space - 1);
  if (!is_token(method) || target.empty() || version.size() < 6 ||
      version.substr(0, 5) != "HTTP/") {
    return ParseError::bad_request_line;
  }
  req.method = std::string(method);
  req.target = std::string(target);

  bool saw_blank = false;
  while (next_line(rest, line)) {
    if (line.empty()) {
      saw_blank = true;
      break;
    }
    if (is_space(line.front())) {  // obs-fold continuation
      if (req.headers.empty()) return ParseError::orphan_continuation;
      std::string_view more = trim(line);
      if (fold == FoldRule::separate_values) {
        req.headers.emplace_back(req.headers.back().first, std::string(more));
      } else {
        req.headers.back().second.append("\n").append(line);
      }
      continue;
    }
    auto colon = line.find(':');
    if (colon == std::string_view::npos || !is_token(line.substr(0, colon)))
      return ParseError::bad_header_line;
    req.headers.emplace_back(std::string(line.substr(0, colon)),
                             std::string(trim(line.substr(colon + 1))));
  }
  if (saw_blank) req.body = std::string(rest);
  return req;
}

std::string to_raw(const HttpRequest& request) {
  std::string out;
  out.append(request.method).append(" ").append(request.target).append(" HTTP/1.1\r\n");
  for (const auto& [n, v] : request.headers) out.append(n).append(":").append(v).append("\r\n");
  out.append("\r\n");
  out.append(request.body);
  return out;
}

bool is_tchar(char c) {
  if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) return true;
  switch (c) {
    case '!':
    case '#':
    case '$':
    case '%':
    case '&':
    case '\'':
    case '*':
    case '+':
    case '-':
    case '.':
    case '^':
    case '_':
    case '`':
    case '|':
    case '~':
      return true;
    default:
      return false;
  }
}

}  // namespace scopecheck::sigv4
