// repeated-edit: the same token-level edit at many sites, the shape of coccinelle, sed or
// a refactoring tool. It proves nothing: the same edit made at many places shows a
// pattern, not that the program does the same thing (a fix repeated at three places is
// still a fix; one existing function swapped for another is code). Renames are proven by
// the rename rule, and a tool named in the message by replaying it. What this rule finds
// is reported as the reason a hunk is not proven, so that a reviewer sees the pattern:
// each hunk's old and new code tokens are aligned (longest common subsequence), pure
// insertions and deletions slid to their rightmost equivalent place; every maximal run of
// unmatched tokens is one edit site. An edit is abstracted: an operand (a literal, or a
// name that also occurs matched in the hunk's changed lines, with member accesses,
// subscripts and a leading '*' or '&') becomes 'E', as a semantic patch's expression
// metavariable; the names the edit introduces or removes stay literal; an edit that
// replaces one name by another is the textual substitution that makes it
// ("s/MO_TE/MO_BE/"). Edits of operands or punctuation only are no pattern. Only C-family
// files are read.
#include "classify/detect/Detectors.h"

#include <algorithm>
#include <cstdint>
#include <functional>
#include <map>
#include <set>

namespace provcheck {
namespace {

constexpr size_t kMaxCells = 4'000'000; // LCS table size beyond which a hunk is not judged

struct Edit {
  std::vector<const HunkToken *> del, ins;
};

enum class Op : unsigned char { Match, Del, Ins };

// One step of the alignment of a hunk's old and new tokens.
struct Step {
  Op op;
  size_t i, j; // position in old (Match, Del) and new (Match, Ins)
};

// Slides every pure deletion and pure insertion as far right as the tokens allow, so that
// the same edit gets the same run at every site ("a , b , c" minus one ", x" can align
// as "x ," or ", x" depending on the neighbours; the rightmost is canonical).
void slideRight(std::vector<Step> &steps, const std::vector<HunkToken> &a,
                const std::vector<HunkToken> &b) {
  for (size_t s = 0; s < steps.size();) {
    if (steps[s].op == Op::Match) {
      ++s;
      continue;
    }
    size_t e = s;
    while (e < steps.size() && steps[e].op == steps[s].op) ++e;
    bool pure = e == steps.size() || steps[e].op == Op::Match;
    pure = pure && (s == 0 || steps[s - 1].op == Op::Match);
    if (!pure) {
      while (e < steps.size() && steps[e].op != Op::Match) ++e;
      s = e;
      continue;
    }
    bool del = steps[s].op == Op::Del;
    auto text = [&](const Step &st) -> std::string_view {
      return del ? a[st.i].text : b[st.j].text;
    };
    // Run [s, e) followed by a match whose token equals the run's first: the first token
    // takes the match, the run moves one right (never onto another edit).
    while (e < steps.size() && steps[e].op == Op::Match && text(steps[e]) == text(steps[s]) &&
           (e + 1 == steps.size() || steps[e + 1].op == Op::Match)) {
      const Step first = steps[s], m = steps[e];
      if (del) {
        steps[s] = {Op::Match, first.i, m.j};
        for (size_t k = s + 1; k <= e; ++k) steps[k] = {Op::Del, first.i + (k - s), 0};
      } else {
        steps[s] = {Op::Match, m.i, first.j};
        for (size_t k = s + 1; k <= e; ++k) steps[k] = {Op::Ins, 0, first.j + (k - s)};
      }
      ++s, ++e;
    }
    s = e;
  }
}

// Maximal unmatched runs between the common subsequence of a and b; nullopt if too big.
std::optional<std::vector<Edit>> edits(const std::vector<HunkToken> &a,
                                       const std::vector<HunkToken> &b,
                                       std::set<std::string, std::less<>> &matched) {
  size_t pre = 0;
  while (pre < a.size() && pre < b.size() && a[pre].text == b[pre].text) ++pre;
  size_t suf = 0;
  while (suf < a.size() - pre && suf < b.size() - pre &&
         a[a.size() - 1 - suf].text == b[b.size() - 1 - suf].text)
    ++suf;
  size_t n = a.size() - pre - suf, m = b.size() - pre - suf;
  if ((n + 1) * (m + 1) > kMaxCells) return std::nullopt;
  std::vector<uint32_t> dp((n + 1) * (m + 1), 0);
  auto at = [&](size_t i, size_t j) -> uint32_t & { return dp[i * (m + 1) + j]; };
  for (size_t i = n; i-- > 0;)
    for (size_t j = m; j-- > 0;)
      at(i, j) = a[pre + i].text == b[pre + j].text ? at(i + 1, j + 1) + 1
                                                    : std::max(at(i + 1, j), at(i, j + 1));
  std::vector<Step> steps;
  for (size_t k = 0; k < pre; ++k) steps.push_back({Op::Match, k, k});
  size_t i = 0, j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[pre + i].text == b[pre + j].text) {
      steps.push_back({Op::Match, pre + i++, pre + j++});
    } else if (j < m && (i == n || at(i, j + 1) >= at(i + 1, j))) {
      steps.push_back({Op::Ins, 0, pre + j++});
    } else {
      steps.push_back({Op::Del, pre + i++, 0});
    }
  }
  for (size_t k = 0; k < suf; ++k) steps.push_back({Op::Match, pre + n + k, pre + m + k});
  slideRight(steps, a, b);
  std::vector<Edit> out;
  Edit cur;
  auto flush = [&] {
    if (!cur.del.empty() || !cur.ins.empty()) out.push_back(std::move(cur));
    cur = {};
  };
  for (const Step &st : steps) {
    if (st.op == Op::Match) {
      flush();
      matched.emplace(a[st.i].text);
    } else if (st.op == Op::Del) {
      cur.del.push_back(&a[st.i]);
    } else {
      cur.ins.push_back(&b[st.j]);
    }
  }
  flush();
  return out;
}

