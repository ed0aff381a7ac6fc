// Ownership: whether the people who wrote and reviewed the change look after the code,
// and whether anyone does.
#include "classify/risk/Features.h"

namespace provcheck {

void addOwnershipFeatures(std::vector<RiskFeature> &out) {
  out.push_back({"author_owner", "ownership", FeatureScale::Linear,
                 [](const RiskFacts &f) -> std::optional<double> {
                   if (!f.sections) return std::nullopt;
                   return f.authorOwns.empty() ? 0.0 : 1.0;
                 },
                 [](const RiskFacts &f, double v) {
                   return v > 0 ? "author looks after " + f.authorOwns + " (M:/R:)"
                                : std::string("author is no M:/R: of the sections");
                 },
                 "owners not computed"});
  out.push_back({"reviewer_owner", "ownership", FeatureScale::Linear,
                 [](const RiskFacts &f) -> std::optional<double> {
                   if (!f.sections) return std::nullopt;
                   return f.reviewerOwns.empty() ? 0.0 : 1.0;
                 },
                 [](const RiskFacts &f, double v) {
                   return v > 0 ? "reviewed by " + f.reviewerOwns
                                : std::string("no review by an M:/R: of the sections");
                 },
                 "owners not computed"});
  out.push_back({"weak_ownership", "ownership", FeatureScale::Linear,
                 [](const RiskFacts &f) -> std::optional<double> {
                   if (!f.sections) return std::nullopt;
                   return f.weakOwnership.empty() ? 0.0 : 1.0;
                 },
                 [](const RiskFacts &f, double v) {
                   if (v <= 0) return std::string("maintained");
                   return f.weakOwnership == "unowned" ? std::string("no MAINTAINERS section")
                                                       : "section status " + f.weakOwnership;
                 },
                 "owners not computed"});
}

} // namespace provcheck
