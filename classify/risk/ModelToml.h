// The risk model as policy data: the [risk] table of a policy file (classify/POLICY.md).
// Only classify/'s .cpp files include this (toml++ stays private to the library).
#pragma once

#include "analysis/Error.h"
#include "classify/risk/Model.h"

#include <toml++/toml.h>

#include <string>
#include <vector>

namespace provcheck {

// Reads `t` (the [risk] table) into `model`, replacing what it names; an array of
// [[risk.feature]] tables replaces the features as a whole. Returns every problem:
// unknown keys, unknown features, a feature named twice and values of the wrong type,
// each at its line; `file` names the file when the document has no source path.
std::vector<Error> readRiskModel(const toml::table &t, RiskModel &model,
                                 const std::string &file);

// The model as the [risk] table readRiskModel reads back.
toml::table riskModelTable(const RiskModel &model);

} // namespace provcheck