// An operand: a literal, or a name the edit does not introduce or remove (bound), with
// member accesses and subscripts of such operands and a leading '*' or '&':
// "*uds", "s->lpd.iou.uart[i]", "&mms->iotkit" are all the operand 'E', as a semantic
// patch's `expression` metavariable matches them alike.
bool isOperandStart(const HunkToken &t, const std::set<std::string, std::less<>> &bound) {
  return t.kind == TokenKind::Number || t.kind == TokenKind::String ||
         (t.kind == TokenKind::Identifier && bound.count(t.text));
}

// Length of the operand starting at run[k], 0 if none.
size_t operandLength(const std::vector<const HunkToken *> &run, size_t k,
                     const std::set<std::string, std::less<>> &bound) {
  size_t p = k;
  while (p < run.size() && (run[p]->text == "*" || run[p]->text == "&")) ++p;
  if (p >= run.size() || !isOperandStart(*run[p], bound)) return 0;
  ++p;
  if (p < run.size() && run[p]->text == "(") return 0; // a function's name, not an operand
  for (;;) {
    if (p + 1 < run.size() && (run[p]->text == "->" || run[p]->text == ".") &&
        run[p + 1]->kind == TokenKind::Identifier) {
      p += 2;
    } else if (p < run.size() && run[p]->text == "[") {
      size_t inner = operandLength(run, p + 1, bound);
      if (inner == 0 || p + 1 + inner >= run.size() || run[p + 1 + inner]->text != "]") break;
      p += inner + 2;
    } else {
      break;
    }
  }
  return p - k;
}

// The run as the edit's signature; `literal` is set when a token stays literal, `named`
// when one of those is a name or keyword (punctuation alone names nothing).
std::string abstractRun(const std::vector<const HunkToken *> &run,
                        const std::set<std::string, std::less<>> &bound, bool &literal, bool &named) {
  std::string out;
  for (size_t k = 0; k < run.size();) {
    std::string piece;
    if (size_t len = operandLength(run, k, bound)) {
      piece = "E";
      k += len;
    } else {
      piece = run[k]->text;
      literal = true;
      named = named || run[k]->kind == TokenKind::Identifier || run[k]->kind == TokenKind::Keyword;
      ++k;
    }
    out += (out.empty() ? "" : " ") + piece;
  }
  return out;
}

} // namespace

void detectRepeatedEdit(DetectContext &ctx) {
  // signatures[f][h]: the abstracted edits of each judged hunk; empty optional when the
  // hunk cannot be judged.
  std::vector<std::map<size_t, std::optional<std::vector<std::string>>>> signatures(
      ctx.files.size());
  std::map<std::string, int> sites;
  for (size_t f = 0; f < ctx.files.size(); ++f) {
    const FileFacts &ff = ctx.files[f];
    if (!ff.candidate || !ff.cFamily) continue;
    for (size_t h = 0; h < ff.hunks.size(); ++h) {
      const HunkFacts &hf = ff.hunks[h];
      if (ctx.claimed(f, h) || !hf.hasCodeChange()) continue;
      std::set<std::string, std::less<>> bound;
      auto es = edits(hf.oldCode, hf.newCode, bound);
      if (!es) {
        signatures[f][h] = std::nullopt;
        continue;
      }
      std::vector<std::string> sigs;
      bool allLiteral = true, named = false;
      for (const Edit &e : *es) {
        bool literal = false;
        if (e.del.size() == 1 && e.ins.size() == 1 && e.del[0]->kind == TokenKind::Identifier &&
            e.ins[0]->kind == TokenKind::Identifier) {
          // One name for another: the textual substitution, as sed would make it
          // (MO_TEUL -> MO_BEUL and MO_TE -> MO_BE are both "MO_T -> MO_B").
          std::string_view a = e.del[0]->text, b = e.ins[0]->text;
          size_t pre = 0;
          while (pre < a.size() && pre < b.size() && a[pre] == b[pre]) ++pre;
          size_t suf = 0;
          while (suf < a.size() - pre && suf < b.size() - pre &&
                 a[a.size() - 1 - suf] == b[b.size() - 1 - suf])
            ++suf;
          sigs.push_back("s/" + std::string(a.substr(0, a.size() - suf)) + "/" +
                         std::string(b.substr(0, b.size() - suf)) + "/");
          named = true;
          continue;
        }
        std::string del = abstractRun(e.del, bound, literal, named);
        std::string ins = abstractRun(e.ins, bound, literal, named);
        std::string sig = del.empty() ? "+ " + ins : ins.empty() ? "- " + del : del + " -> " + ins;
        allLiteral = allLiteral && literal;
        sigs.push_back(sig);
      }
      if (!allLiteral || !named) {
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
      if (!sigs)
        all = false;
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
      ctx.refuse(f, h, "repeated-edit",
                 "same edit at " + std::to_string(n) + " sites: " + edit +
                     "; an edit repeated is a pattern, not the same behaviour");
    }
  }
}

} // namespace provcheck
