#include "tools/provcheck/render/Html.h"

#include "tools/provcheck/render/Format.h"

#include "classify/risk/Features.h"
#include "tools/provcheck/render/RiskBars.h"

#include <algorithm>

namespace provcheck::render {

namespace {

// Rows list at most this many entities open; longer lists are collapsed.
constexpr size_t kEntitiesShown = 8;

const char *kStyle = R"(
body{font:14px/1.4 system-ui,-apple-system,"Segoe UI",sans-serif;margin:1.5em;color:#1d1d1f;background:#fff}
h1{font-size:1.5em;margin:0 0 .2em}h2{font-size:1.15em;margin:1.4em 0 .5em}
.summary{color:#555;margin:0 0 1em}
.charts{display:flex;flex-wrap:wrap;gap:2em}
figure{margin:0}figcaption{font-weight:600;margin-bottom:.3em}
svg text{font:11px system-ui,sans-serif;fill:#1d1d1f}
.legend span{display:inline-block;margin-right:1em;font-size:12px}
.legend i{display:inline-block;width:10px;height:10px;margin-right:4px;vertical-align:middle}
.c-docs{fill:#27ae60}.c-tests{fill:#16a085}.c-mechanical{fill:#7f8c8d}.c-code{fill:#e67e22}.c-core{fill:#c0392b}
table{border-collapse:collapse;margin-top:.5em;width:100%}
th,td{border-bottom:1px solid #ddd;padding:4px 8px;text-align:left;vertical-align:top}
th{background:#f4f4f6;cursor:pointer;user-select:none;white-space:nowrap}
th[aria-sort=ascending]::after{content:" \25B2"}th[aria-sort=descending]::after{content:" \25BC"}
td.num{text-align:right;font-variant-numeric:tabular-nums}
td.path{font-family:ui-monospace,monospace;overflow-wrap:anywhere}
td.entities{min-width:14em;max-width:32em;overflow-wrap:anywhere}
td.entities ul{margin:0;padding-left:1.1em}td.entities summary{cursor:pointer}
.why{color:#555;font-size:12px}
.v-violation{color:#b00020;font-weight:600}.v-needs-agreement{color:#a15c00;font-weight:600}.v-ok{color:#1e7b34}
ul.findings li{margin:.2em 0}
.sev-error{color:#b00020}.sev-warning{color:#a15c00}.sev-info{color:#555}
)";

const char *kScript = R"(
(function(){
  var table=document.getElementById('files');
  if(!table)return;
  var heads=table.tHead.rows[0].cells;
  function key(td,num){var v=td.getAttribute('data-sort');if(v===null)v=td.textContent;return num?parseFloat(v)||0:v.toLowerCase();}
  for(var i=0;i<heads.length;i++)(function(col){
    heads[col].addEventListener('click',function(){
      var th=heads[col],num=th.getAttribute('data-type')==='num';
      var dir=th.getAttribute('aria-sort')==='descending'?'ascending':'descending';
      for(var k=0;k<heads.length;k++)heads[k].removeAttribute('aria-sort');
      th.setAttribute('aria-sort',dir);
      var body=table.tBodies[0],rows=Array.prototype.slice.call(body.rows);
      rows.sort(function(a,b){var x=key(a.cells[col],num),y=key(b.cells[col],num);
        var c=x<y?-1:x>y?1:0;return dir==='ascending'?c:-c;});
      rows.forEach(function(r){body.appendChild(r);});
    });
  })(i);
  // "#sort=<column>" in the address sorts by that column, as one click on it would.
  var m=/[#&]sort=([^&]+)/.exec(location.hash);
  if(m){var want=decodeURIComponent(m[1]).toLowerCase();
    for(var j=0;j<heads.length;j++)if(heads[j].textContent.toLowerCase()===want)heads[j].click();}
})();
)";

std::string categoryChart(const RiskReport &r) {
  const int labelW = 90, barW = 300, rowH = 22, top = 4;
  double max = 1;
  for (const auto &c : r.categories) max = std::max(max, c.score);
  int height = top + int(r.categories.size()) * rowH + 4;
  std::string out = "<svg id=\"chart-categories\" role=\"img\" aria-label=\"Risk by category\" "
                    "width=\"" +
                    std::to_string(labelW + barW + 170) + "\" height=\"" +
                    std::to_string(height) + "\">\n";
  int i = 0;
  for (const auto &c : r.categories) {
    int y = top + i++ * rowH;
    std::string name = toString(c.category);
    double w = c.score / max * barW;
    out += "<text x=\"" + std::to_string(labelW - 6) + "\" y=\"" + std::to_string(y + 14) +
           "\" text-anchor=\"end\">" + name + "</text>\n";
    out += "<rect class=\"c-" + name + "\" x=\"" + std::to_string(labelW) + "\" y=\"" +
           std::to_string(y + 3) + "\" width=\"" + points(w) + "\" height=\"" +
           std::to_string(rowH - 6) + "\"><title>" + name + ": highest risk " + points(c.score) +
           "</title></rect>\n";
    out += "<text x=\"" + points(labelW + w + 4) + "\" y=\"" + std::to_string(y + 14) + "\">" +
           points(c.score) + " (" + std::to_string(c.files) +
           (c.files == 1 ? " file, " : " files, ") + lineDelta(c.lines) + ")</text>\n";
  }
  return out + "</svg>\n";
}

// The entities of a row, one per line; a long list collapsed behind its count.
std::string entityList(const std::vector<std::string> &entities) {
  if (entities.empty()) return "";
  std::string items;
  for (const auto &e : entities) items += "<li>" + esc(e) + "</li>";
  if (entities.size() <= kEntitiesShown) return "<ul>" + items + "</ul>";
  return "<details><summary>" + std::to_string(entities.size()) + " entities</summary><ul>" +
         items + "</ul></details>";
}

} // namespace

std::string reportHtml(const RiskReport &r) {
  std::string out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                    "<title>provcheck risk report</title>\n<style>";
  out += kStyle;
  out += kRiskBarStyle;
  out += "</style>\n</head>\n<body>\n<h1>provcheck risk report</h1>\n<p class=\"summary\">";
  out += std::to_string(r.patchCount) + (r.patchCount == 1 ? " patch, " : " patches, ") +
         std::to_string(r.rows.size()) + (r.rows.size() == 1 ? " file" : " files");
  if (!r.policy.empty()) out += "; policy " + esc(r.policy);
  if (!r.repository.empty()) out += "; repository " + esc(r.repository);
  out += r.history ? "; history from " + esc(r.history->from) + " (" +
                         countOf(r.history->walked, "commit", "commits") + " read)"
                   : std::string("; history not read");
  out += ".</p>\n<p class=\"summary\">Risk: the chance in percent that a later commit fixes "
         "the change (a <code>Fixes:</code> trailer naming it), from the policy's risk model";
  if (!r.model.fitted.empty()) out += " (" + esc(r.model.fitted) + ")";
  out += ".</p>\n";

  out += "<h2>Risk by file";
  if (r.rows.size() > 30) out += " (highest 30 of " + std::to_string(r.rows.size()) + ")";
  out += "</h2>\n" + riskLegend() + riskFileTable(r, 30);
  out += "<h2>Risk by patch";
  if (r.patches.size() > 30) out += " (highest 30 of " + std::to_string(r.patches.size()) + ")";
  out += "</h2>\n" + riskPatchTable(r, 30);
  out += "<div class=\"charts\">\n<figure>\n<figcaption>Risk by category (the highest risk "
         "of its files)</figcaption>\n" +
         categoryChart(r) + "</figure>\n</div>\n";

  out += "<h2>Files</h2>\n<table id=\"files\">\n<thead><tr>"
         "<th data-type=\"num\" aria-sort=\"descending\">Risk</th><th>File</th>"
         "<th>Category</th><th data-type=\"num\">Lines</th><th>Core</th><th>AI</th>"
         "<th data-type=\"num\">Recent</th><th>Verdict</th><th>Sections</th>"
         "<th>Entities</th></tr></thead>\n<tbody>\n";
  for (const auto &row : r.rows) {
    std::string v = toString(row.verdict);
    std::string coreWhy;
    for (const auto &w : row.coreWhy)
      coreWhy += (coreWhy.empty() ? "" : "; ") + (w.detail.empty() ? w.rule : w.detail);
    std::string owners;
    for (const auto &s : row.sections) {
      owners += (owners.empty() ? "" : "<br>") + esc(s.name) +
                (s.status.empty() ? "" : " <span class=\"why\">(" + esc(s.status) + ")</span>");
      if (!s.maintainers.empty()) owners += "<div class=\"why\">" + esc(joinPeople(s.maintainers)) + "</div>";
    }
    out += "<tr><td class=\"num\" data-sort=\"" + points(row.score()) + "\">" +
           points(row.score()) + "</td>";
    out += "<td class=\"path\">" + esc(row.path) + "</td>";
    out += std::string("<td>") + toString(row.category) + "</td>";
    out += "<td class=\"num\" data-sort=\"" +
           std::to_string(row.lines.added + row.lines.removed) + "\">" + lineDelta(row.lines) +
           "</td>";
    out += std::string("<td>") + yesNo(row.core) +
           (coreWhy.empty() ? "" : "<div class=\"why\">" + esc(coreWhy) + "</div>") + "</td>";
    out += std::string("<td>") + yesNo(row.aiAssisted) +
           (row.aiUsedFor.empty() ? "" : "<div class=\"why\">" + esc(join(row.aiUsedFor)) + "</div>") +
           "</td>";
    out += "<td class=\"num\" data-sort=\"" +
           std::to_string(row.recentCommits ? *row.recentCommits : -1) + "\">" +
           recentText(row) + "</td>";
    out += "<td class=\"v-" + v + "\">" + v + "</td>";
    out += "<td>" + (owners.empty() ? std::string("-") : owners) + "</td>";
    out += "<td class=\"why entities\">" + entityList(row.entities) + "</td></tr>\n";
  }
  out += "</tbody>\n</table>\n";

  if (!r.findings.empty()) {
    out += "<h2>Findings</h2>\n<ul class=\"findings\">\n";
    for (const auto &f : r.findings) {
      std::string sev = toString(f.severity);
      out += "<li><span class=\"sev-" + sev + "\">" + sev + "</span> <code>" +
             esc(f.where()) + "</code> " + esc(f.message) +
             " <span class=\"why\">(" + esc(f.rule) +
             (f.clause.empty() ? "" : ", clause " + esc(f.clause)) + ", " + esc(f.patch) + ")" +
             (f.satisfied ? " agreed: " + esc(f.satisfiedBy) : "") + "</span></li>\n";
    }
    out += "</ul>\n";
  }
  if (!r.skipped.empty() || !r.notices.empty()) {
    out += "<h2>Notes</h2>\n<ul>\n";
    for (const auto &s : r.skipped)
      out += "<li>skipped " + esc(s.id.empty() ? s.origin.name : s.id) + " " + esc(s.subject) +
             ": " + esc(s.reason) + "</li>\n";
    for (const auto &n : r.notices) out += "<li>" + esc(n) + "</li>\n";
    out += "</ul>\n";
  }
  out += "<script>";
  out += kScript;
  out += "</script>\n</body>\n</html>\n";
  return out;
}

} // namespace provcheck::render
