// Appending to a list without repeats, in order of first appearance, in constant time per
// value: a hunk of a generated file can touch hundreds of thousands of entities, and a
// search of the list for each of them would be quadratic.
#pragma once

#include <unordered_set>
#include <utility>
#include <vector>

namespace provcheck {

template <class T, class Hash = std::hash<T>> class UniqueAppender {
public:
  // The values `list` already holds count as seen.
  explicit UniqueAppender(std::vector<T> &list) : list_(&list), seen_(list.begin(), list.end()) {}

  // Appends `value` unless the list holds it; true when appended.
  bool operator()(T value) {
    if (!seen_.insert(value).second) return false;
    list_->push_back(std::move(value));
    return true;
  }

private:
  std::vector<T> *list_;
  std::unordered_set<T, Hash> seen_;
};

} // namespace provcheck
