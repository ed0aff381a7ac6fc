#include "tools/provcheck/BaseMaps.h"

#include "analysis/Parallel.h"
#include "analysis/TreeViews.h"
#include "maps/DependencyTracker.h"
#include "maps/IncludeGraph.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <unordered_map>

namespace provcheck {

namespace {

// A key for the file at `path` of `tree`: the tree's key of its contents (a git tree's
// blob id, read without reading the file), "-" when it has none.
std::string fileKeyOf(const TreeView &tree, std::string_view path) {
  std::optional<std::string> key = tree.fileKey(path);
  return key ? *key : "-";
}

bool touches(const std::vector<std::string> &changed, std::string_view file) {
  return std::binary_search(changed.begin(), changed.end(), file);
}

// Policies by the text of .provcheck.toml; one for all when --policy names it.
class Policies {
public:
  explicit Policies(std::string option) : option_(std::move(option)) {}

  // `notices` receives what resolvePolicy says of a policy (--policy auto's choice, a
  // policy document of another revision), once.
  Expected<std::shared_ptr<const Policy>> at(const TreeView *tree,
                                             const std::vector<std::string> *changed,
                                             std::vector<std::string> &notices) {
    if (current_ && (!option_.empty() || (changed && !touches(*changed, ".provcheck.toml"))))
      return current_;
    std::string key = option_.empty() && tree ? fileKeyOf(*tree, ".provcheck.toml") : "-";
    auto it = byKey_.find(key);
    if (it == byKey_.end()) {
      std::vector<std::string> said;
      auto policy = resolvePolicy(option_, tree, &said);
      if (!policy) return policy.error();
      for (std::string &n : said)
        if (std::find(notices.begin(), notices.end(), n) == notices.end()) notices.push_back(std::move(n));
      it = byKey_.emplace(key, std::make_shared<const Policy>(std::move(*policy))).first;
    }
    current_ = it->second;
    return current_;
  }

private:
  std::string option_;
  std::map<std::string, std::shared_ptr<const Policy>> byKey_;
  std::shared_ptr<const Policy> current_;
};

// Whether paths are directories of one tree, the last one the ownership maps were asked
// about, kept from tree to tree: a path's answer can change only with a change at the path
// or below it (git has no empty directories). MAINTAINERS asks it of every F: and X:
// pattern of every version it is built for, the same few thousand paths.
class DirectoryAnswers {
public:
  // Moves to `tree`, reached from `from` by the paths `changed` (both null: unknown).
  void moveTo(const TreeView &tree, const TreeView *from, const std::vector<std::string> *changed) {
    if (tree_ == &tree || (tree_ && tree_->id() == tree.id())) {
      tree_ = &tree;
      return;
    }
    if (!tree_ || !from || !changed || tree_->id() != from->id()) {
      answers_.clear();
    } else {
      for (const std::string &c : *changed)
        for (std::string_view d = c; !d.empty();) {
          if (auto it = answers_.find(d); it != answers_.end()) answers_.erase(it);
          size_t slash = d.rfind('/');
          d = slash == std::string_view::npos ? std::string_view{} : d.substr(0, slash);
        }
    }
    tree_ = &tree;
  }
  bool isDirectory(std::string_view path) {
    if (auto it = answers_.find(path); it != answers_.end()) return it->second;
    bool dir = tree_->isDirectory(path);
    answers_.emplace(std::string(path), dir);
    return dir;
  }

private:
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  const TreeView *tree_ = nullptr; // kept alive by the caller while it is the current one
  std::unordered_map<std::string, bool, Hash, std::equal_to<>> answers_;
};

// Ownership maps by the texts of MAINTAINERS and .mailmap, each with the directory
// questions its patterns asked of the tree it was built on. The last few are kept (a
// range returns to a fork point's MAINTAINERS); of those let go of, only the pattern
// problems are kept, still to be told: a map is let go of after the owners of the
// patches on its trees were looked up. The patterns of a new MAINTAINERS that an earlier
// one had are not compiled again.
class Owners {
public:
  // What a tree's MAINTAINERS and .mailmap give.
  struct Maps {
    std::shared_ptr<const OwnershipMap> map;
    std::shared_ptr<const std::vector<OwningSection>> projectSections;
    std::shared_ptr<const Mailmap> mailmap;
  };

