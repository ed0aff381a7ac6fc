// A session keeps what the parses of one patch can give the next: the entities of a
// series mapped in one session, with preambles kept from patch to patch, are those of
// each patch mapped alone without any preamble, a preamble whose headers changed
// included.
#include "analysis/AstMap.h"
#include "tests/analysis/AstTestSupport.h"
#include "tests/support/Fixture.h"

#include <gtest/gtest.h>

#include <fstream>
#include <thread>

namespace provcheck {
namespace {

using testing::changedLines;
using testing::diffFile;
using testing::dump;
using testing::MemTree;
using testing::TempDir;
using Files = std::map<std::string, std::string>;

// A device file and its header through five commits; dev.c includes dev.h.
std::vector<Files> history() {
  Files s0{{"dev.h", "#ifndef DEV_H\n#define DEV_H\n#include <stdint.h>\n"
                     "#define DEV_FAST 0\n#define DEV_DECL(n) int n;\ntypedef uint32_t reg_t;\n#endif\n"},
           {"dev.c", "#include <stddef.h>\n#include \"dev.h\"\n\nstatic reg_t regs[4];\n\n"
                     "DEV_DECL(dev_count)\nreg_t dev_read(int i)\n{\n    return regs[i];\n}\n\n#if DEV_FAST\n"
                     "static void dev_fast(void)\n{\n    regs[0] = 1;\n}\n#else\n"
                     "static void dev_slow(void)\n{\n    regs[0] = 2;\n}\n#endif\n"},
           {"util.c", "#include \"dev.h\"\n\nint util(void)\n{\n    return 1;\n}\n"}};
  std::vector<Files> states{s0};
  auto next = [&](const std::string &path, const std::string &from, const std::string &to) {
    Files s = states.back();
    std::string &text = s[path];
    size_t at = text.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    text.replace(at, from.size(), to);
    states.push_back(s);
  };
  next("dev.c", "return regs[i];", "return regs[i & 3];");          // body
  next("dev.c", "regs[0] = 2;", "regs[0] = 3;");                    // again: same preamble
  next("dev.h", "#define DEV_FAST 0\n#define DEV_DECL(n) int n;",   // header: a variable
       "#define DEV_FAST 1\n#define DEV_DECL(n) int n(void);");     // becomes a function
  next("dev.c", "regs[0] = 1;", "regs[0] = 4;");                    // on the new header
  next("dev.c", "#include \"dev.h\"\n\nstatic reg_t regs[4];",                   // includes
       "#include \"dev.h\"\n#include <stdio.h>\n\nstatic reg_t regs[8];");
  return states;
}

struct Step {
  Patch patch;
  PatchImages images;
};

std::vector<Step> steps(const std::vector<Files> &states) {
  std::vector<Step> out;
  for (size_t i = 1; i < states.size(); ++i) {
    Step st;
    for (const auto &[path, text] : states[i])
      if (states[i - 1].at(path) != text)
        st.patch.files.push_back(diffFile(path, states[i - 1].at(path), text));
    st.images = {std::make_shared<MemTree>(states[i - 1]), std::make_shared<MemTree>(states[i]), ""};
    out.push_back(std::move(st));
  }
  return out;
}

AstOptions withDatabase(const TempDir &root) {
  std::ofstream(root.path() / "compile_commands.json")
      << "[{\"directory\": \"" << root.str() << "\", \"file\": \"dev.c\", \"arguments\": [\"cc\", "
      << "\"-c\", \"dev.c\"]},\n {\"directory\": \"" << root.str()
      << "\", \"file\": \"util.c\", \"arguments\": [\"cc\", \"-c\", \"util.c\"]}]\n";
  AstOptions o;
  o.repoRoot = root.str();
  return o;
}

TEST(AstSession, SeriesWithReusedPreamblesEqualsEachPatchAlone) {
  TempDir root;
  AstOptions options = withDatabase(root);
  std::vector<Step> series = steps(history());
  AstSession session(options);
  std::vector<std::vector<FileEntities>> reused;
  for (const Step &st : series) reused.push_back(session.map(st.patch, st.images));

  AstOptions alone = options;
  alone.preamble = false;
  for (size_t i = 0; i < series.size(); ++i) {
    std::vector<FileEntities> fresh = mapEntities(series[i].patch, series[i].images, alone);
    ASSERT_EQ(fresh.size(), reused[i].size());
    for (size_t f = 0; f < fresh.size(); ++f)
      EXPECT_EQ(dump(reused[i][f]), dump(fresh[f])) << "patch " << i + 1;
  }
  // The second patch's pre-image is the first's post-image in the same tree, and the
  // fifth's the fourth's: their outputs are taken, not parsed again. Preambles served
  // the rest: the first patch builds one for dev.c that its pre-image uses, the second's
  // post-image reuses it, the header change (the third patch, whose dev.h images differ
  // in their include block) forbids it in the fourth (built again, then reused by its
  // pre-image), and the fifth's post-image, with one more include, builds its own.
  AstSession::Stats stats = session.stats();
  EXPECT_EQ(stats.parses, 8u);
  EXPECT_EQ(stats.resultReuses, 2u);
  EXPECT_EQ(stats.preambleBuilds, 3u);
  EXPECT_EQ(stats.preambleReuses, 3u);
  // The new header is seen: with the preamble of the old one, dev_count would be a
  // variable (and the parse would complain that dev.h changed).
  EXPECT_EQ(changedLines(reused[3][0]),
            (std::vector<std::string>{"-15 function dev_fast (body)", "+15 function dev_fast (body)"}));
  EXPECT_EQ(reused[3][0].newEntities[1], (Entity{EntityKind::Function, "dev_count", "declaration",
                                                 6, 6, false}));
}

// An image parsed before in the same tree with the same job gives that parse's output;
// the same text in a tree where a header it includes differs is parsed again.
TEST(AstSession, TheSameImageInAnotherTreeIsParsedAgain) {
  TempDir root;
  AstOptions options = withDatabase(root);
  std::vector<Files> states = history();
  const Files &s0 = states[0], &s1 = states[1];
  // s1 with dev.h as the fourth commit left it: DEV_DECL declares a function.
  Files other = s1;
  other["dev.h"] = states[3].at("dev.h");
  Files otherNext = other;
  otherNext["dev.c"] = states[2].at("dev.c");
  auto stepOf = [](const Files &before, const Files &after) {
    Step st;
    st.patch.files.push_back(diffFile("dev.c", before.at("dev.c"), after.at("dev.c")));
    st.images = {std::make_shared<MemTree>(before), std::make_shared<MemTree>(after), ""};
    return st;
  };
  Step first = stepOf(s0, s1), again = stepOf(s1, states[2]), moved = stepOf(other, otherNext);

  AstSession session(options);
  std::vector<FileEntities> a = session.map(first.patch, first.images);
  std::vector<FileEntities> b = session.map(again.patch, again.images);
  EXPECT_EQ(session.stats().resultReuses, 1u); // b's pre-image: a's post-image, same tree
  std::vector<FileEntities> c = session.map(moved.patch, moved.images);
  EXPECT_EQ(session.stats().resultReuses, 1u); // c's pre-image: that text, another dev.h
  EXPECT_EQ(session.stats().parses, 5u);
  ASSERT_EQ(b.size(), 1u);
  ASSERT_EQ(c.size(), 1u);
  auto kindOf = [](const std::vector<Entity> &list, const std::string &name) {
    for (const Entity &e : list)
      if (e.name == name) return std::string(toString(e.kind)) + " " + e.detail;
    return std::string("none");
  };
  EXPECT_EQ(kindOf(b[0].oldEntities, "dev_count"), kindOf(a[0].newEntities, "dev_count"));
  EXPECT_NE(kindOf(c[0].oldEntities, "dev_count"), kindOf(b[0].oldEntities, "dev_count"));
  EXPECT_EQ(kindOf(c[0].oldEntities, "dev_count"), "function declaration");
  AstOptions alone = options;
  alone.preamble = false;
  EXPECT_EQ(dump(b[0]), dump(mapEntities(again.patch, again.images, alone)[0]));
  EXPECT_EQ(dump(c[0]), dump(mapEntities(moved.patch, moved.images, alone)[0]));
}

// Two patches mapped at once, the second's pre-image being the first's post-image: one
// parse of it, the other waits for its output.
TEST(AstSession, PatchesMappedAtOnceParseASharedImageOnce) {
  TempDir root;
  AstOptions options = withDatabase(root);
  std::vector<Step> series = steps(history());
  AstSession session(options);
  std::vector<FileEntities> out[2];
  std::thread other([&] { out[1] = session.map(series[1].patch, series[1].images); });
  out[0] = session.map(series[0].patch, series[0].images);
  other.join();
  EXPECT_EQ(session.stats().parses, 3u);
  EXPECT_EQ(session.stats().resultReuses, 1u);
  AstOptions alone = options;
  alone.preamble = false;
  for (int i = 0; i < 2; ++i) {
    ASSERT_EQ(out[i].size(), 1u);
    EXPECT_EQ(dump(out[i][0]), dump(mapEntities(series[i].patch, series[i].images, alone)[0]));
  }
}

// A header borrows the flags of an includer found in the patch's own trees: the includer
// an earlier patch of the run chose does not change the answer.
TEST(AstSession, IncluderOfAHeaderDependsOnThePatchAlone) {
  TempDir root;
  std::ofstream(root.path() / "compile_commands.json")
      << "[{\"directory\": \"" << root.str() << "\", \"file\": \"a.c\", \"arguments\": [\"cc\", "
      << "\"-c\", \"a.c\"]},\n {\"directory\": \"" << root.str()
      << "\", \"file\": \"b.c\", \"arguments\": [\"cc\", \"-c\", \"b.c\"]}]\n";
  AstOptions options;
  options.repoRoot = root.str();
  const std::string oldH = "int h(void);\n", newH = "int h(int x);\n";
  auto step = [&](bool aIncludes) {
    Files base{{"h.h", oldH},
               {"a.c", std::string(aIncludes ? "#include \"h.h\"\n" : "") + "int a;\n"},
               {"b.c", "#include \"h.h\"\nint b;\n"}};
    Files next = base;
    next["h.h"] = newH;
    Step st;
    st.patch.files.push_back(diffFile("h.h", oldH, newH));
    st.images = {std::make_shared<MemTree>(base), std::make_shared<MemTree>(next), ""};
    return st;
  };
  Step onlyB = step(false), both = step(true); // a.c ranks first when it includes h.h

  AstSession session(options);
  std::vector<FileEntities> first = session.map(onlyB.patch, onlyB.images);
  ASSERT_EQ(first.size(), 1u);
  EXPECT_EQ(first[0].flagsSource, "includer b.c");
  std::vector<FileEntities> second = session.map(both.patch, both.images);
  std::vector<FileEntities> alone = mapEntities(both.patch, both.images, options);
  ASSERT_EQ(second.size(), 1u);
  ASSERT_EQ(alone.size(), 1u);
  EXPECT_EQ(alone[0].flagsSource, "includer a.c");
  EXPECT_EQ(dump(second[0]), dump(alone[0]));
}

} // namespace
} // namespace provcheck
