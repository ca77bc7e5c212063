// PROPERTY: every parse_* function of harness/http/s3_response.h is total: any bytes give a value
// or an S3ParseError with a stable message, never an exception or a crash.
// Acceptable: any S3ParseError. Bugs: a crash, an exception, a sanitizer report, a hang.
// LINKS: scopecheck_http
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "harness/http/s3_response.h"

namespace {
template <class R>
void check(const R& r) {
  if (!r) {
    (void)scopecheck::http::message(r.error().code);
    (void)r.error().to_string();
  }
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace h = scopecheck::http;
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  check(h::parse_error(body));
  check(h::parse_list_buckets(body));
  check(h::parse_list_objects(body));
  check(h::parse_initiate_multipart_upload(body));
  check(h::parse_complete_multipart_upload(body));
  check(h::parse_copy_result(body));
  check(h::parse_delete_result(body));
  check(h::parse_list_multipart_uploads(body));
  check(h::parse_list_parts(body));
  return 0;
}
