// The project's own documents are in the repository and agree with the code: every seeded bug of
// the emulator's catalogue has its row in harness/model/MUTANTS.md with a rule id of the rule
// book and a family, and every *.md path that the README, the docs, the shipped data (profiles,
// example cases) and the code (messages, --help, comments) mention exists in the repository.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "emulator/bugs.h"

namespace {

namespace fs = std::filesystem;

const fs::path kRoot(SCOPECHECK_SOURCE_DIR);

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string trim(std::string s) {
  const auto b = s.find_first_not_of(" \t");
  const auto e = s.find_last_not_of(" \t");
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

std::set<std::string> rule_ids() {
  std::set<std::string> ids;
  const std::string text = slurp(kRoot / "harness/model/SCOPING.md");
  static const std::regex kId("SC-[A-Z]+-[0-9]+");
  for (auto it = std::sregex_iterator(text.begin(), text.end(), kId); it != std::sregex_iterator(); ++it) ids.insert(it->str());
  return ids;
}

struct Row {
  std::string rule, family;
};

// The catalogue table: | `name` | SC-… | family | the bug |
std::map<std::string, Row> catalogue_rows() {
  std::map<std::string, Row> rows;
  std::istringstream in(slurp(kRoot / "harness/model/MUTANTS.md"));
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("| `", 0) != 0) continue;
    std::vector<std::string> cells;
    std::stringstream ss(line);
    std::string cell;
    while (std::getline(ss, cell, '|')) cells.push_back(trim(cell));
    if (cells.size() < 5) continue;
    std::string name = cells[1];
    if (name.size() > 2 && name.front() == '`' && name.back() == '`') name = name.substr(1, name.size() - 2);
    rows[name] = {cells[2], cells[3]};
  }
  return rows;
}

TEST(SpecDocs, EveryBugOfTheEmulatorIsInMutantsMdWithARuleOfTheRuleBook) {
  ASSERT_TRUE(fs::exists(kRoot / "harness/model/MUTANTS.md"));
  const auto ids = rule_ids();
  ASSERT_GE(ids.size(), 40u);  // §1–§10 and the token API's SC-API-1…8
  const auto rows = catalogue_rows();
  std::set<std::string> names;
  for (auto b : scopecheck::emulator::all_bugs()) {
    const std::string name(scopecheck::emulator::bug_name(b));
    names.insert(name);
    const auto it = rows.find(name);
    if (it == rows.end()) {
      ADD_FAILURE() << name << ": a bug of emulator/bugs.cpp with no row in harness/model/MUTANTS.md";
      continue;
    }
    EXPECT_TRUE(ids.count(it->second.rule)) << name << ": rule '" << it->second.rule << "' is not a rule id of SCOPING.md";
    EXPECT_FALSE(it->second.family.empty()) << name << ": no family";
  }
  for (const auto& [name, row] : rows)
    EXPECT_TRUE(names.count(name)) << name << ": a row of MUTANTS.md that is no bug of the emulator's catalogue";
}

TEST(SpecDocs, TheProjectDocumentsAreInTheRepository) {
  for (const char* doc : {"SCOPING.md", "SOURCES.md", "TOKEN-API.md", "SIGV4.md", "MUTANTS.md"})
    EXPECT_TRUE(fs::exists(kRoot / "harness/model" / doc)) << doc;
}

// Files of the repository (build trees, dot folders and third-party data left out).
std::vector<fs::path> repo_files() {
  std::vector<fs::path> out;
  for (auto it = fs::recursive_directory_iterator(kRoot); it != fs::recursive_directory_iterator(); ++it) {
    const auto name = it->path().filename().string();
    if (it->is_directory() && (name.rfind("build", 0) == 0 || name.front() == '.' || name == "node_modules" || name == "corpora" ||
                               name == "vectors")) {
      it.disable_recursion_pending();
      continue;
    }
    if (it->is_regular_file()) out.push_back(it->path());
  }
  return out;
}

TEST(SpecDocs, EveryMarkdownPathMentionedExists) {
  const auto files = repo_files();
  std::set<std::string> md_names;
  for (const auto& f : files)
    if (f.extension() == ".md") md_names.insert(f.filename().string());
  // What the harness writes, not files of the repository.
  const std::set<std::string> outputs{"summary.md", "certificate.md"};
  static const std::regex kMention("[A-Za-z0-9_./-]*[A-Za-z0-9_-]+\\.md\\b");
  int checked = 0;
  for (const auto& f : files) {
    const auto ext = f.extension().string();
    const bool scanned = ext == ".md" || ext == ".cpp" || ext == ".h" || ext == ".json" || ext == ".yml" || ext == ".sh" ||
                         f.parent_path().filename() == "scripts";
    if (!scanned) continue;
    const std::string text = slurp(f);
    const auto rel = fs::relative(f, kRoot).string();
    if (rel == "tests/nightly/spec_docs_test.cpp") continue;
    for (auto it = std::sregex_iterator(text.begin(), text.end(), kMention); it != std::sregex_iterator(); ++it) {
      std::string m = it->str();
      if (m.rfind("//", 0) == 0) continue;  // a URL
      const auto pos = static_cast<size_t>(it->position());
      if (pos >= 1 && text[pos - 1] == ':') continue;
      EXPECT_EQ(m.find("shared/"), std::string::npos) << rel << " mentions " << m << ": outside the repository";
      EXPECT_NE(m.rfind("../", 0), 0u) << rel << " mentions " << m << ": outside the repository";
      while (m.rfind("./", 0) == 0) m = m.substr(2);
      const std::string base = fs::path(m).filename().string();
      if (outputs.count(base)) continue;
      ++checked;
      if (m.find('/') == std::string::npos) {
        EXPECT_TRUE(md_names.count(m)) << rel << " mentions " << m << ": no such file in the repository";
      } else {
        EXPECT_TRUE(fs::exists(kRoot / m) || fs::exists(f.parent_path() / m))
            << rel << " mentions " << m << ": no such file in the repository";
      }
    }
  }
  EXPECT_GT(checked, 50);
}

}  // namespace
