#include "tools/provcheck/Progress.h"

#include <cstdio>
#include <unistd.h>

namespace provcheck {

Progress::Progress(bool wanted) : enabled_(wanted && isatty(STDERR_FILENO)) {}

Progress::~Progress() { done(); }

void Progress::start(std::string stage, size_t total) {
  std::lock_guard lock(mutex_);
  stage_ = std::move(stage);
  total_ = total;
  count_ = 0;
  shown_ = -1;
  draw();
}

void Progress::step() {
  std::lock_guard lock(mutex_);
  ++count_;
  draw();
}

void Progress::clear() {
  std::lock_guard lock(mutex_);
  if (!enabled_ || stage_.empty()) return;
  std::fprintf(stderr, "\r\033[K");
  std::fflush(stderr);
  shown_ = -1;
}

void Progress::done() {
  std::lock_guard lock(mutex_);
  if (enabled_ && !stage_.empty()) std::fprintf(stderr, "\r\033[K");
  stage_.clear();
}

void Progress::inner(const std::string &stage, size_t done, size_t total) {
  std::lock_guard lock(mutex_);
  innerStage_ = done < total ? stage : std::string();
  innerDone_ = done;
  innerTotal_ = total;
  shown_ = -1;
  draw();
}

void Progress::draw() {
  if (!enabled_) return;
  if (!innerStage_.empty()) {
    std::fprintf(stderr, "\r\033[Kprovcheck: %s %zu/%zu", innerStage_.c_str(), innerDone_,
                 innerTotal_);
    std::fflush(stderr);
    return;
  }
  if (stage_.empty()) return;
  int perMille = total_ == 0 ? 1000 : static_cast<int>(count_ * 1000 / total_);
  if (perMille == shown_) return;
  shown_ = perMille;
  std::fprintf(stderr, "\r\033[Kprovcheck: %s %zu/%zu", stage_.c_str(), count_, total_);
  std::fflush(stderr);
}

} // namespace provcheck
