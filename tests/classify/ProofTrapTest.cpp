// The traps of the mechanical proofs, one case each: what looks like a move, a rename or
// a repeated edit but changes the program is code, with the rule that could not prove it
// named; and the proofs that must still hold (a whole function moved, names renamed with
// their declaration, in a function or exchanged).
#include "classify/Classifier.h"
#include "tests/classify/ClassifyTestSupport.h"

#include <gtest/gtest.h>

namespace provcheck {
namespace {

using testing::filler;
using testing::hasReason;
using testing::makePatch;
using testing::modify;
using testing::SymbolIndex;
using testing::TextPatch;

PatchClass run(const TextPatch &tp, const SymbolIndex &deps = SymbolIndex(),
               std::string message = "subject\n") {
  PatchImages images = tp.images();
  return testing::classifyChecked(tp.patch(std::move(message)), testing::detectorRules(), &images, &deps);
}

bool anyHunkHas(const PatchClass &pc, const std::string &rule, const std::string &part) {
  for (const FileClass &f : pc.files)
    for (const HunkClass &h : f.hunks)
      if (hasReason(h, rule, part)) return true;
  return false;
}

// --- moved ---------------------------------------------------------------------------

TEST(ProofMoved, TwoCallsSwappedIsCode) {
  std::string head = filler(2) + "static void board_init(BoardState *s)\n{\n";
  std::string before = head + "    memory_region_init_board_ram(s);\n    qdev_realize_board_devices(s);\n}\n";
  std::string after = head + "    qdev_realize_board_devices(s);\n    memory_region_init_board_ram(s);\n}\n";
  TextPatch tp;
  tp.modify("hw/arm/board.c", before, after);
  PatchClass pc = run(tp);
  EXPECT_EQ(pc.label(), "code");
  EXPECT_TRUE(anyHunkHas(pc, "not-proven", "moved (statements reordered inside board_init)"));

}

TEST(ProofMoved, StatementMovedBetweenFunctionsIsCode) {
  std::string f1 = "static void reset(S *s)\n{\n    s->level = 0;\n";
  std::string f2 = "static void realize(S *s)\n{\n    s->irq_count = compute_irq_count(s);\n";
  std::string before = filler(2) + f1 + "}\n\n" + filler(2, "mid") + f2 + "    s->enabled_feature_flags = 0;\n}\n";
  std::string after = filler(2) + f1 + "    s->enabled_feature_flags = 0;\n}\n\n" + filler(2, "mid") + f2 + "}\n";
  TextPatch tp;
  tp.modify("hw/misc/dev.c", before, after);
  PatchClass pc = run(tp);
  EXPECT_EQ(pc.label(), "code");
  EXPECT_TRUE(anyHunkHas(pc, "not-proven", "moved (reset changes)"));
}

TEST(ProofMoved, FunctionMovedIntoAnIfdefIsCode) {
  std::string helper = "static int frob_helper(int value)\n{\n    return value * frob_scale(value);\n}\n\n";
  std::string before = filler(2) + helper + "#ifdef CONFIG_FROB\n" + filler(1, "in") + "#endif\n";
  std::string after = filler(2) + "#ifdef CONFIG_FROB\n" + filler(1, "in") + helper + "#endif\n";
  TextPatch tp;
  tp.modify("hw/misc/frob.c", before, after);
  PatchClass pc = run(tp);
  EXPECT_EQ(pc.label(), "code");
  EXPECT_TRUE(anyHunkHas(pc, "not-proven", "moved (the #if enclosing frob_helper changes)"));
}

TEST(ProofMoved, ConditionalMovedAboveAFunctionIsCode) {
  // "#if defined(FEATURE)" moved up past a function puts that function under it, though
  // none of its lines change.
  std::string fn = "static bool allocated(Lun *l, int64_t sector)\n{\n    return test_bit(sector, l->map);\n}\n";
  std::string tail = "static int get_status(Lun *l)\n{\n    return allocated(l, 0);\n}\n#endif\n";
  std::string before = filler(2) + fn + "\n\n#if defined(LIBFOO_FEATURE_IOVECTOR)\n\n" + tail;
  std::string after = filler(2) + "#if defined(LIBFOO_FEATURE_IOVECTOR)\n" + fn + "\n" + tail;
  TextPatch tp;
  tp.modify("block/foo.c", before, after);
  PatchClass pc = run(tp);
  EXPECT_EQ(pc.label(), "code");
}

TEST(ProofMoved, TwoCopiesRemovedForOneAddedIsCode) {
  std::string helper = "static int clamp_to_range(int v, int lo, int hi)\n{\n    return v < lo ? lo : v > hi ? hi : v;\n}\n\n";
  TextPatch tp;
  tp.modify("hw/misc/a.c", filler(2) + helper + filler(2, "a"), filler(2) + filler(2, "a"));
  tp.modify("hw/misc/b.c", filler(2, "b") + helper, filler(2, "b"));
  tp.modify("hw/misc/c.c", filler(2, "c"), filler(2, "c") + helper);
  PatchClass pc = run(tp);
  EXPECT_EQ(pc.label(), "code");
  EXPECT_TRUE(anyHunkHas(pc, "not-proven", "moved (clamp_to_range is there 2 times before the patch and 1 after)"));

}

TEST(ProofMoved, SpaceRemovedInsideAMovedStringIsCode) {
  std::string helper = "static void greet_the_world(void)\n{\n    printf(\"hello,  world\\n\");\n}\n\n";
  std::string moved = "static void greet_the_world(void)\n{\n    printf(\"hello, world\\n\");\n}\n\n";
  TextPatch tp;
  tp.modify("hw/misc/greet.c", filler(2) + helper + filler(3, "x"), filler(2) + filler(3, "x") + moved);
  EXPECT_EQ(run(tp).label(), "code");
}

TEST(ProofMoved, WholeFunctionMovedWithinTheFileIsMechanical) {
  std::string helper = "static int frob_helper(int value)\n{\n    return value * frob_scale(value);\n}\n\n";
  TextPatch tp;
  tp.modify("hw/misc/frob.c", filler(2) + helper + filler(3, "x"), filler(2) + filler(3, "x") + helper);
  PatchClass pc = run(tp);
  EXPECT_EQ(pc.label(), "mechanical");
  for (const HunkClass &h : pc.files[0].hunks) EXPECT_EQ(h.reasons[0].rule, "moved");
}

// --- rename --------------------------------------------------------------------------

TEST(ProofRename, ExistingFunctionSubstitutedIsCode) {
  std::string before, after;
  for (int i = 0; i < 3; ++i) {
    std::string n = std::to_string(i);
    before += filler(2, "p" + n) + "static void drop" + n + "(S *s)\n{\n    g_free(s->buf" + n + ");\n}\n\n";
    after += filler(2, "p" + n) + "static void drop" + n + "(S *s)\n{\n    free(s->buf" + n + ");\n}\n\n";
  }
  TextPatch tp;
  tp.modify("hw/misc/drop.c", before, after);
  PatchClass pc = run(tp);
  EXPECT_EQ(pc.label(), "code");
  EXPECT_TRUE(anyHunkHas(pc, "not-proven", "rename (g_free -> free: no declaration of g_free is renamed"));
}

TEST(ProofRename, ExistingFunctionSubstitutedAfterADirectiveIsCode) {
  // The call follows an #endif: the directive's words are no declaration specifiers, so
  // the call is no declaration of qemu_chr_fe_write.
  std::string before, after;
  for (int i = 0; i < 3; ++i) {
    std::string n = std::to_string(i);
    std::string head = filler(2, "p" + n) + "static void put" + n + "(S *s, uint8_t ch)\n{\n#ifdef DEBUG\n"
                       "    printf(\"put\\n\");\n#endif\n";
    before += head + "    qemu_chr_fe_write(s->chr, &ch, 1);\n}\n\n";
    after += head + "    qemu_chr_fe_write_all(s->chr, &ch, 1);\n}\n\n";
  }
  TextPatch tp;
  tp.modify("hw/char/put.c", before, after);
  PatchClass pc = run(tp);
  EXPECT_EQ(pc.label(), "code");
  EXPECT_TRUE(anyHunkHas(pc, "not-proven", "no declaration of qemu_chr_fe_write is renamed"));
}

TEST(ProofRename, NewNameThatAlreadyExistsIsCode) {
  // The declaration changes too, but the new name is declared elsewhere in the tree.
  std::string h = "#ifndef QDEV_H\n#define QDEV_H\nvoid device_legacy_reset(DeviceState *dev);\n#endif\n";
  std::string use = filler(2) + "static void board_reset(DeviceState *dev)\n{\n    device_legacy_reset(dev);\n}\n";
  auto swap = [](std::string s) {
    for (size_t at; (at = s.find("device_legacy_reset")) != std::string::npos;) s.replace(at, 19, "device_cold_reset");
    return s;
  };
  TextPatch tp;
  tp.modify("include/hw/qdev.h", h, swap(h)).modify("hw/arm/board.c", use, swap(use));
  tp.keep("include/hw/resettable.h", "void device_cold_reset(DeviceState *dev);\n");
  PatchClass pc = run(tp, SymbolIndex{{"device_cold_reset", {"include/hw/resettable.h"}}});
  EXPECT_EQ(pc.label(), "code");
  EXPECT_TRUE(anyHunkHas(pc, "not-proven",
                         "device_cold_reset already exists (declared in include/hw/resettable.h)"));
}

TEST(ProofRename, OldNameLeftInAChangedFileIsCode) {
  std::string before = filler(2) + "int foo_count;\nvoid f(void)\n{\n    foo_count++;\n}\n" + filler(3, "x") +
                       "void g(void)\n{\n    foo_count--;\n}\n";
  std::string after = filler(2) + "int foo_total;\nvoid f(void)\n{\n    foo_total++;\n}\n" + filler(3, "x") +
                      "void g(void)\n{\n    foo_count--;\n}\n";
  TextPatch tp;
  tp.modify("hw/misc/count.c", before, after);
  PatchClass pc = run(tp);
  EXPECT_EQ(pc.label(), "code");
  EXPECT_TRUE(anyHunkHas(pc, "not-proven", "foo_count is still used in hw/misc/count.c"));
}

// A tree-wide rename (a header and dozens of users, the shape of "tcg: Rename cpu_env to
// tcg_env"): proven over every changed file; an old name left in one user, or the new
// name already in another, is found in that file, whichever it is.
TEST(ProofRename, RenameAcrossManyFilesIsCheckedInEachOfThem) {
  constexpr int kUsers = 60;
  const std::string h = "#ifndef CPU_H\n#define CPU_H\nextern int cpu_env_count;\n#endif\n";
  auto user = [](int i, const std::string &extra) {
    return filler(2, "u" + std::to_string(i)) + "static void use" + std::to_string(i) +
           "(void)\n{\n    cpu_env_count++;\n}\n" + extra;
  };
  auto swap = [](std::string s) {
    for (size_t at; (at = s.find("cpu_env_count")) != std::string::npos;) s.replace(at, 13, "tcg_env_count");
    return s;
  };
  auto build = [&](int leftIn, int hadIn) {
    TextPatch tp;
    tp.modify("include/cpu.h", h, swap(h));
    for (int i = 0; i < kUsers; ++i) {
      std::string path = "target/t" + std::to_string(i) + ".c";
      // A line the patch leaves alone: the new name used before, or the old one after.
      std::string kept = i == hadIn    ? "int had(void) { return tcg_env_count; }\n"
                         : i == leftIn ? "int left(void) { return cpu_env_count; }\n"
                                       : "";
      tp.modify(path, user(i, kept), swap(user(i, "")) + kept);
    }
    return run(tp, SymbolIndex{});
  };
  PatchClass proven = build(-1, -1);
  EXPECT_EQ(proven.label(), "mechanical");
  EXPECT_TRUE(anyHunkHas(proven, "rename", "cpu_env_count -> tcg_env_count"));

  PatchClass left = build(37, -1);
  EXPECT_EQ(left.label(), "code");
  EXPECT_TRUE(anyHunkHas(left, "not-proven", "cpu_env_count is still used in target/t37.c"));

  PatchClass had = build(-1, 41);
  EXPECT_EQ(had.label(), "code");
  EXPECT_TRUE(anyHunkHas(had, "not-proven", "tcg_env_count already exists in target/t41.c"));
}

TEST(ProofRename, SedRenamePlusOneChangedArgumentIsCode) {
  std::string h = "void foo_init(S *s, int n);\n";
  std::string before, after;
  for (int i = 0; i < 3; ++i) {
    std::string n = std::to_string(i);
    before += filler(2, "p" + n) + "static void board" + n + "(S *s)\n{\n    foo_init(s, 1);\n}\n\n";
    after += filler(2, "p" + n) + "static void board" + n + "(S *s)\n{\n    foo_realize(s, " +
             (i == 2 ? "2" : "1") + ");\n}\n\n";
  }
  TextPatch tp;
  tp.modify("include/hw/foo.h", h, "void foo_realize(S *s, int n);\n").modify("hw/arm/board.c", before, after);
  PatchClass pc = run(tp, SymbolIndex(), "hw: rename foo_init\n\nsed -i 's/foo_init/foo_realize/g'\n");
  EXPECT_EQ(pc.label(), "code");
  const FileClass &board = pc.files[1];
  ASSERT_EQ(board.hunks.size(), 3u);
  EXPECT_EQ(board.hunks[0].category, Category::Mechanical);
  EXPECT_EQ(board.hunks[2].category, Category::Code);
  EXPECT_TRUE(hasReason(board.hunks[2], "not-proven", "rename (not only names differ: 1 -> 2)"));
}

TEST(ProofRename, NameInAStringIsData) {
  std::string before = filler(2) + "static int foo_level;\nvoid f(void)\n{\n    foo_level = 1;\n"
                       "    trace(\"foo_level\", foo_level);\n}\n";
  std::string after = filler(2) + "static int foo_depth;\nvoid f(void)\n{\n    foo_depth = 1;\n"
                      "    trace(\"foo_depth\", foo_depth);\n}\n";
  TextPatch tp;
  tp.modify("hw/misc/level.c", before, after);
  PatchClass pc = run(tp);
  EXPECT_EQ(pc.label(), "code");
  EXPECT_TRUE(anyHunkHas(pc, "not-proven", "rename (not only names differ: \"foo_level\" -> \"foo_depth\")"));
}

TEST(ProofRename, LocalRenamedInOneFunctionIsMechanical) {
  // `err` stays in the other function; the one renamed is local to qmp_quit.
  std::string other = filler(2) + "static void other(Error **err)\n{\n    error_setg(err, \"x\");\n}\n\n";
  std::string before = other + filler(2, "m") + "void qmp_quit(Error **err)\n{\n    shutdown_request(err);\n"
                       "    report(err);\n}\n";
  std::string after = other + filler(2, "m") + "void qmp_quit(Error **errp)\n{\n    shutdown_request(errp);\n"
                      "    report(errp);\n}\n";
  TextPatch tp;
  tp.modify("qmp.c", before, after);
  PatchClass pc = run(tp);
  EXPECT_EQ(pc.label(), "mechanical");
  EXPECT_TRUE(hasReason(pc.files[0].hunks[0], "rename", "err -> errp (local to qmp_quit;"));

  // The new name already meant something in that function: code.
  std::string shadow = other + filler(2, "m") + "void qmp_quit(Error **err)\n{\n    shutdown_request(err);\n"
                       "    report(errp);\n}\n";
  std::string shadowAfter = other + filler(2, "m") + "void qmp_quit(Error **errp)\n{\n    shutdown_request(errp);\n"
                            "    report(errp);\n}\n";
  TextPatch captured;
  captured.modify("qmp.c", shadow, shadowAfter);
  EXPECT_EQ(run(captured).label(), "code");
}

TEST(ProofRename, ALocalIsCheckedInEveryFunctionItIsRenamedIn) {
  // err -> errp in two functions, each with its own parameter err: a rename in both.
  auto fn = [](const std::string &name, const std::string &param, const std::string &extra) {
    return "void " + name + "(Error **" + param + ")\n{\n" + extra + "    shutdown_request(" + param +
           ");\n    report(" + param + ");\n}\n\n";
  };
  std::string head = filler(2);
  TextPatch both;
  both.modify("qmp.c", head + fn("qmp_quit", "err", "") + filler(3, "m") + fn("qmp_stop", "err", ""),
              head + fn("qmp_quit", "errp", "") + filler(3, "m") + fn("qmp_stop", "errp", ""));
  PatchClass pc = run(both);
  EXPECT_EQ(pc.label(), "mechanical");
  EXPECT_TRUE(anyHunkHas(pc, "rename", "err -> errp (local to qmp_quit, qmp_stop;"));

  // The second function already has an errp of its own, which the rename captures.
  std::string known = "    Error **errp = &global_error;\n";
  TextPatch captured;
  captured.modify("qmp.c",
                  head + fn("qmp_quit", "err", "") + filler(3, "m") + fn("qmp_stop", "err", known),
                  head + fn("qmp_quit", "errp", "") + filler(3, "m") + fn("qmp_stop", "errp", known));
  PatchClass c = run(captured);
  EXPECT_EQ(c.label(), "code");
  EXPECT_TRUE(anyHunkHas(c, "not-proven", "errp is already used in qmp_stop"));

  // The second function does not declare err: its uses meant a file-scope err, and the
  // patch puts another name in their place.
  std::string global = "static Error *err_global;\n#define err (&err_global)\n";
  std::string user = "void qmp_stop(void)\n{\n    shutdown_request(err);\n    report(err);\n}\n";
  std::string userAfter = "void qmp_stop(void)\n{\n    shutdown_request(errp);\n    report(errp);\n}\n";
  TextPatch substituted;
  substituted.modify("qmp.c", global + head + fn("qmp_quit", "err", "") + filler(3, "m") + user,
                     global + head + fn("qmp_quit", "errp", "") + filler(3, "m") + userAfter);
  PatchClass sub = run(substituted);
  EXPECT_EQ(sub.label(), "code");
  EXPECT_TRUE(anyHunkHas(sub, "not-proven", "err is renamed in qmp_stop, which does not declare it"));
}

TEST(ProofRename, NamesExchangedAreMechanical) {
  std::string before = filler(2) + "#define ROCKER \"rocker\"\n\n#define to_rocker(obj) \\\n"
                       "    OBJECT_CHECK(Rocker, (obj), ROCKER)\n\n" + filler(2, "m") +
                       "static void realize(PCIDevice *dev)\n{\n    Rocker *r = to_rocker(dev);\n"
                       "    r->name = g_strdup(ROCKER);\n}\n";
  std::string after = filler(2) + "#define TYPE_ROCKER \"rocker\"\n\n#define ROCKER(obj) \\\n"
                      "    OBJECT_CHECK(Rocker, (obj), TYPE_ROCKER)\n\n" + filler(2, "m") +
                      "static void realize(PCIDevice *dev)\n{\n    Rocker *r = ROCKER(dev);\n"
                      "    r->name = g_strdup(TYPE_ROCKER);\n}\n";
  TextPatch tp;
  tp.modify("hw/net/rocker.c", before, after);
  PatchClass pc = run(tp);
  EXPECT_EQ(pc.label(), "mechanical");
  EXPECT_TRUE(anyHunkHas(pc, "rename", "ROCKER -> TYPE_ROCKER"));
}

TEST(ProofRename, NameDeclaredByAFileScopeMacroIsRenamed) {
  // DECLARE_INSTANCE_CHECKER(type, NAME, TYPE) declares NAME: renamed there and at every
  // use, with nothing of that name before, it is a rename.
  std::string before = filler(2) + "DECLARE_INSTANCE_CHECKER(PvState, PV_STATE,\n"
                       "                         TYPE_PV_DEVICE)\n\n" + filler(2, "m") +
                       "static void pv_realize(DeviceState *dev)\n{\n    PvState *s = PV_STATE(dev);\n"
                       "    s->ready = true;\n}\n";
  auto swap = [](std::string s) {
    for (size_t at; (at = s.find("PV_STATE")) != std::string::npos;) s.replace(at, 8, "PV_DEVICE_STATE");
    return s;
  };
  TextPatch tp;
  tp.modify("hw/misc/pv.c", before, swap(before));
  PatchClass pc = run(tp);
  EXPECT_EQ(pc.label(), "mechanical");
  EXPECT_TRUE(anyHunkHas(pc, "rename", "PV_STATE -> PV_DEVICE_STATE"));

  // Only used by the invocation (a function handed to a macro), not declared there: the
  // old name is still defined in the file, so the change is a substitution.
  std::string uses = filler(2) + "static void pv_register(void)\n{\n    register_type(&pv_info);\n}\n\n" +
                     filler(2, "m") + "type_init(pv_register)\n";
  std::string usesAfter = filler(2) + "static void pv_register(void)\n{\n    register_type(&pv_info);\n}\n\n" +
                          filler(2, "m") + "type_init(pv_register_types)\n";
  TextPatch sub;
  sub.modify("hw/misc/pv.c", uses, usesAfter);
  EXPECT_EQ(run(sub).label(), "code");
}

// --- rename of a parameter, in its function and its prototypes ------------------------

// A function of hw/core/gpio.c whose parameter is `p`, and its prototype in a header
// (with another prototype that keeps its own `pin`).
struct GpioCase {
  std::string def(const std::string &p, bool wrapped) const {
    return "void gpio_connect_named(Dev *dev, const char *name, int n,\n"
           "                        qemu_irq " + p + ")\n{\n"
           "    char *propname = g_strdup_printf(\"%s[%d]\", name, n);\n"
           "    if (" + p + " && !OBJECT(" + p + ")->parent) {\n"
           "        object_add_child(container(), \"gpio[*]\", OBJECT(" + p + "));\n    }\n" +
           (wrapped ? "    object_set_link(OBJECT(dev), propname,\n                    OBJECT(" + p + "), &error_abort);\n"
                    : "    object_set_link(OBJECT(dev), propname, OBJECT(" + p + "), &error_abort);\n") +
           "    g_free(propname);\n}\n";
  }
  std::string header(const std::string &p) const {
    return "#ifndef GPIO_H\n#define GPIO_H\n\nvoid gpio_connect(Dev *dev, int n, qemu_irq pin);\n\n" +
           filler(2, "h") + "void gpio_connect_named(Dev *dev, const char *name, int n,\n"
           "                        qemu_irq " + p + ");\n\n#endif\n";
  }
  TextPatch patch(const std::string &globals = "") const {
    TextPatch tp;
    tp.modify("include/hw/gpio.h", header("pin"), header("input_pin"));
    tp.modify("hw/core/gpio.c", globals + filler(2) + def("pin", false) + "\n" + filler(2, "m"),
              globals + filler(2) + def("input_pin", true) + "\n" + filler(2, "m"));
    return tp;
  }
};

TEST(ProofRenameScoped, ParameterRenamedInItsFunctionAndPrototypeIsMechanical) {
  // `pin` stays elsewhere (the other prototype's parameter): the rename is scoped to the
  // function and the declaration of gpio_connect_named; a call is re-wrapped on the way.
  PatchClass pc = run(GpioCase().patch());
  EXPECT_EQ(pc.label(), "mechanical");
  EXPECT_TRUE(anyHunkHas(pc, "rename", "pin -> input_pin (local to gpio_connect_named; parameter of the "
                                       "declaration of gpio_connect_named;"));
}

TEST(ProofRenameScoped, LocalNamedLikeAMemberIsMechanical) {
  // A member `type` (declared, accessed, in a designated initialiser) is another name
  // space than the local renamed, a macro's parameter `type` is the macro's own, a pasted
  // `type` or an included file's name names nothing.
  std::string globals = "typedef struct Reg {\n    int type;\n} Reg;\n\n"
                        "static const Reg regs[] = {\n    { .type = 1 },\n};\n\n"
                        "#define DO_CMP(p, type) \\\n    int cmp_##p(type a, type b);\n"
                        "#define REG_END { .type = -1 }\n"
                        "#define GLUE(a) a ## type\n#include <type.h>\n\n";
  auto f = [](const std::string &t) {
    return "static int exit_type(Reg *r, int " + t + ")\n{\n    if (" + t + " == r->type) {\n"
           "        return " + t + ";\n    }\n    return regs[0].type;\n}\n";
  };
  TextPatch tp;
  tp.modify("target/arm/helper.c", globals + filler(2) + f("type"), globals + filler(2) + f("excret"));
  PatchClass pc = run(tp);
  EXPECT_EQ(pc.label(), "mechanical");
  EXPECT_TRUE(anyHunkHas(pc, "rename", "type -> excret (local to exit_type;"));
}

TEST(ProofRenameScoped, ParameterRenamedInPartOfItsFunctionIsCode) {
  GpioCase g;
  TextPatch tp;
  std::string after = g.def("input_pin", false);
  after.replace(after.rfind("OBJECT(input_pin)"), 17, "OBJECT(pin)");
  tp.modify("hw/core/gpio.c", filler(2) + g.def("pin", false), filler(2) + after);
  PatchClass pc = run(tp);
  EXPECT_EQ(pc.label(), "code");
  EXPECT_TRUE(anyHunkHas(pc, "not-proven", "pin is still used in gpio_connect_named"));
}

TEST(ProofRenameScoped, LocalRenamedOntoAGlobalAMacroReadsIsCode) {
  // BUMP() reads the global `count`; once the local is named `count`, BUMP() in f bumps
  // the local (shadowing), though `count` was nowhere in f before.
  std::string globals = "static int count;\n#define BUMP() (count++)\n\n";
  auto f = [](const std::string &n) {
    return "static int f(int v)\n{\n    int " + n + " = v * 2;\n    BUMP();\n    return " + n + " + 1;\n}\n";
  };
  TextPatch tp;
  tp.modify("hw/misc/c.c", globals + filler(2) + f("n"), globals + filler(2) + f("count"));
  PatchClass pc = run(tp);
  EXPECT_EQ(pc.label(), "code");
  EXPECT_TRUE(anyHunkHas(pc, "not-proven", "count has a file-scope meaning at hw/misc/c.c:1"));

  // The same global and macro in a header the file includes, through another one.
  TextPatch inHeader;
  std::string inc = "#include \"qemu/osdep.h\"\n\n";
  inHeader.modify("hw/misc/c.c", inc + filler(2) + f("n"), inc + filler(2) + f("count"));
  inHeader.keep("include/qemu/osdep.h", "#include \"qemu/counter.h\"\n");
  inHeader.keep("include/qemu/counter.h", "extern int count;\n#define BUMP() (count++)\n");
  PatchClass ph = run(inHeader, SymbolIndex({{"count", {"include/qemu/counter.h"}}}));
  EXPECT_EQ(ph.label(), "code");
  EXPECT_TRUE(anyHunkHas(ph, "not-proven", "count has a file-scope meaning at include/qemu/counter.h:1, a header the file includes"));

  // And the old name: a macro that read the parameter reads a global after the patch.
  std::string reads = "static int n;\n#define TWICE() (n * 2)\n\n";
  auto g = [](const std::string &p) {
    return "static int g(int " + p + ")\n{\n    return TWICE() + " + p + ";\n}\n";
  };
  TextPatch old;
  old.modify("hw/misc/c.c", reads + filler(2) + g("n"), reads + filler(2) + g("val"));
  PatchClass po = run(old);
  EXPECT_EQ(po.label(), "code");
  EXPECT_TRUE(anyHunkHas(po, "not-proven", "n has a file-scope meaning"));
}

TEST(ProofRenameScoped, RenameToAMacroIsCode) {
  GpioCase g;
  PatchClass pc = run(g.patch("#define input_pin 3\n\n"));
  EXPECT_EQ(pc.label(), "code");
  EXPECT_TRUE(anyHunkHas(pc, "not-proven", "input_pin has a file-scope meaning at hw/core/gpio.c:1"));
  // In a header the file includes (found from the file's directory, then include/).
  TextPatch header = g.patch("#include \"hw/irq.h\"\n\n");
  header.keep("include/hw/irq.h", "#define input_pin irq_in\n");
  PatchClass ph = run(header);
  EXPECT_EQ(ph.label(), "code");
  EXPECT_TRUE(anyHunkHas(ph, "not-proven", "input_pin has a file-scope meaning at include/hw/irq.h:1"));
  // A header of the tree that no changed file includes means nothing to the function.
  TextPatch elsewhere = g.patch("#include \"hw/irq.h\"\n\n");
  elsewhere.keep("include/hw/irq.h", "#define IRQ_MAX 8\n");
  elsewhere.keep("include/hw/other.h", "#define input_pin irq_in\n");
  EXPECT_EQ(run(elsewhere).label(), "mechanical");
}

TEST(ProofRenameScoped, LocalPastedOrStringifiedByAMacroIsCode) {
  // glue(s, _timer) names s_timer, not the local: renamed, it names another function.
  std::string macros = "#define xglue(a, b) a ## b\n#define glue(a, b) xglue(a, b)\n\n";
  auto f = [](const std::string &v) {
    return "static int tick(int " + v + ")\n{\n    return glue(" + v + ", _timer)(" + v + ");\n}\n";
  };
  // Another function keeps its own `s`: only the scoped proof could prove the rename.
  std::string other = "static int other(int s)\n{\n    return s + 1;\n}\n\n";
  TextPatch tp;
  tp.modify("hw/timer/t.c", macros + other + filler(2) + f("s"), macros + other + filler(2) + f("ti"));
  PatchClass pc = run(tp);
  EXPECT_EQ(pc.label(), "code");
  EXPECT_TRUE(anyHunkHas(pc, "not-proven", "s is an argument of glue in tick, a macro that pastes or stringifies"));

  // The same through a header the file includes, by stringification.
  TextPatch header;
  std::string inc = "#include \"qemu/str.h\"\n\n";
  auto g = [](const std::string &v) {
    return "static void show(int " + v + ")\n{\n    print_named(NAMED(" + v + "));\n}\n";
  };
  header.modify("hw/timer/t.c", inc + other + filler(2) + g("s"), inc + other + filler(2) + g("ti"));
  header.keep("include/qemu/str.h", "#define NAMED(x) #x, (x)\n");
  EXPECT_EQ(run(header).label(), "code");
  // "## __VA_ARGS__" only drops a comma: the argument stays a name.
  TextPatch variadic;
  variadic.modify("hw/timer/t.c", inc + other + filler(2) + g("s"), inc + other + filler(2) + g("ti"));
  variadic.keep("include/qemu/str.h", "#define NAMED(x, ...) (x), ## __VA_ARGS__\n");
  EXPECT_EQ(run(variadic).label(), "mechanical");
}

TEST(ProofRenameScoped, RenamePlusOneChangedArgumentIsCode) {
  GpioCase g;
  TextPatch tp;
  std::string after = g.def("input_pin", false);
  after.replace(after.find("\"gpio[*]\""), 9, "\"pin[*]\"");
  tp.modify("hw/core/gpio.c", filler(2) + g.def("pin", false), filler(2) + after);
  PatchClass pc = run(tp);
  EXPECT_EQ(pc.label(), "code");
  EXPECT_TRUE(anyHunkHas(pc, "not-proven", "rename (not only names differ: \"gpio[*]\" -> \"pin[*]\")"));
}

TEST(ProofRenameScoped, PrototypeThatUsesTheParameterIsCode) {
  // In a prototype, `n` sizes the array parameter: the name is used, not only declared,
  // which the scoped proof does not follow (another function keeps its own `n`, so the
  // proof over the whole files does not hold either).
  std::string h = "void fill(int n, int a[n]);\n";
  std::string c = filler(2) + "void fill(int n, int a[n])\n{\n    memset(a, 0, n * sizeof(int));\n}\n\n" +
                  filler(2, "m") + "static int twice(int n)\n{\n    return n + n;\n}\n";
  auto swap = [](std::string s) {
    for (size_t at; (at = s.find("n, int a[n]")) != std::string::npos;) s.replace(at, 11, "len, int a[len]");
    for (size_t at; (at = s.find(" n *")) != std::string::npos;) s.replace(at, 4, " len *");
    return s;
  };
  TextPatch tp;
  tp.modify("include/fill.h", filler(2, "h") + h, filler(2, "h") + swap(h));
  tp.modify("util/fill.c", c, swap(c));
  PatchClass pc = run(tp);
  EXPECT_TRUE(anyHunkHas(pc, "not-proven", "n is used in the declaration of fill beyond its parameters' names"));
  EXPECT_NE(pc.label(), "mechanical");
}

// --- rename of a struct member, with its uses -----------------------------------------

// A header struct with `key_bytes`, its users, and another struct and a parameter of the
// same name that the patch leaves alone.
struct MemberCase {
  std::string text(const std::string &m, const std::string &extra = "") const {
    return "struct Header {\n    uint32_t version;\n    uint32_t " + m + ";\n};\n\n"
           "struct Sizes {\n    uint32_t key_bytes;\n};\n\n" + filler(2) +
           "static uint32_t key_len(struct Header *h, uint32_t key_bytes)\n{\n"
           "    be32_to_cpus(&h->" + m + ");\n    return h->" + m + " + key_bytes;\n}\n\n" + filler(2, "m") +
           "static struct Header template = {\n    ." + m + " = 32,\n};\n\n" + filler(2, "n") +
           "static uint32_t sizes(struct Sizes *s)\n{\n    return s->key_bytes;\n}\n" + extra;
  }
};

TEST(ProofRenameScoped, MemberRenamedWithItsUsesIsMechanical) {
  MemberCase m;
  TextPatch tp;
  tp.modify("crypto/luks.c", m.text("key_bytes"), m.text("master_key_len"));
  tp.keep("crypto/other.c", filler(1, "o"));
  PatchClass pc = run(tp);
  EXPECT_EQ(pc.label(), "mechanical");
  EXPECT_TRUE(anyHunkHas(pc, "rename", "key_bytes -> master_key_len (a member of Header, new to the tree"));
}

TEST(ProofRenameScoped, MemberRenamedToANameOfTheTreeIsCode) {
  // Another struct of the tree has a member of the new name: a use renamed on it would
  // still compile.
  MemberCase m;
  TextPatch tp;
  tp.modify("crypto/luks.c", m.text("key_bytes"), m.text("master_key_len"));
  tp.keep("include/crypto/block.h", "struct Block {\n    size_t master_key_len;\n};\n");
  PatchClass pc = run(tp);
  EXPECT_EQ(pc.label(), "code");
  EXPECT_TRUE(anyHunkHas(pc, "not-proven", "master_key_len already occurs in include/crypto/block.h"));

  // The new name in the changed file itself, or added there by another hunk.
  TextPatch same;
  std::string extra = "\nstruct Block {\n    size_t master_key_len;\n};\n";
  same.modify("crypto/luks.c", m.text("key_bytes") + filler(3, "z") + extra,
              m.text("master_key_len") + filler(3, "z") + extra);
  EXPECT_EQ(run(same).label(), "code");
  TextPatch added;
  added.modify("crypto/luks.c", m.text("key_bytes") + filler(3, "z"), m.text("master_key_len") + filler(3, "z") + extra);
  PatchClass pa = run(added);
  EXPECT_NE(pa.files[0].hunks.size(), 0u);
  EXPECT_TRUE(anyHunkHas(pa, "not-proven", "master_key_len is written in crypto/luks.c where the patch does not rename key_bytes"));
}

TEST(ProofRenameScoped, MemberNamedOutsideAnAccessIsCode) {
  // offsetof() names the member as a macro argument: a macro may paste or stringify it.
  MemberCase m;
  std::string use = "\nstatic size_t where(void)\n{\n    return offsetof(struct Header, key_bytes);\n}\n";
  std::string useAfter = "\nstatic size_t where(void)\n{\n    return offsetof(struct Header, master_key_len);\n}\n";
  TextPatch tp;
  tp.modify("crypto/luks.c", m.text("key_bytes", use), m.text("master_key_len", useAfter));
  PatchClass pc = run(tp);
  EXPECT_EQ(pc.label(), "code");
  EXPECT_TRUE(anyHunkHas(pc, "not-proven", "neither a member's declaration nor a member access"));

  // A macro of the old name would rewrite the member's uses.
  TextPatch macro;
  macro.modify("crypto/luks.c", m.text("key_bytes"), m.text("master_key_len"));
  macro.keep("include/crypto/sizes.h", "#define key_bytes kb\n");
  PatchClass pm = run(macro, SymbolIndex({{"key_bytes", {"include/crypto/sizes.h"}}}));
  EXPECT_EQ(pm.label(), "code");
  // A script reads the member by name.
  TextPatch script;
  script.modify("crypto/luks.c", m.text("key_bytes"), m.text("master_key_len"));
  script.keep("scripts/luks-dump.py", "print(hdr['key_bytes'])\n");
  EXPECT_EQ(run(script).label(), "code");
}

// --- repeated-edit -------------------------------------------------------------------

// Three sites, each a function of its own, before and after.
std::pair<std::string, std::string> threeSites(const std::string &a, const std::string &b) {
  std::string before, after;
  for (int i = 0; i < 3; ++i) {
    std::string n = std::to_string(i);
    std::string head = filler(2, "p" + n) + "static void site" + n + "(S *s, int arg2)\n{\n";
    before += head + a + "}\n\n";
    after += head + b + "}\n\n";
  }
  return {before, after};
}

PatchClass runSites(const std::string &a, const std::string &b) {
  auto [before, after] = threeSites(a, b);
  TextPatch tp;
  tp.modify("target/arm/helper.c", before, after);
  return run(tp, SymbolIndex(), "target/arm: do it everywhere\n\nDone with Coccinelle.\n");
}

TEST(ProofRepeatedEdit, ConstantChangedAtEverySiteIsCode) {
  PatchClass pc = runSites("    s->count = s->count + 1;\n", "    s->count = s->count + 2;\n");
  EXPECT_EQ(pc.label(), "code");
}

TEST(ProofRepeatedEdit, InsertedConditionIsCode) {
  PatchClass pc = runSites("    if (arg2 < 8) {\n        set(s, arg2);\n    }\n",
                           "    if (arg2 >= 0 && arg2 < 8) {\n        set(s, arg2);\n    }\n");
  EXPECT_EQ(pc.label(), "code");
}

TEST(ProofRepeatedEdit, DeletedGuardIsCode) {
  PatchClass pc = runSites("    if (s->enabled) {\n        kick(s, arg2);\n    }\n", "    kick(s, arg2);\n");
  EXPECT_EQ(pc.label(), "code");
}

TEST(ProofRepeatedEdit, DeletedStatementIsCode) {
  PatchClass pc = runSites("    prepare(s);\n    kick(s, arg2);\n", "    kick(s, arg2);\n");
  EXPECT_EQ(pc.label(), "code");
}

TEST(ProofRepeatedEdit, ChangedTypeIsCode) {
  PatchClass pc = runSites("    uint32_t v = load(s, arg2);\n    store(s, v);\n",
                           "    uint64_t v = load(s, arg2);\n    store(s, v);\n");
  EXPECT_EQ(pc.label(), "code");
}

TEST(ProofRepeatedEdit, DataFileEditProvesNothing) {
  std::string before = "001 rw auto quick\n002 rw auto\n003 rw auto\n004 rw auto\n";
  std::string after = "001 rw auto quick\n002 rw auto quick\n003 rw auto quick\n004 rw auto quick\n";
  PatchClass pc = testing::classifyChecked(makePatch({modify("tests/qemu-iotests/group", before, after)}));
  EXPECT_EQ(pc.label(), "tests");
  ClassifyRules asCode = testing::detectorRules();
  asCode.pathRules.clear();
  PatchClass code = testing::classifyChecked(makePatch({modify("tests/qemu-iotests/group", before, after)}), asCode);
  EXPECT_EQ(code.label(), "code");
}

} // namespace
} // namespace provcheck
