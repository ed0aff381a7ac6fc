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
// "category 40 (core: ...) + size 7 (...) + ..."
std::string partsLine(const RiskRow &row);

} // namespace provcheck::render
