// Reading a policy file's TOML with errors that name their place: the checks every
// table of a policy needs (unknown keys, value types), shared by the policy's tables and
// the risk model's.
#pragma once

#include "analysis/Error.h"

#include <toml++/toml.h>

#include <algorithm>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace provcheck {

// Keeps every problem found, each with its place (the file, line and column).
class TomlReader {
public:
  explicit TomlReader(std::string file) : file_(std::move(file)) {}

  std::vector<Error> errors;

  bool failed() const { return !errors.empty(); }
  const std::string &file() const { return file_; }

  void fail(const toml::source_region &where, std::string message) {
    Error e;
    e.file = where.path ? *where.path : file_;
    e.line = static_cast<int>(where.begin.line);
    e.column = static_cast<int>(where.begin.column);
    e.message = std::move(message);
    errors.push_back(std::move(e));
  }

  // Unknown keys are mistakes (a misspelt key would otherwise be ignored silently); all
  // of them are reported.
  void checkKeys(const toml::table &t, std::string_view section,
                 std::initializer_list<std::string_view> allowed) {
    for (auto &&[key, node] : t) {
      if (std::find(allowed.begin(), allowed.end(), key.str()) != allowed.end()) continue;
      std::string list;
      for (std::string_view a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
      fail(key.source(), "unknown key '" + std::string(key.str()) + "' in " +
                             std::string(section) + " (expected one of: " + list + ")");
    }
  }

  const toml::table *table(const toml::table &t, std::string_view key, std::string_view section) {
    const toml::node *n = t.get(key);
    if (!n) return nullptr;
    if (!n->is_table()) {
      fail(n->source(), "'" + std::string(key) + "' in " + std::string(section) +
                            " must be a table");
      return nullptr;
    }
    return n->as_table();
  }

  void str(const toml::table &t, std::string_view key, std::string &out) {
    const toml::node *n = t.get(key);
    if (!n) return;
    if (auto *s = n->as_string()) out = s->get();
    else fail(n->source(), "'" + std::string(key) + "' must be a string");
  }

  void boolean(const toml::table &t, std::string_view key, bool &out) {
    const toml::node *n = t.get(key);
    if (!n) return;
    if (auto *b = n->as_boolean()) out = b->get();
    else fail(n->source(), "'" + std::string(key) + "' must be true or false");
  }

  void integer(const toml::table &t, std::string_view key, int &out, int min) {
    const toml::node *n = t.get(key);
    if (!n) return;
    auto *i = n->as_integer();
    if (!i) return fail(n->source(), "'" + std::string(key) + "' must be an integer");
    if (i->get() < min || i->get() > 1000000)
      return fail(n->source(), "'" + std::string(key) + "' must be between " +
                                   std::to_string(min) + " and 1000000");
    out = static_cast<int>(i->get());
  }

  // An array of strings; `where` receives each element's position when asked.
  void strings(const toml::table &t, std::string_view key, std::vector<std::string> &out,
               std::vector<toml::source_region> *where = nullptr) {
    const toml::node *n = t.get(key);
    if (!n) return;
    const toml::array *a = n->as_array();
    if (!a) return fail(n->source(), "'" + std::string(key) + "' must be an array of strings");
    out.clear();
    if (where) where->clear();
    for (const toml::node &el : *a) {
      auto *s = el.as_string();
      if (!s) return fail(el.source(), "'" + std::string(key) + "' must hold strings only");
      out.push_back(s->get());
      if (where) where->push_back(el.source());
    }
  }

  void number(const toml::table &t, std::string_view key, double &out) {
    const toml::node *n = t.get(key);
    if (!n) return;
    if (auto v = n->value<double>(); v && (n->is_floating_point() || n->is_integer())) out = *v;
    else fail(n->source(), "'" + std::string(key) + "' must be a number");
  }

private:
  std::string file_;
};

} // namespace provcheck
