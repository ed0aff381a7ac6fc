// Compile flags from a generated compile_commands.json decide which branch of an #ifdef
// the parse sees; files the database does not list get a neighbour's command.
#include "analysis/AstMap.h"
#include "tests/analysis/AstTestSupport.h"
#include "tests/support/Fixture.h"

#include <gtest/gtest.h>

#include <fstream>

namespace provcheck {
namespace {

using testing::changedLines;
using testing::diffFile;
using testing::MemTree;
using testing::TempDir;
using Files = std::map<std::string, std::string>;
using Lines = std::vector<std::string>;

const char *kSpeed = "#ifdef CONFIG_FAST\nstatic int speed(void)\n{\n    return 2;\n}\n#else\n"
                     "static int speed(void)\n{\n    return 1;\n}\n#endif\n\n"
                     "int get_speed(void)\n{\n    return speed();\n}\n";

std::string replaceAll(std::string s, const std::string &from, const std::string &to) {
  for (size_t at; (at = s.find(from)) != std::string::npos;) s.replace(at, from.size(), to);
  return s;
}

void writeDatabase(const std::filesystem::path &dir, const std::string &root,
                   const std::string &defines) {
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "compile_commands.json")
      << "[{\"directory\": \"" << root << "\", \"file\": \"speed.c\", \"arguments\": [\"cc\", "
      << defines << "\"-Iinclude\", \"-c\", \"speed.c\", \"-o\", \"speed.o\"]},\n"
      << " {\"directory\": \"" << root << "\", \"file\": \"speed.c\", \"arguments\": [\"cc\", "
      << "\"-DCONFIG_OTHER_TARGET\", \"-c\", \"speed.c\", \"-o\", \"other/speed.o\"]}]\n";
}

std::vector<FileEntities> mapSpeed(const AstOptions &options, const std::string &path = "speed.c") {
  std::string after = replaceAll(replaceAll(kSpeed, "return 2;", "return 20;"), "return 1;", "return 10;");
  Patch patch;
  patch.files.push_back(diffFile(path, kSpeed, after));
  PatchImages images{std::make_shared<MemTree>(Files{{path, kSpeed}}),
                     std::make_shared<MemTree>(Files{{path, after}}), ""};
  return mapEntities(patch, images, options);
}

TEST(AstCompileDb, DefineFromDatabaseSelectsTheActiveBranch) {
  TempDir root;
  writeDatabase(root.path(), root.str(), "\"-DCONFIG_FAST\", ");
  AstOptions options;
  options.repoRoot = root.str();
  auto out = mapSpeed(options);
  const FileEntities &fe = out[0];
  EXPECT_EQ(fe.flagsSource, "compile_commands.json");
  EXPECT_FALSE(fe.degraded) << ::testing::PrintToString(fe.degradedReasons);
  EXPECT_EQ(changedLines(fe),
            (Lines{"-4 function speed (body)", "+4 function speed (body)",
                   "-9 function speed (body, inactive)", "+9 function speed (body, inactive)"}));
}

TEST(AstCompileDb, WithoutTheDefineTheOtherBranchIsActive) {
  TempDir root;
  writeDatabase(root.path() / "build", root.str(), "");
  AstOptions options;
  options.repoRoot = root.str();
  options.buildDir = (root.path() / "build").string(); // -p
  auto out = mapSpeed(options);
  EXPECT_EQ(out[0].flagsSource, "compile_commands.json");
  EXPECT_EQ(changedLines(out[0]),
            (Lines{"-4 function speed (body, inactive)", "+4 function speed (body, inactive)",
                   "-9 function speed (body)", "+9 function speed (body)"}));
}

TEST(AstCompileDb, FileNotInDatabaseGetsAnInterpolatedCommand) {
  TempDir root;
  writeDatabase(root.path(), root.str(), "\"-DCONFIG_FAST\", ");
  AstOptions options;
  options.repoRoot = root.str();
  auto out = mapSpeed(options, "speed_helpers.c");
  EXPECT_EQ(out[0].flagsSource.rfind("inferred from", 0), 0u) << out[0].flagsSource;
  EXPECT_EQ(changedLines(out[0])[0], "-4 function speed (body)");
}

TEST(AstCompileDb, MissingBuildDirFallsBackAndSaysWhy) {
  TempDir root;
  AstOptions options;
  options.repoRoot = root.str();
  options.buildDir = (root.path() / "nowhere").string();
  auto out = mapSpeed(options);
  EXPECT_EQ(out[0].flagsSource, "fallback");
  EXPECT_EQ(out[0].degradedReasons,
            Lines{"no compile_commands.json in " + options.buildDir + ": fallback flags"});
  // The fallback defines nothing: the #else branch is the active one.
  EXPECT_EQ(changedLines(out[0])[0], "-4 function speed (body, inactive)");
}

// QEMU's layout: the build directory lives inside the work tree (ignored by git) and holds
// generated headers. They are not files of the tree, so they come from the disk, however
// often clang asks for them.
TEST(AstCompileDb, GeneratedHeaderInAnInTreeBuildDirectoryIsFound) {
  TempDir root;
  std::filesystem::create_directories(root.path() / "build" / "gen");
  std::ofstream(root.path() / "build" / "gen" / "config-gen.h") << "#define CONFIG_FAST 1\n";
  std::ofstream(root.path() / "build" / "compile_commands.json")
      << "[{\"directory\": \"" << root.str() << "/build\", \"file\": \"../speed.c\", "
      << "\"arguments\": [\"cc\", \"-include\", \"config-gen.h\", \"-I" << root.str()
      << "/build/gen\", \"-c\", \"../speed.c\", \"-o\", \"speed.o\"]}]\n";
  AstOptions options;
  options.repoRoot = root.str();
  options.buildDir = (root.path() / "build").string();
  auto out = mapSpeed(options);
  EXPECT_EQ(out[0].flagsSource, "compile_commands.json");
  EXPECT_FALSE(out[0].degraded) << ::testing::PrintToString(out[0].degradedReasons);
  // The generated header defines CONFIG_FAST: the #ifdef branch is the active one.
  EXPECT_EQ(changedLines(out[0])[0], "-4 function speed (body)");
}

} // namespace
} // namespace provcheck
