// rename: old and new code differ only by identifiers, through one one-to-one mapping
// that holds across the whole patch and is applied everywhere the patch shows: no old
// name survives on the new side, no new name already existed on the old side, and each
// name changes at two sites at least (a declaration and a use). String literals may
// change only by the same mapping (a name quoted in a message).
#include "classify/detect/Detectors.h"

#include <cctype>
#include <map>
#include <set>

namespace provcheck {
namespace {

using Mapping = std::map<std::string, std::string>;

bool isIdentChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// Replaces whole-word occurrences of the mapping's keys in `s`.
std::string applyMapping(const std::string &s, const Mapping &m) {
  std::string out;
  size_t i = 0;
  while (i < s.size()) {
    if (isIdentChar(s[i]) && (i == 0 || !isIdentChar(s[i - 1]))) {
      size_t e = i;
      while (e < s.size() && isIdentChar(s[e])) ++e;
      std::string word = s.substr(i, e - i);
      auto it = m.find(word);
      out += it == m.end() ? word : it->second;
      i = e;
      continue;
    }
    out.push_back(s[i++]);
  }
  return out;
}

struct Shaped {
  size_t file, hunk;
  std::vector<std::pair<std::string, std::string>> pairs;   // identifiers
  std::vector<std::pair<std::string, std::string>> strings; // string literals that differ
};

std::optional<Shaped> shape(size_t f, size_t h, const HunkFacts &hf) {
  if (hf.oldCode.size() != hf.newCode.size() || hf.oldCode.empty()) return std::nullopt;
  Shaped s{f, h, {}, {}};
  for (size_t i = 0; i < hf.oldCode.size(); ++i) {
    const HunkToken &a = hf.oldCode[i], &b = hf.newCode[i];
    if (a.text == b.text) continue;
    if (a.kind == TokenKind::Identifier && b.kind == TokenKind::Identifier)
      s.pairs.emplace_back(a.text, b.text);
    else if (a.kind == TokenKind::String && b.kind == TokenKind::String)
      s.strings.emplace_back(a.text, b.text);
    else
      return std::nullopt;
  }
  if (s.pairs.empty()) return std::nullopt;
  return s;
}

} // namespace

void detectRename(DetectContext &ctx) {
  std::vector<Shaped> shaped;
  for (size_t f = 0; f < ctx.files.size(); ++f) {
    if (!ctx.files[f].candidate) continue;
    for (size_t h = 0; h < ctx.files[f].hunks.size(); ++h)
      if (!ctx.claimed(f, h))
        if (auto s = shape(f, h, ctx.files[f].hunks[h])) shaped.push_back(std::move(*s));
  }
  // Drop hunks whose pairs contradict a one-to-one mapping until what remains agrees.
  Mapping forward;
  for (bool changed = true; changed && !shaped.empty();) {
    changed = false;
    std::map<std::string, std::set<std::string>> fwd, rev;
    for (const Shaped &s : shaped)
      for (const auto &[a, b] : s.pairs) {
        fwd[a].insert(b);
        rev[b].insert(a);
      }
    // Names seen unrenamed: an old name left on the new side, a new name already on the
    // old side (in any hunk of the patch, context included).
    std::set<std::string> oldSide, newSide;
    for (size_t f = 0; f < ctx.files.size(); ++f)
      for (const HunkFacts &hf : ctx.files[f].hunks) {
        for (const auto *v : {&hf.oldCode, &hf.oldContext})
          for (const HunkToken &t : *v)
            if (t.kind == TokenKind::Identifier) oldSide.insert(t.text);
        for (const auto *v : {&hf.newCode, &hf.newContext})
          for (const HunkToken &t : *v)
            if (t.kind == TokenKind::Identifier) newSide.insert(t.text);
      }
    // A name changed at one site only is as likely a fix as a rename: two sites at least
    // (a declaration and a use).
    std::map<std::string, int> sites;
    for (const Shaped &s : shaped)
      for (const auto &[a, b] : s.pairs) ++sites[a];
    forward.clear();
    for (const auto &[a, bs] : fwd)
      if (bs.size() == 1 && rev[*bs.begin()].size() == 1 && sites[a] >= 2)
        forward[a] = *bs.begin();
    std::vector<Shaped> kept;
    for (Shaped &s : shaped) {
      bool ok = true;
      for (const auto &[a, b] : s.pairs)
        ok = ok && forward.count(a) && !newSide.count(a) && !oldSide.count(b);
      for (const auto &[a, b] : s.strings) ok = ok && applyMapping(a, forward) == b;
      if (ok) kept.push_back(std::move(s));
      else changed = true;
    }
    shaped = std::move(kept);
  }
  for (const Shaped &s : shaped) {
    std::set<std::pair<std::string, std::string>> used(s.pairs.begin(), s.pairs.end());
    std::string detail;
    for (const auto &[a, b] : used) detail += (detail.empty() ? "" : ", ") + a + " -> " + b;
    ctx.claims[s.file][s.hunk] = Mechanical{{"rename", detail}, false};
  }
}

} // namespace provcheck
