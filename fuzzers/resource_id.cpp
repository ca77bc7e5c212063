// PROPERTY: parse -> format -> parse is the identity for resource ids, and formatting is
// injective (no two distinct parsed resources format the same).
// Input: text up to the first '\n' is a top-level `resources` key; when a '\n' is present, the
// rest is a nested key under it (parse_nested_resource). A second parse of the same shape is
// made from the input reversed, to compare two parsed values.
// Acceptable: any ResourceIdError. Bugs: a crash, an exception, a sanitizer report, a formatted
// key that does not parse back to the same Resource, or two different Resources with one form.
// LINKS: scopecheck_model
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

#include "harness/model/resource_id.h"

namespace {
namespace m = scopecheck::model;

std::optional<m::Resource> parse(std::string_view text) {
  const size_t nl = text.find('\n');
  auto r = nl == std::string_view::npos ? m::parse_resource_key(text)
                                        : m::parse_nested_resource(text.substr(0, nl), text.substr(nl + 1));
  if (!r) {
    (void)m::message(r.error());
    return std::nullopt;
  }
  return *r;
}
// The formatted form: the key, and the nested key for nested kinds (describe() joins them).
std::string format(const m::Resource& r) {
  const auto nested = m::nested_key(r);
  return nested ? m::resource_key(r) + "\n" + *nested : m::resource_key(r);
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto r = parse(text);
  if (!r) return 0;
  (void)m::scope_of(*r);
  const std::string f = format(*r);
  const auto again = parse(f);
  if (!again || !(*again == *r)) std::abort();
  if (format(*again) != f) std::abort();
  // Injectivity: a second value from the same bytes in another order.
  const std::string other(text.rbegin(), text.rend());
  if (const auto r2 = parse(other); r2 && !(*r2 == *r)) {
    if (format(*r2) == f || m::describe(*r2) == m::describe(*r)) std::abort();
  }
  return 0;
}
