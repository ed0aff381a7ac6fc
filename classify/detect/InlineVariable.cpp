// inline-variable: a local variable initialised by a plain expression and used once is
// replaced by that expression (the refactoring "inline variable", or the semantic patch
// "- T *v = E; ... - v + E"). Tokens cannot prove it: the declared type may convert the
// value (`uint8_t v = s->reg;` truncates), and the expression, calls included, is
// evaluated at the use instead of the declaration. What this rule recognises is reported
// as the reason such a hunk is not proven (the compiled code can prove it). The shape:
// the removed declaration
// `T NAME = EXPR ;` lies entirely on removed lines, and the old side of every hunk of
// the file, with those declarations dropped and each later removed use of NAME replaced
// by EXPR, is token for token the new side. Each declaration must have exactly one use
// (the new code compiles without the declaration, so no other use is left in its scope);
// EXPR is a postfix expression (names, literals, member access, calls, subscripts) with
// no assignment or increment; nothing the diff shows between the declaration and the use
// writes what EXPR reads.
#include "classify/detect/Detectors.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <map>
#include <set>
#include <string_view>

namespace provcheck {
namespace {

bool isTypeWord(const HunkToken &t) {
  static constexpr std::array<std::string_view, 14> notTypes = {
      "return", "case", "goto", "else", "do", "if", "while", "for", "switch", "sizeof",
      "static", "extern", "volatile", "typedef"};
  if (t.kind != TokenKind::Identifier && t.kind != TokenKind::Keyword) return false;
  return std::find(notTypes.begin(), notTypes.end(), t.text) == notTypes.end();
}

bool isStatementStart(const std::vector<SideToken> &s, size_t k) {
  if (k == 0) return true;
  std::string_view p = s[k - 1].token->text;
  return p == ";" || p == "{" || p == "}";
}

// A postfix expression: names, literals, "->", "." and bracketed groups at depth 0,
// and nothing that assigns or increments anywhere.
bool plainExpression(const std::vector<std::string> &e) {
  if (e.empty()) return false;
  int depth = 0;
  for (const std::string &t : e) {
    if (t == "(" || t == "[") {
      ++depth;
      continue;
    }
    if (t == ")" || t == "]") {
      if (--depth < 0) return false;
      continue;
    }
    if (t == "++" || t == "--" || (t.size() >= 1 && t.back() == '=' && t != "==" && t != "!=" &&
                                   t != "<=" && t != ">="))
      return false;
    if (depth > 0) continue;
    bool word = !t.empty() && (std::isalnum(static_cast<unsigned char>(t[0])) || t[0] == '_' ||
                               t[0] == '"' || t[0] == '\'');
    if (!word && t != "->" && t != ".") return false;
  }
  return depth == 0;
}

struct Declaration {
  size_t begin, end; // tokens [begin, end) of the old stream, ';' included
  std::string name;
  std::vector<std::string> expr;
};

// A removed `T NAME = EXPR ;` starting at statement start k, or nullopt.
std::optional<Declaration> declarationAt(const std::vector<SideToken> &s, size_t k) {
  if (!isStatementStart(s, k)) return std::nullopt;
  size_t p = k;
  int words = 0;
  while (p < s.size() && s[p].changed && (isTypeWord(*s[p].token) || s[p].token->text == "*")) {
    if (s[p].token->text != "*") ++words;
    ++p;
  }
  // The last word is the name; at least one word of type before it.
  if (words < 2 || p >= s.size() || s[p].token->text != "=" || !s[p].changed) return std::nullopt;
  const HunkToken &name = *s[p - 1].token;
  if (name.kind != TokenKind::Identifier) return std::nullopt;
  Declaration d{k, 0, std::string(name.text), {}};
  int depth = 0;
  for (size_t q = p + 1; q < s.size() && s[q].changed; ++q) {
    std::string_view t = s[q].token->text;
    if (t == "(" || t == "[") ++depth;
    if (t == ")" || t == "]") --depth;
    if (depth == 0 && t == ",") return std::nullopt;
    if (depth == 0 && t == ";") {
      d.end = q + 1;
      return plainExpression(d.expr) ? std::optional<Declaration>(d) : std::nullopt;
    }
    d.expr.emplace_back(t);
  }
  return std::nullopt;
}

// A member name ("s->env", "s.env"), not a variable.
bool afterMember(const std::vector<SideToken> &s, size_t k) {
  return k > 0 && (s[k - 1].token->text == "->" || s[k - 1].token->text == ".");
}

bool isWrite(std::string_view t) {
  static constexpr std::array<std::string_view, 13> ops = {
      "=", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "<<=", ">>=", "++", "--"};
  return std::find(ops.begin(), ops.end(), t) != ops.end();
}

bool isName(const std::string &t) {
  return !t.empty() && (std::isalpha(static_cast<unsigned char>(t[0])) || t[0] == '_');
}

// Member-access chains of names, subscripts blurred: "s->val", "cpu", "s->arr[]". A name
// followed by "(" is a called function, not a chain. `from` is where a chain may start.
std::vector<std::string> chainsOf(const std::vector<std::string> &t, size_t from, size_t to) {
  std::vector<std::string> out;
  for (size_t k = from; k < to; ++k) {
    if (!isName(t[k]) || (k > 0 && (t[k - 1] == "->" || t[k - 1] == "."))) continue;
    if (k + 1 < t.size() && t[k + 1] == "(") continue;
    std::string chain = t[k];
    size_t p = k + 1;
    for (;;) {
      if (p + 1 < t.size() && (t[p] == "->" || t[p] == ".") && isName(t[p + 1])) {
        chain += t[p] + t[p + 1];
        p += 2;
      } else if (p < t.size() && t[p] == "[") {
        int depth = 0;
        while (p < t.size()) {
          if (t[p] == "[") ++depth;
          if (t[p] == "]" && --depth == 0) break;
          ++p;
        }
        chain += "[]";
        ++p;
      } else {
        break;
      }
    }
    out.push_back(chain);
    k = p - 1;
  }
  return out;
}

// Writing `w` changes what reading `r` gives: the same chain, or a part of it ("s" or
// "s->val" written, "s->val" read). A write through a chain ("cpu->halted" when "cpu" is
// read) changes the object, not the chain's value; a call in the initialiser is taken to
// compute from its arguments' values (an accessor such as cpu_env()).
bool overlaps(const std::string &w, const std::string &r) {
  if (w == r) return true;
  if (!r.starts_with(w)) return false;
  std::string_view rest = std::string_view(r).substr(w.size());
  return rest.starts_with("->") || rest.starts_with(".") || rest.starts_with("[");
}

struct HunkPlan {
  bool judged = false, equal = false;
};

} // namespace

void detectInlineVariable(DetectContext &ctx) {
  for (size_t f = 0; f < ctx.files.size(); ++f) {
    const FileFacts &ff = ctx.files[f];
    if (!ff.candidate || !ff.cFamily) continue;
    // The declaration in force for each name, in file order; uses counted per declaration.
    std::map<std::string, size_t, std::less<>> current;      // name -> declaration id
    std::vector<std::pair<std::string, std::vector<std::string>>> decls; // id -> name, expr
    std::vector<int> uses;                                               // id -> uses
    // A variable the initialiser reads, written between the declaration and the use
    // (`int old = s->val; s->val = v; return old;`): inlining would read the new value.
    std::vector<std::vector<std::string>> reads;
    std::vector<bool> clobbered;
    std::vector<HunkPlan> plans(ff.hunks.size());
    std::vector<std::vector<size_t>> touched(ff.hunks.size()); // declaration ids per hunk
    for (size_t h = 0; h < ff.hunks.size(); ++h) {
      const HunkFacts &hf = ff.hunks[h];
      if (ctx.claimed(f, h) || !hf.hasCodeChange()) continue;
      std::vector<SideToken> oldSide = sideStream(hf.oldCode, hf.oldContext);
      std::vector<SideToken> newSide = sideStream(hf.newCode, hf.newContext);
      // A name still written on the new side's changed lines is not inlined there (a
      // declaration that stays, perhaps with its initialiser rewritten).
      std::set<std::string> newNames;
      for (size_t k = 0; k < newSide.size(); ++k)
        if (newSide[k].changed && newSide[k].token->kind == TokenKind::Identifier && !afterMember(newSide, k))
          newNames.emplace(newSide[k].token->text);
      std::vector<std::string> rewritten;
      size_t statement = 0; // first token of the current statement
      for (size_t k = 0; k < oldSide.size();) {
        auto d = declarationAt(oldSide, k);
        if (d && !newNames.count(d->name)) {
          current[d->name] = decls.size();
          touched[h].push_back(decls.size());
          decls.emplace_back(d->name, d->expr);
          uses.push_back(0);
          reads.push_back(chainsOf(d->expr, 0, d->expr.size()));
          clobbered.push_back(false);
          k = statement = d->end;
          continue;
        }
        const SideToken &t = oldSide[k];
        if (isWrite(t.token->text)) {
          // The written chains: the statement up to the operator, and an increment's operand.
          std::vector<std::string> text;
          for (size_t q = statement; q < oldSide.size() && q <= k + 8; ++q) text.emplace_back(oldSide[q].token->text);
          std::vector<std::string> written = chainsOf(text, 0, k - statement);
          if (t.token->text == "++" || t.token->text == "--") {
            std::vector<std::string> next = chainsOf(text, k - statement + 1, std::min(text.size(), k - statement + 2));
            written.insert(written.end(), next.begin(), next.end());
          }
          for (const auto &[name, id] : current)
            for (const std::string &w : written)
              for (const std::string &r : reads[id])
                if (uses[id] == 0 && overlaps(w, r)) clobbered[id] = true;
        }
        if (t.token->text == ";" || t.token->text == "{" || t.token->text == "}") statement = k + 1;
        auto it = current.find(t.token->text);
        if (t.changed && t.token->kind == TokenKind::Identifier && it != current.end() && !afterMember(oldSide, k)) {
          ++uses[it->second];
          touched[h].push_back(it->second);
          const auto &expr = decls[it->second].second;
          rewritten.insert(rewritten.end(), expr.begin(), expr.end());
        } else {
          rewritten.emplace_back(t.token->text);
        }
        ++k;
      }
      HunkPlan &plan = plans[h];
      plan.judged = !touched[h].empty();
      plan.equal = rewritten.size() == newSide.size();
      for (size_t k = 0; plan.equal && k < newSide.size(); ++k)
        plan.equal = rewritten[k] == newSide[k].token->text;
    }
    // A declaration holds when every hunk that removes it or replaces a use of it agrees.
    std::vector<bool> holds(decls.size(), true);
    for (size_t h = 0; h < ff.hunks.size(); ++h)
      for (size_t id : touched[h]) holds[id] = holds[id] && plans[h].equal;
    for (size_t h = 0; h < ff.hunks.size(); ++h) {
      const HunkPlan &plan = plans[h];
      if (!plan.judged || !plan.equal) continue;
      bool single = true;
      std::string detail;
      std::vector<size_t> ids = touched[h];
      std::sort(ids.begin(), ids.end());
      ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
      for (size_t id : ids) {
        single = single && uses[id] == 1 && holds[id] && !clobbered[id];
        std::string expr;
        for (const std::string &t : decls[id].second) expr += t;
        detail += (detail.empty() ? "" : ", ") + decls[id].first + " = " + expr;
      }
      if (!single) continue;
      ctx.refuse(f, h, "inline-variable",
                 detail + " inlined at its single use; the declared type may convert the value and "
                          "the expression is evaluated later, which tokens do not show");
    }
  }
}

} // namespace provcheck
