// The risk report as JSON (schema "provcheck-report/2", documented in REPORTS.md).
#pragma once

#include "tools/provcheck/Risk.h"

#include <nlohmann/json.hpp>

#include <string>

namespace provcheck::render {

nlohmann::ordered_json reportJson(const RiskReport &report);
// Pretty-printed with two spaces and a final newline.
std::string reportJsonText(const RiskReport &report);

// {"score", "base", "features": [{"name", "value", "contribution", "words"}]}
nlohmann::ordered_json reportRiskJson(const RiskScore &risk);

// Shared with the request JSON: {"name": ..., "email": ...}.
nlohmann::ordered_json reportPersonJson(const Person &p);

} // namespace provcheck::render
