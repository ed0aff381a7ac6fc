// Loading policies: the built-in ones, files, overlays on a built-in, and the errors a
// wrong file gets (with line and column).
#include "classify/Policy.h"
#include "classify/PathRules.h"
#include "classify/Rules.h"
#include "analysis/Images.h"
#include "tests/support/Fixture.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace provcheck {
namespace {

using testing::TempDir;

std::string writeFile(const TempDir &dir, const std::string &name, const std::string &text) {
  std::string path = (dir.path() / name).string();
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

const PathRule *findRule(const std::vector<PathRule> &rules, const std::string &pattern) {
  for (const PathRule &r : rules)
    if (r.pattern == pattern) return &r;
  return nullptr;
}

TEST(BuiltinPolicy, QemuEncodesTheProvenancePolicy) {
  Expected<Policy> p = builtinPolicy("qemu");
  ASSERT_TRUE(p) << p.error().str();
  EXPECT_EQ(p->name, "qemu");
  EXPECT_EQ(p->aiTrailer.key, "AI-used-for");
  EXPECT_EQ(p->aiTrailer.syntax, TrailerSyntax::Values);
  EXPECT_EQ(p->aiTrailer.values,
            (std::vector<std::string>{"code", "tests", "docs", "research"}));
  EXPECT_EQ(p->foreign.forbidden, (std::vector<std::string>{"Assisted-by", "Generated-by"}));
  EXPECT_EQ(p->limits.smallFixLines, 20);
  EXPECT_TRUE(p->limits.coreNeedsAgreement);
  EXPECT_EQ(p->limits.agreementTrailers,
            (std::vector<std::string>{"Acked-by", "Reviewed-by"}));
  EXPECT_EQ(p->limits.allowedCategories,
            (std::vector<Category>{Category::Docs, Category::Tests, Category::Mechanical}));
  EXPECT_TRUE(p->signoff.required);
  ASSERT_NE(p->clause("ai-core"), nullptr);
  EXPECT_EQ(p->limits.coreClause, "ai-core");
  EXPECT_NE(p->clause(p->signoff.clause), nullptr);
  // The annotation macros of QEMU's headers for the fallback parse.
  for (const char *m : {"coroutine_fn", "QEMU_PACKED", "TSA_GUARDED_BY(...)", "GRAPH_RDLOCK",
                        "G_GNUC_PRINTF(...)", "TSA_NO_TSA"})
    EXPECT_NE(std::find(p->annotationMacros.begin(), p->annotationMacros.end(), m),
              p->annotationMacros.end())
        << m;
}

TEST(BuiltinPolicy, QemuDefaultsComeFromTheBuiltinPolicy) {
  ClassifyRules r = ClassifyRules::qemuDefaults();
  EXPECT_EQ(r.coreIncludedBy, 100);
  EXPECT_EQ(r.coreSymbolFanIn, 50);
  EXPECT_EQ(r.repeatedEditMinSites, 3);
  ASSERT_NE(findRule(r.pathRules, "docs/"), nullptr);
  EXPECT_EQ(findRule(r.pathRules, "docs/")->category, Category::Docs);
  EXPECT_EQ(findRule(r.pathRules, "tests/")->category, Category::Tests);
  EXPECT_EQ(findRule(r.pathRules, "tests/docker/")->category, Category::Code);
  // CI infrastructure must come before the general tests/ rule (first match decides).
  auto pos = [&](const std::string &pat) { return findRule(r.pathRules, pat) - &r.pathRules[0]; };
  EXPECT_LT(pos("tests/docker/"), pos("tests/"));
  EXPECT_LT(pos("tests/vm/"), pos("tests/"));
  EXPECT_LT(pos("tests/lcitool/"), pos("tests/"));
  EXPECT_LT(pos("docs/conf.py"), pos("docs/"));
  for (const char *core : {"util/", "qom/", "include/qemu/", "hw/core/", "block/io.c",
                           "scripts/qapi/", "/hmp-commands.hx", "/block.c"})
    EXPECT_NE(findRule(r.corePaths, core), nullptr) << core;
  EXPECT_EQ(findRule(r.corePaths, "include/hw/"), nullptr);
  for (const PathRule &c : r.corePaths) EXPECT_EQ(c.category, Category::Core);
  EXPECT_FALSE(r.toolPatterns.empty());
}

TEST(BuiltinPolicy, LinuxAsksForAssistedByAndAHumanSignOff) {
  Expected<Policy> p = builtinPolicy("linux");
  ASSERT_TRUE(p) << p.error().str();
  EXPECT_EQ(p->aiTrailer.key, "Assisted-by");
  EXPECT_EQ(p->aiTrailer.syntax, TrailerSyntax::Agent);
  EXPECT_TRUE(p->foreign.forbidden.empty());
  EXPECT_TRUE(p->signoff.humanOnly);
  EXPECT_FALSE(p->limits.limited());
}

TEST(BuiltinPolicy, UnknownNameIsAnError) {
  Expected<Policy> p = builtinPolicy("freebsd");
  ASSERT_FALSE(p);
  EXPECT_NE(p.error().message.find("qemu, qemu-2025, linux"), std::string::npos);
}

TEST(PolicyFile, SyntaxErrorNamesFileLineAndColumn) {
  TempDir dir;
  std::string path = writeFile(dir, "bad.toml",
                               "name = \"mine\"\n"
                               "[ai_trailer]\n"
                               "key = \"AI-used-for\n" // unterminated string
                               "values = [\"code\"]\n");
  Expected<Policy> p = loadPolicyFile(path);
  ASSERT_FALSE(p);
  EXPECT_EQ(p.error().file, path);
  EXPECT_EQ(p.error().line, 3);
  EXPECT_GT(p.error().column, 0);
  EXPECT_NE(p.error().message.find("invalid TOML"), std::string::npos) << p.error().str();
}

TEST(PolicyFile, UnknownKeyIsReportedWhereItIs) {
  TempDir dir;
  std::string path = writeFile(dir, "p.toml",
                               "base = \"qemu\"\n"
                               "[ai_limits]\n"
                               "small_fix_lines = 10\n"
                               "  smal_fix_clause = \"ai-permitted\"\n");
  Expected<Policy> p = loadPolicyFile(path);
  ASSERT_FALSE(p);
  EXPECT_EQ(p.error().file, path);
  EXPECT_EQ(p.error().line, 4);
  EXPECT_EQ(p.error().column, 3);
  EXPECT_NE(p.error().message.find("smal_fix_clause"), std::string::npos);
}

// Only the first of several misspelt keys used to be reported: one fix, one more run.
TEST(PolicyFile, EveryUnknownKeyIsReportedWithItsLine) {
  TempDir dir;
  std::string path = writeFile(dir, "p.toml",
                               "base = \"qemu\"\n"
                               "titel = \"Mine\"\n"
                               "[ai_limits]\n"
                               "small_fix_lines = 10\n"
                               "smal_fix_clause = \"ai-permitted\"\n"
                               "[[clause]]\nid = \"a\"\ntext = \"x\"\nwhy = \"no\"\n"
                               "[[clause]]\nid = \"b\"\ntxt = \"y\"\n");
  Expected<Policy> p = loadPolicyFile(path);
  ASSERT_FALSE(p);
  EXPECT_EQ(p.error().line, 2);
  EXPECT_EQ(p.error().str(),
            path + ":2:1: unknown key 'titel' in the policy (expected one of: base, name, title, "
                   "source, document, clause, ai_trailer, foreign_trailers, ai_limits, signoff, "
                   "tools, classification, ast, risk)\n" +
                path + ":5:1: unknown key 'smal_fix_clause' in [ai_limits] (expected one of: "
                       "allowed_categories, categories_clause, small_fix_lines, "
                       "small_fix_clause, outside_needs_agreement, outside_clause, "
                       "core_needs_agreement, core_clause, agreement_trailers, "
                       "consistency_clause, decline, decline_clause)\n" +
                path + ":9:1: unknown key 'why' in [[clause]] (expected one of: id, title, text)\n" +
                path + ":12:1: unknown key 'txt' in [[clause]] (expected one of: id, title, text)");
}

TEST(PolicyFile, WrongTypesAndUnknownReferencesAreErrors) {
  struct Case {
    const char *text;
    int line;
    const char *needle;
  } cases[] = {
      {"base = \"qemu\"\n[ai_limits]\nsmall_fix_lines = \"twenty\"\n", 3, "integer"},
      {"base = \"qemu\"\n[ai_limits]\ncore_clause = \"nope\"\n", 3, "no clause with id 'nope'"},
      {"base = \"qemu\"\n[ai_limits]\nallowed_categories = [\"docs\", \"prose\"]\n", 3,
       "unknown category 'prose'"},
      {"base = \"bsd\"\n", 1, "built-in policy"},
      {"base = \"qemu\"\n[ai_trailer]\nsyntax = \"free\"\n", 3, "unknown trailer syntax"},
      {"base = \"qemu\"\n[ast]\nannotation_macros = [\"ok\", \"not ok\"]\n", 3, "NAME(...)"},
      {"base = \"qemu\"\n[[classification.path]]\nid = \"x\"\npattern = \"x/\"\n"
       "category = \"core\"\n",
       5, "docs, tests or code"},
      {"name = \"bare\"\n", 1, "[ai_trailer]"},
      {"base = \"qemu\"\n[classification]\ntool_patterns = [\n  \"spatch\",\n  \"sed (\",\n]\n",
       5, "tool_patterns: bad regular expression 'sed ('"},
  };
  TempDir dir;
  for (const Case &c : cases) {
    std::string path = writeFile(dir, "p.toml", c.text);
    Expected<Policy> p = loadPolicyFile(path);
    ASSERT_FALSE(p) << c.text;
    EXPECT_EQ(p.error().line, c.line) << c.text << " -> " << p.error().str();
    EXPECT_NE(p.error().message.find(c.needle), std::string::npos)
        << c.text << " -> " << p.error().str();
  }
}

TEST(PolicyFile, BaseOverlayReplacesOnlyWhatItNames) {
  TempDir dir;
  std::string path = writeFile(dir, "p.toml",
                               "base = \"qemu\"\n"
                               "name = \"qemu-strict\"\n"
                               "[ai_limits]\n"
                               "small_fix_lines = 10\n"
                               "[classification]\n"
                               "core_included_by = 120\n");
  Expected<Policy> p = loadPolicyFile(path);
  ASSERT_TRUE(p) << p.error().str();
  EXPECT_EQ(p->name, "qemu-strict");
  EXPECT_EQ(p->limits.smallFixLines, 10);
  EXPECT_TRUE(p->limits.coreNeedsAgreement);      // kept from the base
  EXPECT_EQ(p->rules.coreIncludedBy, 120);
  EXPECT_EQ(p->rules.coreSymbolFanIn, 50);        // kept from the base
  EXPECT_FALSE(p->rules.corePaths.empty());       // kept from the base
  EXPECT_EQ(p->aiTrailer.key, "AI-used-for");
}

TEST(PolicyFile, MissingFileIsAnError) {
  Expected<Policy> p = loadPolicyFile("/nonexistent/policy.toml");
  ASSERT_FALSE(p);
  EXPECT_EQ(p.error().file, "/nonexistent/policy.toml");
}

TEST(PolicyDump, RoundTripsEveryBuiltinPolicy) {
  TempDir dir;
  for (const std::string &name : builtinPolicyNames()) {
    Expected<Policy> p = builtinPolicy(name);
    ASSERT_TRUE(p) << p.error().str();
    std::string text = dumpPolicy(*p);
    std::string path = writeFile(dir, name + ".toml", text);
    Expected<Policy> back = loadPolicyFile(path);
    ASSERT_TRUE(back) << back.error().str();
    EXPECT_EQ(back->name, p->name);
    EXPECT_EQ(back->clauses.size(), p->clauses.size());
    EXPECT_EQ(back->aiTrailer.values, p->aiTrailer.values);
    EXPECT_EQ(back->limits.allowedCategories, p->limits.allowedCategories);
    EXPECT_EQ(back->limits.smallFixLines, p->limits.smallFixLines);
    EXPECT_EQ(back->rules.toolPatterns, p->rules.toolPatterns);
    ASSERT_EQ(back->rules.pathRules.size(), p->rules.pathRules.size());
    for (size_t i = 0; i < p->rules.pathRules.size(); ++i) {
      EXPECT_EQ(back->rules.pathRules[i].pattern, p->rules.pathRules[i].pattern);
      EXPECT_EQ(back->rules.pathRules[i].category, p->rules.pathRules[i].category);
    }
    EXPECT_EQ(back->rules.corePaths.size(), p->rules.corePaths.size());
    EXPECT_EQ(back->annotationMacros, p->annotationMacros);
    EXPECT_EQ(dumpPolicy(*back).substr(dumpPolicy(*back).find('\n')),
              text.substr(text.find('\n')));
  }
}

// A TreeView holding one file, for .provcheck.toml discovery.
class OneFileTree : public TreeView {
public:
  OneFileTree(std::string path, std::string text) : path_(std::move(path)), text_(std::move(text)) {}
  std::optional<std::string> read(std::string_view path) const override {
    if (path == path_) return text_;
    return std::nullopt;
  }
  bool isFile(std::string_view path) const override { return path == path_; }
  bool isDirectory(std::string_view path) const override { return path.empty(); }
  std::vector<std::string> list(std::string_view) const override { return {path_}; }
  std::string id() const override { return "t"; }

private:
  std::string path_, text_;
};

TEST(ResolvePolicy, RepositoryFileThenBuiltinNamesThenPaths) {
  OneFileTree repo(".provcheck.toml", "base = \"qemu\"\nname = \"repo\"\n");
  OneFileTree empty("other", "");
  Expected<Policy> fromRepo = resolvePolicy("", &repo);
  ASSERT_TRUE(fromRepo) << fromRepo.error().str();
  EXPECT_EQ(fromRepo->name, "repo");
  EXPECT_EQ(resolvePolicy("", &empty)->name, "qemu");
  EXPECT_EQ(resolvePolicy("", nullptr)->name, "qemu");
  EXPECT_EQ(resolvePolicy("linux", &repo)->name, "linux"); // --policy overrides the repo
  OneFileTree broken(".provcheck.toml", "name = \"x\"\nbase = = 3\n");
  Expected<Policy> bad = resolvePolicy("", &broken);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().file, ".provcheck.toml");
  EXPECT_EQ(bad.error().line, 2);
  Expected<Policy> missing = resolvePolicy("no-such-policy.toml", nullptr);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().file, "no-such-policy.toml");
}

} // namespace
} // namespace provcheck

