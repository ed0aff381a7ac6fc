// The features of the risk model: each turns the facts of a change (RiskFacts) into one
// number, and says what it is in words. One explicit registry (riskFeatures()); the
// weights are data (RiskModel, from the policy's [risk] table).
#pragma once

#include "classify/risk/RiskFacts.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace provcheck {

// How a feature's value enters the model: counts as log(1 + n) (the tenth file matters
// less than the second), shares and yes/no as they are.
enum class FeatureScale { Log, Linear };

struct RiskFeature {
  std::string_view name;  // as in the policy's [risk] table: "lines", "fan_in", ...
  std::string_view group; // "size", "diffusion", "core", "entities", "history",
                          // "ownership", "mix", "purpose"
  FeatureScale scale = FeatureScale::Log;
  // The value, or nullopt when the facts it needs were not computed (no AST map, no
  // history, no owners): the feature is then absent, never guessed.
  std::optional<double> (*value)(const RiskFacts &);
  // What the value means for this change, in words: "header included by 412 files".
  std::string (*words)(const RiskFacts &, double value);
  // Why the feature is absent: "no AST map (--no-ast)".
  std::string_view absent;
};

// Every feature, in display order. Each group's features live in one file of
// classify/risk/features/.
const std::vector<RiskFeature> &riskFeatures();
const RiskFeature *findRiskFeature(std::string_view name);

// The groups' registries, joined by riskFeatures().
void addChangeFeatures(std::vector<RiskFeature> &out);    // size, diffusion, mix, purpose
void addCoreFeatures(std::vector<RiskFeature> &out);      // core, entities
void addHistoryFeatures(std::vector<RiskFeature> &out);   // history
void addOwnershipFeatures(std::vector<RiskFeature> &out); // ownership

// Helpers for the features' words.
std::string countOf(long n, std::string_view one, std::string_view many); // "3 files"
std::string percent(double share);                                        // "62%"
std::string period(int days);                   // "the last year", "the last 90 days"
std::string listSome(const std::vector<std::string> &names, size_t max = 3); // "a, b and 2 more"

} // namespace provcheck