  // The maps of `tree`, reached from `from` (the tree asked about before, when known) by
  // the paths `changed`.
  const Maps &at(const std::shared_ptr<const TreeView> &tree, const TreeView *from,
                 const std::vector<std::string> *changed, std::vector<std::string> &notices) {
    if (!from || !changed || !currentTree_ || currentTree_->id() != from->id()) changed = nullptr;
    dirs_.moveTo(*tree, from, changed);
    currentTree_ = tree;
    if (current_ && changed && !invalidated(*current_, *changed)) return current_->maps;
    std::string key = fileKeyOf(*tree, "MAINTAINERS") + " " + fileKeyOf(*tree, ".mailmap");
    for (auto it = entries_.begin(); it != entries_.end(); ++it)
      if ((*it)->key == key && holds(**it)) {
        current_ = *it;
        entries_.erase(it);
        entries_.push_back(current_); // the most recently used last
        return current_->maps;
      }
    std::optional<std::string> text = tree->read("MAINTAINERS");
    std::optional<std::string> mailmap = tree->read(".mailmap");
    auto e = std::make_shared<Entry>();
    e->key = key;
    if (mailmap) {
      auto parsed = Mailmap::parse(*mailmap);
      if (parsed) e->maps.mailmap = std::make_shared<const Mailmap>(std::move(*parsed));
      else note(notices, ".mailmap not read: " + parsed.error().str());
    }
    if (text) {
      MaintainersOptions opts;
      opts.mailmap = std::move(mailmap);
      opts.regexes = &regexes_;
      auto map = OwnershipMap::build(std::move(*text), "MAINTAINERS",
                                     [&](std::string_view p) {
                                       bool dir = dirs_.isDirectory(p);
                                       e->asked.emplace(std::string(p), dir);
                                       return dir;
                                     },
                                     opts);
      regexes_.retire();
      if (map) {
        e->maps.map = std::make_shared<const OwnershipMap>(std::move(*map));
        e->maps.projectSections =
            std::make_shared<const std::vector<OwningSection>>(e->maps.map->projectSections());
      } else {
        note(notices, "no owners: " + map.error().str());
      }
    } else {
      note(notices, "no MAINTAINERS in the tree of " + tree->id().substr(0, 12) + ": no owners");
    }
    if (entries_.size() == kKept) {
      if (const auto &map = entries_.front()->maps.map)
        retired_.push_back({map->file().path, map->matchProblems()});
      entries_.erase(entries_.begin());
    }
    entries_.push_back(e);
    current_ = e;
    return current_->maps;
  }

  // The pattern problems of the maps retired before the batch now starting (the batches
  // that used them are done), or of every map at the end of the run.
  void tellProblems(bool all, std::set<std::string> &told, std::vector<std::string> &out) {
    auto tell = [&](const Retired &r) {
      for (const MaintainersDiagnostic &d : r.problems) {
        std::string text = r.path + ":" + std::to_string(d.line) + ": " + d.message;
        if (told.insert(text).second) out.push_back(std::move(text));
      }
    };
    for (const Retired &r : retired_) tell(r);
    retired_.clear();
    if (all)
      for (const auto &e : entries_)
        if (e->maps.map) tell({e->maps.map->file().path, e->maps.map->matchProblems()});
  }

  size_t held() const {
    return std::count_if(entries_.begin(), entries_.end(), [](const auto &e) { return e->maps.map != nullptr; });
  }
  size_t patternsCompiled() const { return regexes_.compiled(); }

private:
  static constexpr size_t kKept = 4;
  struct Entry {
    std::string key;
    std::map<std::string, bool, std::less<>> asked;
    Maps maps;
  };

