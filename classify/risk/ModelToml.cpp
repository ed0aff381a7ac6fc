#include "classify/risk/ModelToml.h"

#include "classify/TomlReader.h"
#include "classify/risk/Features.h"

#include <algorithm>
#include <initializer_list>

namespace provcheck {

namespace {

// The policy's TOML checks, and the history windows' day counts.
class RiskReader : public TomlReader {
public:
  using TomlReader::TomlReader;

  void days(const toml::table &t, std::string_view key, int &out) {
    const toml::node *n = t.get(key);
    if (!n) return;
    auto *i = n->as_integer();
    if (!i || i->get() < 1 || i->get() > 36500)
      return fail(n->source(), "'" + std::string(key) + "' must be a number of days (1 to 36500)");
    out = static_cast<int>(i->get());
  }
};

} // namespace

std::vector<Error> readRiskModel(const toml::table &t, RiskModel &model,
                                 const std::string &file) {
  RiskReader r(file);
  r.checkKeys(t, "[risk]",
         {"fitted", "intercept", "recent_days", "fix_days", "history_days", "fix_trailers",
          "review_trailers", "feature"});
  r.str(t, "fitted", model.fitted);
  r.number(t, "intercept", model.intercept);
  r.days(t, "recent_days", model.recentDays);
  r.days(t, "fix_days", model.fixDays);
  r.days(t, "history_days", model.historyDays);
  r.strings(t, "fix_trailers", model.fixTrailers);
  r.strings(t, "review_trailers", model.reviewTrailers);
  const toml::node *n = t.get("feature");
  if (!n) return r.errors;
  const toml::array *a = n->as_array();
  if (!a || (!a->empty() && !a->is_array_of_tables())) {
    r.fail(n->source(), "'feature' in [risk] must be an array of tables ([[risk.feature]])");
    return r.errors;
  }
  model.features.clear();
  for (const toml::node &el : *a) {
    const toml::table &ft = *el.as_table();
    size_t before = r.errors.size();
    r.checkKeys(ft, "[[risk.feature]]", {"name", "weight", "mean"});
    RiskWeight w;
    r.str(ft, "name", w.name);
    r.number(ft, "weight", w.weight);
    r.number(ft, "mean", w.mean);
    if (r.errors.size() > before) continue; // the next features are checked all the same
    if (!findRiskFeature(w.name)) {
      std::string known;
      for (const RiskFeature &f : riskFeatures())
        known += (known.empty() ? "" : ", ") + std::string(f.name);
      r.fail(ft.source(), "unknown risk feature '" + w.name + "' (known: " + known + ")");
    } else if (std::any_of(model.features.begin(), model.features.end(),
                           [&](const RiskWeight &x) { return x.name == w.name; })) {
      r.fail(ft.source(), "risk feature '" + w.name + "' is given twice");
    } else {
      model.features.push_back(std::move(w));
    }
  }
  return r.errors;
}

toml::table riskModelTable(const RiskModel &m) {
  toml::array features;
  for (const RiskWeight &w : m.features)
    features.push_back(toml::table{{"name", w.name}, {"weight", w.weight}, {"mean", w.mean}});
  toml::array fix, review;
  for (const std::string &s : m.fixTrailers) fix.push_back(s);
  for (const std::string &s : m.reviewTrailers) review.push_back(s);
  return toml::table{{"fitted", m.fitted},
                     {"intercept", m.intercept},
                     {"recent_days", m.recentDays},
                     {"fix_days", m.fixDays},
                     {"history_days", m.historyDays},
                     {"fix_trailers", std::move(fix)},
                     {"review_trailers", std::move(review)},
                     {"feature", std::move(features)}};
}

} // namespace provcheck
