// The risk model: a logistic regression over the features of a change (Features.h),
// fitted on a project's history of fixes (scripts/risk/fit.py) and shipped as policy data
// ([risk] in the policy's TOML, classify/POLICY.md). The score of a change is the
// probability, in percent, that a later commit will name it in a Fixes: trailer; it is
// explained as the contribution of each feature.
#pragma once

#include "classify/risk/RiskFacts.h"

#include <optional>
#include <string>
#include <vector>

namespace provcheck {

struct RiskWeight {
  std::string name;   // a feature of riskFeatures()
  double weight = 0;  // log-odds per unit of the feature's scaled value
  double mean = 0;    // the scaled value's mean over the changes the model was fitted on
  bool operator==(const RiskWeight &) const = default;
};

struct RiskModel {
  // Log-odds that a change with every feature at its mean needs a fix later.
  double intercept = 0;
  std::vector<RiskWeight> features;
  // The history windows the features were computed with (days before the change).
  int recentDays = 90;    // recent
  int fixDays = 365;      // fixes
  int historyDays = 730;  // fixed, author_in_files, author_commits
  // Trailers that mark a commit as a fix and name the commit fixed.
  std::vector<std::string> fixTrailers{"Fixes"};
  // Trailers by which a maintainer or reviewer vouches for a change.
  std::vector<std::string> reviewTrailers{"Reviewed-by", "Acked-by"};
  std::string fitted; // where the weights come from ("QEMU master~8000..master~3000, ...")

  int longestWindow() const;
  bool operator==(const RiskModel &) const = default;
};

// One feature's part in a score.
struct FeatureScore {
  std::string name;
  std::optional<double> value; // nullopt: absent (the facts it needs were not computed)
  double logit = 0;            // weight * (scaled value - mean); 0 when absent
  double contribution = 0;     // points of the score it accounts for (may be negative)
  std::string words;           // "header include/qemu/osdep.h included by 3146 files"
};

struct RiskScore {
  double score = 0; // 0..100: the probability of a later fix, in percent, to 0.1
  double base = 0;  // the score of a change with every feature at its mean
  // In the model's order; score == base + the sum of the contributions (to 0.1: the
  // contributions split score - base in proportion to their log-odds).
  std::vector<FeatureScore> features;

  // The features that raised the score by at least `minPoints`, most first.
  std::vector<const FeatureScore *> raising(double minPoints, size_t max) const;
};

RiskScore scoreRisk(const RiskModel &model, const RiskFacts &facts);

} // namespace provcheck
