// Progress of long stages on stderr, only when stderr is a terminal; one line rewritten
// in place, erased when done.
#pragma once

#include <mutex>
#include <string>

namespace provcheck {

class Progress {
public:
  explicit Progress(bool wanted);
  ~Progress();
  Progress(const Progress &) = delete;
  Progress &operator=(const Progress &) = delete;

  // Starts a stage of `total` steps ("parsing", 12).
  void start(std::string stage, size_t total);
  // One more step done; safe from several threads.
  void step();
  // Erases the line before something else is written to the terminal (a streamed report
  // line); the next step draws it again.
  void clear();
  void done();
  // A stage inside the current one ("scanning includes" while "checking"): drawn at
  // `done` of `total`, and when done == total the current stage is drawn again, its
  // count kept.
  void inner(const std::string &stage, size_t done, size_t total);

private:
  void draw();
  bool enabled_ = false;
  std::mutex mutex_;
  std::string stage_;
  size_t total_ = 0, count_ = 0;
  std::string innerStage_; // drawn instead of stage_ while not empty
  size_t innerDone_ = 0, innerTotal_ = 0;
  int shown_ = -1; // the per mille last drawn: redrawn only when it changes
};

} // namespace provcheck
