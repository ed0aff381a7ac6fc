// provcheck-docs OUTDIR: writes provcheck.1, the bash completion (provcheck.bash) and the
// zsh completion (_provcheck) from provcheck's command line, at build time.
#include "tools/provcheck/Commands.h"
#include "tools/provcheck/doc/CliDoc.h"

#include <CLI/CLI.hpp>

#include <filesystem>
#include <fstream>
#include <iostream>

int main(int argc, char **argv) {
  if (argc != 2) {
    std::cerr << "usage: provcheck-docs OUTDIR\n";
    return 2;
  }
  provcheck::cli::Globals globals;
  int exitCode = 0;
  auto app = provcheck::cli::makeApp(globals, exitCode);
  provcheck::doc::CommandDoc doc = provcheck::doc::describe(*app);
  std::filesystem::path dir = argv[1];
  std::filesystem::create_directories(dir);
  const std::pair<const char *, std::string> files[] = {
      {"provcheck.1", provcheck::doc::manPage(doc, PROVCHECK_VERSION)},
      {"provcheck.bash", provcheck::doc::bashCompletion(doc)},
      {"_provcheck", provcheck::doc::zshCompletion(doc)},
  };
  for (const auto &[name, text] : files) {
    std::ofstream out(dir / name, std::ios::binary);
    out << text;
    if (!out.good()) {
      std::cerr << "provcheck-docs: cannot write " << (dir / name).string() << "\n";
      return 1;
    }
  }
  return 0;
}