  static void note(std::vector<std::string> &notices, std::string n) {
    if (std::find(notices.begin(), notices.end(), n) == notices.end()) notices.push_back(std::move(n));
  }

  // The current tree answers every directory question as the map's tree did.
  bool holds(const Entry &e) {
    return std::all_of(e.asked.begin(), e.asked.end(),
                       [&](const auto &q) { return dirs_.isDirectory(q.first) == q.second; });
  }

  // Whether `changed` may make the map another: its files changed, or a path it asked
  // about now exists or not as a directory.
  bool invalidated(const Entry &e, const std::vector<std::string> &changed) {
    if (touches(changed, "MAINTAINERS") || touches(changed, ".mailmap")) return true;
    for (const std::string &c : changed)
      for (std::string_view d = c; !d.empty();) {
        if (auto it = e.asked.find(d); it != e.asked.end() && dirs_.isDirectory(d) != it->second)
          return true;
        size_t slash = d.rfind('/');
        d = slash == std::string_view::npos ? std::string_view{} : d.substr(0, slash);
      }
    return false;
  }

  // A map let go of: its file and its pattern problems.
  struct Retired {
    std::string path;
    std::vector<MaintainersDiagnostic> problems;
  };
  std::vector<std::shared_ptr<Entry>> entries_; // least recently used first
  std::shared_ptr<Entry> current_;
  std::shared_ptr<const TreeView> currentTree_; // the tree current_ was asked for
  std::vector<Retired> retired_;
  DirectoryAnswers dirs_; // of currentTree_
  RegexCache regexes_;
};

// The distinct base trees in the order they are visited: depth first from each tree no
// patch makes (oldest first, else in the order patches name them), each tree followed by
// the trees the patches applying to it make. Each step is one patch's change, a return to
// a fork point the change of the branch walked back, a step to the next root what was
// committed between them.
std::vector<std::shared_ptr<const TreeView>> visitOrder(const std::vector<PatchTrees> &patches) {
  std::vector<std::shared_ptr<const TreeView>> nodes;
  std::vector<int64_t> times;
  std::unordered_map<std::string, size_t> index;
  for (const PatchTrees &p : patches)
    if (p.base && index.emplace(p.base->id(), nodes.size()).second) {
      nodes.push_back(p.base);
      times.push_back(p.baseTime);
    }
  std::vector<std::vector<size_t>> children(nodes.size());
  std::vector<bool> made(nodes.size(), false);
  for (const PatchTrees &p : patches) {
    if (!p.base || !p.result) continue;
    auto to = index.find(p.result->id());
    if (to == index.end() || to->second == index[p.base->id()]) continue;
    children[index[p.base->id()]].push_back(to->second);
    made[to->second] = true;
  }
  std::vector<std::shared_ptr<const TreeView>> order;
  std::vector<bool> seen(nodes.size(), false);
  auto walk = [&](size_t root) {
    std::vector<size_t> stack{root};
    while (!stack.empty()) {
      size_t n = stack.back();
      stack.pop_back();
      if (seen[n]) continue;
      seen[n] = true;
      order.push_back(nodes[n]);
      for (auto c = children[n].rbegin(); c != children[n].rend(); ++c) stack.push_back(*c);
    }
  };
  std::vector<size_t> roots;
  for (size_t n = 0; n < nodes.size(); ++n)
    if (!made[n]) roots.push_back(n);
  std::stable_sort(roots.begin(), roots.end(), [&](size_t a, size_t b) { return times[a] < times[b]; });
  for (size_t n : roots) walk(n);
  for (size_t n = 0; n < nodes.size(); ++n) walk(n); // trees only a cycle of patches makes
  return order;
}

} // namespace

struct BaseMaps::State {
  State(std::shared_ptr<const TreeView> fallback, BaseMapsOptions options)
      : fallback(std::move(fallback)), options(std::move(options)), policies(this->options.policy) {}

