// repeated-edit: the same token-level edit at many sites, the shape of coccinelle, sed or
// a refactoring tool. Each hunk's old and new code tokens are aligned (longest common
// subsequence); every maximal run of unmatched tokens is one edit site. An edit is
// abstracted: literals become '#', identifiers that also occur unchanged around it (the
// variables a semantic patch would bind) become '$'; the names the edit introduces or
// removes stay literal; an edit that replaces one name by another is the textual
// substitution that makes it ("s/MO_TE/MO_BE/"). A file whose every edit belongs to a group of at least
// `repeatedEditMinSites` sites across the patch is mechanical.
#include "classify/detect/Detectors.h"

#include <algorithm>
#include <cstdint>
#include <map>
#include <set>

namespace provcheck {
namespace {

constexpr size_t kMaxCells = 4'000'000; // LCS table size beyond which a hunk is not judged

struct Edit {
  std::vector<const HunkToken *> del, ins;
};

// Maximal unmatched runs between the common subsequence of a and b; nullopt if too big.
std::optional<std::vector<Edit>> edits(const std::vector<HunkToken> &a,
                                       const std::vector<HunkToken> &b,
                                       std::set<std::string> &matched) {
  size_t pre = 0;
  while (pre < a.size() && pre < b.size() && a[pre].text == b[pre].text) ++pre;
  size_t suf = 0;
  while (suf < a.size() - pre && suf < b.size() - pre &&
         a[a.size() - 1 - suf].text == b[b.size() - 1 - suf].text)
    ++suf;
  for (size_t i = 0; i < pre; ++i) matched.insert(a[i].text);
  for (size_t i = 0; i < suf; ++i) matched.insert(a[a.size() - 1 - i].text);
  size_t n = a.size() - pre - suf, m = b.size() - pre - suf;
  if ((n + 1) * (m + 1) > kMaxCells) return std::nullopt;
  std::vector<uint32_t> dp((n + 1) * (m + 1), 0);
  auto at = [&](size_t i, size_t j) -> uint32_t & { return dp[i * (m + 1) + j]; };
  for (size_t i = n; i-- > 0;)
    for (size_t j = m; j-- > 0;)
      at(i, j) = a[pre + i].text == b[pre + j].text ? at(i + 1, j + 1) + 1
                                                     : std::max(at(i + 1, j), at(i, j + 1));
  std::vector<Edit> out;
  Edit cur;
  auto flush = [&] {
    if (!cur.del.empty() || !cur.ins.empty()) out.push_back(std::move(cur));
    cur = {};
  };
  size_t i = 0, j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[pre + i].text == b[pre + j].text) {
      flush();
      matched.insert(a[pre + i].text);
      ++i, ++j;
    } else if (j < m && (i == n || at(i, j + 1) >= at(i + 1, j))) {
      cur.ins.push_back(&b[pre + j++]);
    } else {
      cur.del.push_back(&a[pre + i++]);
    }
  }
  flush();
  return out;
}

std::string abstractRun(const std::vector<const HunkToken *> &run,
                        const std::set<std::string> &bound, bool &literal) {
  std::string out;
  for (const HunkToken *t : run) {
    std::string piece = t->text;
    if (t->kind == TokenKind::Number || t->kind == TokenKind::String) piece = "#";
    else if (t->kind == TokenKind::Identifier && bound.count(t->text)) piece = "$";
    else literal = true;
    out += (out.empty() ? "" : " ") + piece;
  }
  return out;
}

} // namespace

void detectRepeatedEdit(DetectContext &ctx) {
  // signatures[f][h]: the abstracted edits of each judged hunk; empty optional when the
  // hunk cannot be judged.
  std::vector<std::map<size_t, std::optional<std::vector<std::string>>>> signatures(ctx.files.size());
  std::map<std::string, int> sites;
  for (size_t f = 0; f < ctx.files.size(); ++f) {
    const FileFacts &ff = ctx.files[f];
    if (!ff.candidate) continue;
    for (size_t h = 0; h < ff.hunks.size(); ++h) {
      const HunkFacts &hf = ff.hunks[h];
      if (ctx.claimed(f, h) || !hf.hasCodeChange()) continue;
      std::set<std::string> bound;
      auto es = edits(hf.oldCode, hf.newCode, bound);
      if (!es) {
        signatures[f][h] = std::nullopt;
        continue;
      }
      for (const auto *v : {&hf.oldContext, &hf.newContext})
        for (const HunkToken &t : *v) bound.insert(t.text);
      std::vector<std::string> sigs;
      bool allLiteral = true;
      for (const Edit &e : *es) {
        bool literal = false;
        if (e.del.size() == 1 && e.ins.size() == 1 && e.del[0]->kind == TokenKind::Identifier &&
            e.ins[0]->kind == TokenKind::Identifier) {
          // One name for another: the textual substitution, as sed would make it
          // (MO_TEUL -> MO_BEUL and MO_TE -> MO_BE are both "MO_T -> MO_B").
          const std::string &a = e.del[0]->text, &b = e.ins[0]->text;
          size_t pre = 0;
          while (pre < a.size() && pre < b.size() && a[pre] == b[pre]) ++pre;
          size_t suf = 0;
          while (suf < a.size() - pre && suf < b.size() - pre &&
                 a[a.size() - 1 - suf] == b[b.size() - 1 - suf])
            ++suf;
          sigs.push_back("s/" + a.substr(0, a.size() - suf) + "/" + b.substr(0, b.size() - suf) + "/");
          continue;
        }
        std::string del = abstractRun(e.del, bound, literal);
        std::string ins = abstractRun(e.ins, bound, literal);
        std::string sig = del.empty() ? "+ " + ins : ins.empty() ? "- " + del : del + " -> " + ins;
        allLiteral = allLiteral && literal;
        sigs.push_back(sig);
      }
      if (!allLiteral) {
        signatures[f][h] = std::nullopt;
        continue;
      }
      for (const std::string &s : sigs) ++sites[s];
      signatures[f][h] = std::move(sigs);
    }
  }
  for (size_t f = 0; f < ctx.files.size(); ++f) {
    if (signatures[f].empty()) continue;
    bool all = true;
    for (const auto &[h, sigs] : signatures[f]) {
      if (!sigs) all = false;
      else
        for (const std::string &s : *sigs) all = all && sites[s] >= ctx.repeatedEditMinSites;
    }
    if (!all) continue;
    for (const auto &[h, sigs] : signatures[f]) {
      int n = sites[sigs->front()];
      std::string edit;
      for (const std::string &s : *sigs) {
        n = std::min(n, sites[s]);
        if (edit.find(s) == std::string::npos) edit += (edit.empty() ? "" : "; ") + s;
      }
      std::string detail = "same edit at " + std::to_string(n) + " sites: " + edit;
      ctx.claims[f][h] = Mechanical{{"repeated-edit", detail}, false};
    }
  }
}

} // namespace provcheck
