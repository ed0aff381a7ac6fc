// What provcheck and a parse worker say to each other (see ParseWorkers.h). A parse
// goes: Job (the image, its command, the limits, the root directory of its tree) ->
// any number of List/Read requests answered by Listing/Content -> Result, or Failed
// when the worker caught its own crash or ran out of memory (it exits after saying so).
// Private to analysis/clang.
#pragma once

#include "analysis/AstMap.h"
#include "analysis/clang/Parse.h"
#include "analysis/clang/Wire.h"

#include <optional>
#include <string>
#include <vector>

namespace provcheck::clangmap {

enum class Tag : uint32_t {
  Job = 1,     // -> worker: JobMessage
  List = 2,    // <- worker: a directory of the tree (relative to its root)
  Listing = 3, // -> worker: its entries, or that it is none
  Read = 4,    // <- worker: a file of the tree
  Content = 5, // -> worker: its bytes, or that it is none
  Result = 6,  // <- worker: ParseOutput
  Failed = 7,  // <- worker: why it gives up (it exits next)
};

struct JobMessage {
  ImageJob job;                    // its tree is answered by the List/Read requests
  std::string treeId;              // TreeView::id() of that tree
  std::vector<TreeEntry> rootEntries;
  bool build = false;              // build a preamble when none fits
  ParseLimits limits;
  // A shared first include another worker compiled, for the worker's cache, or null.
  std::shared_ptr<const SharedPch> shared;
};

std::string encode(const JobMessage &m);
// The tree of the decoded job is left null.
std::optional<JobMessage> decodeJob(std::string_view payload);

std::string encode(const ParseOutput &out);
std::optional<ParseOutput> decodeOutput(std::string_view payload);

std::string encode(const std::optional<std::vector<TreeEntry>> &entries);
std::optional<std::optional<std::vector<TreeEntry>>> decodeListing(std::string_view payload);

} // namespace provcheck::clangmap
