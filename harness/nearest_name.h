#pragma once
// "Did you mean …?": the known name closest to a mistyped one, by edit
// distance, for every message that rejects a name (commands, options,
// scenarios, variants, operations, arguments, fixture values).
//
// Example:
//   nearest_names("--schedule", {"--schedules", "--seed"}) == {"--schedules"}
//   did_you_mean("hnut", {"list", "hunt"}) == "; did you mean 'hunt'?"
//   did_you_mean("remove_tenant", {"create_tenant", "delete_tenant"})
//     == "; did you mean 'create_tenant' or 'delete_tenant'?"  (equally near: both named)

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace interleave {

// Edit distance: insertions, deletions, substitutions and swaps of two
// neighbouring letters ("hnut" → "hunt"), each 1.
std::size_t edit_distance(std::string_view a, std::string_view b);

// The candidates nearest to `word`, in their order, when near enough to be a
// typo: at most a third of the longer name's letters differ (and at least 1
// may), or one name begins with the other. Empty when none is.
std::vector<std::string> nearest_names(std::string_view word, const std::vector<std::string>& candidates);

// "; did you mean 'A'?" or "; did you mean 'A' or 'B'?" for nearest_names,
// or "" when none is near or more than two are equally near.
std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates);

// "a, b, c": the names as a message lists them.
std::string name_list(const std::vector<std::string>& names);

}  // namespace interleave
