#include "tools/provcheck/doc/CliDoc.h"

#include <CLI/CLI.hpp>

#include <algorithm>

namespace provcheck::doc {

namespace {

// "TEXT:{text,json,oneline}" -> {"text", "json", "oneline"}: CLI::IsMember's description.
std::vector<std::string> choicesOf(const std::string &typeName) {
  std::vector<std::string> out;
  size_t open = typeName.find(":{");
  if (open == std::string::npos) return out;
  size_t close = typeName.find('}', open);
  std::string list = typeName.substr(open + 2, close - open - 2);
  for (size_t pos = 0; pos <= list.size();) {
    size_t comma = list.find(',', pos);
    if (comma == std::string::npos) comma = list.size();
    if (comma > pos) out.push_back(list.substr(pos, comma - pos));
    pos = comma + 1;
  }
  return out;
}

OptionDoc optionDoc(const CLI::Option &o) {
  OptionDoc d;
  d.description = o.get_description();
  const auto &negated = o.get_fnames();
  auto isNegation = [&](const std::string &n) {
    return std::find(negated.begin(), negated.end(), n) != negated.end();
  };
  for (const std::string &s : o.get_snames())
    (isNegation(s) ? d.negations : d.names).push_back("-" + s);
  for (const std::string &l : o.get_lnames())
    (isNegation(l) ? d.negations : d.names).push_back("--" + l);
  if (o.get_positional()) d.names.push_back(o.get_name(true));
  if (o.get_items_expected_max() > 0) {
    std::string type = o.get_type_name();
    d.value = o.get_option_text().empty() ? type.substr(0, type.find(':')) : o.get_option_text();
    d.choices = choicesOf(type);
  }
  d.repeatable = o.get_items_expected_max() > 1;
  return d;
}

} // namespace

CommandDoc describe(const CLI::App &app) {
  CommandDoc doc;
  doc.name = app.get_name();
  doc.description = app.get_description();
  doc.footer = app.get_footer();
  for (const CLI::Option *o : app.get_options()) {
    if (o->get_group().empty()) continue; // hidden
    (o->get_positional() ? doc.positionals : doc.options).push_back(optionDoc(*o));
  }
  for (const CLI::App *sub : app.get_subcommands([](const CLI::App *) { return true; }))
    doc.subcommands.push_back(describe(*sub));
  return doc;
}

bool valueIsPath(const OptionDoc &o) {
  return o.value.find("FILE") != std::string::npos || valueIsDirectory(o);
}

bool valueIsDirectory(const OptionDoc &o) { return o.value.find("DIR") != std::string::npos; }

} // namespace provcheck::doc
