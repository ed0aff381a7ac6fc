#include "tools/provcheck/DemoContent.h"

namespace provcheck::demo {

namespace {

const char *kMaintainers = R"(QEMU-like demo project maintainers
==================================

General Project Administration
------------------------------
Core utilities
M: Cora Core <cora@example.org>
S: Maintained
F: util/
F: include/qemu/

Devices
-------
Frob device
M: Dev Devlin <dev@example.org>
S: Maintained
F: hw/misc/frob.c
F: include/hw/misc/frob.h
F: tests/qtest/frob-test.c
F: docs/devel/frob.rst

Documentation
-------------
Developer documentation
M: Doc Writer <docs@example.org>
S: Odd Fixes
F: docs/

Testing
-------
qtest
M: Tess Tester <tess@example.org>
S: Maintained
F: tests/
)";

const char *kCutilsH = R"(#ifndef QEMU_CUTILS_H
#define QEMU_CUTILS_H

#include <stddef.h>

/* Copies at most size - 1 bytes of src into buf and terminates it. */
void pstrcpy(char *buf, int buf_size, const char *str);

/* Parses an unsigned number; returns 0 on success. */
int qemu_strtoul(const char *nptr, const char **endptr, int base, unsigned long *result);

#endif
)";

const char *kCutilsC = R"(#include "qemu/cutils.h"

#include <stdlib.h>

void pstrcpy(char *buf, int buf_size, const char *str)
{
    char *q = buf;

    if (buf_size <= 0) {
        return;
    }
    for (;;) {
        char c = *str++;
        if (c == 0 || q >= buf + buf_size - 1) {
            break;
        }
        *q++ = c;
    }
    *q = '\0';
}

int qemu_strtoul(const char *nptr, const char **endptr, int base, unsigned long *result)
{
    char *ep;

    *result = strtoul(nptr, &ep, base);
    if (endptr) {
        *endptr = ep;
    }
    return ep == nptr ? -1 : 0;
}
)";

const char *kCutilsH2 = R"(#ifndef QEMU_CUTILS_H
#define QEMU_CUTILS_H

#include <stdbool.h>
#include <stddef.h>

/* Copies at most size - 1 bytes of src into buf and terminates it. */
void pstrcpy(char *buf, int buf_size, const char *str);

/*
 * Parses an unsigned number; returns 0 on success. With @strict, trailing
 * characters after the number are an error.
 */
int qemu_strtoul(const char *nptr, const char **endptr, int base, unsigned long *result,
                 bool strict);

#endif
)";

const char *kCutilsC2 = R"(#include "qemu/cutils.h"

#include <stdlib.h>

void pstrcpy(char *buf, int buf_size, const char *str)
{
    char *q = buf;

    if (buf_size <= 0) {
        return;
    }
    for (;;) {
        char c = *str++;
        if (c == 0 || q >= buf + buf_size - 1) {
            break;
        }
        *q++ = c;
    }
    *q = '\0';
}

int qemu_strtoul(const char *nptr, const char **endptr, int base, unsigned long *result,
                 bool strict)
{
    char *ep;

    *result = strtoul(nptr, &ep, base);
    if (endptr) {
        *endptr = ep;
    }
    if (ep == nptr) {
        return -1;
    }
    if (strict && *ep != '\0') {
        return -1;
    }
    return 0;
}
)";

const char *kFrobH = R"(#ifndef HW_MISC_FROB_H
#define HW_MISC_FROB_H

#define FROB_NUM_REGS 8

typedef struct FrobState {
    unsigned int regs[FROB_NUM_REGS];
    int irq_level;
} FrobState;

void frob_init(FrobState *s);
unsigned int frob_read(FrobState *s, unsigned int index);
void frob_write(FrobState *s, unsigned int index, unsigned int value);

#endif
)";

std::string frobC(bool fixed, const std::string &init) {
  std::string s = R"(#include "hw/misc/frob.h"

#include <string.h>

void INIT(FrobState *s)
{
    memset(s->regs, 0, sizeof(s->regs));
    s->irq_level = 0;
}

unsigned int frob_read(FrobState *s, unsigned int index)
{
    if (index CMP FROB_NUM_REGS) {
        return 0;
    }
    return s->regs[index];
}

void frob_write(FrobState *s, unsigned int index, unsigned int value)
{
    if (index CMP FROB_NUM_REGS) {
        return;
    }
    s->regs[index] = value;
    s->irq_level = value != 0;
}
)";
  for (std::string key : {"INIT", "CMP", "CMP"}) {
    auto at = s.find(key);
    s.replace(at, key.size(), key == "INIT" ? init : (fixed ? ">=" : ">"));
  }
  return s;
}

const char *kFrobTest = R"(#include "hw/misc/frob.h"

#include <assert.h>

static void test_frob_reset(void)
{
    FrobState s;

    frob_init(&s);
    assert(frob_read(&s, 0) == 0);
}

int main(void)
{
    test_frob_reset();
    return 0;
}
)";