  DependencyOptions depOptions(std::vector<std::string> &notices) const {
    DependencyOptions o;
    o.jobs = options.jobs;
    o.progress = options.progress;
    o.notice = [&notices](const std::string &text) { notices.push_back(text); };
    return o;
  }

  // The maps of one tree alone (the fallback, or the only base of a first batch), its
  // ownership map in `map`: the dependency map from its own cache, smaller than a
  // tracker's state.
  Expected<PatchMaps> alone(const std::shared_ptr<const TreeView> &tree,
                            std::vector<std::string> &notices,
                            std::shared_ptr<const OwnershipMap> &map) {
    PatchMaps m;
    auto policy = policies.at(tree.get(), nullptr, notices);
    if (!policy) return policy.error();
    m.policy = *policy;
    if (!tree) return m;
    const Owners::Maps &o = owners.at(tree, nullptr, nullptr, notices);
    map = o.map;
    m.projectSections = o.projectSections;
    m.mailmap = o.mailmap;
    auto deps = loadDependencyMap(*tree, depOptions(notices));
    if (deps) m.deps = *deps;
    else notices.push_back("no dependency map: " + deps.error().str() +
                           "; core code decided by path rules only");
    return m;
  }

  std::shared_ptr<const TreeView> fallback;
  BaseMapsOptions options;
  Policies policies;
  Owners owners;
  std::optional<PatchMaps> fallbackMaps;
  std::shared_ptr<const OwnershipMap> fallbackOwners;
  std::set<std::string> toldProblems;
  // The dependency tracker and the tree of its current version (null before the first
  // run of several trees; a lone first tree is read from its cache instead).
  std::unique_ptr<DependencyTracker> tracker;
  std::shared_ptr<const TreeView> trackerTree;
  // The last tree visited: the next batch starts from it.
  std::shared_ptr<const TreeView> lastTree;
};

BaseMaps::BaseMaps(std::shared_ptr<const TreeView> fallback, BaseMapsOptions options)
    : state_(std::make_unique<State>(std::move(fallback), std::move(options))) {}

BaseMaps::~BaseMaps() = default;

Expected<std::shared_ptr<const Policy>> BaseMaps::policyOf(const TreeView *tree,
                                                          std::vector<std::string> &notices) {
  return state_->policies.at(tree, nullptr, notices);
}

std::vector<std::string> BaseMaps::matchProblems() {
  std::vector<std::string> out;
  state_->owners.tellProblems(true, state_->toldProblems, out);
  return out;
}

Expected<std::vector<PatchMaps>> BaseMaps::next(const std::vector<PatchTrees> &patches,
                                                std::vector<std::string> &notices) {
  State &s = *state_;
  s.owners.tellProblems(false, s.toldProblems, notices);
  std::map<std::string, PatchMaps> byTree;
  // The owners of each patch's paths, looked up as soon as its tree's ownership map is
  // made: the maps of the trees before are let go of while the batch is still read.
  std::vector<std::vector<std::vector<OwningSection>>> owners(patches.size());
  std::unordered_map<std::string, std::vector<size_t>> patchesOn; // by base tree id
  std::vector<size_t> noBase;
  for (size_t i = 0; i < patches.size(); ++i)
    if (patches[i].base) patchesOn[patches[i].base->id()].push_back(i);
    else noBase.push_back(i);
  auto lookUp = [&](const OwnershipMap *map, const std::vector<size_t> &which) {
    if (!map) return;
    parallelFor(which.size(), jobCount(s.options.jobs), [&](size_t k) {
      size_t i = which[k];
      owners[i].reserve(patches[i].paths.size());
      for (const std::string &path : patches[i].paths) owners[i].push_back(map->sectionsFor(path));
    });
  };
  std::vector<std::shared_ptr<const TreeView>> order = visitOrder(patches);
  if (order.size() == 1 && !s.tracker && !s.lastTree) {
    // A first batch on one tree (one patch, a series on one base): that tree alone.
    std::shared_ptr<const OwnershipMap> map;
    auto m = s.alone(order.front(), notices, map);
    if (!m) return m.error();
    lookUp(map.get(), patchesOn[order.front()->id()]);
    byTree[order.front()->id()] = std::move(*m);
  } else if (!order.empty()) {
    // The paths each step changes (nullopt: the trees cannot be compared), from the last
    // tree of the batch before; the policy and owners of each tree; then the dependency
    // map of each run of comparable steps from one tracker, its steps taken together.
    std::vector<std::optional<std::vector<std::string>>> changed(order.size());
    if (s.lastTree && s.lastTree->id() != order.front()->id())
      changed[0] = changedPaths(*s.lastTree, *order.front());
    else if (s.lastTree)
      changed[0] = std::vector<std::string>{};
    for (size_t k = 1; k < order.size(); ++k) changed[k] = changedPaths(*order[k - 1], *order[k]);
    for (size_t k = 0; k < order.size(); ++k) {
      const std::vector<std::string> *diff = changed[k] ? &*changed[k] : nullptr;
      PatchMaps &m = byTree[order[k]->id()];
      auto policy = s.policies.at(order[k].get(), diff, notices);
      if (!policy) return policy.error();
      m.policy = *policy;
      const TreeView *from = k > 0 ? order[k - 1].get() : s.lastTree.get();
      const Owners::Maps &o = s.owners.at(order[k], from, diff, notices);
      lookUp(o.map.get(), patchesOn[order[k]->id()]);
      m.projectSections = o.projectSections;
      m.mailmap = o.mailmap;
    }
    DependencyOptions depOptions = s.depOptions(notices);
    for (size_t first = 0; first < order.size();) {
      // A run continues the tracker when its first tree is reached from the tracker's.
      bool continues = first == 0 && s.tracker && s.trackerTree && changed[0];
      std::vector<DependencyTracker::Step> steps;
      if (continues && s.trackerTree->id() != order[0]->id())
        steps.push_back({s.trackerTree.get(), order[0].get(), &*changed[0]});
      if (!continues) s.tracker = DependencyTracker::open(*order[first], depOptions);
      size_t end = first + 1;
      while (end < order.size() && changed[end]) ++end;
      for (size_t k = first + 1; k < end; ++k)
        steps.push_back({order[k - 1].get(), order[k].get(), &*changed[k]});
      // What only the trees before this run need is let go of.
      s.tracker->forgetBefore(s.tracker->version());
      int at = s.tracker->version() + (continues && !steps.empty() &&
                                               s.trackerTree->id() != order[0]->id());
      s.tracker->advance(steps);
      for (size_t k = first; k < end; ++k)
        byTree[order[k]->id()].deps = s.tracker->mapAt(at + static_cast<int>(k - first));
      s.trackerTree = order[end - 1];
      first = end;
    }
  }
  if (!order.empty()) s.lastTree = order.back();
  if (!noBase.empty() && !s.fallbackMaps) {
    auto m = s.alone(s.fallback, notices, s.fallbackOwners);
    if (!m) return m.error();
    s.fallbackMaps = std::move(*m);
  }
  lookUp(s.fallbackOwners.get(), noBase);
  std::vector<PatchMaps> out(patches.size());
  for (size_t i = 0; i < patches.size(); ++i) {
    out[i] = patches[i].base ? byTree.at(patches[i].base->id()) : *s.fallbackMaps;
    out[i].owners = std::move(owners[i]);
  }
  return out;
}

void BaseMaps::closeCaches() {
  if (state_->tracker) state_->tracker->closeCaches();
}

size_t BaseMaps::ownershipMapsHeld() const {
  const State &s = *state_;
  return s.owners.held() + (s.fallbackOwners ? 1 : 0);
}

} // namespace provcheck
