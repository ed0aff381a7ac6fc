// The git history get_maintainer.pl's fallback reads, through libgit2: the commits of
// `git log --since=SINCE -- FILE` from HEAD, printed in the script's log format.
#pragma once

#include "analysis/Error.h"
#include "maps/GetMaintainer.h"

#include <git2.h>

#include <cstdint>
#include <string>

namespace provcheck {

// Reads a --git-since value: "N-unit(s)-ago" (second, minute, hour, day, week, month,
// year), "YYYY-MM-DD" or "YYYY-MM-DD HH:MM:SS" (UTC), or seconds since the epoch with
// a leading '@'. `now` is the reference for relative dates.
Expected<int64_t> parseSince(const std::string &since, int64_t now);

// A HistoryProvider over `repo` (which must outlive it): `git log --follow` semantics
// (no history simplification, merges not shown, renames and copies followed).
HistoryProvider gitHistory(git_repository *repo, int64_t since);

} // namespace provcheck
