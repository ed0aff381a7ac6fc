#include "tools/provcheck/render/JsonModel.h"

#include "tools/provcheck/render/Entities.h"
#include "tools/provcheck/render/Names.h"

#include <cstdio>
#include <ctime>

namespace provcheck::render {

using json = Json;

std::string isoDate(int64_t time, int tzOffsetMinutes) {
  std::time_t local = static_cast<std::time_t>(time + int64_t(tzOffsetMinutes) * 60);
  std::tm tm{};
  gmtime_r(&local, &tm);
  char buf[64];
  int off = tzOffsetMinutes < 0 ? -tzOffsetMinutes : tzOffsetMinutes;
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d",
                tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
                tm.tm_sec, tzOffsetMinutes < 0 ? '-' : '+', off / 60, off % 60);
  return buf;
}

json personJson(const Person &p) { return {{"name", p.name}, {"email", p.email}}; }

static json hunkJson(const Hunk &h, bool withLines) {
  json j = {{"old_start", h.oldStart}, {"old_lines", h.oldLines},
            {"new_start", h.newStart}, {"new_lines", h.newLines},
            {"section", h.section},    {"added", h.added()},
            {"removed", h.removed()}};
  if (withLines) {
    json lines = json::array();
    for (const DiffLine &l : h.lines) {
      json lj = {{"kind", std::string(1, static_cast<char>(l.kind))},
                 {"old_line", l.oldLine}, {"new_line", l.newLine}, {"text", l.text}};
      if (l.noNewlineAtEnd) lj["no_newline_at_end"] = true;
      lines.push_back(std::move(lj));
    }
    j["lines"] = std::move(lines);
  }
  return j;
}

static json fileJson(const FileChange &f, bool withLines) {
  json hunks = json::array();
  for (const Hunk &h : f.hunks) hunks.push_back(hunkJson(h, withLines));
  json j = {{"path", f.path()},         {"old_path", f.oldPath},
            {"new_path", f.newPath},    {"status", toString(f.status)},
            {"binary", f.binary},       {"old_mode", f.oldMode},
            {"new_mode", f.newMode},    {"similarity", f.similarity},
            {"added", f.added()},       {"removed", f.removed()},
            {"unavailable", f.unavailable},
            {"hunks", std::move(hunks)}};
  if (!f.notes.empty()) j["notes"] = f.notes;
  return j;
}

json patchJson(const Patch &p, bool withLines) {
  json trailers = json::array();
  for (const Trailer &t : p.trailers)
    trailers.push_back({{"key", t.key}, {"value", t.value}, {"line", t.line}});
  json files = json::array();
  for (const FileChange &f : p.files) files.push_back(fileJson(f, withLines));
  json j = {
      {"id", p.id},
      {"short_id", p.shortId()},
      {"origin",
       {{"kind", originKindName(p.origin.kind)}, {"name", p.origin.name}, {"line", p.origin.line}}},
      {"message_id", p.messageId},
      {"author", personJson(p.author)},
      {"committer", personJson(p.committer)},
      {"time", p.time},
      {"date", isoDate(p.time, p.tzOffsetMinutes)},
      {"subject", p.subject},
      {"message", p.message},
      {"trailers", std::move(trailers)},
      {"series_position",
       {{"prefix", p.series.prefix}, {"version", p.series.version}, {"index", p.series.index},
        {"total", p.series.total}, {"rfc", p.series.rfc}}},
      {"base_commit", p.baseCommit},
      {"parent", p.parentId},
      {"added", p.added()},
      {"removed", p.removed()},
      {"files", std::move(files)},
  };
  if (!p.notes.empty()) j["notes"] = p.notes;
  return j;
}

static json entityJson(const Entity &e) {
  return {{"kind", toString(e.kind)}, {"name", e.name},        {"detail", e.detail},
          {"begin_line", e.beginLine},      {"end_line", e.endLine}, {"inactive", e.inactive}};
}

static json compiledImageJson(const CompiledImage &img) {
  json symbols = json::array();
  for (const CompiledSymbol &s : img.symbols)
    symbols.push_back({{"name", s.name},
                       {"kind", s.function ? "function" : "variable"},
                       {"begin_line", s.beginLine},
                       {"end_line", s.endLine},
                       {"emitted", s.emitted},
                       {"unsupported", s.unsupported}});
  return {{"compiled", img.compiled}, {"problem", img.problem}, {"symbols", std::move(symbols)}};
}

static json compiledJson(const CompiledFile *cf) {
  if (!cf) return nullptr;
  json out = {{"skipped", cf->skipped}};
  if (!cf->skipped.empty()) return out;
  json hunks = json::array();
  for (const HunkCover &h : cf->hunks)
    hunks.push_back({{"old", h.oldSymbols}, {"new", h.newSymbols}, {"outside", h.outside}});
  out["old"] = compiledImageJson(cf->oldImage);
  out["new"] = compiledImageJson(cf->newImage);
  out["hunks"] = std::move(hunks);
  out["seconds"] = cf->compileSeconds;     // compiling both images to IR
  out["parse_seconds"] = cf->parseSeconds; // the AST map's own parses of the file
  return out;
}

