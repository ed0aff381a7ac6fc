// Refactorings proven mechanical from tokens: edits repeated with operands of different
// shapes, inlined variables, comment-only hunks next to mechanical ones.
#include "classify/Classifier.h"
#include "tests/classify/ClassifyTestSupport.h"

#include <gtest/gtest.h>

namespace provcheck {
namespace {

using testing::detectorRules;
using testing::expectAccounting;
using testing::filler;
using testing::hasReason;
using testing::makePatch;
using testing::modify;

PatchClass run(const Patch &p) { return testing::classifyChecked(p); }

// Functions separated by filler, so that each site is a hunk of its own.
std::string sites(const std::vector<std::string> &bodies) {
  std::string s = "#include \"qemu/osdep.h\"\n\n";
  for (size_t i = 0; i < bodies.size(); ++i) {
    s += filler(2, "pad" + std::to_string(i));
    s += "static void site" + std::to_string(i) + "(BoardState *s, DeviceState *dev)\n{\n" +
         bodies[i] + "}\n\n";
  }
  return s;
}

TEST(DetectRepeatedEdit, OperandsOfDifferentShapes) {
  // A semantic patch dropping the size argument, whatever expression it is.
  std::vector<std::string> before = {
      "    sysbus_init_child_obj(OBJECT(s), \"a\", uds, sizeof(*uds), TYPE_A);\n",
      "    sysbus_init_child_obj(OBJECT(s), \"b\", &s->soc.gic, sizeof(s->soc.gic), TYPE_B);\n",
      "    sysbus_init_child_obj(OBJECT(s), \"c\", &s->uart[i], sizeof(s->uart[i]), TYPE_C);\n",
      "    sysbus_init_child_obj(OBJECT(dev), \"d\", &s->timer, sizeof(s->timer), TYPE_D);\n"};
  std::vector<std::string> after = {
      "    object_initialize_child(OBJECT(s), \"a\", uds, TYPE_A);\n",
      "    object_initialize_child(OBJECT(s), \"b\", &s->soc.gic, TYPE_B);\n",
      "    object_initialize_child(OBJECT(s), \"c\", &s->uart[i], TYPE_C);\n",
      "    object_initialize_child(OBJECT(dev), \"d\", &s->timer, TYPE_D);\n"};
  PatchClass pc = run(makePatch({modify("hw/arm/board.c", sites(before), sites(after))}));
  ASSERT_EQ(pc.files[0].hunks.size(), 4u);
  for (const HunkClass &h : pc.files[0].hunks) {
    EXPECT_EQ(h.category, Category::Code);
    EXPECT_TRUE(hasReason(h, "not-proven",
                          "repeated-edit (same edit at 4 sites: "
                          "s/sysbus_init_child_obj/object_initialize_child/; - sizeof ( E ) ,;"));
  }
  EXPECT_EQ(pc.label(), "code");
}

TEST(DetectRepeatedEdit, DroppedArgumentEqualToItsNeighbour) {
  // A message constant inlined and its argument dropped. At the third site the dropped
  // argument equals the one before it: aligned from the end, the deletion would be
  // `"null" ,` there and `, "number"` elsewhere; slid right, it is `, E` everywhere.
  std::vector<std::string> before = {
      "    error_setg(errp, QERR_TYPE, name, \"number\");\n",
      "    error_setg(errp, QERR_TYPE, full_name(s, name), \"object\");\n",
      "    error_setg(errp, QERR_TYPE, name ? name : \"null\", \"null\");\n"};
  std::vector<std::string> after = {
      "    error_setg(errp, \"Invalid type for '%s', expected: number\", name);\n",
      "    error_setg(errp, \"Invalid type for '%s', expected: object\", full_name(s, name));\n",
      "    error_setg(errp, \"Invalid type for '%s', expected: null\", name ? name : \"null\");\n"};
  PatchClass pc = run(makePatch({modify("qapi/visitor.c", sites(before), sites(after))}));
  ASSERT_EQ(pc.files[0].hunks.size(), 3u);
  for (const HunkClass &h : pc.files[0].hunks)
    EXPECT_TRUE(hasReason(h, "not-proven", "repeated-edit (same edit at 3 sites: QERR_TYPE -> E; - , E;"));
  EXPECT_EQ(pc.label(), "code");
}

TEST(DetectRepeatedEdit, PunctuationAndOperandsProveNothing) {
  // Dropping `ret =` three times names nothing: a behaviour change, not a proven edit.
  std::vector<std::string> before = {"    ret = do_reset(s, ret);\n",
                                     "    ret = do_flush(s, ret);\n",
                                     "    ret = do_stop(dev, ret);\n"};
  std::vector<std::string> after = {"    do_reset(s, ret);\n", "    do_flush(s, ret);\n",
                                    "    do_stop(dev, ret);\n"};
  PatchClass pc = run(makePatch({modify("hw/misc/dev.c", sites(before), sites(after))}));
  for (const HunkClass &h : pc.files[0].hunks) EXPECT_EQ(h.category, Category::Code);
  EXPECT_EQ(pc.label(), "code");
}

// An inlined variable is recognised, and named as what tokens cannot prove: the declared
// type may convert the value, and the expression runs at the use.
TEST(DetectInlineVariable, SingleUseVariableInlinedIsNotProven) {
  std::string before =
      filler(2) +
      "static void set_tsc(CPUState *cpu)\n{\n    CPUX86State *env = cpu_env(cpu);\n"
      "    int ret = 0;\n" +
      "    ret = vcpu_set(cpu->fd, 1, 2, 3);\n    ret = vcpu_get(cpu->fd, 4, 5, 6);\n"
      "    ret = vcpu_put(cpu->fd, 7, 8, 9);\n    ret = vcpu_run(cpu->fd, 1, 1, 1);\n"
      "    if (ret < 0) {\n        return;\n    }\n    env->tsc = ret;\n}\n\n" +
      filler(2, "mid") +
      "static void get_pc(DisasContext *ctx)\n{\n    CPUArchState *env = cpu_env(ctx->cs);\n"
      "    int type = artype_for_page(env, ctx->base.pc_next);\n    use(type);\n}\n";
  std::string after =
      filler(2) +
      "static void set_tsc(CPUState *cpu)\n{\n"
      "    int ret = 0;\n"
      "    ret = vcpu_set(cpu->fd, 1, 2, 3);\n    ret = vcpu_get(cpu->fd, 4, 5, 6);\n"
      "    ret = vcpu_put(cpu->fd, 7, 8, 9);\n    ret = vcpu_run(cpu->fd, 1, 1, 1);\n"
      "    if (ret < 0) {\n        return;\n    }\n    cpu_env(cpu)->tsc = ret;\n}\n\n" +
      filler(2, "mid") +
      "static void get_pc(DisasContext *ctx)\n{\n"
      "    int type = artype_for_page(cpu_env(ctx->cs), ctx->base.pc_next);\n    use(type);\n}\n";
  PatchClass pc = run(makePatch({modify("target/i386/cpu.c", before, after)}));
  ASSERT_EQ(pc.files[0].hunks.size(), 3u);
  EXPECT_TRUE(hasReason(pc.files[0].hunks[0], "not-proven",
                        "inline-variable (env = cpu_env(cpu) inlined at its single use; the declared type"));
  EXPECT_TRUE(hasReason(pc.files[0].hunks[1], "not-proven",
                        "inline-variable (env = cpu_env(cpu) inlined at its single use;"));
  EXPECT_TRUE(hasReason(pc.files[0].hunks[2], "not-proven",
                        "inline-variable (env = cpu_env(ctx->cs) inlined at its single use;"));
  for (const HunkClass &h : pc.files[0].hunks) EXPECT_EQ(h.category, Category::Code);
  EXPECT_EQ(pc.label(), "code");
}

TEST(DetectInlineVariable, TwoUsesAreNotInlined) {
  // Inlined at two uses, the initialiser is evaluated twice: not a proven refactoring.
  std::string before = filler(2) +
                       "static void f(CPUState *cpu)\n{\n    CPUX86State *env = cpu_env(cpu);\n"
                       "    env->a = 1;\n    env->b = 2;\n}\n";
  std::string after = filler(2) + "static void f(CPUState *cpu)\n{\n"
                                  "    cpu_env(cpu)->a = 1;\n    cpu_env(cpu)->b = 2;\n}\n";
  PatchClass pc = run(makePatch({modify("target/i386/cpu.c", before, after)}));
  EXPECT_EQ(pc.files[0].hunks[0].category, Category::Code);
  EXPECT_EQ(pc.label(), "code");
}

TEST(DetectInlineVariable, SavedValueIsNotInlinedPastAWrite) {
  // `old` keeps the value from before the write: inlining it returns the new one.
  std::string before = filler(2) +
                       "static int swap_val(State *s, int v)\n{\n    int old = s->val;\n"
                       "    s->val = v;\n    return old;\n}\n";
  std::string after = filler(2) + "static int swap_val(State *s, int v)\n{\n"
                                  "    s->val = v;\n    return s->val;\n}\n";
  PatchClass pc = run(makePatch({modify("hw/misc/f.c", before, after)}));
  EXPECT_EQ(pc.files[0].hunks[0].category, Category::Code);
  EXPECT_FALSE(hasReason(pc.files[0].hunks[0], "not-proven", "inline-variable"));

  // Without the write in between, the shape is recognised (and still not proven).
  std::string quiet = filler(2) + "static int get_val(State *s, int v)\n{\n    int old = s->val;\n"
                                  "    trace_val(v);\n    return old;\n}\n";
  std::string quietAfter = filler(2) + "static int get_val(State *s, int v)\n{\n"
                                       "    trace_val(v);\n    return s->val;\n}\n";
  PatchClass ok = run(makePatch({modify("hw/misc/f.c", quiet, quietAfter)}));
  EXPECT_TRUE(hasReason(ok.files[0].hunks[0], "not-proven", "inline-variable (old = s->val inlined at its single use;"));
}

TEST(DetectInlineVariable, InitialiserWithSideEffectsIsNotInlined) {
  std::string before = filler(2) + "static void f(State *s)\n{\n    int n = s->count++;\n"
                                   "    use(n);\n}\n";
  std::string after = filler(2) + "static void f(State *s)\n{\n    use(s->count++);\n}\n";
  PatchClass pc = run(makePatch({modify("hw/misc/f.c", before, after)}));
  EXPECT_EQ(pc.files[0].hunks[0].category, Category::Code);
}

TEST(DetectCommentOnly, CommentOnlyHunksJoinAMechanicalPatch) {
  // A licence tag updated in a code file and a test file, and a file re-indented: every
  // hunk is mechanical or comment-only, so the patch is mechanical, not mixed.
  std::string cBefore = "/* SPDX-License-Identifier: GPL-2.0 */\n" + filler(3);
  std::string cAfter = "/* SPDX-License-Identifier: GPL-2.0-only */\n" + filler(3);
  std::string fBefore = filler(2) + "int twice(int v)\n{\n  return 2 * v;\n}\n";
  std::string fAfter = filler(2) + "int twice(int v)\n{\n    return 2 * v;\n}\n";
  Patch p =
      makePatch({modify("hw/misc/a.c", cBefore, cAfter), modify("tests/unit/t.c", cBefore, cAfter),
                 modify("hw/misc/b.c", fBefore, fAfter)});
  PatchClass pc = run(p);
  EXPECT_EQ(pc.files[0].hunks[0].category, Category::Docs);
  EXPECT_TRUE(pc.files[0].hunks[0].commentOnly);
  EXPECT_EQ(pc.files[1].category, Category::Tests);
  EXPECT_EQ(pc.files[2].hunks[0].reasons[0].rule, "formatting-only");
  EXPECT_FALSE(pc.mixed);
  EXPECT_EQ(pc.label(), "mechanical");

  // Comment-only hunks alone change documentation only: not a mechanical patch.
  PatchClass comments = run(makePatch(
      {modify("hw/misc/a.c", cBefore, cAfter), modify("tests/unit/t.c", cBefore, cAfter)}));
  EXPECT_EQ(comments.label(), "mixed");
}

TEST(DetectInterpreterLine, DroppedWithTheExecutableBit) {
  std::string before = "#!/usr/bin/env python3\n#\n# VM test base\n#\n\nimport os\n\n"
                       "def run(vm):\n    return os.system(vm)\n";
  std::string after = before.substr(before.find('\n') + 1);
  FileChange fc = modify("tests/vm/basevm.py", before, after);
  fc.oldMode = 0100755;
  fc.newMode = 0100644;
  ClassifyRules r = detectorRules();
  r.pathRules.insert(r.pathRules.begin(), {"tests-vm", "tests/vm/", Category::Code});
  Patch p = makePatch({fc});
  PatchClass pc = classify({p}, r);
  expectAccounting(p, pc);
  ASSERT_EQ(pc.files[0].hunks.size(), 1u);
  EXPECT_EQ(pc.files[0].hunks[0].category, Category::Mechanical);
  EXPECT_EQ(pc.files[0].hunks[0].reasons[0],
            (Reason{"interpreter-line",
                    "interpreter line dropped with the executable bit (100755 -> 100644)"}));
  EXPECT_EQ(pc.label(), "mechanical");

  // Still executable: the script now starts differently (or not at all). Code.
  fc.newMode = 0100755;
  PatchClass kept = classify({makePatch({fc})}, r);
  EXPECT_EQ(kept.files[0].hunks[0].category, Category::Code);
}

TEST(DetectFormattingOnly, TrailingCommaBeforeBrace) {
  std::string before =
      filler(2) +
      "static const Area areas[] = {\n    [A_BIT] =\n          { .feature = 1, .bits = 2,\n"
      "            .size = sizeof(XSaveA) },\n    [B_BIT] =\n          { .feature = 3, .bits = 4,\n"
      "            .size = sizeof(XSaveB) },\n};\n";
  std::string after =
      filler(2) +
      "static const Area areas[] = {\n    [A_BIT] = {\n        .feature = 1, .bits = 2,\n"
      "        .size = sizeof(XSaveA),\n    },\n    [B_BIT] = {\n        .feature = 3, .bits = 4,\n"
      "        .size = sizeof(XSaveB),\n    },\n};\n";
  PatchClass pc = run(makePatch({modify("target/i386/cpu.c", before, after)}));
  ASSERT_EQ(pc.files[0].hunks.size(), 1u);
  EXPECT_EQ(pc.files[0].hunks[0].category, Category::Mechanical);
  EXPECT_EQ(pc.files[0].hunks[0].reasons[0],
            (Reason{"formatting-only",
                    "whole-hunk token streams identical but for trailing commas before '}' (layout only)"}));

  // A comma anywhere else is code: it changes the arguments.
  std::string callBefore = filler(2) + "void f(void)\n{\n    g(a b);\n}\n";
  std::string callAfter = filler(2) + "void f(void)\n{\n    g(a, b);\n}\n";
  PatchClass call = run(makePatch({modify("hw/misc/f.c", callBefore, callAfter)}));
  EXPECT_EQ(call.files[0].hunks[0].category, Category::Code);
}

TEST(DetectCommentOnly, HashCommentsOfQapiSchemas) {
  // QAPI schemas are JSON with '#' comment lines: a refilled doc comment is docs.
  std::string before =
      "##\n# @Foo:\n#\n# The foo object, with a description that is\n# wrapped early.\n##\n"
      "{ 'struct': 'Foo', 'data': { 'a': 'int' } }\n";
  std::string after =
      "##\n# @Foo:\n#\n# The foo object, with a description that is wrapped\n# later.\n##\n"
      "{ 'struct': 'Foo', 'data': { 'a': 'int' } }\n";
  PatchClass pc = run(makePatch({modify("qapi/foo.json", before, after)}));
  EXPECT_EQ(pc.files[0].hunks[0].category, Category::Docs);
  EXPECT_TRUE(pc.files[0].hunks[0].commentOnly);
  EXPECT_EQ(pc.label(), "docs");
}

TEST(DetectRepeatedEdit, HunkWithoutTokenEditIsNotJudged) {
  // Python indentation is syntax: the tokens are the same, the hunk is not formatting,
  // and with no token edit it is no repeated edit either.
  std::string before = "def f(vm):\n    if vm:\n           return 1\n    return 0\n";
  std::string after = "def f(vm):\n    if vm:\n        return 1\n    return 0\n";
  PatchClass pc = run(makePatch({modify("tests/functional/migration.py", before, after),
                                 modify("scripts/tool.py", before, after)}));
  EXPECT_EQ(pc.files[1].hunks[0].category, Category::Code);
}

TEST(DetectFormattingOnly, BracesAroundSingleStatements) {
  std::string before =
      filler(2) +
      "static int clamp(int v, int hi)\n{\n    if (v > hi)\n        v = hi;\n"
      "    else\n        v = v + 0;\n    for (int i = 0; i < 2; i++)\n        log_value(v, i);\n"
      "    return v;\n}\n";
  std::string after = filler(2) +
                      "static int clamp(int v, int hi)\n{\n    if (v > hi) {\n        v = hi;\n"
                      "    } else {\n        v = v + 0;\n    }\n    for (int i = 0; i < 2; i++) {\n"
                      "        log_value(v, i);\n    }\n    return v;\n}\n";
  PatchClass pc = run(makePatch({modify("hw/misc/clamp.c", before, after)}));
  ASSERT_EQ(pc.files[0].hunks.size(), 1u);
  EXPECT_EQ(pc.files[0].hunks[0].category, Category::Mechanical);
  EXPECT_EQ(
      pc.files[0].hunks[0].reasons[0],
      (Reason{"formatting-only",
              "whole-hunk token streams identical but for braces around single statements (layout only)"}));
  // Removing them is the same program too.
  PatchClass back = run(makePatch({modify("hw/misc/clamp.c", after, before)}));
  EXPECT_EQ(back.files[0].hunks[0].category, Category::Mechanical);

  // Braces around two statements change what the condition guards.
  std::string two = filler(2) +
                    "static int clamp(int v, int hi)\n{\n    if (v > hi)\n        v = hi;\n"
                    "    log_value(v, 0);\n    return v;\n}\n";
  std::string twoBraced = filler(2) +
                          "static int clamp(int v, int hi)\n{\n    if (v > hi) {\n        v = hi;\n"
                          "    log_value(v, 0);\n    }\n    return v;\n}\n";
  PatchClass guarded = run(makePatch({modify("hw/misc/clamp.c", two, twoBraced)}));
  EXPECT_EQ(guarded.files[0].hunks[0].category, Category::Code);

  // A nested if: braces would move its else.
  std::string nested = filler(2) +
                       "void f(int a, int b)\n{\n    if (a)\n        if (b)\n            g();\n"
                       "        else\n            h();\n}\n";
  std::string nestedBraced =
      filler(2) + "void f(int a, int b)\n{\n    if (a) {\n        if (b)\n            g();\n"
                  "    } else\n            h();\n}\n";
  PatchClass dangling = run(makePatch({modify("hw/misc/f.c", nested, nestedBraced)}));
  EXPECT_EQ(dangling.files[0].hunks[0].category, Category::Code);
}

// The same fix at three places is a fix: the edit adds a condition, a flag or a wrapper.
TEST(DetectRepeatedEdit, RepeatedFixAddsBehaviour) {
  auto check = [](std::vector<std::string> before, std::vector<std::string> after) {
    PatchClass pc = run(makePatch({modify("hw/scsi/esp.c", sites(before), sites(after))}));
    for (const HunkClass &h : pc.files[0].hunks) EXPECT_EQ(h.category, Category::Code);
    EXPECT_EQ(pc.label(), "code");
  };
  // A condition around a call.
  check({"    dma_read(s, buf, len);\n", "    dma_read(s, tmp, n);\n",
         "    dma_read(s, p->data, size);\n"},
        {"    if (len) {\n        dma_read(s, buf, len);\n    }\n",
         "    if (n) {\n        dma_read(s, tmp, n);\n    }\n",
         "    if (size) {\n        dma_read(s, p->data, size);\n    }\n"});
  // A flag the patch brings in.
  check({"    tcg_gen_qemu_ld_i64(d, a, idx, MO_TEUQ);\n",
         "    tcg_gen_qemu_st_i64(v, b, idx, MO_TEUQ);\n",
         "    tcg_gen_qemu_ld_i32(d, c, idx, MO_TESL);\n"},
        {"    tcg_gen_qemu_ld_i64(d, a, idx, MO_TEUQ | MO_ALIGN);\n",
         "    tcg_gen_qemu_st_i64(v, b, idx, MO_TEUQ | MO_ALIGN);\n",
         "    tcg_gen_qemu_ld_i32(d, c, idx, MO_TESL | MO_ALIGN);\n"});
  // A wrapper the patch brings in.
  check({"    s->count = cache->sets - 1;\n", "    s->ways = cache->assoc - 1;\n",
         "    s->lines = cache->size - 1;\n"},
        {"    s->count = MIN(cache->sets - 1, 0xfff);\n",
         "    s->ways = MIN(cache->assoc - 1, 0xfff);\n",
         "    s->lines = MIN(cache->size - 1, 0xfff);\n"});
}

// Threading a value through functions adds a parameter: a pattern, not the same program.
TEST(DetectRepeatedEdit, ParameterThreadedIsNotProven) {
  std::string before, after;
  for (int i = 0; i < 3; ++i) {
    std::string n = std::to_string(i);
    before += filler(2, "pad" + n) + "static void gen_ld" + n +
              "(TCGv v, int idx)\n{\n    use(v, idx);\n}\n\n";
    after += filler(2, "pad" + n) + "static void gen_ld" + n +
             "(DisasContext *ctx, TCGv v, int idx)\n{\n    use(v, idx);\n}\n\n";
  }
  PatchClass pc = run(makePatch({modify("target/rx/translate.c", before, after)}));
  ASSERT_EQ(pc.files[0].hunks.size(), 3u);
  for (const HunkClass &h : pc.files[0].hunks)
    EXPECT_TRUE(hasReason(h, "not-proven", "repeated-edit (same edit at 3 sites: + DisasContext * ctx ,;"));
  EXPECT_EQ(pc.label(), "code");
}

// A tool named in the message is evidence, not a proof: replaying it is.
TEST(DetectRepeatedEdit, NamedToolIsNoProof) {
  std::vector<std::string> before = {"    realize(&s->gic, errp);\n",
                                     "    realize(&s->uart[i], errp);\n",
                                     "    realize(dev, errp);\n"};
  std::vector<std::string> after = {"    realize(SYS_BUS_DEVICE(&s->gic), errp);\n",
                                    "    realize(SYS_BUS_DEVICE(&s->uart[i]), errp);\n",
                                    "    realize(SYS_BUS_DEVICE(dev), errp);\n"};
  FileChange file = modify("hw/arm/board.c", sites(before), sites(after));
  ClassifyRules r = detectorRules();
  r.toolPatterns = {"coccinelle|spatch"};
  PatchClass plain = classify({makePatch({file})}, r);
  EXPECT_EQ(plain.label(), "code");
  PatchClass tool =
      classify({makePatch({file}, "hw: Convert realize() calls\n\nDone with Coccinelle.\n")}, r);
  EXPECT_EQ(tool.label(), "code");
  EXPECT_EQ(tool.tools, (std::vector<std::string>{"Coccinelle"}));
}

} // namespace
} // namespace provcheck
