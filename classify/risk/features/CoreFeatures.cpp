// Core-ness and fan-in (dependency map), and the AST entities a change touches.
#include "classify/risk/Features.h"

#include <algorithm>

namespace provcheck {

namespace {

std::optional<double> entityCount(const RiskFacts &f,
                                  std::vector<std::string> EntityChanges::*which) {
  if (!f.entities) return std::nullopt;
  return double(((*f.entities).*which).size());
}

template <std::vector<std::string> EntityChanges::*Which>
std::string entityWords(const RiskFacts &f, const char *one, const char *many,
                        const char *none) {
  const std::vector<std::string> &names = (*f.entities).*Which;
  if (names.empty()) return none;
  return countOf(long(names.size()), one, many) + " (" + listSome(names) + ")";
}

} // namespace

void addCoreFeatures(std::vector<RiskFeature> &out) {
  out.push_back({"core_share", "core", FeatureScale::Linear,
                 [](const RiskFacts &f) -> std::optional<double> {
                   if (!f.classified) return std::nullopt;
                   const LineCounts &c = f.byCategory[static_cast<int>(Category::Core)];
                   int all = f.lines();
                   return all == 0 ? 0.0 : double(c.added + c.removed) / all;
                 },
                 [](const RiskFacts &, double v) {
                   if (v <= 0) return std::string("no core code");
                   if (v >= 1) return std::string("all in core code");
                   return percent(v) + " of the lines in core code";
                 },
                 "not classified"});
  out.push_back({"fan_in", "core", FeatureScale::Log,
                 [](const RiskFacts &f) -> std::optional<double> {
                   if (f.includedBy < 0 && f.symbolFanIn < 0) return std::nullopt;
                   return double(std::max(f.includedBy, f.symbolFanIn));
                 },
                 [](const RiskFacts &f, double v) {
                   if (v <= 0) return std::string("nothing else depends on it");
                   std::string core = f.byCategory[int(Category::Core)].added +
                                              f.byCategory[int(Category::Core)].removed >
                                          0
                                      ? "core "
                                      : "";
                   if (f.includedBy >= f.symbolFanIn)
                     return core + "header " + f.includedByPath + " included by " +
                            countOf(f.includedBy, "file", "files");
                   return core + "symbol " + f.symbolName + " used from " +
                          countOf(f.symbolFanIn, "file", "files");
                 },
                 "no dependency map"});
  out.push_back({"signatures", "entities", FeatureScale::Log,
                 [](const RiskFacts &f) { return entityCount(f, &EntityChanges::signatures); },
                 [](const RiskFacts &f, double) {
                   return entityWords<&EntityChanges::signatures>(
                       f, "signature changed", "signatures changed", "no signature changed");
                 },
                 "no AST map (--no-ast)"});
  out.push_back({"layouts", "entities", FeatureScale::Log,
                 [](const RiskFacts &f) { return entityCount(f, &EntityChanges::layouts); },
                 [](const RiskFacts &f, double) {
                   return entityWords<&EntityChanges::layouts>(
                       f, "type layout changed", "type layouts changed", "no type layout changed");
                 },
                 "no AST map (--no-ast)"});
  out.push_back({"macros", "entities", FeatureScale::Log,
                 [](const RiskFacts &f) { return entityCount(f, &EntityChanges::macros); },
                 [](const RiskFacts &f, double) {
                   return entityWords<&EntityChanges::macros>(f, "macro changed",
                                                              "macros changed", "no macro changed");
                 },
                 "no AST map (--no-ast)"});
  out.push_back({"bodies", "entities", FeatureScale::Log,
                 [](const RiskFacts &f) { return entityCount(f, &EntityChanges::bodies); },
                 [](const RiskFacts &f, double) {
                   return entityWords<&EntityChanges::bodies>(f, "function body changed",
                                                              "function bodies changed",
                                                              "no function body changed");
                 },
                 "no AST map (--no-ast)"});
}

} // namespace provcheck
