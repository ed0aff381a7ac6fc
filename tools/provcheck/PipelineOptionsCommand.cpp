// The options every subcommand that runs the pipeline shares (check, report, request).
#include "tools/provcheck/Commands.h"
#include "tools/provcheck/Pipeline.h"

#include <CLI/CLI.hpp>

namespace provcheck::cli {

void addPipelineOptions(CLI::App &cmd, PipelineOptions &options, bool &noProgress) {
  cmd.add_flag("--assume-ai", options.assumeAi,
               "Judge patches as if they declared AI use (screening before sending)");
  cmd.add_option("--approved-by", options.approvedBy,
                 "A maintainer (EMAIL) agreed beforehand; repeatable")
      ->option_text("EMAIL")
      ->allow_extra_args(false);
  cmd.add_option("--policy", options.policy,
                 "Policy: a built-in name (qemu, qemu-2025, linux), auto (the built-in "
                 "policy of the tree's own policy document) or a TOML file; default: the "
                 "repository's .provcheck.toml, else qemu")
      ->option_text("NAME|auto|FILE");
  cmd.add_option("-p", options.buildDir,
                 "Build directory holding compile_commands.json (one without it is an error)")
      ->option_text("BUILD_DIR");
  cmd.add_option("-j,--jobs", options.jobs, "Threads (default: all cores)")
      ->check(CLI::NonNegativeNumber);
  cmd.add_flag("--no-ast", options.noAst,
               "Skip the Clang AST map (classification from paths and tokens only; fast on "
               "history)");
  cmd.add_flag("--no-ir", options.noIr,
               "Skip the compiled-code proof (the changed functions compiled to LLVM IR in "
               "both images)");
  cmd.add_option("--base-search", options.baseSearch,
                 "First-parent commits from HEAD searched for a mailed patch's base by its "
                 "index lines (default 2000)")
      ->option_text("N")
      ->check(CLI::PositiveNumber);
  cmd.add_flag("--no-progress", noProgress, "Never report progress on stderr");
  cmd.add_option_function<std::string>(
         "--max-input-size",
         [&options](const std::string &v) {
           if (!parseSize(v, options.maxInputSize))
             throw CLI::ValidationError("--max-input-size",
                                        "'" + v + "' is not a size such as 512M or 2G");
         },
         "Largest patch file, mbox or standard input read (default: " +
             sizeText(kDefaultMaxInputSize) + ")")
      ->option_text("SIZE");
}

} // namespace provcheck::cli