namespace provcheck {
namespace {

// QEMU's path rules on real paths of QEMU's tree (tree.tsv at REF).
TEST(QemuPathRules, CategoriesAndCorePathsOnQemusTree) {
  ClassifyRules r = ClassifyRules::qemuDefaults();
  auto category = [&](const std::string &path) {
    const PathRule *rule = firstMatch(r.pathRules, path);
    return rule ? rule->category : Category::Code;
  };
  auto core = [&](const std::string &path) { return firstMatch(r.corePaths, path) != nullptr; };

  std::string tree = testing::readFile(testing::qemuData("tree.tsv"));
  std::istringstream in(tree);
  std::string line;
  int files = 0, docs = 0, tests = 0, cores = 0;
  while (std::getline(in, line)) {
    std::string path = line.substr(line.find('\t') + 1);
    if (line.rfind("160000", 0) == 0) continue; // submodules
    ++files;
    Category c = category(path);
    docs += c == Category::Docs;
    tests += c == Category::Tests;
    cores += c == Category::Code && core(path);
    if (path.rfind("tests/docker/", 0) == 0 || path.rfind("tests/vm/", 0) == 0 ||
        path.rfind("tests/lcitool/", 0) == 0) {
      EXPECT_EQ(c, Category::Code) << path;
    } else if (path.rfind("tests/", 0) == 0) {
      EXPECT_EQ(c, Category::Tests) << path;
    }
    if (path.rfind("include/hw/", 0) == 0 || path.rfind("hw/arm/", 0) == 0 ||
        path.rfind("target/", 0) == 0) {
      EXPECT_FALSE(core(path)) << path;
    }
    if (path.rfind("docs/", 0) == 0 && path.ends_with(".rst")) {
      EXPECT_EQ(c, Category::Docs) << path;
    }
  }
  EXPECT_GT(files, 10000);
  EXPECT_GT(docs, 300);
  EXPECT_GT(tests, 3000);
  EXPECT_GT(cores, 1000);

  for (const char *p : {"docs/conf.py", "docs/sphinx/qapidoc.py", "docs/meson.build",
                        "meson_options.txt", "configs/meson/windows.txt", "hw/misc/foo.c"})
    EXPECT_EQ(category(p), Category::Code) << p;
  for (const char *p : {"README.rst", "hw/uefi/LIMITATIONS.md", "pc-bios/README", "COPYING",
                        "docs/devel/testing/ci-jobs.rst.inc"})
    EXPECT_EQ(category(p), Category::Docs) << p;
  for (const char *p : {"python/tests/protocol.py", "tests/qemu-iotests/041",
                        "tests/functional/x86_64/test_acpi.py"})
    EXPECT_EQ(category(p), Category::Tests) << p;
  for (const char *p : {"meson.build", "configure", "Kconfig.host", "block.c", "block/io.c",
                        "hmp-commands.hx", "qemu-options.hx", "util/qemu-timer.c",
                        "include/qemu/osdep.h", "hw/core/qdev.c", "scripts/qapi/gen.py",
                        "include/elf.h", "qapi/block-core.json"})
    EXPECT_TRUE(core(p)) << p;
  for (const char *p : {"hw/arm/meson.build", "hw/arm/Kconfig", "block/qcow2.c", "include/hw/qdev-core.h",
                        "hw/audio/pl041.hx", "scripts/checkpatch.pl", "target/arm/helper.c"})
    EXPECT_FALSE(core(p)) << p;
}

} // namespace
} // namespace provcheck
