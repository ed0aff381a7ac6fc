#include "tools/provcheck/Commands.h"

#include <filesystem>
#include <fstream>
#include <iostream>

namespace provcheck::cli {

std::string underDir(const std::string &dir, const std::string &path) {
  if (path.empty() || path == "-" || dir.empty() || dir == "." ||
      std::filesystem::path(path).is_absolute())
    return path;
  return (std::filesystem::path(dir) / path).string();
}

bool writeOutput(const std::string &output, const std::function<void(std::ostream &)> &write,
                 const std::string &what) {
  if (output.empty() || output == "-") {
    write(std::cout);
    std::cout.flush();
    return true;
  }
  std::ofstream out(output, std::ios::binary);
  if (out) write(out);
  if (out.good()) return true;
  std::cerr << "provcheck: " << output << ": cannot write the " << what << "\n";
  return false;
}

bool writeOutput(const std::string &output, const std::string &text, const std::string &what) {
  return writeOutput(output, [&](std::ostream &out) { out << text; }, what);
}

} // namespace provcheck::cli
