// One case per mechanical detector, on synthetic C code: the exact category and reason.
#include "classify/Classifier.h"
#include "tests/classify/ClassifyTestSupport.h"

#include <gtest/gtest.h>

namespace provcheck {
namespace {

using testing::detectorRules;
using testing::filler;
using testing::hasReason;
using testing::makePatch;
using testing::modify;
using testing::SymbolIndex;
using testing::TextPatch;

PatchClass run(const Patch &p) { return testing::classifyChecked(p); }

// A patch of whole texts classified with its images and a symbol index.
PatchClass run(const TextPatch &tp, const DependencyMap &deps, std::string message = "subject\n") {
  PatchImages images = tp.images();
  return testing::classifyChecked(tp.patch(std::move(message)), testing::detectorRules(), &images, &deps);
}

TEST(DetectFormattingOnly, ReindentedFunction) {
  std::string before = filler(2) +
                       "int clamp(int v, int lo, int hi)\n{\n  if (v < lo) { return lo; }\n"
                       "  if (v > hi)\n    return hi;\n  return v;\n}\n";
  std::string after = filler(2) +
                      "int clamp(int v, int lo, int hi)\n{\n    if (v < lo) {\n        return lo;\n"
                      "    }\n    if (v > hi)\n        return hi;\n\n    return v;\n}\n";
  Patch p = makePatch({modify("hw/misc/clamp.c", before, after)}, "hw/misc: fix indentation\n");
  PatchClass pc = run(p);
  ASSERT_EQ(pc.files[0].hunks.size(), 1u);
  const HunkClass &h = pc.files[0].hunks[0];
  EXPECT_EQ(h.category, Category::Mechanical);
  ASSERT_EQ(h.reasons.size(), 1u);
  EXPECT_EQ(h.reasons[0], (Reason{"formatting-only", "whole-hunk token streams identical (whitespace and layout only)"}));
  EXPECT_EQ(pc.label(), "mechanical");
  EXPECT_EQ(pc.smallFixLines, 0);
}

TEST(DetectCommentOnly, DocCommentIsDocs) {
  std::string before = filler(2) + "/*\n * Returns the size.\n */\nint size(void)\n{\n    return 4;\n}\n";
  std::string after = filler(2) + "/*\n * Returns the size in bytes,\n * never zero.\n */\nint size(void)\n{\n    return 4;\n}\n";
  Patch p = makePatch({modify("hw/misc/size.c", before, after)});
  PatchClass pc = run(p);
  const HunkClass &h = pc.files[0].hunks[0];
  EXPECT_EQ(h.category, Category::Docs);
  EXPECT_TRUE(h.commentOnly);
  EXPECT_EQ(h.reasons[0].rule, "comment-only");
  EXPECT_EQ(pc.label(), "docs");
  EXPECT_EQ(pc.smallFixLines, 0);
}

TEST(DetectRename, AcrossTwoFiles) {
  std::string hBefore = "#ifndef FOO_H\n#define FOO_H\nvoid foo_init(DeviceState *dev);\nint foo_count(void);\n#endif\n";
  std::string hAfter = "#ifndef FOO_H\n#define FOO_H\nvoid foo_realize(DeviceState *dev);\nint foo_count(void);\n#endif\n";
  std::string cBefore = filler(3) + "void foo_init(DeviceState *dev)\n{\n    dev->ready = true;\n}\n" +
                        filler(3, "mid") + "static void board(DeviceState *d)\n{\n    foo_init(d);\n}\n";
  std::string cAfter = filler(3) + "void foo_realize(DeviceState *dev)\n{\n    dev->ready = true;\n}\n" +
                       filler(3, "mid") + "static void board(DeviceState *d)\n{\n    foo_realize(d);\n}\n";
  TextPatch tp;
  tp.modify("include/hw/misc/foo.h", hBefore, hAfter).modify("hw/misc/foo.c", cBefore, cAfter);
  PatchClass pc = run(tp, SymbolIndex({{"foo_count", {"include/hw/misc/foo.h"}}}));
  for (const FileClass &f : pc.files)
    for (const HunkClass &h : f.hunks) {
      EXPECT_EQ(h.category, Category::Mechanical) << f.path;
      ASSERT_EQ(h.reasons.size(), 1u);
      EXPECT_EQ(h.reasons[0], (Reason{"rename", "foo_init -> foo_realize (declared at include/hw/misc/foo.h:3; "
                                                "one-to-one over the patch)"}))
          << f.path;
    }
  EXPECT_EQ(pc.files[1].hunks.size(), 2u);
  EXPECT_EQ(pc.label(), "mechanical");
  EXPECT_EQ(pc.smallFixLines, 0);

  // Without the images nothing says what foo_realize meant before: no proof.
  PatchClass blind = run(tp.patch());
  EXPECT_EQ(blind.label(), "code");
  EXPECT_TRUE(hasReason(blind.files[0].hunks[0], "not-proven", "rename (foo_init -> foo_realize: the pre-image"));
  // Without a symbol index, whether foo_realize exists elsewhere in the tree is unknown.
  PatchImages images = tp.images();
  PatchClass noIndex = testing::classifyChecked(tp.patch(), testing::detectorRules(), &images);
  EXPECT_EQ(noIndex.label(), "code");
  EXPECT_TRUE(hasReason(noIndex.files[0].hunks[0], "not-proven", "no symbol index"));
}

TEST(DetectRename, OneSiteIsNotEnough) {
  std::string before = filler(2) + "int pick(int a, int b)\n{\n    return a;\n}\n";
  std::string after = filler(2) + "int pick(int a, int b)\n{\n    return b;\n}\n";
  PatchClass pc = run(makePatch({modify("hw/misc/pick.c", before, after)}));
  EXPECT_EQ(pc.files[0].hunks[0].category, Category::Code);
  EXPECT_EQ(pc.smallFixLines, 1);
}

TEST(DetectCodeMotion, FunctionMovedToAnotherFile) {
  std::string moved = "int shared_helper(int a, int b)\n{\n    int sum = a + b;\n"
                      "    return sum * compute_scale(a);\n}\n";
  // 4 header lines and 23 filler functions of 5 lines: the function starts at line 120.
  std::string header = "/*\n * x.c\n * SPDX-License-Identifier: GPL-2.0-or-later\n */\n";
  std::string xBefore = header + filler(23) + moved + "\n" + filler(2, "tail");
  std::string xAfter = header + filler(23) + filler(2, "tail");
  std::string yBefore = filler(3, "other");
  std::string yAfter = filler(3, "other") + moved;
  TextPatch tp;
  tp.modify("hw/x.c", xBefore, xAfter).modify("hw/y.c", yBefore, yAfter);
  PatchClass pc = run(tp, SymbolIndex());
  ASSERT_EQ(pc.files[0].hunks.size(), 1u);
  ASSERT_EQ(pc.files[1].hunks.size(), 1u);
  EXPECT_EQ(pc.files[0].hunks[0].category, Category::Mechanical);
  EXPECT_EQ(pc.files[0].hunks[0].reasons[0],
            (Reason{"moved", "whole definitions moved to hw/y.c:16 (file scope, same #if, tokens identical)"}));
  EXPECT_EQ(pc.files[1].hunks[0].category, Category::Mechanical);
  EXPECT_EQ(pc.files[1].hunks[0].reasons[0],
            (Reason{"moved", "whole definitions moved from hw/x.c:120 (file scope, same #if, tokens identical)"}));
  EXPECT_EQ(pc.label(), "mechanical");
  // Without the images, where the code sat cannot be checked.
  PatchClass blind = run(tp.patch());
  EXPECT_EQ(blind.label(), "code");
  EXPECT_TRUE(hasReason(blind.files[0].hunks[0], "not-proven", "moved (the whole pre-image and post-image are unknown)"));
}

// hw/misc/frob.c of `tp` drops `include`, its second line after "qemu/osdep.h", above `body`.
void dropAfterOsdep(TextPatch &tp, const std::string &include, const std::string &body) {
  tp.modify("hw/misc/frob.c", "#include \"qemu/osdep.h\"\n#include " + include + "\n" + body,
            "#include \"qemu/osdep.h\"\n" + body);
}

TEST(DetectIncludeOnly, Drop) {
  std::string before = "#include \"qemu/osdep.h\"\n#include \"hw/sysbus.h\"\n#include \"hw/irq.h\"\n"
                       "#include \"qemu/log.h\"\n\n" + filler(2);
  std::string after = "#include \"qemu/osdep.h\"\n#include \"hw/sysbus.h\"\n#include \"hw/irq.h\"\n\n" + filler(2);
  TextPatch tp;
  tp.keep("include/qemu/log.h", "#ifndef QEMU_LOG_H\n#define QEMU_LOG_H\n#define LOG_GUEST_ERROR 1\n#endif\n");
  tp.modify("hw/misc/inc.c", before, after);
  PatchClass pc = run(tp, SymbolIndex());
  const HunkClass &h = pc.files[0].hunks[0];
  EXPECT_EQ(h.category, Category::Mechanical);
  EXPECT_EQ(h.reasons[0], (Reason{"include-only", "#include lines dropped (\"qemu/log.h\"), the order of the others unchanged"}));
}

// Without the whole file, what it tests of the dropped header cannot be read.
TEST(DetectIncludeOnly, DropWithoutTheFileIsCode) {
  std::string before = "#include \"qemu/osdep.h\"\n#include \"qemu/log.h\"\n\n" + filler(2);
  std::string after = "#include \"qemu/osdep.h\"\n\n" + filler(2);
  PatchClass pc = run(makePatch({modify("hw/misc/inc.c", before, after)}));
  EXPECT_EQ(pc.files[0].hunks[0].category, Category::Code);
  EXPECT_TRUE(hasReason(pc.files[0].hunks[0], "not-proven", "include-only (the whole file is unknown"));
}

// The macro comes from a header the dropped one includes.
TEST(DetectIncludeOnly, MacroOfAHeaderTheDroppedOneIncludesIsCode) {
  std::string body = filler(2) + "#ifdef FROB_QUIRKS\nint frob_quirks = 1;\n#endif\n";
  TextPatch tp;
  tp.keep("include/hw/frob.h", "#ifndef HW_FROB_H\n#define HW_FROB_H\n#include \"hw/frob-regs.h\"\nvoid frob(void);\n#endif\n");
  tp.keep("include/hw/frob-regs.h", "#ifndef HW_FROB_REGS_H\n#define HW_FROB_REGS_H\n#define FROB_QUIRKS\n#endif\n");
  dropAfterOsdep(tp, "\"hw/frob.h\"", body);
  PatchClass pc = run(tp, SymbolIndex({{"FROB_QUIRKS", {"include/hw/frob-regs.h"}}}));
  EXPECT_EQ(pc.files[0].hunks[0].category, Category::Code);
  EXPECT_TRUE(hasReason(pc.files[0].hunks[0], "not-proven",
                        "the file still tests FROB_QUIRKS on line 13, which \"hw/frob.h\" includes through include/hw/frob-regs.h"));
}

// An include inside a definition is part of it (a table's rows); a .c.inc file holds
// code (a type registered at startup): dropping either changes the program, whatever
// the conditionals test.
TEST(DetectIncludeOnly, AnIncludedTableOrSourceIsCode) {
  TextPatch table;
  table.keep("hw/misc/frob-rows.h", "{ 1, 2 },\n{ 3, 4 },\n");
  table.modify("hw/misc/frob.c",
               "#include \"qemu/osdep.h\"\nstatic const int rows[][2] = {\n#include \"frob-rows.h\"\n};\n" + filler(2),
               "#include \"qemu/osdep.h\"\nstatic const int rows[][2] = {\n};\n" + filler(2));
  PatchClass pc = run(table, SymbolIndex());
  EXPECT_EQ(pc.files[0].hunks[0].category, Category::Code);
  EXPECT_TRUE(hasReason(pc.files[0].hunks[0], "not-proven",
                        "\"frob-rows.h\" on line 3 is included inside a definition, whose text it is part of"));
  TextPatch source;
  source.keep("hw/misc/frob-types.c.inc", "static void frob_register(void)\n{\n}\ntype_init(frob_register)\n");
  source.modify("hw/misc/frob.c", "#include \"qemu/osdep.h\"\n#include \"frob-types.c.inc\"\n\n" + filler(2),
                "#include \"qemu/osdep.h\"\n\n" + filler(2));
  pc = run(source, SymbolIndex());
  EXPECT_EQ(pc.files[0].hunks[0].category, Category::Code);
  EXPECT_TRUE(hasReason(pc.files[0].hunks[0], "not-proven",
                        "\"frob-types.c.inc\" is not a header: an included source file holds code or data"));
}

// An #undef changes what a conditional sees as much as a #define; a header's guard is a
// macro a file may test too.
TEST(DetectIncludeOnly, AnUndefOrAGuardIsTestedToo) {
  for (std::string tested : {"FROB_QUIRKS", "HW_FROB_H"}) {
    std::string body = filler(2) + "#ifdef " + tested + "\nint frob_quirks = 1;\n#endif\n";
    TextPatch tp;
    tp.keep("include/hw/frob.h", "#ifndef HW_FROB_H\n#define HW_FROB_H\n#undef FROB_QUIRKS\n#endif\n");
    dropAfterOsdep(tp, "\"hw/frob.h\"", body);
    PatchClass pc = run(tp, SymbolIndex({{tested, {"include/hw/frob.h"}}}));
    EXPECT_EQ(pc.files[0].hunks[0].category, Category::Code) << tested;
    EXPECT_TRUE(hasReason(pc.files[0].hunks[0], "not-proven", "the file still tests " + tested + " on line 13"))
        << tested;
  }
}

// A header the tree does not hold: a system header's macros are unknown, and a
// configuration's CONFIG_ names are defined nowhere in the tree; a generated header may
// hold anything.
TEST(DetectIncludeOnly, HeaderOutsideTheTreeWithAnUntracedTestedMacroIsCode) {
  std::string body = filler(2) + "#ifdef CONFIG_LINUX\nint on_linux = 1;\n#endif\n";
  TextPatch tp;
  tp.modify("hw/misc/frob.c", "#include <sys/frob.h>\n#include \"qemu/frob.h\"\n" + body,
            "#include \"qemu/frob.h\"\n" + body);
  PatchClass pc = run(tp, SymbolIndex());
  EXPECT_EQ(pc.files[0].hunks[0].category, Category::Code);
  EXPECT_TRUE(hasReason(pc.files[0].hunks[0], "not-proven",
                        "the file tests CONFIG_LINUX on line 13, which the tree does not define, and the macros of "
                        "<sys/frob.h>, not in the tree are unknown"));
  TextPatch generated;
  generated.modify("hw/misc/frob.c", "#include \"config-host.h\"\n#include \"qemu/frob.h\"\n" + filler(2),
                   "#include \"qemu/frob.h\"\n" + filler(2));
  pc = run(generated, SymbolIndex());
  EXPECT_EQ(pc.files[0].hunks[0].category, Category::Code);
  EXPECT_TRUE(hasReason(pc.files[0].hunks[0], "not-proven",
                        "\"config-host.h\" is not in the tree: whether its text is more than declarations"));
}

// A quoted name no directory holds is found the way a target directory's -I finds it: the
// one file of the tree whose path ends with it, read like any header of the tree. When
// several files end with it, which one the build sees cannot be told.
TEST(DetectIncludeOnly, ANameOneFileOfTheTreeEndsWithIsReadThere) {
  std::string body = filler(2) + "#ifdef KVM_FROB_VGIC\nint vgic = 1;\n#endif\n";
  TextPatch inert;
  inert.keep("target/frob/kvm_frob.h", "#ifndef KVM_FROB_H\n#define KVM_FROB_H\nvoid kvm_frob_init(void);\n#endif\n");
  inert.keep("target/frob/cpu.h", "#ifndef FROB_CPU_H\n#define FROB_CPU_H\n#endif\n");
  inert.keep("target/other/cpu.h", "#ifndef OTHER_CPU_H\n#define OTHER_CPU_H\n#endif\n");
  dropAfterOsdep(inert, "\"kvm_frob.h\"", body);
  PatchClass pc = run(inert, SymbolIndex());
  EXPECT_EQ(pc.files[0].hunks[0].category, Category::Mechanical);
  EXPECT_EQ(pc.files[0].hunks[0].reasons[0],
            (Reason{"include-only", "#include lines dropped (\"kvm_frob.h\"), the order of the others unchanged; "
                                    "\"kvm_frob.h\" read as target/frob/kvm_frob.h, the one file of the tree of that name"}));
  // The same header defining the macro the file tests: read there, it is not inert.
  TextPatch tested;
  tested.keep("target/frob/kvm_frob.h", "#ifndef KVM_FROB_H\n#define KVM_FROB_H\n#define KVM_FROB_VGIC 1\n#endif\n");
  dropAfterOsdep(tested, "\"kvm_frob.h\"", body);
  pc = run(tested, SymbolIndex({{"KVM_FROB_VGIC", {"target/frob/kvm_frob.h"}}}));
  EXPECT_EQ(pc.files[0].hunks[0].category, Category::Code);
  EXPECT_TRUE(hasReason(pc.files[0].hunks[0], "not-proven", "the file still tests KVM_FROB_VGIC on line 13"));
  // Two files end with "cpu.h": not read, not proven.
  TextPatch ambiguous;
  for (const char *p : {"target/frob/cpu.h", "target/other/cpu.h"}) ambiguous.keep(p, inert.before.at(p));
  dropAfterOsdep(ambiguous, "\"cpu.h\"", body);
  pc = run(ambiguous, SymbolIndex());
  EXPECT_EQ(pc.files[0].hunks[0].category, Category::Code);
  EXPECT_TRUE(hasReason(pc.files[0].hunks[0], "not-proven", "\"cpu.h\" is not in the tree"));
  // A name that only a longer name ends with ("frob.h" of "kvm_frob.h") is none of them.
  TextPatch partial;
  partial.keep("target/frob/kvm_frob.h", inert.before.at("target/frob/kvm_frob.h"));
  dropAfterOsdep(partial, "\"frob.h\"", body);
  pc = run(partial, SymbolIndex());
  EXPECT_EQ(pc.files[0].hunks[0].category, Category::Code);
  EXPECT_TRUE(hasReason(pc.files[0].hunks[0], "not-proven", "\"frob.h\" is not in the tree"));
}

// A list of macro calls without a guard is expanded again at each inclusion, with what
// the macro means there: a second inclusion is no copy of the first.
TEST(DetectIncludeOnly, AnUnguardedListIsExpandedAgain) {
  std::string a = "#include \"qemu/osdep.h\"\n#define GEN(n) static int n(void) { return 0; }\n"
                  "#include \"frob-list.h\"\n#undef GEN\n#define GEN(n) static int n##_b(void) { return 1; }\n";
  TextPatch tp;
  tp.keep("hw/misc/frob-list.h", "GEN(frob_a)\nGEN(frob_b)\n");
  tp.modify("hw/misc/frob.c", a + "#include \"frob-list.h\"\n#undef GEN\n" + filler(2), a + "#undef GEN\n" + filler(2));
  PatchClass pc = run(tp, SymbolIndex());
  EXPECT_EQ(pc.files[0].hunks[0].category, Category::Code);
  EXPECT_TRUE(hasReason(pc.files[0].hunks[0], "not-proven", "hw/misc/frob-list.h has code and no include guard"));
}

// A system header the first include already brings in, outside every #if: the dropped
// line was a no-op, whatever the file tests.
TEST(DetectIncludeOnly, HeaderAlreadyIncludedEarlierIsMechanical) {
  std::string body = filler(2) + "#ifdef CONFIG_LINUX\nint on_linux = 1;\n#endif\n";
  TextPatch tp;
  tp.keep("include/qemu/osdep.h", "#ifndef QEMU_OSDEP_H\n#define QEMU_OSDEP_H\n#include \"config-host.h\"\n"
                                  "#include <sys/time.h>\n#ifdef CONFIG_POSIX\n#include <sys/mman.h>\n#endif\n#endif\n");
  dropAfterOsdep(tp, "<sys/time.h>", body);
  PatchClass pc = run(tp, SymbolIndex());
  const HunkClass &h = pc.files[0].hunks[0];
  EXPECT_EQ(h.category, Category::Mechanical);
  EXPECT_EQ(h.reasons[0], (Reason{"include-only", "#include lines dropped (<sys/time.h>), the order of the others "
                                                  "unchanged; <sys/time.h> already included by \"qemu/osdep.h\" on line 1"}));
  // osdep.h includes <sys/mman.h> only under an #if: that proves nothing.
  TextPatch mman;
  mman.keep("include/qemu/osdep.h", tp.before.at("include/qemu/osdep.h"));
  dropAfterOsdep(mman, "<sys/mman.h>", body);
  pc = run(mman, SymbolIndex());
  EXPECT_EQ(pc.files[0].hunks[0].category, Category::Code);
  EXPECT_TRUE(hasReason(pc.files[0].hunks[0], "not-proven", "the file tests CONFIG_LINUX"));
}

// Of two copies of an include, dropping the second is a no-op; dropping the first moves
// the header below what comes between.
TEST(DetectIncludeOnly, TheFirstOfTwoCopiesMovesTheHeader) {
  std::string mid = "#ifdef FROB_QUIRKS\nint frob_quirks = 1;\n#endif\n";
  std::string a = "#include \"qemu/osdep.h\"\n#include \"hw/frob.h\"\n" + mid + "#include \"hw/frob.h\"\n" + filler(2);
  TextPatch second;
  second.keep("include/hw/frob.h", "#ifndef HW_FROB_H\n#define HW_FROB_H\n#define FROB_QUIRKS\n#endif\n");
  second.modify("hw/misc/frob.c", a, "#include \"qemu/osdep.h\"\n#include \"hw/frob.h\"\n" + mid + filler(2));
  PatchClass pc = run(second, SymbolIndex({{"FROB_QUIRKS", {"include/hw/frob.h"}}}));
  EXPECT_EQ(pc.files[0].hunks[0].category, Category::Mechanical);
  EXPECT_TRUE(hasReason(pc.files[0].hunks[0], "include-only", "already included by \"hw/frob.h\" on line 2"));
  TextPatch first;
  first.keep("include/hw/frob.h", second.before.at("include/hw/frob.h"));
  first.modify("hw/misc/frob.c", a, "#include \"qemu/osdep.h\"\n" + mid + "#include \"hw/frob.h\"\n" + filler(2));
  pc = run(first, SymbolIndex({{"FROB_QUIRKS", {"include/hw/frob.h"}}}));
  EXPECT_EQ(pc.files[0].hunks[0].category, Category::Code);
}

// A header's includers may test what the dropped include defined for them; one that
// declares only functions and types gives them no macro.
TEST(DetectIncludeOnly, AHeaderDropsOnlyAnIncludeWithoutMacros) {
  std::string head = "#ifndef HW_FROB_DEV_H\n#define HW_FROB_DEV_H\n";
  TextPatch macros;
  macros.keep("include/hw/frob-regs.h", "#ifndef HW_FROB_REGS_H\n#define HW_FROB_REGS_H\n#define FROB_QUIRKS\n#endif\n");
  macros.modify("include/hw/frob-dev.h", head + "#include \"hw/frob-regs.h\"\n" + filler(2) + "#endif\n",
                head + filler(2) + "#endif\n");
  PatchClass pc = run(macros, SymbolIndex());
  EXPECT_EQ(pc.files[0].hunks[0].category, Category::Code);
  EXPECT_TRUE(hasReason(pc.files[0].hunks[0], "not-proven",
                        "a header: the files including it may test the macros \"hw/frob-regs.h\" defines (FROB_QUIRKS)"));
  TextPatch decls;
  decls.keep("include/hw/frob-regs.h", "#ifndef HW_FROB_REGS_H\n#define HW_FROB_REGS_H\nvoid frob_reset(void);\n#endif\n");
  decls.modify("include/hw/frob-dev.h", head + "#include \"hw/frob-regs.h\"\n" + filler(2) + "#endif\n",
               head + filler(2) + "#endif\n");
  pc = run(decls, SymbolIndex());
  EXPECT_EQ(pc.files[0].hunks[0].category, Category::Mechanical);
}

TEST(DetectIncludeOnly, ReorderIsCode) {
  // A header may read the macros of the headers before it: the order is the program's.
  std::string before = "#include \"qemu/osdep.h\"\n#include \"hw/sysbus.h\"\n#include \"hw/irq.h\"\n\n" + filler(2);
  std::string after = "#include \"qemu/osdep.h\"\n#include \"hw/irq.h\"\n#include \"hw/sysbus.h\"\n\n" + filler(2);
  PatchClass pc = run(makePatch({modify("hw/misc/inc.c", before, after)}));
  EXPECT_EQ(pc.files[0].hunks[0].category, Category::Code);
  EXPECT_TRUE(hasReason(pc.files[0].hunks[0], "not-proven", "include-only (#include lines are added or moved"));
}

TEST(DetectIncludeOnly, DroppedHeaderWhoseMacroIsTestedIsCode) {
  std::string body = filler(2) + "#ifdef CONFIG_FROB\nint frob_enabled = 1;\n#endif\n";
  TextPatch tp;
  tp.keep("include/config-frob.h", "#define CONFIG_FROB 1\n");
  dropAfterOsdep(tp, "\"config-frob.h\"", body);
  PatchClass pc = run(tp, SymbolIndex());
  EXPECT_EQ(pc.files[0].hunks[0].category, Category::Code);
  EXPECT_TRUE(hasReason(pc.files[0].hunks[0], "not-proven", "the file still tests CONFIG_FROB"));
}

TEST(DetectIncludeOnly, AddedIncludeIsCode) {
  std::string before = "#include \"qemu/osdep.h\"\n\n" + filler(2);
  std::string after = "#include \"qemu/osdep.h\"\n#include \"qemu/log.h\"\n\n" + filler(2);
  PatchClass pc = run(makePatch({modify("hw/misc/inc.c", before, after)}));
  EXPECT_EQ(pc.files[0].hunks[0].category, Category::Code);
}

// hw/misc/frob.c, including "hw/frob-regs.h" (unless `include` is false), with `line`
// in a function body; the header defines `defines`.
TextPatch namedConstant(const std::string &defines, const std::string &line, const std::string &newLine,
                        bool include = true) {
  TextPatch tp;
  tp.keep("include/hw/frob-regs.h", "#ifndef HW_FROB_REGS_H\n#define HW_FROB_REGS_H\n" + defines + "#endif\n");
  tp.keep("include/hw/frob.h", "#ifndef HW_FROB_H\n#define HW_FROB_H\nvoid frob_write(int *cfg, int v);\n#endif\n");
  std::string head = std::string("#include \"qemu/osdep.h\"\n") + (include ? "#include \"hw/frob-regs.h\"\n" : "") +
                     "#include \"hw/frob.h\"\n" + filler(2);
  auto body = [&](const std::string &l) { return head + "static int frob_next(int *cfg, int pos)\n{\n" + l + "}\n"; };
  tp.modify("hw/misc/frob.c", body(line), body(newLine));
  return tp;
}

const SymbolIndex kFrobNames({{"FROB_CAP_NEXT", {"include/hw/frob-regs.h"}},
                              {"FROB_NO_VECTOR", {"include/hw/frob-regs.h"}},
                              {"FROB_MASK", {"include/hw/frob-regs.h"}},
                              {"FROB_WRITE", {"include/hw/frob-regs.h"}},
                              {"FROB_CHECK", {"include/hw/frob-regs.h"}},
                              {"frob_write", {"include/hw/frob.h"}}});

// The preprocessor puts an object-like macro's body where its name stands: the name for
// the same tokens (or the tokens for the name) is the same program.
TEST(DetectNamedConstant, AMacroForItsBodyIsMechanical) {
  TextPatch tp = namedConstant("#define FROB_CAP_NEXT 1 /* next */\n#define FROB_MASK (1 << 3)\n",
                               "    return cfg[pos + 1] & (1 << 3);\n",
                               "    return cfg[pos + FROB_CAP_NEXT] & FROB_MASK;\n");
  PatchClass pc = run(tp, kFrobNames);
  const HunkClass &h = pc.files[0].hunks[0];
  EXPECT_EQ(h.category, Category::Mechanical);
  ASSERT_FALSE(h.reasons.empty());
  EXPECT_EQ(h.reasons[0], (Reason{"named-constant", "FROB_CAP_NEXT for 1 (defined at include/hw/frob-regs.h:3); "
                                                    "FROB_MASK for ( 1 << 3 ) (defined at include/hw/frob-regs.h:4)"}));
  // The other way, a macro's body written out, and inside the arguments of a function
  // the tree declares and of a macro that passes them on as they are.
  tp = namedConstant("#define FROB_CAP_NEXT 1\n#define FROB_WRITE(c, v) frob_write(c, v)\n",
                     "    FROB_WRITE(cfg, frob_write(cfg, pos + FROB_CAP_NEXT));\n",
                     "    FROB_WRITE(cfg, frob_write(cfg, pos + 1));\n");
  pc = run(tp, kFrobNames);
  EXPECT_EQ(pc.files[0].hunks[0].category, Category::Mechanical);
  EXPECT_TRUE(hasReason(pc.files[0].hunks[0], "named-constant", "FROB_CAP_NEXT for 1"));
}

// A name whose body is not the tokens it replaces is another value: code, and the reason
// says which (0xffff is not 0; "1 << 3" without its parentheses is not the body).
TEST(DetectNamedConstant, AnotherValueIsCode) {
  PatchClass pc = run(namedConstant("#define FROB_NO_VECTOR 0xffff\n", "    return cfg[0];\n",
                                    "    return cfg[FROB_NO_VECTOR];\n"),
                      kFrobNames);
  EXPECT_EQ(pc.files[0].hunks[0].category, Category::Code);
  EXPECT_TRUE(hasReason(pc.files[0].hunks[0], "not-proven",
                        "named-constant (FROB_NO_VECTOR is 0xffff (defined at include/hw/frob-regs.h:3), not 0)"));
  pc = run(namedConstant("#define FROB_MASK (1 << 3)\n", "    return pos & 1 << 3;\n", "    return pos & FROB_MASK;\n"),
           kFrobNames);
  EXPECT_EQ(pc.files[0].hunks[0].category, Category::Code);
  pc = run(namedConstant("#define FROB_CAP_NEXT 1\n", "    return cfg[pos + 0x1];\n",
                         "    return cfg[pos + FROB_CAP_NEXT];\n"),
           kFrobNames);
  EXPECT_EQ(pc.files[0].hunks[0].category, Category::Code);
}

// Where the name is not expanded, or may mean something else, nothing is proven.
TEST(DetectNamedConstant, WhereTheNameIsNotExpandedItIsCode) {
  const std::string def = "#define FROB_CAP_NEXT 1\n";
  struct Case {
    std::string defines, before, after, why;
  };
  std::vector<Case> cases = {
      // assert() prints its argument's text: a system macro the tree does not define.
      {def, "    assert(pos + 1 < 8);\n", "    assert(pos + FROB_CAP_NEXT < 8);\n",
       "FROB_CAP_NEXT is an argument of assert, which the tree does not declare"},
      // A macro of the tree that stringifies its argument.
      {def + "#define FROB_CHECK(x) frob_write(0, sizeof(#x))\n", "    FROB_CHECK(pos + 1);\n",
       "    FROB_CHECK(pos + FROB_CAP_NEXT);\n", "FROB_CAP_NEXT is an argument of FROB_CHECK"},
      // The call opens above the hunk's context: which one it is cannot be read.
      {def, "    assert(pos >= 0 &&\n           pos < 100 &&\n           pos != 50 &&\n           pos != 60 &&\n"
            "           pos + 1 < 8);\n",
       "    assert(pos >= 0 &&\n           pos < 100 &&\n           pos != 50 &&\n           pos != 60 &&\n"
       "           pos + FROB_CAP_NEXT < 8);\n",
       "FROB_CAP_NEXT stands in a parenthesis opened before the hunk"},
      // A directive reads the name: #ifdef and defined() see whether it is a macro.
      {def, "#if 1 > 0\n    pos++;\n#endif\n", "#if FROB_CAP_NEXT > 0\n    pos++;\n#endif\n",
       "FROB_CAP_NEXT stands in a directive"},
      // Defined twice with two values, or #undef'd: which one the file sees is unknown.
      {def + "#undef FROB_CAP_NEXT\n#define FROB_CAP_NEXT 2\n", "    return cfg[pos + 1];\n",
       "    return cfg[pos + FROB_CAP_NEXT];\n", "FROB_CAP_NEXT is defined more than one way"},
      {def + "#undef FROB_CAP_NEXT\n", "    return cfg[pos + 1];\n", "    return cfg[pos + FROB_CAP_NEXT];\n",
       "FROB_CAP_NEXT is #undef'd"},
      // Defined only where the system has none: elsewhere it is the system's.
      {"#ifndef FROB_CAP_NEXT\n" + def + "#endif\n", "    return cfg[pos + 1];\n",
       "    return cfg[pos + FROB_CAP_NEXT];\n", "FROB_CAP_NEXT is defined under an #if at include/hw/frob-regs.h:4"},
  };
  for (const Case &c : cases) {
    PatchClass pc = run(namedConstant(c.defines, c.before, c.after), kFrobNames);
    EXPECT_EQ(pc.files[0].hunks[0].category, Category::Code) << c.after;
    EXPECT_TRUE(hasReason(pc.files[0].hunks[0], "not-proven", "named-constant (" + c.why)) << c.after;
  }
  // A second definition written over two lines (a line splice, a comment spanning lines)
  // is found as well as a plain one.
  for (std::string other : {"#define \\\n    FROB_CAP_NEXT 2\n", "#define /* spans\n lines */ FROB_CAP_NEXT 2\n"}) {
    TextPatch two = namedConstant(def, "    return cfg[pos + 1];\n", "    return cfg[pos + FROB_CAP_NEXT];\n");
    two.keep("include/hw/frob-more.h", other);
    PatchClass pc = run(two, SymbolIndex({{"FROB_CAP_NEXT", {"include/hw/frob-regs.h", "include/hw/frob-more.h"}}}));
    EXPECT_EQ(pc.files[0].hunks[0].category, Category::Code) << other;
    EXPECT_TRUE(hasReason(pc.files[0].hunks[0], "not-proven", "FROB_CAP_NEXT is defined more than one way")) << other;
  }
  // A function some header of the tree declares, but not one the file includes: the file
  // may call a system macro of that name (pc-bios's own libc declares memset).
  TextPatch unseen = namedConstant(def, "    frob_fill(cfg, pos + 1);\n", "    frob_fill(cfg, pos + FROB_CAP_NEXT);\n");
  unseen.keep("pc-bios/frob/libc.h", "void frob_fill(int *cfg, int v);\n");
  PatchClass pc = run(unseen, SymbolIndex({{"FROB_CAP_NEXT", {"include/hw/frob-regs.h"}}, {"frob_fill", {"pc-bios/frob/libc.h"}}}));
  EXPECT_EQ(pc.files[0].hunks[0].category, Category::Code);
  EXPECT_TRUE(hasReason(pc.files[0].hunks[0], "not-proven", "named-constant (FROB_CAP_NEXT is an argument of frob_fill"));
  // A header that the file does not include: the name may be a local, or a system macro.
  pc = run(namedConstant(def, "    return cfg[pos + 1];\n", "    return cfg[pos + FROB_CAP_NEXT];\n", false),
                      kFrobNames);
  EXPECT_EQ(pc.files[0].hunks[0].category, Category::Code);
  EXPECT_TRUE(hasReason(pc.files[0].hunks[0], "not-proven",
                        "named-constant (FROB_CAP_NEXT is defined in none of the headers the post-image includes"));
  // A header the file includes only under an #if (os-win32.h, where qemu/osdep.h includes
  // it on Windows): elsewhere the name is the system's, or a local's.
  TextPatch win = namedConstant("", "    char path[260];\n", "    char path[FROB_PATH_MAX];\n", false);
  win.keep("include/qemu/frob-win32.h", "#ifndef FROB_WIN32_H\n#define FROB_WIN32_H\n#define FROB_PATH_MAX 260\n#endif\n");
  win.keep("include/qemu/osdep.h", "#ifndef QEMU_OSDEP_H\n#define QEMU_OSDEP_H\n#ifdef _WIN32\n"
                                   "#include \"qemu/frob-win32.h\"\n#endif\n#endif\n");
  SymbolIndex winNames({{"FROB_PATH_MAX", {"include/qemu/frob-win32.h"}}});
  pc = run(win, winNames);
  EXPECT_EQ(pc.files[0].hunks[0].category, Category::Code);
  EXPECT_TRUE(hasReason(pc.files[0].hunks[0], "not-proven",
                        "named-constant (FROB_PATH_MAX is defined in none of the headers the post-image includes from "
                        "the tree outside every #if)"));
  // Included outside every #if, the same header proves it.
  win.before["include/qemu/osdep.h"] = win.after["include/qemu/osdep.h"] =
      "#ifndef QEMU_OSDEP_H\n#define QEMU_OSDEP_H\n#include \"qemu/frob-win32.h\"\n#endif\n";
  pc = run(win, winNames);
  EXPECT_EQ(pc.files[0].hunks[0].category, Category::Mechanical);
  EXPECT_TRUE(hasReason(pc.files[0].hunks[0], "named-constant",
                        "FROB_PATH_MAX for 260 (defined at include/qemu/frob-win32.h:3)"));
  // A name for another name ("#define sigjmp_buf jmp_buf") is an alias, which only the
  // rename rule judges (7f151e6f718f: jmp_buf -> sigjmp_buf, the system's type on POSIX).
  TextPatch alias = namedConstant("", "    jmp_buf env;\n", "    sigjmp_buf env;\n", false);
  alias.keep("include/qemu/frob-win32.h", "#ifndef FROB_WIN32_H\n#define FROB_WIN32_H\n#define sigjmp_buf jmp_buf\n#endif\n");
  alias.keep("include/qemu/osdep.h", win.before.at("include/qemu/osdep.h"));
  pc = run(alias, SymbolIndex({{"sigjmp_buf", {"include/qemu/frob-win32.h"}}}));
  EXPECT_EQ(pc.files[0].hunks[0].category, Category::Code);
  EXPECT_FALSE(hasReason(pc.files[0].hunks[0], "named-constant"));
  // The tree declares the name another way too (an enumerator of another header).
  TextPatch tp = namedConstant(def, "    return cfg[pos + 1];\n", "    return cfg[pos + FROB_CAP_NEXT];\n");
  tp.keep("include/hw/frob-enum.h", "enum { FROB_CAP_NEXT = 2 };\n");
  pc = run(tp, SymbolIndex({{"FROB_CAP_NEXT", {"include/hw/frob-regs.h", "include/hw/frob-enum.h"}}}));
  EXPECT_EQ(pc.files[0].hunks[0].category, Category::Code);
  EXPECT_TRUE(hasReason(pc.files[0].hunks[0], "not-proven", "FROB_CAP_NEXT is declared otherwise too"));
  // The patch takes the definition out of the header the file sees: after it, the file
  // sees none (what the header said before does not count).
  TextPatch gone = namedConstant(def, "    return cfg[pos + 1];\n", "    return cfg[pos + FROB_CAP_NEXT];\n");
  gone.files.clear();
  std::string regs = gone.before.at("include/hw/frob-regs.h");
  std::string frob = gone.before.at("hw/misc/frob.c");
  gone.modify("include/hw/frob-regs.h", regs, "#ifndef HW_FROB_REGS_H\n#define HW_FROB_REGS_H\n#endif\n");
  gone.modify("hw/misc/frob.c", frob, gone.after.at("hw/misc/frob.c"));
  pc = run(gone, SymbolIndex({{"FROB_CAP_NEXT", {"include/hw/frob-regs.h"}}}));
  EXPECT_EQ(pc.files[1].hunks[0].category, Category::Code);
  EXPECT_TRUE(hasReason(pc.files[1].hunks[0], "not-proven",
                        "named-constant (FROB_CAP_NEXT is defined in none of the headers the post-image includes"));
  // Without the images nothing says what the name is.
  pc = run(namedConstant(def, "    return cfg[pos + 1];\n", "    return cfg[pos + FROB_CAP_NEXT];\n").patch());
  EXPECT_EQ(pc.files[0].hunks[0].category, Category::Code);
}

std::string realizeSites(bool after) {
  std::string s = "#include \"qemu/osdep.h\"\n\n";
  for (int i = 0; i < 5; ++i) {
    std::string dev = "DEVICE(&s->uart" + std::to_string(i) + ")";
    s += filler(1, "pad" + std::to_string(i));
    s += "static void board_init" + std::to_string(i) + "(BoardState *s)\n{\n";
    s += after ? "    qdev_realize(" + dev + ", NULL, &error_fatal);\n"
               : "    qdev_init_nofail(" + dev + ");\n";
    s += "}\n\n";
  }
  return s;
}

TEST(DetectRepeatedEdit, CoccinelleAtFiveSitesIsAPatternNotAProof) {
  Patch p = makePatch({modify("hw/arm/board.c", realizeSites(false), realizeSites(true))},
                      "hw/arm: use qdev_realize\n\nDone with spatch --sp-file realize.cocci.\n");
  PatchClass pc = run(p);
  ASSERT_EQ(pc.files[0].hunks.size(), 5u);
  for (const HunkClass &h : pc.files[0].hunks) {
    EXPECT_EQ(h.category, Category::Code);
    EXPECT_TRUE(hasReason(h, "not-proven",
                          "repeated-edit (same edit at 5 sites: s/qdev_init_nofail/qdev_realize/; "
                          "+ , NULL , & error_fatal; an edit repeated is a pattern, not the same behaviour)"));
  }
  EXPECT_EQ(pc.label(), "code");
  EXPECT_EQ(pc.tools, std::vector<std::string>{"spatch"});
}

TEST(DetectRepeatedEdit, SomethingElseInTheFileBreaksIt) {
  std::string after = realizeSites(true);
  after.replace(after.find("return v + 0;"), 13, "return v + 100;");
  PatchClass pc = run(makePatch({modify("hw/arm/board.c", realizeSites(false), after)}));
  EXPECT_EQ(pc.label(), "code");
}

TEST(DetectRepeatedEdit, TwoSitesAreNotEnough) {
  std::string before = filler(1, "a") + "void a(S *s)\n{\n    qdev_init_nofail(DEVICE(s));\n}\n\n" +
                       filler(2, "b") + "void b(S *s)\n{\n    qdev_init_nofail(DEVICE(s));\n}\n";
  std::string after = filler(1, "a") + "void a(S *s)\n{\n    qdev_realize(DEVICE(s), NULL, &error_fatal);\n}\n\n" +
                      filler(2, "b") + "void b(S *s)\n{\n    qdev_realize(DEVICE(s), NULL, &error_fatal);\n}\n";
  PatchClass pc = run(makePatch({modify("hw/arm/board.c", before, after)}));
  EXPECT_EQ(pc.label(), "code");
  EXPECT_EQ(pc.smallFixLines, 2);
}

} // namespace
} // namespace provcheck

