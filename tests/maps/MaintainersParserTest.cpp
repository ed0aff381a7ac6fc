// The MAINTAINERS parser: both dialects, titles, tags, malformed lines.
#include "maps/MaintainersParser.h"

#include <gtest/gtest.h>

namespace provcheck {
namespace {

const char *QemuText = "QEMU Maintainers\n"
                       "================\n"
                       "\n"
                       "\tM: Mail patches to: FullName <address@domain>\n"
                       "\n"
                       "General\n"
                       "-------\n"
                       "M: Ada <ada@example.org>\n"
                       "F: docs/ \n"
                       "\n"
                       "Block layer\n"
                       "S: Supported\n"
                       "Z: kept although unknown\n"
                       "F: block/\n"
                       "# not a comment in QEMU's dialect\n";

TEST(MaintainersParser, QemuTitleIsTheLastNonTagLineBeforeTheTags) {
  MaintainersFile f = parseMaintainers(QemuText, "MAINTAINERS", MaintainersDialect::Qemu);
  EXPECT_EQ(f.dialect, "qemu");
  ASSERT_EQ(f.sections.size(), 2u);
  EXPECT_EQ(f.sections[0].name, "-------"); // the underline, as get_maintainer.pl sees it
  EXPECT_EQ(f.sections[0].line, 7);
  EXPECT_EQ(f.sections[0].headings, std::vector<std::string>{});
  EXPECT_EQ(f.preamble.size(), 4u); // title, underline, the tab-indented example, "General"
  EXPECT_EQ(f.preamble.back(), "General");
  EXPECT_EQ(f.sections[1].name, "Block layer");
  EXPECT_EQ(f.sections[1].status, "Supported");
  EXPECT_EQ(f.sections[1].index, 1);
}

TEST(MaintainersParser, TagsKeepValueRawValueAndLineNumbers) {
  MaintainersFile f = parseMaintainers(QemuText, "MAINTAINERS", MaintainersDialect::Qemu);
  const Section &general = f.sections[0];
  ASSERT_EQ(general.tags.size(), 2u);
  EXPECT_EQ(general.tags[1].tag, 'F');
  EXPECT_EQ(general.tags[1].value, "docs/");
  EXPECT_EQ(general.tags[1].raw, "docs/ "); // trailing blank kept: it changes the pattern
  EXPECT_EQ(general.tags[1].line, 9);
  const Section &block = f.sections[1];
  ASSERT_EQ(block.tags.size(), 3u);
  EXPECT_EQ(block.tags[1].tag, 'Z');
  EXPECT_EQ(block.values('Z'), std::vector<std::string>{"kept although unknown"});
  // '#' is not a comment: it starts a new (empty) section title after the tags.
  EXPECT_EQ(f.epilogue, std::vector<std::string>{"# not a comment in QEMU's dialect"});
}

TEST(MaintainersParser, AnyCharacterBeforeAColonIsATagInQemu) {
  MaintainersFile f = parseMaintainers("Title\nm: lower <l@x>\n", "M", MaintainersDialect::Qemu);
  ASSERT_EQ(f.sections.size(), 1u);
  EXPECT_EQ(f.sections[0].tags[0].tag, 'm');
  EXPECT_TRUE(f.diagnostics.empty());
}

TEST(MaintainersParser, LinuxHasCommentsUppercaseTagsAndN) {
  const char *text = "List of maintainers\n"
                     "\n"
                     "# a comment\n"
                     "ARM PORT\n"
                     "M:\tRussell <rmk@example.org>\n"
                     "N:\tarm\n"
                     "P:\tDocumentation/process/arm.rst\n"
                     "\n"
                     "THE REST\n"
                     "M:\tLinus <torvalds@example.org>\n"
                     "F:\t*\n"
                     "F:\t*/\n";
  EXPECT_EQ(detectDialect(text), MaintainersDialect::Linux);
  MaintainersFile f = parseMaintainers(text, "MAINTAINERS");
  EXPECT_EQ(f.dialect, "linux");
  ASSERT_EQ(f.sections.size(), 2u);
  EXPECT_EQ(f.sections[0].name, "ARM PORT");
  EXPECT_EQ(f.sections[0].values('N'), std::vector<std::string>{"arm"});
  EXPECT_EQ(f.sections[1].name, "THE REST");
  EXPECT_EQ(f.preamble, std::vector<std::string>{"List of maintainers"});
  EXPECT_TRUE(f.diagnostics.empty());
}

TEST(MaintainersParser, DetectsQemu) {
  EXPECT_EQ(detectDialect(QemuText), MaintainersDialect::Qemu);
}

TEST(MaintainersParser, LowercaseTagInLinuxIsReportedWithItsLine) {
  const char *text = "DRIVER\nM:\tA <a@x>\n\nOTHER\nf:\tdrivers/\nF:\tdrivers/other/\n";
  MaintainersFile f = parseMaintainers(text, "MAINTAINERS", MaintainersDialect::Linux);
  ASSERT_FALSE(f.diagnostics.empty());
  EXPECT_EQ(f.diagnostics[0].line, 5);
  EXPECT_NE(f.diagnostics[0].message.find("'f:' is not a tag"), std::string::npos);
  // Nothing is lost: the line became the title of the section that follows.
  EXPECT_EQ(f.sections.back().name, "f:\tdrivers/");
}

TEST(MaintainersParser, MalformedLinesAreReportedWithLineNumbers) {
  const char *text = "M: before any title <x@y>\n"
                     "\n"
                     "Section\n"
                     "F:\n"
                     "F: a/\n"
                     "  indented line inside the section\n"
                     "F: b/\n";
  MaintainersFile f = parseMaintainers(text, "MAINTAINERS", MaintainersDialect::Qemu);
  ASSERT_EQ(f.diagnostics.size(), 3u);
  EXPECT_EQ(f.diagnostics[0].line, 1);
  EXPECT_NE(f.diagnostics[0].message.find("before any section title"), std::string::npos);
  EXPECT_EQ(f.diagnostics[1].line, 4);
  EXPECT_NE(f.diagnostics[1].message.find("empty F:"), std::string::npos);
  EXPECT_EQ(f.diagnostics[2].line, 6);
  EXPECT_NE(f.diagnostics[2].message.find("not a tag line"), std::string::npos);
  // Everything is still there: three sections, all tag lines.
  ASSERT_EQ(f.sections.size(), 3u);
  EXPECT_EQ(f.sections[0].tags.size(), 1u);
  EXPECT_EQ(f.sections[1].tags.size(), 2u);
  EXPECT_EQ(f.sections[2].name, "  indented line inside the section");
}

TEST(MaintainersParser, RealQemuFileHasNoMalformedLines) {
  // Checked against the real file in ReferenceCasesTest; here only the rule table.
  EXPECT_TRUE(dialectRules(MaintainersDialect::Qemu).anyCharacterTag);
  EXPECT_FALSE(dialectRules(MaintainersDialect::Linux).anyCharacterTag);
  EXPECT_EQ(dialectRules(MaintainersDialect::Linux).pathRegexTag, 'N');
  EXPECT_EQ(dialectRules(MaintainersDialect::Qemu).personNameTag, 'P');
}

} // namespace
} // namespace provcheck
