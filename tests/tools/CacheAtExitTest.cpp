// check and report keep the maps of the patches' bases (the dependency tracker's state) to
// the end of the process instead of freeing them: the scan cache they wrote to is still
// closed, counted in its stamp and pruned, as when the maps were destroyed.
#include "tests/support/Fixture.h"
#include "tests/tools/ToolsTestSupport.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace provcheck::testing {
namespace {

size_t scansIn(const std::filesystem::path &dir) {
  size_t n = 0;
  for (const auto &e : std::filesystem::recursive_directory_iterator(dir))
    n += e.is_regular_file() && e.path().extension() == ".bin";
  return n;
}

TEST(CacheAtExit, TheScanCacheIsClosedWhenTheMapsAreKept) {
  FixtureRepo repo;
  repo.write("MAINTAINERS", "Alpha\nM: A <a@example.org>\nS: Maintained\nF: a/\n");
  repo.write("a/x.h", "int twice(int v);\n");
  repo.write("a/x.c", "#include \"x.h\"\nint twice(int v)\n{\n    return v * 2;\n}\n");
  repo.commit("a: add twice");
  for (int i = 0; i < 2; ++i) {
    repo.write("a/x.c", "#include \"x.h\"\nint twice(int v)\n{\n    return v * " + std::to_string(3 + i) + ";\n}\n");
    repo.commit("a: step " + std::to_string(i) + "\n\nSigned-off-by: A <a@example.org>\n");
  }
  TempDir cache;
  for (const char *command : {"check --no-ast --format jsonl", "report --no-ast --format json"}) {
    std::filesystem::remove_all(cache.path() / "provcheck");
    // Two bases: the tracker follows them, scanning the first tree whole.
    CommandResult r = runShell("cd " + shellWord(repo.str()) + " && XDG_CACHE_HOME=" +
                               shellWord(cache.str()) + " " + shellWord(provcheckBinary()) + " " +
                               command + " --no-progress HEAD~2..HEAD");
    ASSERT_TRUE(r.exitCode == 0 || r.exitCode == 1) << command << "\n" << r.err;
    // Under the sanitizers: what is kept is the suppressed deliberate leak, nothing else
    // (LeakSanitizer's report ends the process with status 1 too).
    EXPECT_EQ(r.err.find("LeakSanitizer"), std::string::npos) << command << "\n" << r.err;
    std::filesystem::path scans = cache.path() / "provcheck" / "scans";
    ASSERT_TRUE(std::filesystem::exists(scans / "pruned")) << command << ": the scan cache was not closed";
    std::ifstream in(scans / "pruned");
    std::stringstream stamp;
    stamp << in.rdbuf();
    // A first run: the cache is counted (and pruned, having no stamp before).
    EXPECT_EQ(stamp.str(), "0 " + std::to_string(scansIn(scans)) + "\n") << command;
    EXPECT_GE(scansIn(scans), 2u) << command;
  }
}

} // namespace
} // namespace provcheck::testing
