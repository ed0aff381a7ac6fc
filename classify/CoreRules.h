// Core code: code that other things depend on. By path rules (data), and by dependency
// facts from a DependencyMap: a changed file included by at least coreIncludedBy files,
// or a changed symbol (its signature, type or body) used from at least coreSymbolFanIn
// other files.
#pragma once

#include "analysis/Entities.h"
#include "analysis/Patch.h"
#include "classify/Rules.h"
#include "classify/detect/Facts.h"
#include "maps/DependencyMap.h"

#include <optional>
#include <string>
#include <vector>

namespace provcheck {

// The core path rule a file falls under, as a reason ("core-path": "include/"), or nullopt.
std::optional<Reason> corePathReason(const ClassifyRules &rules, const FileChange &file);

// "header-fan-in": the file (pre-image path) is included by at least coreIncludedBy
// files of the tree.
std::optional<Reason> includeFanInReason(const ClassifyRules &rules, const FileChange &file,
                                         const DependencyMap *deps);

// The symbols a hunk changes: entity names from the AST map when there is one, else the
// function named in the hunk header and the names the changed lines declare.
std::vector<std::string> changedSymbols(const FileChange &file, size_t hunk,
                                        const HunkFacts &facts, const FileEntities *entities);

// "symbol-fan-in": the first changed symbol used from at least coreSymbolFanIn files.
std::optional<Reason> symbolFanInReason(const ClassifyRules &rules,
                                        const std::vector<std::string> &symbols,
                                        const DependencyMap *deps);

} // namespace provcheck
