#include "tools/provcheck/SinkThread.h"

#include <algorithm>
#include <optional>
#include <utility>

namespace provcheck {

// One call to hand on: the kind, and the argument it carries.
struct SinkThread::Call {
  enum class Kind { Begin, BeginSeries, Patch, EndSeries, End } kind;
  std::optional<RunResult> run;
  std::optional<SeriesResult> series;
  std::optional<PatchResult> patch;
  std::optional<Verdict> verdict;
};

SinkThread::SinkThread(RunSink &target, size_t maxPatches, std::function<void(bool)> around)
    : target_(target), maxPatches_(std::max<size_t>(maxPatches, 1)), around_(std::move(around)),
      thread_([this] { loop(); }) {}

SinkThread::~SinkThread() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stop_ = true;
  }
  changed_.notify_all();
  thread_.join();
}

void SinkThread::begin(const RunResult &header) {
  Call call{Call::Kind::Begin, {}, {}, {}, {}};
  call.run = header;
  post(std::move(call));
}

void SinkThread::beginSeries(const SeriesResult &head) {
  Call call{Call::Kind::BeginSeries, {}, {}, {}, {}};
  call.series = head;
  post(std::move(call));
}

void SinkThread::patch(PatchResult &&result) {
  Call call{Call::Kind::Patch, {}, {}, {}, {}};
  call.patch = std::move(result);
  post(std::move(call));
}

void SinkThread::endSeries(const Verdict &verdict) {
  Call call{Call::Kind::EndSeries, {}, {}, {}, {}};
  call.verdict = verdict;
  post(std::move(call));
}

void SinkThread::end(RunResult &&header) {
  Call call{Call::Kind::End, {}, {}, {}, {}};
  call.run = std::move(header);
  post(std::move(call));
  flush();
}

void SinkThread::post(Call &&call) {
  bool isPatch = call.kind == Call::Kind::Patch;
  {
    std::unique_lock<std::mutex> lock(mutex_);
    if (isPatch) {
      changed_.wait(lock, [&] { return patches_ < maxPatches_; });
      ++patches_;
    }
    calls_.push_back(std::move(call));
  }
  changed_.notify_all();
}

void SinkThread::flush() {
  std::unique_lock<std::mutex> lock(mutex_);
  changed_.wait(lock, [&] { return calls_.empty() && !busy_; });
}

void SinkThread::loop() {
  std::unique_lock<std::mutex> lock(mutex_);
  for (;;) {
    changed_.wait(lock, [&] { return stop_ || !calls_.empty(); });
    if (calls_.empty()) return; // stopped, and nothing waits
    Call call = std::move(calls_.front());
    calls_.pop_front();
    busy_ = true;
    lock.unlock();
    bool isPatch = call.kind == Call::Kind::Patch;
    switch (call.kind) {
    case Call::Kind::Begin: target_.begin(*call.run); break;
    case Call::Kind::BeginSeries: target_.beginSeries(*call.series); break;
    case Call::Kind::Patch:
      if (around_) around_(true);
      target_.patch(std::move(*call.patch));
      if (around_) around_(false);
      break;
    case Call::Kind::EndSeries: target_.endSeries(*call.verdict); break;
    case Call::Kind::End: target_.end(std::move(*call.run)); break;
    }
    call = Call{}; // what the target did not keep is freed here, not under the lock
    lock.lock();
    busy_ = false;
    if (isPatch) --patches_;
    changed_.notify_all();
  }
}

} // namespace provcheck
