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
  for (size_t at = 0; (at = s.find(from, at)) != std::string::npos; at += to.size())
    s.replace(at, from.size(), to);
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
  // The fallback defines nothing: the #else branch is the one parsed, but whether
  // CONFIG_FAST is set is unknown, so the #ifdef branch is not claimed inactive.
  EXPECT_EQ(out[0].degradedReasons,
            (Lines{"no compile_commands.json in " + options.buildDir + ": fallback flags",
                   "not evaluated without a compilation database: #ifdef CONFIG_FAST"}));
  EXPECT_EQ(changedLines(out[0]),
            (Lines{"-4 function speed (body)", "+4 function speed (body)",
                   "-9 function speed (body)", "+9 function speed (body)"}));
}

// A database with a syntax error after a sound first entry used to print LLVM's raw
// "YAML:..." error without the file's name, and the entry read before it was used.
TEST(AstCompileDb, InvalidDatabaseNamesItsFileAndLineAndDegrades) {
  TempDir root;
  std::string db = (root.path() / "compile_commands.json").string();
  std::ofstream(db) << "[{\"directory\": \"" << root.str()
                    << "\", \"file\": \"speed.c\",\n"
                       "  \"arguments\": [\"cc\", \"-DCONFIG_FAST\", \"-c\", \"speed.c\"]},\n"
                       " {\"directory\": \"/x\" \"file\": \"y.c\"}]\n";
  AstOptions options;
  options.repoRoot = root.str();
  auto out = mapSpeed(options);
  EXPECT_EQ(out[0].flagsSource, "fallback");
  ASSERT_FALSE(out[0].degradedReasons.empty());
  EXPECT_EQ(out[0].degradedReasons[0],
            db + ":3:21: Expected , or } after object property: fallback flags");
}

