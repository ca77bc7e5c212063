// The reports name case files relative to their own folder, so the CI files print the replay
// commands the reports hold instead of composing their own.
#include <gtest/gtest.h>

#include <string>

#include "tests/nightly/cli_process.h"

namespace {

TEST(NightlyReplayCommands, TheWorkflowsDoNotRewriteReplayCommands) {
  for (const char* f : {".github/workflows/nightly.yml", "ci-examples/gitlab-ci.yml"}) {
    const std::string text = scopecheck::nightly_test::slurp(std::string(SCOPECHECK_SOURCE_DIR) + "/" + f);
    ASSERT_FALSE(text.empty()) << f;
    EXPECT_EQ(text.find("scopecheck replay cases/{"), std::string::npos) << f << " composes its own replay command";
    EXPECT_EQ(text.find("\"--inject \" + b"), std::string::npos) << f << " patches the injected bugs in";
  }
}

}  // namespace
