// The history of the files before the change: how often they changed, how often they
// needed fixes, and the author's experience.
#include "classify/risk/Features.h"

namespace provcheck {

namespace {

std::string theFiles(const RiskFacts &f) { return f.files == 1 ? "this file" : "these files"; }

template <int HistoryFacts::*Field> std::optional<double> historyValue(const RiskFacts &f) {
  if (!f.history) return std::nullopt;
  return double((*f.history).*Field);
}

} // namespace

void addHistoryFeatures(std::vector<RiskFeature> &out) {
  out.push_back({"recent", "history", FeatureScale::Log, historyValue<&HistoryFacts::recent>,
                 [](const RiskFacts &f, double v) {
                   return (v == 0 ? std::string("no change") : countOf(long(v), "change", "changes")) +
                          " in " + period(f.history->recentDays);
                 },
                 "history not read"});
  // Kamei et al.'s NUC: the earlier changes to the files over the longer window.
  out.push_back({"changes", "history", FeatureScale::Log, historyValue<&HistoryFacts::changes>,
                 [](const RiskFacts &f, double v) {
                   return (v == 0 ? std::string("no change") : countOf(long(v), "change", "changes")) +
                          " in " + period(f.history->historyDays);
                 },
                 "history not read"});
  out.push_back({"fixes", "history", FeatureScale::Log, historyValue<&HistoryFacts::fixes>,
                 [](const RiskFacts &f, double v) {
                   return (v == 0 ? std::string("no fix") : countOf(long(v), "fix", "fixes")) +
                          " in " + period(f.history->fixDays);
                 },
                 "history not read"});
  out.push_back({"fixed", "history", FeatureScale::Log, historyValue<&HistoryFacts::fixed>,
                 [](const RiskFacts &f, double v) {
                   return v == 0 ? "no change of " + period(f.history->historyDays) + " needed a fix"
                                 : countOf(long(v), "change", "changes") + " of " +
                                       period(f.history->historyDays) + " needed a fix";
                 },
                 "history not read"});
  out.push_back({"author_in_files", "history", FeatureScale::Log,
                 historyValue<&HistoryFacts::authorInFiles>,
                 [](const RiskFacts &f, double v) {
                   if (v == 0) return "author new to " + theFiles(f);
                   return "author's " + countOf(long(v), "earlier change", "earlier changes") +
                          " to " + theFiles(f);
                 },
                 "history not read"});
  out.push_back({"author_commits", "history", FeatureScale::Log,
                 historyValue<&HistoryFacts::authorCommits>,
                 [](const RiskFacts &f, double v) {
                   if (v == 0) return "author's first commit in " + period(f.history->historyDays);
                   return "author made " + countOf(long(v), "commit", "commits") + " in " +
                          period(f.history->historyDays);
                 },
                 "history not read"});
  out.push_back({"authors", "history", FeatureScale::Log, historyValue<&HistoryFacts::authors>,
                 [](const RiskFacts &f, double v) {
                   return (v == 0 ? std::string("no author") : countOf(long(v), "author", "authors")) +
                          " changed " + theFiles(f) + " in " + period(f.history->historyDays);
                 },
                 "history not read"});
  out.push_back({"age", "history", FeatureScale::Log, historyValue<&HistoryFacts::age>,
                 [](const RiskFacts &f, double v) {
                   if (v >= f.history->historyDays)
                     return "not changed in " + period(f.history->historyDays);
                   return "last changed " + countOf(long(v), "day", "days") + " before";
                 },
                 "history not read"});
}

} // namespace provcheck
