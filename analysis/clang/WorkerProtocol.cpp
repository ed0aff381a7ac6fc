#include "analysis/clang/WorkerProtocol.h"
#include "analysis/clang/SharedPreamble.h"

namespace provcheck::clangmap {

using wire::Reader;
using wire::Writer;

namespace {

void put(Writer &w, const std::vector<TreeEntry> &entries) {
  w.u64(entries.size());
  for (const TreeEntry &e : entries) {
    w.bytes(e.name);
    w.u64(static_cast<uint64_t>(e.kind));
    w.bytes(e.key);
  }
}

std::vector<TreeEntry> getEntries(Reader &r) {
  std::vector<TreeEntry> out;
  for (uint64_t n = r.count(); n > 0; --n) {
    TreeEntry e;
    e.name = r.bytes();
    uint64_t kind = r.u64();
    e.kind = kind == 1 ? TreeEntryKind::Directory : kind == 2 ? TreeEntryKind::Link
                                                              : TreeEntryKind::File;
    e.key = r.bytes();
    out.push_back(std::move(e));
  }
  return out;
}

void put(Writer &w, const Entity &e) {
  w.u64(static_cast<uint64_t>(e.kind));
  w.bytes(e.name);
  w.bytes(e.detail);
  w.i64(e.beginLine);
  w.i64(e.endLine);
  w.flag(e.inactive);
}

Entity getEntity(Reader &r) {
  Entity e;
  uint64_t kind = r.u64();
  e.kind = kind <= static_cast<uint64_t>(EntityKind::TopLevel) ? static_cast<EntityKind>(kind)
                                                                : EntityKind::TopLevel;
  e.name = r.bytes();
  e.detail = r.bytes();
  e.beginLine = r.i32();
  e.endLine = r.i32();
  e.inactive = r.flag();
  return e;
}

void put(Writer &w, const std::vector<LineRange> &ranges) {
  w.u64(ranges.size());
  for (const LineRange &l : ranges) {
    w.i64(l.begin);
    w.i64(l.end);
  }
}

std::vector<LineRange> getRanges(Reader &r) {
  std::vector<LineRange> out;
  for (uint64_t n = r.count(); n > 0; --n) {
    LineRange l;
    l.begin = r.i32();
    l.end = r.i32();
    out.push_back(l);
  }
  return out;
}

void put(Writer &w, const std::shared_ptr<const SharedPch> &pch) {
  w.flag(pch != nullptr);
  if (!pch) return;
  w.bytes(pch->key);
  w.bytes(pch->header);
  w.bytes(pch->bytes);
  w.u64(pch->inputs.size());
  for (const SharedPch::Input &in : pch->inputs) {
    w.bytes(in.path);
    w.u64(in.size);
    w.i64(in.mtime);
  }
}

std::shared_ptr<const SharedPch> getShared(Reader &r) {
  if (!r.flag()) return nullptr;
  auto pch = std::make_shared<SharedPch>();
  pch->key = r.bytes();
  pch->header = r.bytes();
  pch->bytes = r.bytes();
  for (uint64_t n = r.count(); n > 0; --n) {
    SharedPch::Input in;
    in.path = r.bytes();
    in.size = r.u64();
    in.mtime = r.i64();
    pch->inputs.push_back(std::move(in));
  }
  return pch;
}

} // namespace

std::string encode(const JobMessage &m) {
  Writer w;
  const ImageJob &j = m.job;
  w.bytes(j.root);
  w.stringMap(j.extra);
  w.strings(j.setup.args);
  w.bytes(j.setup.directory);
  w.bytes(j.setup.source);
  w.flag(j.setup.fallback);
  w.bytes(j.setup.includer);
  w.stringMap(j.setup.extraFiles);
  w.bytes(j.mainPath);
  w.bytes(j.contents);
  w.flag(j.skipBodies);
  w.bytes(j.sharedInclude);
  w.flag(j.sharedForced);
  w.u64(j.diskEpoch);
  w.bytes(m.treeId);
  put(w, m.rootEntries);
  w.flag(m.build);
  w.i64(m.limits.cpuSeconds);
  w.u64(m.limits.memoryBytes);
  w.u64(m.limits.stackBytes);
  w.u64(m.limits.preambleCacheBytes);
  put(w, m.shared);
  return w.take();
}

std::optional<JobMessage> decodeJob(std::string_view payload) {
  Reader r(payload);
  JobMessage m;
  ImageJob &j = m.job;
  j.root = r.bytes();
  j.extra = r.stringMap();
  j.setup.args = r.strings();
  j.setup.directory = r.bytes();
  j.setup.source = r.bytes();
  j.setup.fallback = r.flag();
  j.setup.includer = r.bytes();
  j.setup.extraFiles = r.stringMap();
  j.mainPath = r.bytes();
  j.contents = r.bytes();
  j.skipBodies = r.flag();
  j.sharedInclude = r.bytes();
  j.sharedForced = r.flag();
  j.diskEpoch = r.u64();
  m.treeId = r.bytes();
  m.rootEntries = getEntries(r);
  m.build = r.flag();
  m.limits.cpuSeconds = r.i32();
  m.limits.memoryBytes = r.u64();
  m.limits.stackBytes = r.u64();
  m.limits.preambleCacheBytes = r.u64();
  m.shared = getShared(r);
  if (!r.ok()) return std::nullopt;
  return m;
}

std::string encode(const ParseOutput &out) {
  Writer w;
  w.flag(out.parsed);
  w.flag(out.usedPreamble);
  w.flag(out.builtPreamble);
  w.flag(out.usedShared);
  w.flag(out.builtShared);
  w.u64(out.decls.size());
  for (const DeclEntity &d : out.decls) {
    put(w, d.entity);
    w.i64(d.parent);
    w.i64(d.signatureEnd);
    w.flag(d.hasBody);
  }
  put(w, out.skipped);
  w.u64(out.undefinedConditions.size());
  for (int l : out.undefinedConditions) w.i64(l);
  w.strings(out.problems);
  put(w, out.sharedBuilt);
  return w.take();
}

std::optional<ParseOutput> decodeOutput(std::string_view payload) {
  Reader r(payload);
  ParseOutput out;
  out.parsed = r.flag();
  out.usedPreamble = r.flag();
  out.builtPreamble = r.flag();
  out.usedShared = r.flag();
  out.builtShared = r.flag();
  for (uint64_t n = r.count(); n > 0; --n) {
    DeclEntity d;
    d.entity = getEntity(r);
    d.parent = r.i32();
    d.signatureEnd = r.i32();
    d.hasBody = r.flag();
    out.decls.push_back(std::move(d));
  }
  out.skipped = getRanges(r);
  for (uint64_t n = r.count(); n > 0; --n) out.undefinedConditions.push_back(r.i32());
  out.problems = r.strings();
  out.sharedBuilt = getShared(r);
  if (!r.ok()) return std::nullopt;
  return out;
}

std::string encode(const std::optional<std::vector<TreeEntry>> &entries) {
  Writer w;
  w.flag(entries.has_value());
  if (entries) put(w, *entries);
  return w.take();
}

std::optional<std::optional<std::vector<TreeEntry>>> decodeListing(std::string_view payload) {
  Reader r(payload);
  std::optional<std::vector<TreeEntry>> out;
  if (r.flag()) out = getEntries(r);
  if (!r.ok()) return std::nullopt;
  return out;
}

} // namespace provcheck::clangmap