json entitiesJson(const FileEntities &fe, const FileChange &f, bool full) {
  json hunks = json::array();
  for (size_t i = 0; i < fe.hunks.size(); ++i) {
    json hj;
    if (i < f.hunks.size()) hj["range"] = hunkRange(f.hunks[i]);
    hj["changed"] = hunkLabels(fe, i);
    if (full) {
      json lines = json::array();
      for (const LineAttribution &a : fe.hunks[i].lines)
        lines.push_back({{"side", a.side == Side::Old ? "old" : "new"},
                         {"line", a.line},
                         {"entity", a.entity},
                         {"part", toString(a.part)},
                         {"enclosing", a.enclosing},
                         {"what", lineLabel(fe, a)}});
      hj["lines"] = std::move(lines);
    }
    hunks.push_back(std::move(hj));
  }
  json out = {{"parsed_old", fe.parsedOld},
              {"parsed_new", fe.parsedNew},
              {"degraded", fe.degraded},
              {"degraded_reasons", fe.degradedReasons},
              {"flags_source", fe.flagsSource},
              {"changed", fileLabels(fe)}};
  if (full) {
    json oldE = json::array(), newE = json::array();
    for (const Entity &e : fe.oldEntities) oldE.push_back(entityJson(e));
    for (const Entity &e : fe.newEntities) newE.push_back(entityJson(e));
    out["old"] = std::move(oldE);
    out["new"] = std::move(newE);
  }
  out["hunks"] = std::move(hunks);
  out["compiled"] = compiledJson(fe.compiled.get());
  return out;
}

json ownersJson(const std::vector<OwningSection> &owners) {
  json out = json::array();
  for (const OwningSection &s : owners) {
    json m = json::array(), r = json::array();
    for (const Person &p : s.maintainers) m.push_back(personJson(p));
    for (const Person &p : s.reviewers) r.push_back(personJson(p));
    out.push_back({{"name", s.name},
                   {"status", s.status},
                   {"line", s.line},
                   {"pattern", s.pattern},
                   {"by_keyword", s.byKeyword},
                   {"maintainers", std::move(m)},
                   {"reviewers", std::move(r)},
                   {"lists", s.lists}});
  }
  return out;
}

static json reasonsJson(const std::vector<Reason> &reasons) {
  json out = json::array();
  for (const Reason &r : reasons) out.push_back({{"rule", r.rule}, {"detail", r.detail}});
  return out;
}

static json countsJson(const std::array<LineCounts, kCategoryCount> &counts) {
  json out = json::object();
  for (int c = 0; c < kCategoryCount; ++c)
    out[toString(static_cast<Category>(c))] = {{"added", counts[c].added},
                                               {"removed", counts[c].removed}};
  return out;
}

static json fileClassJson(const FileClass &fc) {
  json hunks = json::array();
  for (const HunkClass &h : fc.hunks)
    hunks.push_back({{"category", toString(h.category)},
                     {"comment_only", h.commentOnly},
                     {"reasons", reasonsJson(h.reasons)},
                     {"added", h.lines.added},
                     {"removed", h.lines.removed},
                     {"small_fix_lines", h.smallFixLines},
                     {"entities", h.entities}});
  return {{"path", fc.path},
          {"category", toString(fc.category)},
          {"reasons", reasonsJson(fc.reasons)},
          {"by_category", countsJson(fc.byCategory)},
          {"small_fix_lines", fc.smallFixLines},
          {"degraded", fc.degraded},
          {"degraded_reasons", fc.degradedReasons},
          {"hunks", std::move(hunks)}};
}

json classificationJson(const PatchClass &pc) {
  json files = json::array();
  for (const FileClass &fc : pc.files) files.push_back(fileClassJson(fc));
  json claims = json::array();
  for (const ToolClaim &c : pc.toolClaims)
    claims.push_back({{"tool", c.tool},
                      {"command", c.command},
                      {"line", c.line},
                      {"status", toString(c.status)},
                      {"detail", c.detail},
                      {"hunks_reproduced", c.hunksReproduced}});
  return {{"label", pc.label()},
          {"category", toString(pc.category)},
          {"mixed", pc.mixed},
          {"by_category", countsJson(pc.byCategory)},
          {"small_fix_lines", pc.smallFixLines},
          {"tools", pc.tools},
          {"tool_claims", std::move(claims)},
          {"files", std::move(files)}};
}

