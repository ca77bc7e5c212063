// The request as SigV4 sees it, and the test suites' `.req` text format.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "harness/sigv4/parse_error.h"

namespace scopecheck::sigv4 {

struct HttpRequest {
  std::string method;
  // Raw request-target as on the wire: percent-encoded path plus optional "?query".
  std::string target;
  // Received order, names as received.
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;

  bool operator==(const HttpRequest&) const = default;

  // The path part of target (before '?'), raw.
  std::string_view path() const;
  // The query part of target (after the first '?'), raw; empty when there is none.
  std::string_view query() const;
  // Every value of a header, compared case-insensitively, in received order.
  std::vector<std::string_view> header_values(std::string_view name) const;
  // The single value of a header; nullopt when absent. When repeated, the first.
  std::optional<std::string_view> header(std::string_view name) const;
  // Replaces every header of that name by one (appended at the end when absent).
  void set_header(std::string_view name, std::string value);
  void remove_header(std::string_view name);
};

// How a folded (obs-fold) header line is read. The two AWS suites disagree (harness/model/SIGV4.md):
// the current aws-signing-test-suite joins the continuation into the value (trimall then makes it
// one space); the 2015 aws-sig-v4-test-suite treats each line as another value of the header.
enum class FoldRule { join, separate_values };

// Parses the suites' `.req` format: "METHOD SP target SP HTTP/x.y", header lines "Name:value"
// (LF or CRLF), an empty line, then the body verbatim. The target may contain spaces (the suites'
// get-space case): the version is the last space-separated token. Header values are stored
// without leading/trailing whitespace. Total: errors are empty_input, bad_request_line,
// bad_header_line, orphan_continuation.
Parsed<HttpRequest> parse_raw_request(std::string_view text, FoldRule fold = FoldRule::join);

// Writes the request in the same format with CRLF line endings ("HTTP/1.1"); parse_raw_request
// gives it back for any request whose header names are tokens and values have no CR/LF and no
// surrounding whitespace.
std::string to_raw(const HttpRequest& request);

// RFC 9110 token character (header names, methods, SignedHeaders entries).
bool is_tchar(char c);

// Case-insensitive ASCII comparison and lowering, used for header names.
bool iequals(std::string_view a, std::string_view b);
std::string to_lower(std::string_view s);

}  // namespace scopecheck::sigv4
