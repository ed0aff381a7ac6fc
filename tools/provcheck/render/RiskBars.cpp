#include "tools/provcheck/render/RiskBars.h"

#include "classify/risk/Features.h"
#include "tools/provcheck/render/Format.h"

#include <algorithm>
#include <cmath>

namespace provcheck::render {

const char *kRiskBarStyle = R"(
.g-base{fill:#bdc3c7;background:#bdc3c7}.g-size{fill:#e67e22;background:#e67e22}
.g-diffusion{fill:#d4ac0d;background:#d4ac0d}.g-core{fill:#c0392b;background:#c0392b}
.g-entities{fill:#8e44ad;background:#8e44ad}.g-history{fill:#16a085;background:#16a085}
.g-ownership{fill:#2980b9;background:#2980b9}.g-mix{fill:#27ae60;background:#27ae60}
.g-purpose{fill:#d6336c;background:#d6336c}
.g-lowered{fill:#fff;fill-opacity:.7;stroke:#555;stroke-dasharray:2 2;background:repeating-linear-gradient(45deg,#fff,#fff 2px,#999 2px,#999 4px)}
table.ranked td{vertical-align:middle}table.ranked td.why{max-width:40em}
)";

namespace {

const char *kGroups[] = {"size", "diffusion", "core", "entities", "history", "ownership", "mix",
                           "purpose"};

std::string groupOf(const std::string &feature) {
  const RiskFeature *f = findRiskFeature(feature);
  return f ? std::string(f->group) : "size";
}

std::string signedPoints(double v) { return (v >= 0 ? "+" : "") + points(v); }

// The part of the bar a score's base and raising features fill: base + their sum.
double extent(const RiskScore &s) {
  double x = s.base;
  for (const FeatureScore &f : s.features) x += std::max(0.0, f.contribution);
  return x;
}

// One bar: the base (a typical change), then each feature that raised the score, largest
// first; the features that lowered it are drawn back from the end, dashed, down to the
// score.
std::string bar(const RiskScore &s, double max, const std::string &what) {
  const double width = 260, height = 14;
  auto px = [&](double points) { return points / max * width; };
  std::string out = "<svg class=\"bar\" width=\"" + points(width + 4) + "\" height=\"" +
                    points(height) + "\" role=\"img\" aria-label=\"" +
                    esc(what + ": risk " + points(s.score)) + "\">";
  auto rect = [&](double x, double w, const std::string &cls, const std::string &title) {
    out += "<rect class=\"" + cls + "\" x=\"" + points(x) + "\" y=\"1\" width=\"" +
           points(std::max(w, 0.0)) + "\" height=\"" + points(height - 2) + "\"><title>" +
           esc(title) + "</title></rect>";
  };
  rect(0, px(s.base), "g-base", "a typical change: " + points(s.base));
  std::vector<const FeatureScore *> up, down;
  for (const FeatureScore &f : s.features) {
    if (f.contribution > 0) up.push_back(&f);
    if (f.contribution < 0) down.push_back(&f);
  }
  auto bySize = [](const FeatureScore *a, const FeatureScore *b) {
    return std::fabs(a->contribution) > std::fabs(b->contribution);
  };
  std::stable_sort(up.begin(), up.end(), bySize);
  std::stable_sort(down.begin(), down.end(), bySize);
  double x = px(s.base);
  for (const FeatureScore *f : up) {
    rect(x, px(f->contribution), "g-" + groupOf(f->name),
         f->name + " " + signedPoints(f->contribution) + ": " + f->words);
    x += px(f->contribution);
  }
  for (const FeatureScore *f : down) {
    x -= px(-f->contribution);
    rect(x, px(-f->contribution), "g-lowered",
         f->name + " " + signedPoints(f->contribution) + ": " + f->words);
  }
  return out + "</svg>";
}

std::string rankedTable(const std::string &id, const std::string &what,
                        const std::vector<std::pair<const RiskScore *, std::string>> &rows) {
  double max = 1;
  for (const auto &[score, label] : rows) max = std::max(max, extent(*score));
  std::string out = "<table id=\"" + id + "\" class=\"ranked\">\n<thead><tr><th>#</th>"
                    "<th>Risk</th><th>Features</th><th>" + what + "</th><th>Why</th>"
                    "</tr></thead>\n<tbody>\n";
  int rank = 0;
  for (const auto &[score, label] : rows) {
    out += "<tr class=\"rank\"><td>" + std::to_string(++rank) + "</td><td class=\"risk\">" +
           points(score->score) + "</td><td>" + bar(*score, max, label) + "</td>" + label +
           "<td class=\"why\">" + esc(risky(*score) ? riskWhy(*score) : "") + "</td></tr>\n";
  }
  return out + "</tbody>\n</table>\n";
}

} // namespace

std::string riskLegend() {
  std::string out = "<div class=\"legend\"><span><i class=\"g-base\"></i>typical change</span>";
  for (const char *g : kGroups)
    out += std::string("<span><i class=\"g-") + g + "\"></i>" + g + "</span>";
  return out + "<span><i class=\"g-lowered\"></i>lowered by</span></div>\n";
}

std::string riskFileTable(const RiskReport &r, size_t limit) {
  std::vector<std::pair<const RiskScore *, std::string>> rows;
  for (size_t i = 0; i < r.rows.size() && i < limit; ++i)
    rows.emplace_back(&r.rows[i].risk, "<td class=\"path\">" + esc(r.rows[i].path) + "</td>");
  return rankedTable("risk-files", "File", rows);
}

std::string riskPatchTable(const RiskReport &r, size_t limit) {
  std::vector<const PatchRisk *> patches = patchesByRisk(r);
  std::vector<std::pair<const RiskScore *, std::string>> rows;
  for (size_t i = 0; i < patches.size() && i < limit; ++i)
    rows.emplace_back(&patches[i]->risk, "<td><code>" + esc(patches[i]->ref.id) + "</code> " +
                                             esc(patches[i]->ref.subject) + " <span class=\"why\">" +
                                             lineDelta(patches[i]->lines) + "</span></td>");
  return rankedTable("risk-patches", "Patch", rows);
}

} // namespace provcheck::render
