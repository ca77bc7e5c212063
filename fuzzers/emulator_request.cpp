// PROPERTY: raw HTTP bytes through the emulator's parser, router, authentication and handlers
// (in-process, no sockets, handle_raw_for_fuzzing) never crash and always give one well-formed
// HTTP/1.1 answer: Beast's response parser reads it completely and its status is 100..599; an
// answer with a body that is S3 XML <Error> carries a Code; a 2xx never answers an unsigned
// request (the fuzz emulator has no public buckets, so anonymous access must be refused).
// Acceptable: any 4xx/5xx answer. Bugs: a crash, an exception, a sanitizer report, a hang, an
// answer Beast cannot parse, trailing bytes after the answer, a 2xx to an unauthenticated request.
// LINKS: scopecheck_emulator
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cctype>
#include <cstdlib>
#include <string>
#include <string_view>

#include "emulator/emulator.h"

namespace {
[[noreturn]] void fail(const char* what, std::string_view in, const std::string& out) {
  std::fprintf(stderr, "emulator_request: %s\n--- request (%zu bytes)\n%.*s\n--- answer\n%s\n", what, in.size(),
               static_cast<int>(in.size()), in.data(), out.c_str());
  std::abort();
}
bool contains_ci(std::string_view hay, std::string_view needle) {
  for (size_t i = 0; i + needle.size() <= hay.size(); ++i) {
    size_t j = 0;
    while (j < needle.size() && std::tolower(static_cast<unsigned char>(hay[i + j])) == needle[j]) ++j;
    if (j == needle.size()) return true;
  }
  return false;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace http = boost::beast::http;
  const std::string_view in(reinterpret_cast<const char*>(data), size);
  const std::string out = scopecheck::emulator::handle_raw_for_fuzzing(in, "127.0.0.1");

  http::response_parser<http::string_body> parser;
  parser.eager(true);
  parser.body_limit(128 * 1024 * 1024);
  if (in.substr(0, 5) == "HEAD ") parser.skip(true);  // no body follows a HEAD answer's headers
  boost::system::error_code ec;
  const size_t used = parser.put(boost::asio::buffer(out.data(), out.size()), ec);
  if (ec == http::error::need_more && !parser.is_done()) parser.put_eof(ec);
  if (ec || !parser.is_done()) fail(("answer does not parse: " + ec.message()).c_str(), in, out);
  if (used != out.size() && !parser.skip()) fail("bytes after the answer", in, out);
  const auto& res = parser.get();
  const unsigned status = res.result_int();
  if (status < 100 || status > 599) fail("status out of range", in, out);
  if (status >= 400 && res.body().find("<Error>") != std::string::npos &&
      res.body().find("<Code>") == std::string::npos)
    fail("S3 error without a Code", in, out);
  const bool authenticated = contains_ci(in, "authorization:") || contains_ci(in, "x-amz-signature") ||
                             contains_ci(in, "awsaccesskeyid") || contains_ci(in, "signature=");
  if (status >= 200 && status < 300 && !authenticated) fail("2xx to an unauthenticated request", in, out);
  return 0;
}
