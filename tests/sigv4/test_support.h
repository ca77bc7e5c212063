// Shared helpers of the sigv4 tests: byte-exact file reading and the vectors' location.
#pragma once

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>

#include "harness/sigv4/amz_date.h"

namespace scopecheck::sigv4::testing {

inline std::filesystem::path vectors_dir() {
  return std::filesystem::path(SCOPECHECK_SOURCE_DIR) / "tests" / "vectors";
}

// The file's bytes, unchanged (the suites have no trailing newline and it matters).
inline std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + p.string());
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

inline std::chrono::sys_seconds at(const char* amz_date) {
  auto t = parse_amz_date(amz_date);
  if (!t) throw std::runtime_error(std::string("bad test date ") + amz_date);
  return *t;
}

}  // namespace scopecheck::sigv4::testing
