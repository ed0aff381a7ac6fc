// The policy findings of a report as SARIF 2.1.0, for GitHub and GitLab code scanning:
// one result per finding and file, with the file and line region; risk scores of the
// files are carried as run properties.
#pragma once

#include "tools/provcheck/Risk.h"

#include <nlohmann/json.hpp>

#include <string>

namespace provcheck::render {

nlohmann::ordered_json reportSarif(const RiskReport &report);
std::string reportSarifText(const RiskReport &report);

} // namespace provcheck::render
