// PROPERTY: parse_profile is total: any text gives a Profile or a ProfileError whose message is
// one line; an accepted profile has a wire answer for every class it can be asked about.
// Acceptable: any ProfileError. Bugs: a crash, an exception escaping, a sanitizer report.
// LINKS: scopecheck_model
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "harness/model/profile.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace m = scopecheck::model;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto p = m::parse_profile(text, "fuzz.json");
  if (!p) {
    (void)m::message(p.error().kind);
    (void)p.error().message();
    return 0;
  }
  (void)m::decide_options(*p);
  for (const auto& [cls, wire] : p->wire) {
    (void)m::expected_wire(*p, cls);
    m::ActualAnswer a;
    a.status = wire.statuses.empty() ? 200 : wire.statuses.front();
    (void)m::compare(*p, cls, a, m::Strictness::kExact);
  }
  return 0;
}
