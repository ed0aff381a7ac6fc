// What a detector computes from a file version, kept for the process by the version's key
// (a blob id): a range's patches read the same headers again and again. At most `limit`
// entries, then all are forgotten at once. Safe to use from several threads; a value
// handed out stays valid while its holder keeps it.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

namespace provcheck {

template <typename T> class KeptByBlob {
public:
  explicit KeptByBlob(size_t limit) : limit_(limit) {}

  std::shared_ptr<const T> find(const std::string &key) const {
    std::lock_guard lock(mutex_);
    auto it = values_.find(key);
    return it == values_.end() ? nullptr : it->second;
  }

  std::shared_ptr<const T> keep(const std::string &key, T value) {
    auto shared = std::make_shared<const T>(std::move(value));
    std::lock_guard lock(mutex_);
    if (values_.size() >= limit_) values_.clear();
    values_.emplace(key, shared);
    return shared;
  }

private:
  size_t limit_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, std::shared_ptr<const T>> values_;
};

} // namespace provcheck
