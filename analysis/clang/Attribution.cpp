#include "analysis/clang/Attribution.h"

#include <algorithm>

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
  const std::vector<LineRange> &skipped = parse ? parse->skipped : lexed.ifZero;
  std::vector<LineRange> inactive;
  for (const LineRange &r : skipped) {
    bool undefined = parse && std::find(parse->undefinedConditions.begin(),
                                        parse->undefinedConditions.end(),
                                        r.begin) != parse->undefinedConditions.end();
    (configKnown || !undefined ? inactive : img.unevaluated).push_back(r);
  }
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
    if (parse && !inSkipped(e.beginLine, skipped)) continue;
    EntityExtent x;
    if (e.kind == EntityKind::Function) {
      x.hasBody = true;
      x.signatureEnd = e.beginLine;
    }
    img.entities.push_back(e);
    img.extents.push_back(x);
  }
  for (size_t i = firstLexed; i < img.entities.size(); ++i)
    img.entities[i].inactive = inSkipped(img.entities[i].beginLine, inactive);

  // Comments: attached to the entity that starts on the next line, else their own.
  for (const LineRange &c : lexed.comments) {
    int owner = -1;
    for (size_t i = 0; i < img.entities.size(); ++i) {
      const Entity &e = img.entities[i];
      if (attachable(e.kind) && e.beginLine == c.end + 1 && img.extents[i].commentBegin == 0) {
        owner = static_cast<int>(i);
        break;
      }
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
    e.inactive = inSkipped(c.begin, inactive);
    img.entities.push_back(e);
    img.extents.push_back({});
  }
  return img;
}

LineAttribution attribute(const ImageEntities &image, int line) {
  LineAttribution la;
  la.line = line;
  std::vector<int> around;
  for (size_t i = 0; i < image.entities.size(); ++i) {
    const Entity &e = image.entities[i];
    if (image.extents[i].guard && line != e.beginLine && line != e.endLine) continue;
    if (firstLine(e, image.extents[i]) <= line && line <= e.endLine)
      around.push_back(static_cast<int>(i));
  }
  if (around.empty()) return la;
  auto span = [&](int i) { return image.entities[i].endLine - firstLine(image.entities[i], image.extents[i]); };
  std::stable_sort(around.begin(), around.end(), [&](int a, int b) {
    if (span(a) != span(b)) return span(a) < span(b);
    return rank(image.entities[a].kind) < rank(image.entities[b].kind);
  });
  la.entity = around.front();
  la.enclosing.assign(around.begin() + 1, around.end());
  const Entity &e = image.entities[la.entity];
  const EntityExtent &x = image.extents[la.entity];
  if (x.commentBegin && line >= x.commentBegin && line <= x.commentEnd)
    la.part = EntityPart::Comment;
  else if (e.kind == EntityKind::Function)
    la.part = x.hasBody && line > x.signatureEnd ? EntityPart::Body : EntityPart::Signature;
  return la;
}

} // namespace provcheck::clangmap
