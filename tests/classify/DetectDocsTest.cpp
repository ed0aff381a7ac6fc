// Documentation proven as such beyond comments: the documentation sections of `.hx`
// tables, which the generator leaves out of the C it makes, and patches that fix a
// manual and comments together.
#include "classify/Classifier.h"
#include "tests/classify/ClassifyTestSupport.h"

#include <gtest/gtest.h>

namespace provcheck {
namespace {

using testing::filler;
using testing::hasReason;
using testing::TextPatch;

// The generator's hxtoh() as QEMU writes it, toggling on `markers` ("STEXI*|ETEXI*").
std::string hxtool(const std::string &markers) {
  return "#!/bin/sh\n\nhxtoh()\n{\n    flag=1\n    while read -r str; do\n        case $str in\n"
         "            HXCOMM*)\n            ;;\n            " +
         markers +
         ") flag=$(($flag^1))\n            ;;\n            *)\n"
         "            test $flag -eq 1 && printf \"%s\\n\" \"$str\"\n            ;;\n"
         "        esac\n    done\n}\n\ncase \"$1\" in\n\"-h\") hxtoh ;;\n*) exit 1 ;;\nesac < \"$2\"\n";
}

// An options table: DEF lines go into the generated header, STEXI sections into the manual.
std::string table(const std::string &gluster, const std::string &comment = "HXCOMM Keep sorted.",
                  const std::string &def = "DEF(\"drive\", HAS_ARG, QEMU_OPTION_drive,\n") {
  return comment + "\n" + def +
         "    \"-drive file=name  use 'file' as a drive image\\n\", QEMU_ARCH_ALL)\n"
         "STEXI\n@item -drive @var{option}\nDefine a new drive.\nETEXI\n\n"
         "DEF(\"iscsi\", HAS_ARG, QEMU_OPTION_iscsi,\n"
         "    \"-iscsi [user=user]\\n\", QEMU_ARCH_ALL)\nSTEXI\n@item GlusterFS\n" +
         gluster + "\nQEMU supports GlusterFS volumes.\nETEXI\n";
}

PatchClass run(const TextPatch &tp) {
  PatchImages images = tp.images();
  return testing::classifyChecked(tp.patch(), testing::detectorRules(), &images);
}

TEST(DetectHxDocSection, ManualTextInsideASectionIsDocs) {
  TextPatch tp;
  tp.keep("scripts/hxtool", hxtool("STEXI*|ETEXI*|SQMP*|EQMP*"));
  tp.modify("qemu-options.hx", table("GlusterFS is an user space file system."),
            table("GlusterFS is a user space file system."));
  PatchClass pc = run(tp);
  ASSERT_EQ(pc.files[0].hunks.size(), 1u);
  const HunkClass &h = pc.files[0].hunks[0];
  EXPECT_EQ(h.category, Category::Docs);
  EXPECT_TRUE(h.commentOnly);
  EXPECT_EQ(h.reasons.at(0),
            (Reason{"hx-doc-section",
                    "only lines inside STEXI/ETEXI/SQMP/EQMP sections or HXCOMM comments change, "
                    "which scripts/hxtool leaves out of the generated header (documentation)"}));
  EXPECT_EQ(pc.label(), "docs");
  EXPECT_EQ(pc.smallFixLines, 0);
}

TEST(DetectHxDocSection, HxcommCommentIsDocs) {
  TextPatch tp;
  tp.keep("scripts/hxtool", hxtool("SRST*|ERST*"));
  tp.modify("hmp-commands.hx", table("x", "HXCOMM Keep sorted."), table("x", "HXCOMM Keep them sorted."));
  PatchClass pc = run(tp);
  EXPECT_TRUE(hasReason(pc.files[0].hunks.at(0), "hx-doc-section"));
  EXPECT_EQ(pc.label(), "docs");
}

TEST(DetectHxDocSection, TableLineIsCode) {
  // The DEF line is outside every section: it is what the generated header holds.
  TextPatch tp;
  tp.keep("scripts/hxtool", hxtool("STEXI*|ETEXI*"));
  tp.modify("qemu-options.hx", table("x"),
            table("x", "HXCOMM Keep sorted.", "DEF(\"drive\", HAS_ARG, QEMU_OPTION_drive_new,\n"));
  PatchClass pc = run(tp);
  const HunkClass &h = pc.files[0].hunks.at(0);
  EXPECT_EQ(h.category, Category::Code);
  EXPECT_FALSE(hasReason(h, "hx-doc-section"));
  EXPECT_EQ(pc.label(), "code");
}

TEST(DetectHxDocSection, DocumentationAndTableLineInOneHunkIsCode) {
  TextPatch tp;
  tp.keep("scripts/hxtool", hxtool("STEXI*|ETEXI*"));
  std::string before = table("x"), after = table("x");
  after.replace(after.find("Define a new drive."), 19, "Define a drive.");
  after.replace(after.find("\"-iscsi [user=user]"), 19, "\"-iscsi [user=name]");
  tp.modify("qemu-options.hx", before, after);
  PatchClass pc = run(tp);
  ASSERT_EQ(pc.files[0].hunks.size(), 1u);
  const HunkClass &h = pc.files[0].hunks[0];
  EXPECT_EQ(h.category, Category::Code);
  EXPECT_TRUE(hasReason(h, "not-proven", "hx-doc-section (line 10 is outside the documentation sections"));
}

TEST(DetectHxDocSection, MovedMarkerIsCode) {
  // The ETEXI moved down one line: the DEF's first line now sits inside the section, and
  // leaves the generated header.
  TextPatch tp;
  tp.keep("scripts/hxtool", hxtool("STEXI*|ETEXI*"));
  std::string before = table("x"), after = table("x");
  const std::string from = "ETEXI\n\nDEF(\"iscsi\", HAS_ARG, QEMU_OPTION_iscsi,\n";
  const std::string to = "\nDEF(\"iscsi\", HAS_ARG, QEMU_OPTION_iscsi,\nETEXI\n";
  after.replace(after.find(from), from.size(), to);
  ASSERT_NE(before, after);
  tp.modify("qemu-options.hx", before, after);
  PatchClass pc = run(tp);
  for (const HunkClass &h : pc.files[0].hunks) EXPECT_NE(h.category, Category::Docs);
  EXPECT_EQ(pc.label(), "code");
}

TEST(DetectHxDocSection, SectionOfAnotherGeneratorIsCode) {
  // This tree's hxtool toggles on STEXI/ETEXI only: an SRST section is printed into the
  // header like any other line.
  TextPatch tp;
  tp.keep("scripts/hxtool", hxtool("STEXI*|ETEXI*"));
  std::string rst = "DEF(\"m\", 0, QEMU_OPTION_m, \"-m\\n\", QEMU_ARCH_ALL)\nSRST\n``-m``\n  Set memory.\nERST\n";
  std::string rstAfter = "DEF(\"m\", 0, QEMU_OPTION_m, \"-m\\n\", QEMU_ARCH_ALL)\nSRST\n``-m``\n  Sets the memory.\nERST\n";
  tp.modify("qemu-options.hx", filler(0) + rst, rstAfter);
  PatchClass pc = run(tp);
  EXPECT_EQ(pc.files[0].hunks.at(0).category, Category::Code);
  EXPECT_EQ(pc.label(), "code");
}

TEST(DetectHxDocSection, UnknownGeneratorProvesNothing) {
  // No hxtool in the tree, then one whose hxtoh() prints every line: nothing is known to
  // be left out of the header.
  for (const char *script :
       {"", "hxtoh()\n{\n    while read -r str; do\n        printf \"%s\\n\" \"$str\"\n    done\n}\n"}) {
    TextPatch tp;
    if (*script) tp.keep("scripts/hxtool", script);
    tp.modify("qemu-options.hx", table("GlusterFS is an user space file system."),
              table("GlusterFS is a user space file system."));
    PatchClass pc = run(tp);
    const HunkClass &h = pc.files[0].hunks.at(0);
    EXPECT_EQ(h.category, Category::Code) << script;
    EXPECT_TRUE(hasReason(h, "not-proven", "hx-doc-section (scripts/hxtool of the trees is not"))
        << script;
  }
}

TEST(DetectHxDocSection, WithoutImagesProvesNothing) {
  Patch p = testing::makePatch({testing::modify("qemu-options.hx", table("a"), table("b"))});
  PatchClass pc = testing::classifyChecked(p);
  EXPECT_EQ(pc.files[0].hunks.at(0).category, Category::Code);
  EXPECT_EQ(pc.label(), "code");
}

// Docs and comments fixed together: a manual, comment-only hunks in a C file.
std::string commented(const std::string &comment) {
  return filler(2) + "/*\n * " + comment + "\n */\nint parse_user(const char *s)\n{\n    return s[0];\n}\n";
}

TEST(DocsAndComments, ManualAndCommentsAreDocs) {
  TextPatch tp;
  tp.keep("scripts/hxtool", hxtool("STEXI*|ETEXI*"));
  tp.modify("docs/manual.texi", "GlusterFS is an user space file system.\n",
            "GlusterFS is a user space file system.\n");
  tp.modify("qemu-options.hx", table("GlusterFS is an user space file system."),
            table("GlusterFS is a user space file system."));
  tp.modify("hw/misc/uri.c", commented("Parse an user part"), commented("Parse a user part"));
  PatchClass pc = run(tp);
  EXPECT_EQ(pc.label(), "docs");
  EXPECT_FALSE(pc.mixed);
  EXPECT_EQ(pc.files[2].category, Category::Docs);
}

TEST(DocsAndComments, MechanicalHunkBesideTheCommentsStaysMechanical) {
  // A proven hunk in a docs file (an example re-indented) and comment-only hunks in
  // code: every hunk proven, one of them mechanical proper, code touched.
  TextPatch tp;
  tp.modify("docs/example.c", filler(2) + "int f(int v)\n{\n  return v;\n}\n",
            filler(2) + "int f(int v)\n{\n    return v;\n}\n");
  tp.modify("hw/misc/uri.c", commented("Parse an user part"), commented("Parse a user part"));
  PatchClass pc = run(tp);
  EXPECT_TRUE(hasReason(pc.files[0].hunks.at(0), "formatting-only"));
  EXPECT_EQ(pc.label(), "mechanical");
}

TEST(DocsAndComments, CodeBesideTheCommentsIsNotDocs) {
  // One C file only changes a comment, another changes code: the code area keeps it.
  TextPatch tp;
  tp.modify("docs/manual.texi", "GlusterFS is an user space file system.\n",
            "GlusterFS is a user space file system.\n");
  tp.modify("hw/misc/uri.c", commented("Parse an user part"), commented("Parse a user part"));
  tp.modify("hw/misc/other.c", filler(2) + "int f(int v)\n{\n    return v;\n}\n",
            filler(2) + "int f(int v)\n{\n    return v + 1;\n}\n");
  PatchClass pc = run(tp);
  EXPECT_TRUE(pc.mixed);
  EXPECT_EQ(pc.label(), "mixed");
}

TEST(DocsAndComments, CommentsAndTestsStayMixed) {
  TextPatch tp;
  tp.modify("tests/unit/test-uri.c", filler(1) + "int t(void)\n{\n    return 1;\n}\n",
            filler(1) + "int t(void)\n{\n    return 2;\n}\n");
  tp.modify("hw/misc/uri.c", commented("Parse an user part"), commented("Parse a user part"));
  PatchClass pc = run(tp);
  EXPECT_EQ(pc.label(), "mixed");
}

} // namespace
} // namespace provcheck
