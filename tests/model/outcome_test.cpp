#include "harness/model/outcome.h"

#include <gtest/gtest.h>

namespace scopecheck::model {
namespace {

// The names of SCOPING §9 (plus the two configuration classes the rule book lacks), in the
// precedence order of §8.
TEST(Outcome, NamesAndOrderOfScoping8And9) {
  const std::vector<std::pair<std::string, int>> expected = {
      {"malformed-auth", 1},         {"sigv2-unsupported", 1}, {"streaming-unsupported", 1}, {"missing-content-sha256", 1},
      {"anonymous", 2},              {"malformed-credential", 2}, {"unknown-key", 2},        {"presign-bad-expiry", 3},
      {"time-skewed", 3},            {"presign-expired", 3},   {"signature-mismatch", 4},    {"unsigned-header", 4},
      {"inactive-token", 5},         {"ip-denied", 6},         {"content-sha256-mismatch", 7}, {"access-denied", 8},
      {"no-such-bucket", 9},         {"no-such-key", 9},       {"no-such-upload", 9},
      {"no-such-cors-configuration", 9}, {"no-such-lifecycle-configuration", 9}, {"bucket-not-empty", 9},
      {"bucket-exists", 9},          {"invalid-bucket-name", 9}, {"ok", 10},
  };
  ASSERT_EQ(all_outcomes().size(), expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    OutcomeClass c = all_outcomes()[i];
    EXPECT_EQ(to_string(c), expected[i].first);
    EXPECT_EQ(precedence_tier(c), expected[i].second) << expected[i].first;
    EXPECT_EQ(parse_outcome(expected[i].first), c);
  }
  EXPECT_FALSE(parse_outcome("AccessDenied"));
}

}  // namespace
}  // namespace scopecheck::model
