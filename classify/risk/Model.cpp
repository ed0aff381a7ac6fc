#include "classify/risk/Model.h"

#include "classify/risk/Features.h"

#include <algorithm>
#include <cmath>

namespace provcheck {

int RiskModel::longestWindow() const { return std::max({recentDays, fixDays, historyDays}); }

std::vector<const FeatureScore *> RiskScore::raising(double minPoints, size_t max) const {
  std::vector<const FeatureScore *> out;
  for (const FeatureScore &f : features)
    if (f.value && f.contribution >= minPoints) out.push_back(&f);
  std::stable_sort(out.begin(), out.end(), [](const FeatureScore *a, const FeatureScore *b) {
    return a->contribution > b->contribution;
  });
  if (out.size() > max) out.resize(max);
  return out;
}

namespace {

double sigmoid(double x) { return 1 / (1 + std::exp(-x)); }

// Points to tenths, as integers so that sums are exact.
long tenths(double points) { return std::lround(points * 10); }

} // namespace

RiskScore scoreRisk(const RiskModel &model, const RiskFacts &facts) {
  RiskScore out;
  double logit = model.intercept;
  for (const RiskWeight &w : model.features) {
    FeatureScore fs;
    fs.name = w.name;
    const RiskFeature *feature = findRiskFeature(w.name);
    if (feature) fs.value = feature->value(facts);
    if (feature && fs.value) {
      double x = feature->scale == FeatureScale::Log ? std::log1p(std::max(0.0, *fs.value))
                                                     : *fs.value;
      fs.logit = w.weight * (x - w.mean);
      fs.words = feature->words(facts, *fs.value);
    } else {
      fs.words = feature ? "absent: " + std::string(feature->absent) : "unknown feature";
    }
    logit += fs.logit;
    out.features.push_back(std::move(fs));
  }
  long score = tenths(100 * sigmoid(logit));
  long base = tenths(100 * sigmoid(model.intercept));
  out.score = score / 10.0;
  out.base = base / 10.0;

  // Split score - base over the features in proportion to their log-odds: each keeps
  // its sign (the probability grows with the log-odds), and rounding to tenths is
  // settled on the largest part, so that the parts add up exactly.
  double total = logit - model.intercept;
  long delta = score - base, given = 0;
  size_t largest = 0;
  for (size_t i = 0; i < out.features.size(); ++i) {
    FeatureScore &f = out.features[i];
    long t = total != 0 ? tenths(f.logit / total * delta / 10.0) : 0;
    f.contribution = t / 10.0;
    given += t;
    if (std::fabs(f.logit) > std::fabs(out.features[largest].logit)) largest = i;
  }
  if (!out.features.empty() && given != delta)
    out.features[largest].contribution =
        (tenths(out.features[largest].contribution) + delta - given) / 10.0;
  return out;
}

} // namespace provcheck
