// The risk report as JSON (schema "provcheck-report/2", documented in REPORTS.md).
#pragma once

#include "tools/provcheck/Risk.h"

#include <nlohmann/json.hpp>

#include <iosfwd>
#include <string>

namespace provcheck::render {

// Pretty-printed with two spaces and a final newline, written one patch, file and finding
// at a time: the document is never held whole.
void writeReportJson(const RiskReport &report, std::ostream &out);
std::string reportJsonText(const RiskReport &report);

// {"score", "base", "features": [{"name", "value", "contribution", "words"}]}
nlohmann::ordered_json reportRiskJson(const RiskScore &risk);

// Shared with the request JSON: {"name": ..., "email": ...}.
nlohmann::ordered_json reportPersonJson(const Person &p);

} // namespace provcheck::render