std::string frobTest(bool extended, const std::string &init) {
  std::string s = kFrobTest;
  if (extended) {
    s.replace(s.find("int main"), 0, R"(static void test_frob_out_of_range(void)
{
    FrobState s;

    frob_init(&s);
    frob_write(&s, FROB_NUM_REGS, 42);
    assert(frob_read(&s, FROB_NUM_REGS) == 0);
}

)");
    s.replace(s.find("    return 0;"), 0, "    test_frob_out_of_range();\n");
  }
  if (init != "frob_init")
    for (size_t at; (at = s.find("frob_init")) != std::string::npos;) s.replace(at, 9, init);
  return s;
}

const char *kFrobRst = R"(Frob device
===========

The frob device exposes eight 32-bit registers.
)";

const char *kFrobRst2 = R"(Frob device
===========

The frob device exposes eight 32-bit registers. Reads of a register
outside the bank return zero, and writes to one are ignored.

Writing a non-zero value to any register raises the interrupt line;
writing zero lowers it again.
)";

const char *kMeson = R"(project('demo', 'c')
executable('frob-test', 'tests/qtest/frob-test.c', 'hw/misc/frob.c',
           include_directories: include_directories('include'))
)";

} // namespace

const std::vector<DemoCommit> &demoHistory() {
  static const std::vector<DemoCommit> history = {
      {"Cora Core", "cora@example.org",
       "Initial import\n\nSigned-off-by: Cora Core <cora@example.org>\n",
       {{"MAINTAINERS", kMaintainers},
        {"meson.build", kMeson},
        {"include/qemu/cutils.h", kCutilsH},
        {"util/cutils.c", kCutilsC},
        {"include/hw/misc/frob.h", kFrobH},
        {"hw/misc/frob.c", frobC(false, "frob_init")},
        {"tests/qtest/frob-test.c", frobTest(false, "frob_init")},
        {"docs/devel/frob.rst", kFrobRst}}},
      {"Ada Lovelace", "ada@example.org",
       "docs/devel/frob: describe out-of-range accesses and the interrupt\n\n"
       "The documentation did not say what happens on accesses past the last\n"
       "register, nor when the interrupt line changes.\n\n"
       "AI-used-for: docs (first draft)\n"
       "Signed-off-by: Ada Lovelace <ada@example.org>\n",
       {{"docs/devel/frob.rst", kFrobRst2}}},
      {"Ada Lovelace", "ada@example.org",
       "hw/misc/frob: fix off-by-one in register bounds checks\n\n"
       "Index FROB_NUM_REGS is one past the register bank, but the checks\n"
       "only rejected larger indexes, so it read and wrote past regs[].\n"
       "Add a qtest that accesses that index.\n\n"
       "AI-used-for: code, tests (bug analysis and test case)\n"
       "Signed-off-by: Ada Lovelace <ada@example.org>\n",
       {{"hw/misc/frob.c", frobC(true, "frob_init")},
        {"tests/qtest/frob-test.c", frobTest(true, "frob_init")}}},
      {"Ada Lovelace", "ada@example.org",
       "util/cutils: add a strict mode to qemu_strtoul()\n\n"
       "Callers that parse a whole option value want trailing garbage to be\n"
       "an error.\n\n"
       "AI-used-for: code\n"
       "Signed-off-by: Ada Lovelace <ada@example.org>\n",
       {{"include/qemu/cutils.h", kCutilsH2}, {"util/cutils.c", kCutilsC2}}},
      {"Ada Lovelace", "ada@example.org",
       "hw/misc/frob: rename frob_init() to frob_reset()\n\n"
       "The function resets the device state; name it so. Done with:\n\n"
       "  sed -i 's/frob_init/frob_reset/g' hw/misc/frob.c include/hw/misc/frob.h \\\n"
       "      tests/qtest/frob-test.c\n\n"
       "AI-used-for: research (choosing the name)\n"
       "Signed-off-by: Ada Lovelace <ada@example.org>\n",
       {{"hw/misc/frob.c", frobC(true, "frob_reset")},
        {"include/hw/misc/frob.h",
         [] {
           std::string s = kFrobH;
           s.replace(s.find("frob_init"), 9, "frob_reset");
           return s;
         }()},
        {"tests/qtest/frob-test.c", frobTest(true, "frob_reset")}}},
      {"Bob Builder", "bob@example.org",
       "tests/qtest/frob: check the register bank after reset\n\n"
       "AI-Used-By: code assistant\n"
       "Assisted-by: SomeAgent:model-1\n"
       "Signed-off-by: Bob Builder <bob@example.org>\n",
       {{"tests/qtest/frob-test.c", [] {
           std::string s = frobTest(true, "frob_reset");
           s.replace(s.find("    assert(frob_read(&s, 0) == 0);\n"),
                     std::string("    assert(frob_read(&s, 0) == 0);\n").size(),
                     "    for (unsigned int i = 0; i < FROB_NUM_REGS; i++) {\n"
                     "        assert(frob_read(&s, i) == 0);\n"
                     "    }\n");
           return s;
         }()}}},
  };
  return history;
}

} // namespace provcheck::demo
