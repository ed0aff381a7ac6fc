// provcheck-parse: the process in which provcheck parses C files (see ParseWorkers.h).
// Started by provcheck with its end of a socket as `--fd N`; not meant to be run by hand.
#include "analysis/clang/ParseWorkers.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>

int main(int argc, char **argv) {
  if (argc == 3 && std::strcmp(argv[1], "--fd") == 0)
    return provcheck::clangmap::runParseWorker(std::atoi(argv[2]));
  std::fprintf(stderr, "provcheck-parse: started by provcheck, not by hand\n");
  return 2;
}
