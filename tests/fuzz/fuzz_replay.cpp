// The replay's command extractors: a commit message (the input) searched for quoted sed,
// perl and spatch commands with the shell-like splitter, and every script found checked
// (sed scripts, perl expressions, semantic patches). Nothing runs.
#include "analysis/replay/QuotedCommands.h"
#include "analysis/replay/ShellWords.h"
#include "analysis/replay/ToolScripts.h"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  using namespace provcheck::replay;
  std::string_view text(reinterpret_cast<const char *>(data), size);
  for (size_t at = 0; at < text.size();) { // every line as a command line
    ShellLine line = splitShell(text, at);
    for (const Pipeline &p : line.pipelines)
      for (const SimpleCommand &c : p.commands) (void)joinWords(c.words);
    at = line.end > at ? line.end : text.size();
  }
  (void)mayQuoteCommand(text);
  for (const QuotedCommand &c : quotedCommands(text)) {
    for (const std::string &s : c.scripts)
      (void)(c.tool == Tool::Perl ? checkPerlExpression(s) : checkSedScript(s).problem);
    if (!c.semanticPatch.empty()) (void)checkSemanticPatch(c.semanticPatch);
  }
  (void)checkSedScript(text);
  (void)checkPerlExpression(text);
  (void)checkSemanticPatch(text);
  return 0;
}
