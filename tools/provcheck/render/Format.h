// Small formatting helpers shared by the renderers: numbers, people, lists. Formatting
// only; every value comes from the report or request model.
#pragma once

#include "analysis/Patch.h"
#include "tools/provcheck/Risk.h"

#include <string>
#include <vector>

namespace provcheck::render {

// A score or points value: "40", "12.5".
std::string points(double v);
// Text for HTML: & < > " ' as entities.
std::string esc(const std::string &s);
// "+12/-3"
std::string lineDelta(const LineCounts &l);
// "a, b, c" (or `none` when empty)
std::string join(const std::vector<std::string> &v, const std::string &sep = ", ",
                 const std::string &none = "");
std::string joinPeople(const std::vector<Person> &v, const std::string &sep = ", ");
// "Name (Status)" for each owning section.
std::string sectionsLine(const std::vector<SectionSummary> &sections);
// "yes" / "no"
inline const char *yesNo(bool b) { return b ? "yes" : "no"; }
// The churn column: "3" or "-" when history was not read.
std::string recentText(const RiskRow &row);
// The features that raised a risk most, in words: "header include/qom/object.h included
// by 812 files; 3 fixes in the last year; author new to this file" ("" when none did).
std::string riskWhy(const RiskScore &risk, size_t max = 3);
// The report's patches, highest risk first (input order on ties).
std::vector<const PatchRisk *> patchesByRisk(const RiskReport &report);
// A row is risky, and its reasons worth a line, when it scores above a typical change.
inline bool risky(const RiskScore &risk) { return risk.score > risk.base; }

} // namespace provcheck::render
