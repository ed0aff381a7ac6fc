#include "analysis/CompiledCompare.h"

#include <algorithm>
#include <map>
#include <optional>

namespace provcheck {
namespace {

using Renames = std::vector<std::pair<std::string, std::string>>;

// The old side's text with the proven renames applied to its symbol references
// ("\x01old\x02", and "\x01old." for the static locals of a renamed function).
std::string renamed(std::string code, const Renames &renames) {
  for (const auto &[from, to] : renames)
    for (const char *end : {"\x02", "."}) {
      std::string a = "\x01" + from + end, b = "\x01" + to + end;
      for (size_t pos = code.find(a); pos != std::string::npos; pos = code.find(a, pos + b.size()))
        code.replace(pos, a.size(), b);
    }
  return code;
}

std::string mapName(const std::string &name, const Renames &renames, bool forward) {
  for (const auto &[from, to] : renames)
    if ((forward ? from : to) == name) return forward ? to : from;
  return name;
}

const CompiledSymbol *find(const CompiledImage &img, const std::string &name) {
  for (const CompiledSymbol &s : img.symbols)
    if (s.name == name) return &s;
  return nullptr;
}

std::string describe(const CompiledSymbol &s) {
  return (s.function ? "function " : "variable ") + s.name;
}

// One function or variable of both images.
struct Pair {
  std::string oldName, newName;
  enum { Equal, Differs, Unknown } outcome = Unknown;
  std::string why; // for Unknown: why it cannot be compared
  std::string label;
};

Pair compare(const CompiledFile &cf, const std::string &oldName, const std::string &newName,
             const Renames &renames) {
  Pair p{oldName, newName};
  const CompiledSymbol *o = find(cf.oldImage, oldName), *n = find(cf.newImage, newName);
  p.label = n ? describe(*n) : o ? describe(*o) : newName;
  if (!o || !o->emitted) {
    p.why = p.label + " is not compiled in the pre-image";
    return p;
  }
  if (!n || !n->emitted) {
    p.why = p.label + " is not compiled in the post-image";
    return p;
  }
  if (o->function != n->function) {
    p.outcome = Pair::Differs;
    return p;
  }
  if (!o->unsupported.empty() || !n->unsupported.empty()) {
    p.why = p.label + ": " + (o->unsupported.empty() ? n->unsupported : o->unsupported) +
            " is not compared";
    return p;
  }
  p.outcome = renamed(o->code, renames) == n->code ? Pair::Equal : Pair::Differs;
  return p;
}

std::string names(const std::vector<const Pair *> &pairs) {
  // "functions f, g" / "function f" / "function f, variable v"
  std::vector<std::string> fns, vars;
  for (const Pair *p : pairs) {
    bool fn = p->label.rfind("function ", 0) == 0;
    std::string n = p->label.substr(p->label.find(' ') + 1);
    auto &list = fn ? fns : vars;
    if (std::find(list.begin(), list.end(), n) == list.end()) list.push_back(n);
  }
  auto join = [](const std::vector<std::string> &l) {
    std::string s;
    for (const std::string &x : l) s += (s.empty() ? "" : ", ") + x;
    return s;
  };
  std::string out;
  if (!fns.empty()) out += (fns.size() > 1 ? "functions " : "function ") + join(fns);
  if (!vars.empty())
    out += (out.empty() ? "" : "; ") + std::string(vars.size() > 1 ? "variables " : "variable ") +
           join(vars);
  return out;
}

} // namespace

std::vector<HunkProof> compareCompiled(const ProofRequest &request,
                                       const std::vector<FileEntities> &entities,
                                       const std::vector<std::vector<bool>> &replayed) {
  std::vector<HunkProof> out;
  const Renames &renames = request.renames;
  for (size_t f = 0; f < entities.size() && f < request.patch.files.size(); ++f) {
    const CompiledFile *cf = entities[f].compiled.get();
    if (!cf || !cf->skipped.empty() || !cf->oldImage.compiled || !cf->newImage.compiled) continue;
    const FileChange &file = request.patch.files[f];
    size_t nh = std::min(file.hunks.size(), cf->hunks.size());
    auto tokenClaimed = [&](size_t h) {
      return f < request.tokenClaims.size() && h < request.tokenClaims[f].size() &&
             !request.tokenClaims[f][h].empty();
    };
    auto byTool = [&](size_t h) { return f < replayed.size() && h < replayed[f].size() && replayed[f][h]; };

    // The pairs each hunk touches: (old name, new name) through the proven renames.
    std::map<std::pair<std::string, std::string>, Pair> pairs;
    std::vector<std::vector<const Pair *>> touched(nh);
    for (size_t h = 0; h < nh; ++h) {
      std::vector<std::pair<std::string, std::string>> keys;
      for (const std::string &o : cf->hunks[h].oldSymbols) keys.emplace_back(o, mapName(o, renames, true));
      for (const std::string &n : cf->hunks[h].newSymbols) keys.emplace_back(mapName(n, renames, false), n);
      for (const auto &key : keys) {
        auto it = pairs.find(key);
        if (it == pairs.end()) it = pairs.emplace(key, compare(*cf, key.first, key.second, renames)).first;
        if (std::find(touched[h].begin(), touched[h].end(), &it->second) == touched[h].end())
          touched[h].push_back(&it->second);
      }
    }
    // A difference some hunk no token rule proved touches is that hunk's to explain.
    auto explained = [&](const Pair *p) {
      for (size_t k = 0; k < nh; ++k)
        if ((!tokenClaimed(k) || byTool(k)) &&
            std::find(touched[k].begin(), touched[k].end(), p) != touched[k].end())
          return true;
      return false;
    };
    for (size_t h = 0; h < nh; ++h) {
      if (touched[h].empty()) continue;
      std::vector<const Pair *> differing;
      bool allEqual = true;
      for (const Pair *p : touched[h]) {
        if (p->outcome == Pair::Differs) differing.push_back(p);
        allEqual = allEqual && p->outcome == Pair::Equal;
      }
      if (!differing.empty()) {
        // A hunk the quoted tool made is the tool's change, whatever it compiles to.
        if (byTool(h) || (tokenClaimed(h) && explained(differing.front()))) continue;
        out.push_back({f, h, ProofOutcome::Differs,
                       {"compiled-code-differs", differing.front()->label + " compiles differently"}});
        continue;
      }
      // Also for a hunk a token rule or the tool proved: the output names every proof.
      if (allEqual && cf->hunks[h].outside.empty())
        out.push_back({f, h, ProofOutcome::Proven, {"same-compiled-code", names(touched[h])}});
    }
  }
  return out;
}

} // namespace provcheck
