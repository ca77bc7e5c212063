// PROPERTY: parse_case is total, and for an accepted case emit -> parse -> emit is stable: the
// second emission equals the first (nothing is lost or invented by a round trip).
// Acceptable: any CaseError. Bugs: a crash, an exception escaping, a sanitizer report, an
// emitted case that parse_case rejects, or an emission that changes on the second round.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <variant>

#include "harness/scenario/case_file.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace sc = scopecheck::scenario;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto parsed = sc::parse_case(text);
  if (const auto* e = std::get_if<sc::CaseError>(&parsed)) {
    (void)e->message();
    return 0;
  }
  const auto& c = std::get<sc::CaseFile>(parsed);
  const std::string first = sc::emit_case(c).dump();
  const auto again = sc::parse_case(first);
  if (const auto* e = std::get_if<sc::CaseError>(&again)) {
    std::fprintf(stderr, "case_file: emitted case rejected: %s\n%s\n", e->message().c_str(), first.c_str());
    std::abort();
  }
  const std::string second = sc::emit_case(std::get<sc::CaseFile>(again)).dump();
  if (second != first) {
    std::fprintf(stderr, "case_file: emission not stable:\n%s\n%s\n", first.c_str(), second.c_str());
    std::abort();
  }
  (void)sc::case_id(std::get<sc::CaseFile>(again).scenario);
  return 0;
}
