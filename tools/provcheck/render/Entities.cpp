#include "tools/provcheck/render/Entities.h"

#include "analysis/UniqueList.h"
#include "tools/provcheck/render/Names.h"

namespace provcheck::render {

std::string lineLabel(const FileEntities &fe, const LineAttribution &a) {
  const auto &entities = a.side == Side::Old ? fe.oldEntities : fe.newEntities;
  if (a.entity < 0 || a.entity >= static_cast<int>(entities.size())) return "top level";
  const Entity &e = entities[a.entity];
  std::string out = toString(e.kind);
  if (!e.name.empty()) out += " " + e.name;
  if (a.part != EntityPart::Whole) out += std::string(" (") + toString(a.part) + ")";
  if (e.inactive) out += " [inactive]";
  return out;
}

std::vector<std::string> hunkLabels(const FileEntities &fe, size_t hunk) {
  std::vector<std::string> out;
  if (hunk >= fe.hunks.size()) return out;
  UniqueAppender add(out);
  for (const LineAttribution &a : fe.hunks[hunk].lines) add(lineLabel(fe, a));
  return out;
}

std::vector<std::string> fileLabels(const FileEntities &fe) {
  std::vector<std::string> out;
  UniqueAppender add(out);
  for (size_t h = 0; h < fe.hunks.size(); ++h)
    for (std::string &s : hunkLabels(fe, h)) add(std::move(s));
  return out;
}

std::string compiledLabel(const FileEntities &fe) {
  const CompiledFile *cf = fe.compiled.get();
  if (!cf) return "";
  const std::string head = "compiled code: ";
  if (!cf->skipped.empty()) return head + "not compared: " + cf->skipped;
  for (const auto *img : {&cf->oldImage, &cf->newImage})
    if (!img->compiled)
      return head + "not compared: the " + (img == &cf->oldImage ? "pre" : "post") +
             "-image does not compile" + (img->problem.empty() ? "" : " (" + img->problem + ")");
  size_t functions = 0, variables = 0;
  for (const CompiledSymbol &s : cf->newImage.symbols)
    if (s.emitted) ++(s.function ? functions : variables);
  auto count = [](size_t n, const char *what) {
    return std::to_string(n) + " " + what + (n == 1 ? "" : "s");
  };
  return head + count(functions, "function") + ", " + count(variables, "variable") +
         " compiled in both images";
}

std::string hunkRange(const Hunk &h) {
  return "@@ -" + std::to_string(h.oldStart) + "," + std::to_string(h.oldLines) + " +" +
         std::to_string(h.newStart) + "," + std::to_string(h.newLines) + " @@";
}

} // namespace provcheck::render
