// Validators for flags CLI11 would otherwise read too kindly: "--seed -1" must not wrap to
// 18446744073709551615.
#pragma once

#include <CLI/CLI.hpp>

namespace scopecheck::cli {

// A decimal number from 0 to 2^64-1, digits only (no sign, no hex, no exponent).
CLI::Validator seed_validator();

// HOST:PORT with a port from 0 to 65535 (0: an ephemeral port), as a listener takes it.
CLI::Validator listen_validator();

}  // namespace scopecheck::cli
