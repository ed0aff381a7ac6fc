// The risk report as JSON (schema "provcheck-report/1", documented in REPORTS.md).
#pragma once

#include "tools/provcheck/Risk.h"

#include <nlohmann/json.hpp>

#include <string>

namespace provcheck::render {

nlohmann::ordered_json reportJson(const RiskReport &report);
// Pretty-printed with two spaces and a final newline.
std::string reportJsonText(const RiskReport &report);

// Shared with the request JSON: {"name": ..., "email": ...}.
nlohmann::ordered_json reportPersonJson(const Person &p);

} // namespace provcheck::render
