#include "tools/provcheck/Getopt.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>
#include <regex>

namespace provcheck::getopt {

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char &c : out) c = char(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// The name the canonical spelling uses: the first with more than one letter.
const std::string &canonicalName(const Spec &s) {
  for (const std::string &n : s.names)
    if (n.size() > 1) return n;
  return s.names.front();
}

// What one lower-case name found in an argument means.
struct Entry {
  const Spec *spec = nullptr;
  bool negated = false;
};

// Getopt::Long's integer: [-+]?_*[0-9][0-9_]*, underscores dropped.
bool normaliseInteger(const std::string &text, std::string &out) {
  static const std::regex pattern("[-+]?_*[0-9][0-9_]*");
  if (!std::regex_match(text, pattern)) return false;
  out.clear();
  for (char c : text)
    if (c != '_' && c != '+') out += c;
  // "-0", "007": the value Perl would compute.
  bool negative = !out.empty() && out[0] == '-';
  std::string digits = negative ? out.substr(1) : out;
  size_t nz = digits.find_first_not_of('0');
  digits = nz == std::string::npos ? "0" : digits.substr(nz);
  out = (negative && digits != "0" ? "-" : "") + digits;
  return true;
}

Error optionError(const std::string &message) { return Error{"", 0, 0, message}; }

} // namespace

std::string Spec::canonical() const {
  const std::string &name = canonicalName(*this);
  return (name.size() == 1 ? "-" : "--") + name;
}

std::string Spec::canonicalNegated() const { return "--no" + canonicalName(*this); }

Expected<Spec> parseSpec(std::string_view text) {
  Spec spec;
  size_t end = text.find_first_of("!=:+@%{");
  std::string_view names = text.substr(0, end);
  std::string_view rest = end == std::string_view::npos ? "" : text.substr(end);
  if (rest == "!") spec.type = ArgType::Negatable;
  else if (rest == "=s") spec.type = ArgType::String;
  else if (rest == "=i") spec.type = ArgType::Integer;
  else if (!rest.empty())
    return Error{std::string(text), 0, 0, "unsupported Getopt::Long specification"};
  for (size_t pos = 0; pos <= names.size();) {
    size_t bar = names.find('|', pos);
    if (bar == std::string_view::npos) bar = names.size();
    if (bar == pos) return Error{std::string(text), 0, 0, "empty option name"};
    spec.names.push_back(lower(names.substr(pos, bar - pos)));
    pos = bar + 1;
  }
  return spec;
}

Expected<std::vector<std::string>>
canonicalArgs(const std::vector<Spec> &specs, const std::vector<std::string> &args,
              const std::function<bool(std::string_view)> &takesValue) {
  std::map<std::string, Entry> table;
  for (const Spec &s : specs)
    for (const std::string &n : s.names) {
      table[n] = {&s, false};
      if (s.type == ArgType::Negatable) {
        table["no" + n] = {&s, true};
        table["no-" + n] = {&s, true};
      }
    }

  std::vector<std::string> out;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string &arg = args[i];
    if (arg == "--") {
      out.insert(out.end(), args.begin() + long(i), args.end());
      break;
    }
    size_t prefix = arg.rfind("--", 0) == 0 ? 2 : (arg[0] == '-' || arg[0] == '+') ? 1 : 0;
    if (prefix == 0 || arg == "-") {
      out.push_back(arg);
      continue;
    }
    std::string body = arg.substr(prefix);
    std::optional<std::string> value;
    // Without bundling, "=" splits off a value after any prefix (getopt_compat).
    if (size_t eq = body.find('=', 1); eq != std::string::npos) {
      value = body.substr(eq + 1);
      body.resize(eq);
    }
    if (body.empty()) return optionError("Missing option after " + arg.substr(0, prefix));
    auto it = table.find(lower(body));
    if (it == table.end()) {
      // Not one of the script's options: the caller's own, or an error it reports.
      out.push_back(arg);
      if (!value && takesValue && takesValue(arg) && i + 1 < args.size())
        out.push_back(args[++i]);
      continue;
    }
    const Spec &spec = *it->second.spec;
    if (spec.type == ArgType::None || spec.type == ArgType::Negatable) {
      if (value) return optionError("Option " + lower(body) + " does not take an argument");
      out.push_back(it->second.negated ? spec.canonicalNegated() : spec.canonical());
      continue;
    }
    if (!value) {
      if (i + 1 >= args.size())
        return optionError("Option " + lower(body) + " requires an argument");
      value = args[++i];
    } else if (value->empty()) {
      return optionError("Option " + lower(body) + " requires an argument");
    }
    std::string v = *value;
    if (spec.type == ArgType::Integer && !normaliseInteger(*value, v))
      return optionError("Value \"" + *value + "\" invalid for option " + lower(body) +
                         " (number expected)");
    out.push_back(spec.canonical() + "=" + v);
  }
  return out;
}

} // namespace provcheck::getopt
