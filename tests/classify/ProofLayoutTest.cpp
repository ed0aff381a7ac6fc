// formatting-only and comment-only compare each whole hunk side, context included, as one
// token stream with the preprocessor's directives in it; a hunk is lexed from the state
// its first line really has. One case per trap, and the proofs that must still hold.
#include "classify/Classifier.h"
#include "tests/classify/ClassifyTestSupport.h"

#include <gtest/gtest.h>

namespace provcheck {
namespace {

using testing::filler;
using testing::hasReason;
using testing::makePatch;
using testing::modify;
using testing::TextPatch;

PatchClass run(const Patch &p, const PatchImages *images = nullptr) {
  return testing::classifyChecked(p, testing::detectorRules(), images);
}

TEST(ProofLayout, DeclarationMovedIntoIfdefIsCode) {
  std::string before = filler(2) + "typedef struct Gfx {\n    int width;\n    int fence_fd;\n"
                       "#ifdef CONFIG_GBM\n    int gbm_fd;\n#endif\n} Gfx;\n";
  std::string after = filler(2) + "typedef struct Gfx {\n    int width;\n#ifdef CONFIG_GBM\n"
                      "    int fence_fd;\n    int gbm_fd;\n#endif\n} Gfx;\n";
  PatchClass pc = run(makePatch({modify("ui/gfx.c", before, after)}));
  ASSERT_EQ(pc.files[0].hunks.size(), 1u);
  const HunkClass &h = pc.files[0].hunks[0];
  EXPECT_EQ(h.category, Category::Code);
  EXPECT_TRUE(hasReason(h, "not-proven", "formatting-only (the changed lines move among"));
  EXPECT_EQ(pc.label(), "code");
}

TEST(ProofLayout, LineMovedPastEndifIsCode) {
  std::string before = filler(2) + "#ifdef CONFIG_X\nstatic int x_enabled;\n#endif\nstatic int y;\n";
  std::string after = filler(2) + "#ifdef CONFIG_X\n#endif\nstatic int x_enabled;\nstatic int y;\n";
  PatchClass pc = run(makePatch({modify("hw/misc/x.c", before, after)}));
  EXPECT_EQ(pc.label(), "code");
}

TEST(ProofLayout, TokenLeavingADefineBodyIsCode) {
  // Dropping the splice ends the macro before "+ 1": same tokens, another program.
  std::string before = filler(2) + "#define LIMIT (BASE \\\n               + 1)\nint v = LIMIT;\n";
  std::string after = filler(2) + "#define LIMIT (BASE\n               + 1)\nint v = LIMIT;\n";
  PatchClass pc = run(makePatch({modify("hw/misc/lim.c", before, after)}));
  EXPECT_EQ(pc.label(), "code");
  // A define re-wrapped inside its own body is still layout.
  std::string rewrapped = filler(2) + "#define LIMIT (BASE + \\\n               1)\nint v = LIMIT;\n";
  EXPECT_EQ(run(makePatch({modify("hw/misc/lim.c", before, rewrapped)})).label(), "mechanical");
}

TEST(ProofLayout, SpaceBeforeMacroParametersIsCode) {
  std::string before = filler(2) + "#define TWICE(x) ((x) * 2)\n";
  std::string after = filler(2) + "#define TWICE (x) ((x) * 2)\n";
  EXPECT_EQ(run(makePatch({modify("hw/misc/twice.c", before, after)})).label(), "code");
}

TEST(ProofLayout, SpaceRemovedInsideStringLiteralIsCode) {
  std::string before = filler(2) + "void greet(void)\n{\n    printf(\"hello,  world\\n\");\n}\n";
  std::string after = filler(2) + "void greet(void)\n{\n    printf(\"hello, world\\n\");\n}\n";
  PatchClass pc = run(makePatch({modify("hw/misc/greet.c", before, after)}));
  EXPECT_EQ(pc.files[0].hunks[0].category, Category::Code);
  EXPECT_EQ(pc.label(), "code");
}

TEST(ProofLayout, StatementsMovedIntoIfWithReflowedCommentIsCode) {
  std::string before = filler(2) +
                       "static int walk(V9fsPath *path, V9fsFidState *fid)\n{\n    int err;\n\n"
                       "    /* the fid stays with the caller,\n     * which frees it */\n"
                       "    v9fs_path_free(path);\n    err = 0;\n    if (fid) {\n        put_fid(fid);\n"
                       "    }\n    return err;\n}\n";
  std::string after = filler(2) +
                      "static int walk(V9fsPath *path, V9fsFidState *fid)\n{\n    int err;\n\n"
                      "    if (fid) {\n        /* the fid stays with the caller, which frees it */\n"
                      "        v9fs_path_free(path);\n        err = 0;\n        put_fid(fid);\n"
                      "    }\n    return err;\n}\n";
  PatchClass pc = run(makePatch({modify("hw/9pfs/walk.c", before, after)}));
  EXPECT_EQ(pc.label(), "code");
  for (const HunkClass &h : pc.files[0].hunks) {
    EXPECT_EQ(h.category, Category::Code);
    EXPECT_FALSE(h.commentOnly);
  }
}

// A long doc comment edited in its middle: the hunk's three lines of context do not
// reach its "/*".
std::string docComment(const std::string &middle) {
  std::string s = filler(2) + "/*\n * qemu_frob:\n";
  for (int i = 0; i < 8; ++i) s += " * line " + std::to_string(i) + " of the description\n";
  s += " * " + middle + "\n";
  for (int i = 0; i < 8; ++i) s += " * more " + std::to_string(i) + "\n";
  return s + " */\nint qemu_frob(int x);\n";
}

TEST(ProofLayout, EditInsideACommentOpenedAboveIsDocs) {
  TextPatch tp;
  tp.modify("include/qemu/frob.h", docComment("Returns 0."), docComment("Returns 0 on success."));
  Patch p = tp.patch();
  PatchImages images = tp.images();
  PatchClass pc = run(p, &images);
  ASSERT_EQ(pc.files[0].hunks.size(), 1u);
  EXPECT_EQ(pc.files[0].hunks[0].category, Category::Docs);
  EXPECT_TRUE(pc.files[0].hunks[0].commentOnly);
  EXPECT_EQ(pc.label(), "docs");
  // Without the images, where the hunk starts is a guess: no proof.
  PatchClass guessed = run(p);
  EXPECT_EQ(guessed.files[0].hunks[0].category, Category::Code);
  EXPECT_TRUE(hasReason(guessed.files[0].hunks[0], "not-proven", "pre-image is unknown"));
}

TEST(ProofLayout, CommentClosedBelowTheHunkIsCommentText) {
  std::string tail = " *\n * This program is free software; you can redistribute it\n"
                     " * under the terms of the GNU GPL, version 2 or later.\n"
                     " * See the COPYING file in the top-level directory.\n */\n\n" + filler(3);
  std::string before = "/*\n * QEMU frob device\n *\n * Copyright (c) 2003 Someone\n" + tail;
  std::string after = "/*\n * QEMU frob device\n * Copyright (c) 2015 Red Hat Inc\n *\n"
                      " * Copyright (c) 2003 Someone\n" + tail;
  PatchClass pc = run(makePatch({modify("hw/misc/frob.c", before, after)}));
  ASSERT_EQ(pc.files[0].hunks.size(), 1u);
  EXPECT_TRUE(pc.files[0].hunks[0].commentOnly);
  EXPECT_EQ(pc.files[0].hunks[0].reasons[0].rule, "comment-only");
  EXPECT_EQ(pc.label(), "docs");
}

TEST(ProofLayout, StarContinuationOfCodeIsNotAComment) {
  // " * 2" opens the hunk: a comment continuation by its shape, code in fact.
  std::string head = filler(2) + "static int area(int w, int h)\n{\n    int a = (w\n"
                     "             + 1\n             * 2\n             + 3\n             + 4);\n";
  std::string before = head + "    return a;\n}\n";
  std::string after = head + "    return a + 1;\n}\n";
  TextPatch tp;
  tp.modify("hw/misc/area.c", before, after);
  Patch p = tp.patch();
  PatchImages images = tp.images();
  EXPECT_EQ(run(p, &images).label(), "code");
  // Without the images the hunk reads as a comment, a guess that proves nothing.
  PatchClass guessed = run(p);
  EXPECT_EQ(guessed.label(), "code");
  EXPECT_TRUE(hasReason(guessed.files[0].hunks[0], "not-proven", "comment-only (the hunk may start"));
}

TEST(ProofLayout, ReindentedFunctionAcrossDirectives) {
  std::string before = filler(2) + "int pick(int v)\n{\n#ifdef CONFIG_A\n  return v;\n#else\n"
                       "  return -v;\n#endif\n}\n";
  std::string after = filler(2) + "int pick(int v)\n{\n#ifdef CONFIG_A\n    return v;\n#else\n"
                      "    return -v;\n#endif\n}\n";
  PatchClass pc = run(makePatch({modify("hw/misc/pick.c", before, after)}));
  EXPECT_EQ(pc.files[0].hunks[0].reasons[0].rule, "formatting-only");
  EXPECT_EQ(pc.label(), "mechanical");
}

TEST(ProofLayout, ScriptLinesMovedAreNotLayout) {
  std::string before = "#!/bin/sh\nset -e\nrm -f \"$out\"\ncp \"$in\" \"$out\"\necho done\n";
  std::string after = "#!/bin/sh\nset -e\ncp \"$in\" \"$out\"\nrm -f \"$out\"\necho done\n";
  EXPECT_EQ(run(makePatch({modify("scripts/copy.sh", before, after)})).label(), "code");
  std::string trailing = "#!/bin/sh\nset -e   \nrm -f \"$out\"\ncp \"$in\" \"$out\"\n\necho done\n";
  EXPECT_EQ(run(makePatch({modify("scripts/copy.sh", before, trailing)})).label(), "mechanical");
  // "\ " escapes a space; "\" at the line's end continues it.
  std::string splice = "#!/bin/sh\nset -e\nrm -f \\ \n\"$out\"\n";
  std::string spliced = "#!/bin/sh\nset -e\nrm -f \\\n\"$out\"\n";
  EXPECT_EQ(run(makePatch({modify("scripts/rm.sh", splice, spliced)})).label(), "code");
}

TEST(ProofLayout, DataFileWhitespaceProvesNothing) {
  std::string before = "001 rw auto quick \n002 rw auto\n";
  std::string after = "001 rw auto quick\n002 rw auto\n";
  EXPECT_EQ(run(makePatch({modify("tests/qemu-iotests/group", before, after)})).label(), "tests");
}

} // namespace
} // namespace provcheck
