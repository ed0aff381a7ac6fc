#include "classify/PolicyRevision.h"

#include "analysis/Images.h"

#include <glib.h>

#include <algorithm>
#include <cctype>

namespace provcheck {

std::string documentFingerprint(std::string_view text) {
  std::string norm;
  norm.reserve(text.size());
  bool blank = false;
  for (char c : text) {
    if (c == '\r') continue;
    if (std::isspace(static_cast<unsigned char>(c))) {
      blank = !norm.empty();
      continue;
    }
    if (blank) norm += ' ';
    blank = false;
    norm += c;
  }
  gchar *hex = g_compute_checksum_for_data(G_CHECKSUM_SHA256,
                                           reinterpret_cast<const guchar *>(norm.data()),
                                           norm.size());
  std::string out = "sha256:" + std::string(hex);
  g_free(hex);
  return out;
}

std::string TreeDocument::describe() const {
  if (!known())
    return "a revision provcheck does not know (" + fingerprint.substr(0, 19) + "...)";
  return "the revision of " + revision.date +
         (revision.commit.empty() ? std::string() : " (" + revision.commit + ")");
}

std::optional<TreeDocument> readTreeDocument(const TreeView &tree, const std::string &path) {
  std::optional<std::string> text = tree.read(path);
  if (!text) return std::nullopt;
  TreeDocument d;
  d.path = path;
  d.fingerprint = documentFingerprint(*text);
  for (const std::string &name : builtinPolicyNames()) {
    Expected<Policy> p = builtinPolicy(name);
    if (!p || p->document.path != path) continue;
    if (const DocumentRevision *r = p->document.find(d.fingerprint)) {
      d.policy = name;
      d.revision = *r;
      break;
    }
  }
  return d;
}

namespace {

std::string applied(const Policy &p) {
  return "'" + p.name + "'" + (p.document.revision.empty() ? "" : " (" + p.document.revision + ")");
}

} // namespace

std::string revisionNotice(const Policy &policy, const TreeView &tree) {
  if (policy.document.path.empty()) return "";
  std::optional<TreeDocument> d = readTreeDocument(tree, policy.document.path);
  if (!d || policy.document.find(d->fingerprint)) return "";
  std::string notice = d->path + " in the tree is " + d->describe();
  if (d->known())
    notice += ", which the built-in policy '" + d->policy + "' encodes";
  notice += "; this run applies " + applied(policy);
  if (d->known()) notice += " (--policy " + d->policy + " or --policy auto judges by the tree's text)";
  return notice;
}

Expected<Policy> autoPolicy(const TreeView *tree, const std::string &fallback,
                            std::string &notice) {
  std::vector<std::string> paths;
  for (const std::string &name : builtinPolicyNames()) {
    Expected<Policy> p = builtinPolicy(name);
    if (!p) return p.error();
    const std::string &path = p->document.path;
    if (!path.empty() && std::find(paths.begin(), paths.end(), path) == paths.end())
      paths.push_back(path);
  }
  for (const std::string &path : paths) {
    std::optional<TreeDocument> d = tree ? readTreeDocument(*tree, path) : std::nullopt;
    if (!d) continue;
    std::string chosen = d->policy;
    if (chosen.empty()) { // unknown revision: the latest policy of that document
      std::string latest;
      for (const std::string &name : builtinPolicyNames()) {
        Expected<Policy> p = builtinPolicy(name);
        if (p && p->document.path == path && p->document.date > latest) {
          latest = p->document.date;
          chosen = name;
        }
      }
    }
    Expected<Policy> p = builtinPolicy(chosen);
    if (!p) return p.error();
    notice = "--policy auto: " + path + " in the tree is " + d->describe() + "; applying " +
             applied(*p) + (d->known() ? "" : ", the latest revision provcheck knows");
    return p;
  }
  Expected<Policy> p = resolvePolicy(fallback, tree);
  if (!p) return p.error();
  std::string list;
  for (const std::string &path : paths) list += (list.empty() ? "" : ", ") + path;
  notice = "--policy auto: " +
           (tree ? "the tree holds none of the documents the built-in policies encode (" + list + ")"
                 : std::string("no tree to read a policy document from")) +
           "; applying '" + p->name + "'";
  return p;
}

} // namespace provcheck
