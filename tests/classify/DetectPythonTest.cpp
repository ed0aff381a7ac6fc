// python-moved: a top-level function moved whole from a script into the module it
// star-imports, and the traps beside it.
#include "classify/Classifier.h"
#include "tests/classify/ClassifyTestSupport.h"

#include <gtest/gtest.h>

namespace provcheck {
namespace {

using testing::hasReason;
using testing::TextPatch;

const std::string kFunction = "def enum_name(name):\n"
                              "    if name.isupper():\n"
                              "        return c_name(name, False)\n"
                              "    new_name = ''\n"
                              "    for c in c_name(name, False):\n"
                              "        if c.isupper():\n"
                              "            new_name += '_'\n"
                              "        new_name += c\n"
                              "    return new_name.lstrip('_').upper()\n";

std::string module(const std::string &tail = "") {
  return "import re\n\ndef c_name(name, protect=True):\n    return re.sub('-', '_', name)\n\n"
         "def guardname(name):\n    return '''\n#define %s\n''' % name\n" + tail;
}

std::string script(const std::string &function, const std::string &imports = "from qapi import *\n",
                   const std::string &main = "") {
  return "#\n# Generates types\n#\n" + imports + "import sys\n\n"
         "def gen_lookup(name, values):\n    ret = '''\nconst char *%s_lookup[] = {\n''' % name\n"
         "    return ret\n\n" + function +
         "\ndef gen_enum(name, values):\n    return 'enum %s' % enum_name(name)\n\n"
         "do_c = False\nprefix = ''\nfor o in sys.argv:\n    if o == '-p':\n        prefix = o\n" + main;
}

PatchClass run(const TextPatch &tp) {
  PatchImages images = tp.images();
  return testing::classifyChecked(tp.patch(), testing::detectorRules(), &images);
}

TextPatch moved(const std::string &fromFunction, const std::string &toFunction,
                const std::string &scriptPath = "scripts/qapi-types.py") {
  TextPatch tp;
  tp.modify(scriptPath, script(fromFunction), script(""));
  tp.modify("scripts/qapi.py", module(), module("\n" + toFunction));
  return tp;
}

TEST(DetectPythonMove, FunctionMovedIntoTheStarImportedModule) {
  PatchClass pc = run(moved(kFunction + "\n", kFunction));
  ASSERT_EQ(pc.files.size(), 2u);
  for (const FileClass &f : pc.files)
    for (const HunkClass &h : f.hunks) {
      EXPECT_EQ(h.category, Category::Mechanical) << f.path;
      EXPECT_TRUE(hasReason(h, "python-moved", "def enum_name moved whole from scripts/qapi-types.py:"
                                               "13 into scripts/qapi.py, which scripts/qapi-types.py "
                                               "imports with *"))
          << f.path;
    }
  EXPECT_EQ(pc.label(), "mechanical");
}

TEST(DetectPythonMove, OneChangedLineIsCode) {
  std::string changed = kFunction;
  changed.replace(changed.find("lstrip('_')"), 11, "lstrip('-')");
  PatchClass pc = run(moved(kFunction + "\n", changed));
  EXPECT_EQ(pc.label(), "code");
  EXPECT_FALSE(hasReason(pc.files[0].hunks.at(0), "python-moved"));
}

TEST(DetectPythonMove, ReindentedIntoAClassIsCode) {
  std::string inClass = "class Gen(object):\n";
  for (size_t p = 0, q; p < kFunction.size(); p = q + 1) {
    q = kFunction.find('\n', p);
    inClass += "    " + kFunction.substr(p, q - p + 1);
  }
  PatchClass pc = run(moved(kFunction + "\n", inClass));
  EXPECT_EQ(pc.label(), "code");
}

TEST(DetectPythonMove, FunctionReadingANameOfTheScriptIsCode) {
  // `prefix` is the script's own global: in the module it means nothing, or another thing.
  std::string reads = kFunction;
  reads.replace(reads.find("return new_name"), 15, "return prefix + new_name");
  PatchClass pc = run(moved(reads + "\n", reads));
  EXPECT_EQ(pc.label(), "code");
  EXPECT_TRUE(hasReason(pc.files[0].hunks.at(0), "not-proven",
                        "python-moved (scripts/qapi-types.py binds `prefix`, which `enum_name` reads"));
}

TEST(DetectPythonMove, ModuleNotStarImportedIsCode) {
  TextPatch tp;
  tp.modify("scripts/qapi-types.py", script(kFunction + "\n", "import qapi\n"), script("", "import qapi\n"));
  tp.modify("scripts/qapi.py", module(), module("\n" + kFunction));
  PatchClass pc = run(tp);
  EXPECT_EQ(pc.label(), "code");
  EXPECT_TRUE(hasReason(pc.files[0].hunks.at(0), "not-proven", "does not star-import qapi"));
}

TEST(DetectPythonMove, ImportableScriptIsCode) {
  // qapi_types.py may be imported from elsewhere, where `from qapi import *` finds
  // whatever module of that name comes first on the importer's path.
  PatchClass pc = run(moved(kFunction + "\n", kFunction, "scripts/qapi_types.py"));
  EXPECT_EQ(pc.label(), "code");
  EXPECT_TRUE(hasReason(pc.files[0].hunks.at(0), "not-proven", "may be imported as a module"));
}

TEST(DetectPythonMove, ExecutableModuleNamedScriptIsCode) {
  // Executable, but named like a module: another script may still import it.
  TextPatch tp = moved(kFunction + "\n", kFunction, "scripts/qapi_types.py");
  tp.files[0].oldMode = tp.files[0].newMode = 0100755;
  PatchClass pc = run(tp);
  EXPECT_EQ(pc.label(), "code");
  EXPECT_TRUE(hasReason(pc.files[0].hunks.at(0), "not-proven", "may be imported as a module"));
}

TEST(DetectPythonMove, NameUsedByAnotherScriptIsCode) {
  // Another script that star-imports the module would now get the function too.
  TextPatch tp = moved(kFunction + "\n", kFunction);
  tp.keep("scripts/qapi-visit.py", "from qapi import *\n\ndef enum_name(n):\n    return n\n");
  PatchClass pc = run(tp);
  EXPECT_EQ(pc.label(), "code");
  EXPECT_TRUE(hasReason(pc.files[1].hunks.at(0), "not-proven",
                        "scripts/qapi-visit.py names `enum_name` too"));
}

TEST(DetectPythonMove, CalledBeforeItsOldPlaceIsCode) {
  // Module-level code that ran before the def failed there; now it would run.
  TextPatch tp;
  std::string early = "try:\n    enum_name('x')\nexcept NameError:\n    pass\n";
  tp.modify("scripts/qapi-types.py", script(kFunction + "\n", "from qapi import *\n" + early),
            script("", "from qapi import *\n" + early));
  tp.modify("scripts/qapi.py", module(), module("\n" + kFunction));
  PatchClass pc = run(tp);
  EXPECT_EQ(pc.label(), "code");
  EXPECT_TRUE(hasReason(pc.files[0].hunks.at(0), "not-proven", "calls `enum_name` before the function stood"));
}

TEST(DetectPythonMove, DefaultArgumentIsCode) {
  // A default is evaluated where the def stands, in the module's globals.
  std::string withDefault = kFunction;
  withDefault.replace(withDefault.find("(name)"), 6, "(name, sep=SEP)");
  PatchClass pc = run(moved(withDefault + "\n", withDefault));
  EXPECT_EQ(pc.label(), "code");
  EXPECT_TRUE(hasReason(pc.files[0].hunks.at(0), "not-proven", "defaults or annotations"));
}

} // namespace
} // namespace provcheck
