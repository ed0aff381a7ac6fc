// A RunSink that hands what it gets on to another sink, in the same order, on a thread of
// its own: the run takes the next batch through the stages while the results of the one
// before are rendered and freed.
#pragma once

#include "tools/provcheck/Run.h"

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

namespace provcheck {

class SinkThread : public RunSink {
public:
  // At most `maxPatches` patches wait at once (a call that would make more waits), so
  // that the memory held stays that of a batch. `around` is called on the sink's thread
  // just before each patch is handed on (true) and just after (false): the progress
  // line is erased before a streamed line is written, and counts the patch once written.
  SinkThread(RunSink &target, size_t maxPatches, std::function<void(bool before)> around = {});
  // Hands on what still waits, then ends the thread.
  ~SinkThread() override;
  SinkThread(const SinkThread &) = delete;
  SinkThread &operator=(const SinkThread &) = delete;

  void begin(const RunResult &header) override;
  void beginSeries(const SeriesResult &head) override;
  void patch(PatchResult &&result) override;
  void endSeries(const Verdict &verdict) override;
  // Returns once the target has taken the end, and everything before it.
  void end(RunResult &&header) override;
  // Returns once the target has taken everything posted so far.
  void flush();

private:
  struct Call;
  void post(Call &&call);
  void loop();

  RunSink &target_;
  size_t maxPatches_;
  std::function<void(bool)> around_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<Call> calls_;
  size_t patches_ = 0; // patches among calls_
  bool busy_ = false;  // the thread is handing a call on
  bool stop_ = false;
  std::thread thread_;
};

} // namespace provcheck
