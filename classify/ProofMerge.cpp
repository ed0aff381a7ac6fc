#include "classify/ProofMerge.h"

#include <algorithm>

namespace provcheck {
namespace {

// The mapping of a rename claim: its detail lists "old -> new" pairs, comma separated,
// then how they were proven, in parentheses.
void addRenames(const Reason &reason, std::vector<std::pair<std::string, std::string>> &out) {
  std::string_view d = reason.detail;
  d = d.substr(0, d.find(" ("));
  while (!d.empty()) {
    size_t comma = d.find(", ");
    std::string_view pair = d.substr(0, comma);
    d = comma == std::string_view::npos ? std::string_view() : d.substr(comma + 2);
    size_t arrow = pair.find(" -> ");
    if (arrow == std::string_view::npos) continue;
    std::pair<std::string, std::string> p{std::string(pair.substr(0, arrow)),
                                          std::string(pair.substr(arrow + 4))};
    if (std::find(out.begin(), out.end(), p) == out.end()) out.push_back(std::move(p));
  }
}

} // namespace

MergedProofs applyOutsideProofs(const ProofProvider &provider, const Patch &patch,
                                std::vector<std::vector<std::optional<Mechanical>>> &claims) {
  ProofRequest request{patch, {}, {}};
  for (const auto &file : claims) {
    request.tokenClaims.emplace_back();
    for (const auto &claim : file) {
      request.tokenClaims.back().push_back(claim ? claim->reason.rule : std::string());
      if (claim && claim->reason.rule == "rename") addRenames(claim->reason, request.renames);
    }
  }
  ProofResult result = provider.prove(request);

  MergedProofs out;
  out.toolClaims = std::move(result.toolClaims);
  out.refuted.resize(claims.size());
  out.confirmed.resize(claims.size());
  std::vector<std::vector<bool>> byProof(claims.size());
  for (size_t f = 0; f < claims.size(); ++f) {
    out.refuted[f].resize(claims[f].size());
    out.confirmed[f].resize(claims[f].size());
    byProof[f].assign(claims[f].size(), false);
  }
  auto valid = [&](const HunkProof &p) {
    return p.file < claims.size() && p.hunk < claims[p.file].size();
  };
  for (const HunkProof &p : result.hunks) {
    if (!valid(p) || p.outcome != ProofOutcome::Proven) continue;
    auto &claim = claims[p.file][p.hunk];
    if (!claim)
      claim = Mechanical{p.reason, false};
    else if (claim->reason != p.reason)
      out.confirmed[p.file][p.hunk].push_back(p.reason);
    byProof[p.file][p.hunk] = true;
  }
  for (const HunkProof &p : result.hunks) {
    if (!valid(p) || p.outcome != ProofOutcome::Differs || byProof[p.file][p.hunk]) continue;
    auto &claim = claims[p.file][p.hunk];
    Reason why = p.reason;
    if (claim) why.detail += " (overrules " + claim->reason.rule + ": " + claim->reason.detail + ")";
    claim.reset();
    out.refuted[p.file][p.hunk].push_back(std::move(why));
  }
  return out;
}

} // namespace provcheck
