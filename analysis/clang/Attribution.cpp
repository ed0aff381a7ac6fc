#include "analysis/clang/Attribution.h"

#include <algorithm>
#include <numeric>
#include <queue>
#include <set>
#include <tuple>
#include <unordered_map>

namespace provcheck::clangmap {

namespace {

// Among entities spanning the same lines, the one that says most about a line first.
int rank(EntityKind k) {
  switch (k) {
  case EntityKind::Macro:
  case EntityKind::Include:
  case EntityKind::Comment: return 1;
  case EntityKind::Function: return 2;
  case EntityKind::Record:
  case EntityKind::Enum: return 3;
  case EntityKind::Field: return 4; // a whole record on one line is the record
  case EntityKind::Typedef: return 4;
  case EntityKind::Global: return 5;
  case EntityKind::TopLevel: return 6;
  case EntityKind::Conditional: return 7;
  case EntityKind::Namespace: return 8;
  }
  return 9;
}

bool attachable(EntityKind k) {
  return k != EntityKind::Comment && k != EntityKind::Conditional && k != EntityKind::Include &&
         k != EntityKind::Namespace && k != EntityKind::TopLevel;
}

int firstLine(const Entity &e, const EntityExtent &x) {
  return x.commentBegin ? x.commentBegin : e.beginLine;
}

} // namespace

ImageEntities buildEntities(const LexedImage &lexed, const ParseOutput *parse, bool configKnown) {
  ImageEntities img;
  // Everything the preprocessor left out (where shaped declarations stand in), and what
  // of it is known to be left out in the configuration.
  const std::vector<LineRange> &skippedList = parse ? parse->skipped : lexed.ifZero;
  std::vector<LineRange> inactiveList;
  std::set<int> undefined;
  if (parse) undefined.insert(parse->undefinedConditions.begin(), parse->undefinedConditions.end());
  for (const LineRange &r : skippedList)
    (configKnown || !undefined.count(r.begin) ? inactiveList : img.unevaluated).push_back(r);
  RegionIndex skipped(skippedList), inactive(std::move(inactiveList));
  if (parse) {
    for (const DeclEntity &d : parse->decls) {
      img.entities.push_back(d.entity);
      img.extents.push_back({d.parent, d.signatureEnd, d.hasBody, 0, 0});
    }
  }
  size_t firstLexed = img.entities.size();
  for (size_t i = 0; i < lexed.directives.size(); ++i) {
    img.entities.push_back(lexed.directives[i]);
    img.extents.push_back({});
    img.extents.back().guard = static_cast<int>(i) == lexed.guard;
  }
  // Shaped declarations stand in for the parse where the preprocessor skipped the code,
  // or everywhere when there was no parse.
  for (const Entity &e : lexed.shapedDecls) {
    if (parse && !skipped.covers(e.beginLine)) continue;
    EntityExtent x;
    if (e.kind == EntityKind::Function) {
      x.hasBody = true;
      x.signatureEnd = e.beginLine;
    }
    img.entities.push_back(e);
    img.extents.push_back(x);
  }
  for (size_t i = firstLexed; i < img.entities.size(); ++i)
    img.entities[i].inactive = inactive.covers(img.entities[i].beginLine);

  // Comments: attached to the first entity that starts on the next line and has none
  // yet, else their own.
  std::unordered_map<int, std::vector<int>> startingAt;
  for (size_t i = 0; i < img.entities.size(); ++i)
    if (attachable(img.entities[i].kind))
      startingAt[img.entities[i].beginLine].push_back(static_cast<int>(i));
  for (const LineRange &c : lexed.comments) {
    int owner = -1;
    if (auto it = startingAt.find(c.end + 1); it != startingAt.end())
      for (int i : it->second)
        if (img.extents[i].commentBegin == 0) {
          owner = i;
          break;
        }
    if (owner >= 0) {
      img.extents[owner].commentBegin = c.begin;
      img.extents[owner].commentEnd = c.end;
      continue;
    }
    Entity e;
    e.kind = EntityKind::Comment;
    e.beginLine = c.begin;
    e.endLine = c.end;
    e.inactive = inactive.covers(c.begin);
    img.entities.push_back(e);
    img.extents.push_back({});
  }
  return img;
}

std::vector<LineAttribution> attribute(const ImageEntities &image, const std::vector<int> &lines) {
  // A sweep over the lines: the entities containing the current line are kept ordered
  // by how much they say about it (the shortest first, then by kind, then by index).
  using Key = std::tuple<int, int, int>; // span, rank, index
  struct Interval {
    int begin, end;
    Key key;
  };
  std::vector<Interval> intervals;
  intervals.reserve(image.entities.size());
  for (size_t i = 0; i < image.entities.size(); ++i) {
    const Entity &e = image.entities[i];
    int first = firstLine(e, image.extents[i]);
    if (first > e.endLine) continue;
    Key key{e.endLine - first, rank(e.kind), static_cast<int>(i)};
    // An include guard holds its own directive lines only.
    if (image.extents[i].guard) {
      intervals.push_back({e.beginLine, e.beginLine, key});
      if (e.endLine != e.beginLine) intervals.push_back({e.endLine, e.endLine, key});
    } else {
      intervals.push_back({first, e.endLine, key});
    }
  }
  std::sort(intervals.begin(), intervals.end(),
            [](const Interval &a, const Interval &b) { return a.begin < b.begin; });
  std::vector<size_t> order(lines.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return lines[a] < lines[b]; });

  std::vector<LineAttribution> out(lines.size());
  std::set<Key> active;
  using Ending = std::pair<int, Key>; // last line, key
  std::priority_queue<Ending, std::vector<Ending>, std::greater<Ending>> ends;
  size_t next = 0;
  for (size_t q : order) {
    int line = lines[q];
    // Those that ended before the line leave first: the two lines of a guard share a key.
    while (!ends.empty() && ends.top().first < line) {
      active.erase(ends.top().second);
      ends.pop();
    }
    for (; next < intervals.size() && intervals[next].begin <= line; ++next) {
      if (intervals[next].end < line) continue;
      active.insert(intervals[next].key);
      ends.push({intervals[next].end, intervals[next].key});
    }
    LineAttribution &la = out[q];
    la.line = line;
    if (active.empty()) continue;
    auto it = active.begin();
    la.entity = std::get<2>(*it);
    for (++it; it != active.end() && la.enclosing.size() < kMaxEnclosing; ++it)
      la.enclosing.push_back(std::get<2>(*it));
    const Entity &e = image.entities[la.entity];
    const EntityExtent &x = image.extents[la.entity];
    if (x.commentBegin && line >= x.commentBegin && line <= x.commentEnd)
      la.part = EntityPart::Comment;
    else if (e.kind == EntityKind::Function)
      la.part = x.hasBody && line > x.signatureEnd ? EntityPart::Body : EntityPart::Signature;
  }
  return out;
}

} // namespace provcheck::clangmap
