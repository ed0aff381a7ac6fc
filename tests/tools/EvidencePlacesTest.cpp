// Evidence in the right place: a two-file AI-assisted core change (a header and its
// implementation) through the whole pipeline, then `request` and SARIF. Each entity is
// listed under its own file, each code finding placed in its own file and line, and the
// finding about the message placed at the message, not on a line of code.
#include "tests/support/Fixture.h"
#include "tools/provcheck/Pipeline.h"
#include "tools/provcheck/Request.h"
#include "tools/provcheck/Risk.h"
#include "tools/provcheck/render/Email.h"
#include "tools/provcheck/render/Sarif.h"

#include <gtest/gtest.h>

namespace provcheck::testing {
namespace {

// QEMU's shape: a project-wide section with a maintainer and no file, then a catch-all
// that names only a list; util/ and include/qemu/ have no section of their own.
const char *kMaintainers = R"(General Project Administration
------------------------------
M: Peter Admin <peter@example.org>

All patches CC here
L: devel@lists.example.org
F: *
F: */

Misc devices
M: Marc Devices <marc@example.org>
S: Maintained
F: hw/misc/
)";

const char *kHeader = R"(#ifndef QEMU_CUTILS_H
#define QEMU_CUTILS_H

int qemu_strtoul(const char *nptr, const char **endptr, int base, unsigned long *result);

#endif
)";

const char *kSource = R"(#include "qemu/cutils.h"

static int check_base(int base)
{
    return base == 0 || (base >= 2 && base <= 36);
}

int qemu_strtoul(const char *nptr, const char **endptr, int base, unsigned long *result)
{
    if (!check_base(base)) {
        return -1;
    }
    *result = 0;
    return 0;
}
)";

struct TwoFiles {
  FixtureRepo repo;
  std::string base;

  TwoFiles() {
    repo.write("MAINTAINERS", kMaintainers);
    repo.write("include/qemu/cutils.h", kHeader);
    repo.write("util/cutils.c", kSource);
    base = repo.commit("Initial import\n\nSigned-off-by: Ada Lovelace <ada@example.org>\n");
    repo.branch("upstream", base);
    std::string h = kHeader;
    h.replace(h.find("int qemu_strtoul"), 0,
              "int qemu_strtoul_strict(const char *nptr, unsigned long *result);\n");
    repo.write("include/qemu/cutils.h", h);
    std::string c = kSource;
    c.replace(c.find("    *result = 0;\n"), 17,
              "    *result = 0;\n    if (endptr) {\n        *endptr = nptr;\n    }\n");
    c += "\nint qemu_strtoul_strict(const char *nptr, unsigned long *result)\n{\n"
         "    const char *end;\n    int ret = qemu_strtoul(nptr, &end, 10, result);\n"
         "    return ret == 0 && *end ? -1 : ret;\n}\n";
    repo.write("util/cutils.c", c);
    repo.commit("util/cutils: add a strict mode to qemu_strtoul()\n\n"
                "Callers that need the whole string parsed get qemu_strtoul_strict().\n\n"
                "AI-Used-For: code\n"
                "Signed-off-by: Ada Lovelace <ada@example.org>\n");
  }

  RunResult check() const {
    PipelineOptions options;
    options.dir = repo.str();
    options.sources = {"upstream..HEAD"};
    options.jobs = 1;
    options.approvedBy = {"nobody@nowhere.invalid", "ada@example.org"};
    auto run = runPipeline(options);
    if (!run) ADD_FAILURE() << run.error().str();
    return run ? *run : RunResult{};
  }
};

std::string replaceAll(std::string s, const std::string &from, const std::string &to) {
  for (size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size()))
    s.replace(at, from.size(), to);
  return s;
}

TEST(EvidencePlaces, RequestListsEachFilesOwnEntities) {
  TwoFiles t;
  RunResult run = t.check();
  ASSERT_EQ(run.series.size(), 1u);
  const PatchResult &p = run.series[0].patches.at(0);
  ASSERT_EQ(p.verdict.kind, VerdictKind::NeedsAgreement) << p.verdict.summary;

  RequestOptions o;
  o.now = 1767258000;
  auto requests = buildRequests(run, o);
  ASSERT_TRUE(requests) << requests.error().str();
  ASSERT_EQ(requests->size(), 1u);
  const Request &r = requests->front();
  // The project's maintainer is asked: no section with a maintainer owns the files, and
  // neither a stranger's nor the author's own --approved-by counts.
  ASSERT_EQ(r.to.size(), 1u);
  EXPECT_EQ(r.to[0].email, "peter@example.org");
  ASSERT_EQ(r.files.size(), 2u);
  for (const RequestFile &f : r.files) {
    ASSERT_FALSE(f.entities.empty()) << f.path;
    for (const std::string &e : f.entities) {
      bool header = f.path == "include/qemu/cutils.h";
      // The header declares; the source defines: no body of util/cutils.c under the header.
      if (header) {
        EXPECT_EQ(e.find("(body)"), std::string::npos) << f.path << ": " << e;
      }
      if (e.find("check_base") != std::string::npos) {
        EXPECT_FALSE(header) << e;
      }
    }
  }
  EXPECT_EQ(compareGolden("golden/evidence/request.mbox", render::requestMbox(*requests)), "");
}

TEST(EvidencePlaces, SarifPlacesEachResultInItsFileOrTheMessage) {
  TwoFiles t;
  RunResult run = t.check();
  RiskReport report = buildRiskReport(run, RiskOptions{});
  auto sarif = render::reportSarif(report);
  const auto &results = sarif["runs"][0]["results"];
  ASSERT_EQ(results.size(), report.findings.size());
  int inFiles = 0, atMessage = 0;
  for (size_t i = 0; i < results.size(); ++i) {
    const LocatedFinding &f = report.findings[i];
    const auto &loc = results[i]["locations"][0];
    if (f.rule == "trailer-key-case" || f.rule.rfind("signoff", 0) == 0) {
      // About the message: the message's line as a logical location, shown at the
      // patch's first changed file and line, since code scanning needs a file.
      EXPECT_EQ(loc["logicalLocations"][0]["name"], "message line 5") << f.rule;
      EXPECT_EQ(loc["physicalLocation"]["artifactLocation"]["uri"], "include/qemu/cutils.h");
      EXPECT_EQ(loc["physicalLocation"]["region"]["startLine"], 4);
      ++atMessage;
      continue;
    }
    ASSERT_TRUE(loc.contains("physicalLocation")) << f.rule;
    std::string uri = loc["physicalLocation"]["artifactLocation"]["uri"];
    EXPECT_EQ(uri, f.path);
    for (const std::string &e : f.entities) {
      if (uri == "include/qemu/cutils.h") {
        EXPECT_EQ(e.find("(body)"), std::string::npos) << e;
      }
    }
    int line = loc["physicalLocation"]["region"]["startLine"];
    EXPECT_EQ(line, uri == "include/qemu/cutils.h" ? 4 : 14) << f.rule << " " << uri;
    ++inFiles;
  }
  EXPECT_EQ(atMessage, 1);
  EXPECT_GE(inFiles, 2);
  std::string text = replaceAll(render::reportSarifText(report), t.repo.str(), "<repo>");
  EXPECT_EQ(compareGolden("golden/evidence/report.sarif", text), "");
}

} // namespace
} // namespace provcheck::testing