TEST(AstCompileDb, DatabaseEntryWithoutAFileIsNotUsedAtAll) {
  TempDir root;
  std::string db = (root.path() / "compile_commands.json").string();
  std::ofstream(db) << "[{\"directory\": \"" << root.str()
                    << "\", \"file\": \"speed.c\", \"command\": \"cc -DCONFIG_FAST -c speed.c\"},\n"
                       " {\"directory\": \"" << root.str() << "\", \"command\": \"cc -c x.c\"}]\n";
  AstOptions options;
  options.repoRoot = root.str();
  auto out = mapSpeed(options);
  EXPECT_EQ(out[0].flagsSource, "fallback");
  ASSERT_FALSE(out[0].degradedReasons.empty());
  EXPECT_EQ(out[0].degradedReasons[0], db + ": entry 2: no \"file\" string: fallback flags");
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

// A header changed by a patch is parsed as it is compiled: with the command of a source
// file that includes it, after that file's earlier includes (as clangd does).
struct IncluderTree {
  TempDir root;
  Files files{
      {"include/prelude.h",
       "typedef unsigned long long u64;\n#define DEV_ATTR __attribute__((warn_unused_result))\n"},
      {"include/dev/regs.h", "#ifndef DEV_REGS_H\n#define DEV_REGS_H\n\n/* Registers of the device. */\n"
                             "typedef struct DevRegs {\n    u64 base;\n    u64 size;\n} DevRegs;\n\n"
                             "u64 DEV_ATTR dev_regs_read(DevRegs *r, u64 offset);\n\n#endif\n"},
      {"include/dev/all.h", "#ifndef DEV_ALL_H\n#define DEV_ALL_H\n#include \"dev/flags.h\"\n#endif\n"},
      {"include/dev/flags.h",
       "#ifndef DEV_FLAGS_H\n#define DEV_FLAGS_H\n\n#define DEV_F_ON 1\n\nu64 dev_flags(void);\n\n#endif\n"},
      {"include/dev/lonely.h", "u64 dev_lonely(void);\n"},
      {"dev/dev.c", "#include \"prelude.h\"\n#include <stddef.h>\n#include \"dev/regs.h\"\n\n"
                    "u64 dev_regs_read(DevRegs *r, u64 offset)\n{\n    return r->base + offset;\n}\n"},
      {"dev/other.c", "#include \"prelude.h\"\n#include \"dev/all.h\"\n#include \"dev/flags.h\"\n\n"
                      "u64 dev_flags(void)\n{\n    return DEV_F_ON;\n}\n"},
      // A translator that includes its instruction handlers in the middle of its code:
      // the .c.inc uses the context type and a helper defined above the #include.
      {"dev/translate.c", "#include \"prelude.h\"\n\ntypedef struct DisasContext {\n"
                          "    u64 pc;\n} DisasContext;\n\n"
                          "static u64 gen_load(DisasContext *ctx, u64 addr)\n{\n"
                          "    return ctx->pc + addr;\n}\n\n"
                          "#include \"insn_trans/trans_ld.c.inc\"\n"},
      {"dev/insn_trans/trans_ld.c.inc", "static int trans_ld(DisasContext *ctx, u64 a)\n{\n"
                                        "    return gen_load(ctx, a) != 0;\n}\n"},
  };
  IncluderTree() {
    std::ofstream(root.path() / "compile_commands.json")
        << "[{\"directory\": \"" << root.str() << "\", \"file\": \"dev/dev.c\", \"arguments\": "
        << "[\"cc\", \"-Iinclude\", \"-c\", \"dev/dev.c\", \"-o\", \"dev.o\"]},\n"
        << " {\"directory\": \"" << root.str() << "\", \"file\": \"dev/other.c\", \"arguments\": "
        << "[\"cc\", \"-Iinclude\", \"-c\", \"dev/other.c\", \"-o\", \"other.o\"]},\n"
        << " {\"directory\": \"" << root.str() << "\", \"file\": \"dev/translate.c\", \"arguments\": "
        << "[\"cc\", \"-Iinclude\", \"-c\", \"dev/translate.c\", \"-o\", \"translate.o\"]}]\n";
  }
  FileEntities map(const std::string &path, const std::string &after) {
    Files newFiles = files;
    newFiles[path] = after;
    Patch patch;
    patch.files.push_back(diffFile(path, files[path], after));
    PatchImages images{std::make_shared<MemTree>(files), std::make_shared<MemTree>(newFiles), ""};
    AstOptions options;
    options.repoRoot = root.str();
    return mapEntities(patch, images, options)[0];
  }
};

TEST(AstCompileDb, HeaderIsParsedAfterItsIncludersIncludes) {
  IncluderTree t;
  std::string after = replaceAll(
      replaceAll(t.files["include/dev/regs.h"], "    u64 size;\n", "    u64 size;\n    u64 flags;\n"),
      "u64 offset);", "u64 offset, unsigned size);");
  FileEntities fe = t.map("include/dev/regs.h", after);
  EXPECT_EQ(fe.flagsSource, "includer dev/dev.c");
  EXPECT_FALSE(fe.degraded) << ::testing::PrintToString(fe.degradedReasons);
  EXPECT_TRUE(fe.parsedOld);
  EXPECT_TRUE(fe.parsedNew);
  EXPECT_EQ(changedLines(fe),
            (Lines{"+8 field flags in struct DevRegs", "-10 function dev_regs_read (signature)",
                   "+11 function dev_regs_read (signature)"}));
}

TEST(AstCompileDb, HeaderAlreadyIncludedByAnEarlierIncludeIsStillParsed) {
  // dev/other.c includes dev/all.h, which includes dev/flags.h, before dev/flags.h: the
  // guard must not hide the header.
  IncluderTree t;
  std::string after = replaceAll(replaceAll(t.files["include/dev/flags.h"], "#define DEV_F_ON 1\n",
                                            "#define DEV_F_ON 1\n#define DEV_F_OFF 0\n"),
                                 "dev_flags(void)", "dev_flags(int which)");
  FileEntities fe = t.map("include/dev/flags.h", after);
  EXPECT_EQ(fe.flagsSource, "includer dev/other.c");
  EXPECT_FALSE(fe.degraded) << ::testing::PrintToString(fe.degradedReasons);
  EXPECT_EQ(changedLines(fe), (Lines{"+5 macro DEV_F_OFF", "-6 function dev_flags (signature)",
                                     "+7 function dev_flags (signature)"}));
}

// A .c.inc is parsed after the text of its includer up to its #include: the types and
// helpers defined above it are seen, as in the real compilation.
TEST(AstCompileDb, IncludedSourceIsParsedAfterItsIncludersTextUpToTheInclude) {
  IncluderTree t;
  std::string after = replaceAll(t.files["dev/insn_trans/trans_ld.c.inc"],
                                 "    return gen_load(ctx, a) != 0;\n",
                                 "    u64 v = gen_load(ctx, a);\n    return v != 0;\n");
  FileEntities fe = t.map("dev/insn_trans/trans_ld.c.inc", after);
  EXPECT_EQ(fe.flagsSource, "includer dev/translate.c (up to line 12)");
  EXPECT_FALSE(fe.degraded) << ::testing::PrintToString(fe.degradedReasons);
  EXPECT_TRUE(fe.parsedOld);
  EXPECT_TRUE(fe.parsedNew);
  EXPECT_EQ(changedLines(fe), (Lines{"-3 function trans_ld (body)", "+3 function trans_ld (body)",
                                     "+4 function trans_ld (body)"}));
}

TEST(AstCompileDb, HeaderWithoutIncluderGetsANeighboursCommand) {
  IncluderTree t;
  FileEntities fe = t.map("include/dev/lonely.h", "u64 dev_lonely(int which);\n");
  EXPECT_EQ(fe.flagsSource.rfind("inferred from", 0), 0u) << fe.flagsSource;
  // Parsed alone, without the prelude that defines u64.
  EXPECT_TRUE(fe.degraded);
  ASSERT_EQ(fe.degradedReasons.size(), 1u) << ::testing::PrintToString(fe.degradedReasons);
  EXPECT_NE(fe.degradedReasons[0].find("unknown type name 'u64'"), std::string::npos);
}

} // namespace
} // namespace provcheck
