// Coccinelle semantic patches: the rule headers and the top-level directives that make
// spatch run code or read other files.
#include "analysis/replay/ToolScripts.h"

#include <cctype>

namespace provcheck::replay {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

// "@ name depends on x @" -> "name depends on x"; nullopt-like "" with ok=false when the
// line is no rule header.
bool ruleHeader(std::string_view line, std::string &inside) {
  line = trim(line);
  if (line.size() < 2 || line.front() != '@') return false;
  size_t close = line.find('@', 1);
  if (close == std::string_view::npos) return false;
  // Only a comment may follow the closing '@'.
  std::string_view rest = trim(line.substr(close + 1));
  if (!rest.empty() && rest.substr(0, 2) != "//" && rest.substr(0, 2) != "/*") return false;
  inside = std::string(trim(line.substr(1, close - 1)));
  return true;
}

} // namespace

CocciCheck checkSemanticPatch(std::string_view text) {
  CocciCheck out;
  bool inMetavariables = false;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t nl = text.find('\n', pos);
    std::string_view line = text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    pos = nl == std::string_view::npos ? text.size() + 1 : nl + 1;
    // A template a shell script expands ("@ matches_ld_${FN} @", "-ld${FN}_phys(E)"):
    // not the semantic patch that ran, which neither C nor SmPL would write this way.
    if (size_t var = line.find("${"); var != std::string_view::npos) {
      size_t end = line.find('}', var);
      out.problem = "the semantic patch is a shell template (" +
                    std::string(line.substr(var, end == std::string_view::npos ? 2 : end - var + 1)) +
                    " is expanded by a script)";
      return out;
    }
    std::string inside;
    if (ruleHeader(line, inside)) {
      // "@@" closes a rule's metavariable section; "@...@" with text opens one.
      if (inside.empty() && inMetavariables) {
        inMetavariables = false;
        continue;
      }
      ++out.rules;
      inMetavariables = true;
      std::string kind = inside.substr(0, inside.find_first_of(" \t("));
      for (std::string_view code : {"script", "initialize", "finalize"})
        if (kind.rfind(code, 0) == 0 && (kind.size() == code.size() || kind[code.size()] == ':')) {
          out.problem = "a @" + std::string(kind) + "@ rule runs code";
          return out;
        }
      continue;
    }
    if (inMetavariables) continue;
    std::string_view t = trim(line);
    if (t.rfind("#spatch", 0) == 0) {
      out.problem = "#spatch options in the semantic patch";
      return out;
    }
    // Outside rules, before the first one: Coccinelle's own include and using directives.
    if (out.rules == 0 && (t.rfind("#include", 0) == 0 || t.rfind("include ", 0) == 0 ||
                           t.rfind("using ", 0) == 0)) {
      out.problem = "the semantic patch reads another file (" + std::string(t) + ")";
      return out;
    }
  }
  return out;
}

} // namespace provcheck::replay