json verdictJson(const Verdict &v) {
  json findings = json::array();
  for (const Finding &f : v.findings) {
    json people = json::array();
    for (const Person &p : f.needAgreementFrom) people.push_back(personJson(p));
    json locations = json::array();
    for (const FindingLocation &l : f.locations)
      locations.push_back({{"file", l.file}, {"line", l.line}, {"entities", l.entities}});
    findings.push_back({{"rule", f.rule},
                        {"clause", f.clause},
                        {"severity", toString(f.severity)},
                        {"effect", toString(f.effect)},
                        {"message", f.message},
                        {"files", f.files()},
                        {"entities", f.entities()},
                        {"line", f.locations.empty() ? 0 : f.locations.front().line},
                        {"locations", std::move(locations)},
                        {"message_line", f.messageLine},
                        {"need_agreement_from", std::move(people)},
                        {"sections", f.sections},
                        {"satisfied", f.satisfied},
                        {"satisfied_by", f.satisfiedBy}});
  }
  auto tallies = [](const std::vector<CodeTally> &from) {
    json out = json::array();
    for (const CodeTally &t : from)
      out.push_back({{"file", t.file},
                     {"entity", t.entity},
                     {"per_patch", t.perPatch},
                     {"total", t.total()}});
    return out;
  };
  json codeLines = tallies(v.codeLines);
  json earlier = json::array();
  for (const EarlierVersion &e : v.earlierVersions)
    earlier.push_back(
        {{"version", e.version}, {"title", e.title}, {"code_lines", tallies(e.codeLines)}});
  return {{"verdict", toString(v.kind)},
          {"ai_assisted", v.aiAssisted},
          {"assumed", v.assumed},
          {"ai_used_for", v.aiUsedFor},
          {"summary", v.summary},
          {"findings", std::move(findings)},
          {"code_lines", std::move(codeLines)},
          {"earlier_versions", std::move(earlier)}};
}

json stagesJson(const StagesRun &s) {
  json out = json::array({"sources"});
  if (s.entities) out.push_back("entities");
  if (s.owners) out.push_back("owners");
  if (s.classify) out.push_back("classify");
  if (s.policy) out.push_back("policy");
  return out;
}

json skippedJson(const std::vector<Skipped> &skipped) {
  json out = json::array();
  for (const Skipped &s : skipped) {
    json j = {{"origin", s.origin.name}, {"id", s.id}, {"subject", s.subject},
              {"reason", s.reason}};
    if (s.origin.line > 0) j["line"] = s.origin.line;
    if (s.error) j["error"] = true;
    out.push_back(std::move(j));
  }
  return out;
}

json coverLetterJson(const std::optional<Patch> &cover) {
  if (!cover) return nullptr;
  return {{"subject", cover->subject},
          {"author", personJson(cover->author)},
          {"message", cover->message}};
}

json baseJson(const PatchBase &b) {
  return {{"from", toString(b.from)},
          {"commit", b.commit},
          {"series_below", b.seriesBelow},
          {"blobs_from_index", b.blobPaths},
          {"behind_head", b.behindHead},
          {"exact", b.exact},
          {"summary", b.summary},
          {"steps", b.steps}};
}

json patchResultJson(const PatchResult &r, const StagesRun &stages, bool full) {
  json j, patch = patchJson(r.patch, full);
  // The base right after the parent, where a reader of the schema looks for it.
  for (auto &[key, value] : patch.items()) {
    j[key] = std::move(value);
    if (key == "parent") j["base"] = baseJson(r.base);
  }
  json &files = j["files"];
  for (size_t i = 0; i < r.patch.files.size() && i < files.size(); ++i) {
    const FileResult *fr = i < r.files.size() ? &r.files[i] : nullptr;
    const FileClass *fc =
        stages.classify && i < r.classification.files.size() ? &r.classification.files[i]
                                                             : nullptr;
    json &fj = files[i];
    fj["category"] = fc ? json(toString(fc->category)) : json(nullptr);
    fj["reasons"] = fc ? reasonsJson(fc->reasons) : json(nullptr);
    fj["owners"] = stages.owners && fr ? ownersJson(fr->owners) : json(nullptr);
    fj["entities"] =
        stages.entities && fr ? entitiesJson(fr->entities, r.patch.files[i], full) : json(nullptr);
    json &hunks = fj["hunks"];
    for (size_t h = 0; fc && h < hunks.size() && h < fc->hunks.size(); ++h) {
      const HunkClass &hc = fc->hunks[h];
      hunks[h]["category"] = toString(hc.category);
      hunks[h]["comment_only"] = hc.commentOnly;
      hunks[h]["reasons"] = reasonsJson(hc.reasons);
      hunks[h]["small_fix_lines"] = hc.smallFixLines;
    }
  }
  j["classification"] = stages.classify ? classificationJson(r.classification) : json(nullptr);
  if (j["classification"].is_object()) j["classification"].erase("files");
  j["verdict"] = stages.policy ? verdictJson(r.verdict) : json(nullptr);
  return j;
}

} // namespace provcheck::render
