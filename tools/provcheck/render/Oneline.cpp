#include "tools/provcheck/render/Oneline.h"

#include "tools/provcheck/render/Names.h"

#include <ostream>

namespace provcheck::render {

void renderOneline(const RunResult &run, std::ostream &os) {
  for (const SeriesResult &s : run.series)
    for (const PatchResult &r : s.patches) {
      std::string id = r.patch.shortId();
      os << (id.empty() ? "-" : id) << ' ';
      if (run.stages.classify)
        os << r.classification.label() << ' ' << r.classification.smallFixLines << ' ';
      else
        os << "- - ";
      if (run.stages.policy) os << toString(r.verdict.kind) << ' ';
      os << r.patch.subject << '\n';
    }
}

} // namespace provcheck::render
