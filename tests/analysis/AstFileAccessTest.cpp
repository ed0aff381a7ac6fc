// What the parses may read: the trees, the include directories of the compile command and
// the system headers, nothing else. A header outside them (an absolute path, a ../ that
// climbs out of the tree, a symbolic link leading out of it) is refused and reported,
// and its contents never reach a diagnostic.
#include "analysis/AstMap.h"
#include "tests/analysis/AstTestSupport.h"
#include "tests/support/Fixture.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace provcheck {
namespace {

using testing::changedLines;
using testing::diffFile;
using testing::MemTree;
using testing::TempDir;
using Files = std::map<std::string, std::string>;
using Lines = std::vector<std::string>;

const std::string kFallback = "no compilation database: fallback flags";
const std::string kOutside =
    ": outside the tree, the include directories of the compile command and the system headers";
// What a leak would show: the first line of the file as a parse error.
const char *kSecret = "root:x:0:0:root:/root:/bin/bash\n";

const char *kBefore = "int f(void)\n{\n    return 1;\n}\n";
const char *kAfter = "int f(void)\n{\n    return 2;\n}\n";

// A work tree at <tmp>/repo, and <tmp>/outside/secret.h beside it.
struct Layout {
  TempDir dir;
  std::string repo = dir.str() + "/repo";
  std::string secret = dir.str() + "/outside/secret.h";
  Layout() {
    std::filesystem::create_directories(repo);
    std::filesystem::create_directories(dir.path() / "outside");
    std::ofstream(secret) << kSecret;
  }
  AstOptions options() const {
    AstOptions o;
    o.repoRoot = repo;
    return o;
  }
};

// f.c changed, with `header` added in front of the post-image; `newLinks` are symbolic
// links of the new tree.
FileEntities mapWithInclude(const Layout &l, const std::string &header, Files newFiles = {},
                            std::map<std::string, std::string> newLinks = {},
                            AstOptions options = {}) {
  if (options.repoRoot.empty()) options = l.options();
  std::string after = header + kAfter;
  Patch patch;
  patch.files.push_back(diffFile("f.c", kBefore, after));
  newFiles["f.c"] = after;
  PatchImages images{std::make_shared<MemTree>(Files{{"f.c", kBefore}}),
                     std::make_shared<MemTree>(newFiles, newLinks), ""};
  return mapEntities(patch, images, options)[0];
}

void expectNoLeak(const FileEntities &fe) {
  for (const std::string &r : fe.degradedReasons) EXPECT_EQ(r.find("root:x"), std::string::npos) << r;
  for (const std::string &r : fe.degradedReasons) EXPECT_EQ(r.find("secret.h:1"), std::string::npos) << r;
}

TEST(AstFileAccess, AbsoluteIncludeOutsideTheTreeIsRefused) {
  Layout l;
  FileEntities fe = mapWithInclude(l, "#include \"" + l.secret + "\"\n");
  EXPECT_EQ(fe.degradedReasons,
            (Lines{kFallback, "post-image: refused to read " + l.secret + kOutside,
                   "post-image: missing header: '" + l.secret + "' file not found"}));
  expectNoLeak(fe);
  EXPECT_EQ(changedLines(fe), (Lines{"+1 #include \"" + l.secret + "\"", "-3 function f (body)",
                                     "+4 function f (body)"}));
}

TEST(AstFileAccess, SystemFileByAbsolutePathIsRefused) {
  Layout l;
  FileEntities fe = mapWithInclude(l, "#include \"/etc/passwd\"\n");
  EXPECT_EQ(fe.degradedReasons,
            (Lines{kFallback, "post-image: refused to read /etc/passwd" + kOutside,
                   "post-image: missing header: '/etc/passwd' file not found"}));
}

TEST(AstFileAccess, DotDotOutOfTheTreeIsRefused) {
  Layout l;
  FileEntities fe = mapWithInclude(l, "#include \"../outside/secret.h\"\n");
  EXPECT_EQ(fe.degradedReasons,
            (Lines{kFallback, "post-image: refused to read " + l.secret + kOutside,
                   "post-image: missing header: '../outside/secret.h' file not found"}));
  expectNoLeak(fe);
}

TEST(AstFileAccess, SymbolicLinkOfTheTreeLeadingOutIsRefused) {
  Layout l;
  FileEntities fe = mapWithInclude(l, "#include \"evil.h\"\n#include \"passwd.h\"\n", {},
                                   {{"evil.h", "../outside/secret.h"}, {"passwd.h", "/etc/passwd"}});
  EXPECT_EQ(fe.degradedReasons,
            (Lines{kFallback,
                   "post-image: refused to read " + l.repo +
                       "/evil.h: a symbolic link of the tree (evil.h -> ../outside/secret.h) "
                       "leads out of it",
                   "post-image: refused to read " + l.repo +
                       "/passwd.h: a symbolic link of the tree (passwd.h -> /etc/passwd) leads "
                       "out of it",
                   "post-image: missing header: 'evil.h' file not found",
                   "post-image: missing header: 'passwd.h' file not found"}));
  expectNoLeak(fe);
}

// The work tree on the disk holds a link to a directory outside it: the path is under an
// include directory (the tree's root), where it leads is not.
TEST(AstFileAccess, SymbolicLinkOnTheDiskLeadingOutIsRefused) {
  Layout l;
  std::filesystem::create_directory_symlink(l.dir.path() / "outside", l.repo + "/vendor");
  FileEntities fe = mapWithInclude(l, "#include \"vendor/secret.h\"\n");
  EXPECT_EQ(fe.degradedReasons,
            (Lines{kFallback, "post-image: refused to read " + l.repo + "/vendor/secret.h" + kOutside,
                   "post-image: missing header: 'vendor/secret.h' file not found"}));
  expectNoLeak(fe);
}

// A link that stays in the tree is followed, into the tree it belongs to.
TEST(AstFileAccess, SymbolicLinkInsideTheTreeIsFollowed) {
  Layout l;
  FileEntities fe = mapWithInclude(
      l, "#include \"include/compat.h\"\nword_t g(void);\n",
      {{"lib/real.h", "typedef unsigned long word_t;\n"}},
      {{"include/compat.h", "../lib/real.h"}});
  EXPECT_EQ(fe.degradedReasons, Lines{kFallback}); // word_t is known: the header was read
  EXPECT_EQ(changedLines(fe), (Lines{"+1 #include \"include/compat.h\"",
                                     "+2 function g (signature)", "-3 function f (body)",
                                     "+5 function f (body)"}));
}

// <tmp>/third_party/vendor.h holding `text`, and a database that compiles f.c with
// -I<tmp>/third_party.
void vendorHeaderOutside(const Layout &l, const std::string &text) {
  std::filesystem::create_directories(l.dir.path() / "third_party");
  std::ofstream(l.dir.path() / "third_party" / "vendor.h") << text;
  std::ofstream(l.repo + "/compile_commands.json")
      << "[{\"directory\": \"" << l.repo << "\", \"file\": \"f.c\", \"arguments\": [\"cc\", \"-I"
      << l.dir.str() << "/third_party\", \"-c\", \"f.c\"]}]\n";
}

// An include directory of the compile command outside the repository is served.
TEST(AstFileAccess, IncludeDirectoryOfTheDatabaseOutsideTheTreeIsServed) {
  Layout l;
  vendorHeaderOutside(l, "typedef int vendor_t;\n");
  FileEntities fe = mapWithInclude(l, "#include <vendor.h>\nvendor_t v;\n");
  EXPECT_EQ(fe.flagsSource, "compile_commands.json");
  EXPECT_FALSE(fe.degraded) << ::testing::PrintToString(fe.degradedReasons);
}

// A relative include directory is taken in the command's directory, not in "/": generated
// headers of an out-of-tree build are served.
TEST(AstFileAccess, RelativeIncludeDirectoryOfTheDatabaseIsServed) {
  Layout l;
  std::filesystem::create_directories(l.dir.path() / "build" / "gen");
  std::ofstream(l.dir.path() / "build" / "gen" / "generated.h") << "typedef int gen_t;\n";
  std::ofstream(l.repo + "/compile_commands.json")
      << "[{\"directory\": \"" << l.dir.str() << "/build\", \"file\": \"../repo/f.c\", "
      << "\"arguments\": [\"cc\", \"-Igen\", \"-c\", \"../repo/f.c\"]}]\n";
  FileEntities fe = mapWithInclude(l, "#include \"generated.h\"\ngen_t v;\n");
  EXPECT_EQ(fe.flagsSource, "compile_commands.json");
  EXPECT_FALSE(fe.degraded) << ::testing::PrintToString(fe.degradedReasons);
}

// The disk's answers are kept for one session's parses: the next session reads a header
// of an include directory again.
TEST(AstFileAccess, TheNextSessionReadsADiskHeaderAgain) {
  Layout l;
  vendorHeaderOutside(l, "typedef int vendor_t;\n");
  FileEntities first = mapWithInclude(l, "#include <vendor.h>\nvendor_t v;\n");
  EXPECT_FALSE(first.degraded) << ::testing::PrintToString(first.degradedReasons);
  std::ofstream(l.dir.path() / "third_party" / "vendor.h") << "typedef int other_t;\n";
  FileEntities second = mapWithInclude(l, "#include <vendor.h>\nvendor_t v;\n");
  EXPECT_EQ(second.degradedReasons,
            (Lines{"post-image: 1 parse error, first: " + l.repo +
                   "/f.c:2: unknown type name 'vendor_t'"}));
}

// Within a session, a file the gate refused is refused to every parse, after one it
// admitted too.
TEST(AstFileAccess, TheDiskAnswersOfASessionKeepItsRefusals) {
  Layout l;
  std::filesystem::create_directory_symlink(l.dir.path() / "outside", l.repo + "/vendor");
  std::ofstream(l.repo + "/local.h") << "typedef int local_t;\n"; // in no tree: the disk's
  AstOptions options = l.options();
  AstSession session(options);
  auto map = [&](const std::string &header, const std::string &body) {
    std::string before = std::string(kBefore), after = header + body + kAfter;
    Patch patch;
    patch.files.push_back(diffFile("f.c", before, after));
    PatchImages images{std::make_shared<MemTree>(Files{{"f.c", before}}),
                       std::make_shared<MemTree>(Files{{"f.c", after}}), ""};
    return session.map(patch, images)[0];
  };
  EXPECT_EQ(map("#include \"local.h\"\n", "local_t y;\n").degradedReasons, Lines{kFallback});
  const Lines refused{kFallback,
                      "post-image: refused to read " + l.repo + "/vendor/secret.h" + kOutside,
                      "post-image: missing header: 'vendor/secret.h' file not found"};
  for (int i = 0; i < 2; ++i) {
    FileEntities fe = map("#include \"vendor/secret.h\"\n", "int x" + std::to_string(i) + ";\n");
    EXPECT_EQ(fe.degradedReasons, refused) << "parse " << i + 1;
    expectNoLeak(fe);
  }
}

} // namespace
} // namespace provcheck
