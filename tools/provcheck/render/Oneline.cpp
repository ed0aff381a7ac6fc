#include "tools/provcheck/render/Oneline.h"

#include "tools/provcheck/render/Names.h"

#include <ostream>

namespace provcheck::render {

void renderOnelinePatch(const PatchResult &r, const StagesRun &stages, std::ostream &os) {
  std::string id = r.patch.shortId();
  os << (id.empty() ? "-" : id) << ' ';
  if (stages.classify)
    os << r.classification.label() << ' ' << r.classification.smallFixLines << ' ';
  else
    os << "- - ";
  if (stages.policy) os << toString(r.verdict.kind) << ' ';
  os << r.patch.subject << '\n';
}

void renderOneline(const RunResult &run, std::ostream &os) {
  for (const SeriesResult &s : run.series)
    for (const PatchResult &r : s.patches) renderOnelinePatch(r, run.stages, os);
}

void OnelineSink::patch(PatchResult &&result) {
  renderOnelinePatch(result, stages_, os_);
  os_.flush();
}

} // namespace provcheck::render