namespace provcheck {
namespace {

TEST(DetectRename, CodeAndTestsTogetherAreMechanical) {
  std::string cBefore = filler(2) + "int vfio_dev_info(int v)\n{\n    return v;\n}\n";
  std::string cAfter = filler(2) + "int vfio_info(int v)\n{\n    return v;\n}\n";
  std::string tBefore = filler(2, "t") + "static void test(void)\n{\n    g_assert(vfio_dev_info(1) == 1);\n}\n";
  std::string tAfter = filler(2, "t") + "static void test(void)\n{\n    g_assert(vfio_info(1) == 1);\n}\n";
  TextPatch tp;
  tp.modify("hw/vfio/info.c", cBefore, cAfter).modify("tests/unit/test-info.c", tBefore, tAfter);
  PatchClass pc = run(tp, SymbolIndex());
  EXPECT_EQ(pc.files[1].category, Category::Tests);
  ASSERT_EQ(pc.files[1].hunks[0].reasons.size(), 2u);
  EXPECT_EQ(pc.files[1].hunks[0].reasons[1],
            (Reason{"rename", "vfio_dev_info -> vfio_info (declared at hw/vfio/info.c:11; one-to-one over the patch)"}));
  EXPECT_FALSE(pc.mixed);
  EXPECT_EQ(pc.label(), "mechanical");
}

} // namespace
} // namespace provcheck
