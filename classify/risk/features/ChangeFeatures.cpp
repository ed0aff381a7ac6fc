// Size, diffusion, the category mix and the purpose of a change: its changed lines and
// how many of them it removes, how much of them are documentation, tests and mechanical
// changes, and whether the change is itself a fix.
#include "classify/risk/Features.h"

namespace provcheck {

namespace {

int linesOf(const RiskFacts &f, Category c) {
  const LineCounts &l = f.byCategory[static_cast<int>(c)];
  return l.added + l.removed;
}

std::optional<double> share(const RiskFacts &f, Category c) {
  if (!f.classified) return std::nullopt;
  int all = f.lines();
  return all == 0 ? 0.0 : double(linesOf(f, c)) / all;
}

std::string shareWords(double v, std::string_view what) {
  if (v <= 0) return "no " + std::string(what);
  if (v >= 1) return "all " + std::string(what);
  return percent(v) + " " + std::string(what);
}

} // namespace

void addChangeFeatures(std::vector<RiskFeature> &out) {
  out.push_back({"lines", "size", FeatureScale::Log,
                 [](const RiskFacts &f) -> std::optional<double> { return f.lines(); },
                 [](const RiskFacts &, double v) {
                   return v == 0 ? std::string("no changed line")
                                 : countOf(long(v), "changed line", "changed lines");
                 },
                 ""});
  // Lines added and lines removed apart (Kamei et al.'s LA and LD): with `lines` their
  // sum, the share removed tells a deletion from an addition of the same size.
  out.push_back({"removed_share", "size", FeatureScale::Linear,
                 [](const RiskFacts &f) -> std::optional<double> {
                   int all = f.lines();
                   return all == 0 ? 0.0 : double(f.removed()) / all;
                 },
                 [](const RiskFacts &, double v) {
                   if (v <= 0) return std::string("only added lines");
                   if (v >= 1) return std::string("only removed lines");
                   // The larger side: "mostly added" raises the risk, "mostly removed"
                   // lowers it.
                   return v < 0.5 ? percent(1 - v) + " of the changed lines added"
                                  : percent(v) + " of the changed lines removed";
                 },
                 ""});
  // The places the change touches: a change spread over many hunks asks more of its
  // reviewer than one block of the same size.
  out.push_back({"hunks", "diffusion", FeatureScale::Log,
                 [](const RiskFacts &f) -> std::optional<double> { return f.hunks; },
                 [](const RiskFacts &, double v) {
                   return v == 0 ? std::string("no hunk") : countOf(long(v), "hunk", "hunks");
                 },
                 ""});
  out.push_back({"files", "diffusion", FeatureScale::Log,
                 [](const RiskFacts &f) -> std::optional<double> { return f.files; },
                 [](const RiskFacts &, double v) { return countOf(long(v), "file", "files"); },
                 ""});
  out.push_back({"directories", "diffusion", FeatureScale::Log,
                 [](const RiskFacts &f) -> std::optional<double> {
                   return double(f.directories.size());
                 },
                 [](const RiskFacts &, double v) {
                   return countOf(long(v), "directory", "directories");
                 },
                 ""});
  out.push_back({"sections", "diffusion", FeatureScale::Log,
                 [](const RiskFacts &f) -> std::optional<double> {
                   if (!f.sections) return std::nullopt;
                   return double(f.sections->size());
                 },
                 [](const RiskFacts &f, double v) {
                   if (v == 1) return "MAINTAINERS section " + f.sections->front();
                   return v == 0 ? std::string("no MAINTAINERS section")
                                 : countOf(long(v), "", "MAINTAINERS sections") + " (" +
                                       listSome(*f.sections, 2) + ")";
                 },
                 "owners not computed"});
  out.push_back({"docs_share", "mix", FeatureScale::Linear,
                 [](const RiskFacts &f) { return share(f, Category::Docs); },
                 [](const RiskFacts &, double v) { return shareWords(v, "documentation"); },
                 "not classified"});
  out.push_back({"tests_share", "mix", FeatureScale::Linear,
                 [](const RiskFacts &f) { return share(f, Category::Tests); },
                 [](const RiskFacts &, double v) { return shareWords(v, "tests"); },
                 "not classified"});
  out.push_back({"mechanical_share", "mix", FeatureScale::Linear,
                 [](const RiskFacts &f) { return share(f, Category::Mechanical); },
                 [](const RiskFacts &, double v) {
                   return shareWords(v, "mechanical changes");
                 },
                 "not classified"});
  // Whether the change is itself a fix (Kamei et al.'s FIX): it carries a fix trailer.
  out.push_back({"is_fix", "purpose", FeatureScale::Linear,
                 [](const RiskFacts &f) -> std::optional<double> {
                   return f.fixes.empty() ? 0.0 : 1.0;
                 },
                 [](const RiskFacts &f, double v) {
                   if (v <= 0) return std::string("not a fix");
                   std::string what = f.fixes.front();
                   if (what.size() > 60) what = what.substr(0, 57) + "...";
                   return "a fix of " + what;
                 },
                 ""});
}

} // namespace provcheck
