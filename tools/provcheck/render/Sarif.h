// The policy findings of a report as SARIF 2.1.0, for GitHub and GitLab code scanning:
// one result per finding and file, with the file and line region; risk scores of the
// files are carried as run properties.
#pragma once

#include "tools/provcheck/Risk.h"

#include <nlohmann/json.hpp>

#include <string>

namespace provcheck::render {

// GitHub code scanning refuses a SARIF file with more than 25,000 results in a run or
// larger than 10 MB (gzip-compressed). The results beyond either limit are left out, the
// most severe kept (errors, then warnings, then notes; findings already agreed to last,
// each kind in report order), and the run's properties say so: "resultsTotal",
// "resultsIncluded" and "resultsOmittedBecause". The size limit is applied to the text
// before compression, so that any file provcheck writes is accepted whatever gzip makes
// of it: reportSarifText indents the document unless that makes it larger than the
// limit, and then writes it on one line.
struct SarifLimits {
  size_t maxResults = 25000;
  size_t maxBytes = 10 * 1000 * 1000;
};

nlohmann::ordered_json reportSarif(const RiskReport &report, const SarifLimits &limits = {});
std::string reportSarifText(const RiskReport &report, const SarifLimits &limits = {});

} // namespace provcheck::render
