// One line per patch, like `git log --oneline`, stable for scripts:
//   <short id> <category> <small-fix lines> [<verdict>] <subject>
// The short id is the 12-digit commit id, or "-" for mails; the category is "docs",
// "tests", "mechanical", "code", "core" or "mixed" ("-" when not classified); the verdict
// appears when the policy stage ran.
#pragma once

#include "tools/provcheck/Run.h"

#include <iosfwd>

namespace provcheck::render {

void renderOneline(const RunResult &, std::ostream &);

// The line of one patch.
void renderOnelinePatch(const PatchResult &, const StagesRun &, std::ostream &);

// Writes each patch's line as the run hands it on, and keeps nothing.
class OnelineSink : public RunSink {
public:
  explicit OnelineSink(std::ostream &os) : os_(os) {}
  void begin(const RunResult &run) override { stages_ = run.stages; }
  void patch(PatchResult &&result) override;

private:
  std::ostream &os_;
  StagesRun stages_;
};

} // namespace provcheck::render
