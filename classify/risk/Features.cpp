#include "classify/risk/Features.h"

#include <cmath>

namespace provcheck {

const std::vector<RiskFeature> &riskFeatures() {
  static const std::vector<RiskFeature> features = [] {
    std::vector<RiskFeature> out;
    addChangeFeatures(out);
    addCoreFeatures(out);
    addHistoryFeatures(out);
    addOwnershipFeatures(out);
    return out;
  }();
  return features;
}

const RiskFeature *findRiskFeature(std::string_view name) {
  for (const RiskFeature &f : riskFeatures())
    if (f.name == name) return &f;
  return nullptr;
}

std::string countOf(long n, std::string_view one, std::string_view many) {
  return std::to_string(n) + " " + std::string(n == 1 ? one : many);
}

std::string percent(double share) {
  return std::to_string(static_cast<int>(std::lround(share * 100))) + "%";
}

std::string period(int days) {
  if (days % 365 == 0)
    return days == 365 ? "the last year" : "the last " + std::to_string(days / 365) + " years";
  return "the last " + countOf(days, "day", "days");
}

std::string listSome(const std::vector<std::string> &names, size_t max) {
  std::string out;
  size_t shown = std::min(names.size(), max);
  for (size_t i = 0; i < shown; ++i)
    out += (i == 0 ? "" : i + 1 == shown && shown == names.size() ? " and " : ", ") + names[i];
  if (names.size() > shown) out += " and " + std::to_string(names.size() - shown) + " more";
  return out;
}

} // namespace provcheck
