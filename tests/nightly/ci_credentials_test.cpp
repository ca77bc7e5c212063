// Secrets stay off command lines (visible in `ps` and in CI logs): the README and the CI files
// give the cloudflare API token through $CLOUDFLARE_API_TOKEN (or --api-token-file), never
// through --api-token.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST(CiCredentials, NoApiTokenOnACommandLineInTheReadmeOrTheCiFiles) {
  const fs::path root(SCOPECHECK_SOURCE_DIR);
  std::vector<fs::path> files{root / "README.md"};
  for (const char* dir : {".github/workflows", "ci-examples"})
    for (const auto& e : fs::directory_iterator(root / dir))
      if (e.is_regular_file()) files.push_back(e.path());
  static const std::regex kFlag("--api-token[ =]");
  int r2_commands = 0;
  for (const auto& f : files) {
    const std::string text = slurp(f);
    std::istringstream in(text);
    std::string line;
    int n = 0;
    while (std::getline(in, line)) {
      ++n;
      EXPECT_FALSE(std::regex_search(line, kFlag)) << f.filename() << ":" << n << ": " << line;
      if (line.find("--target cloudflare") != std::string::npos) ++r2_commands;
    }
  }
  EXPECT_GE(r2_commands, 3);  // README, the nightly workflow, the GitLab example
  const std::string nightly = slurp(root / ".github/workflows/nightly.yml");
  EXPECT_NE(nightly.find("CLOUDFLARE_API_TOKEN: ${{ secrets."), std::string::npos);
}

}  // namespace
