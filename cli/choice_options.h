#pragma once
// Options that take one of a few words. CLI11's IsMember says only
// "dsf not in {random,pct,dfs}"; this names the nearest choice too.
//
// Example:
//   command->add_option("--strategy", strategy)->check(one_of({"random", "pct", "dfs"}));
//   --strategy dsf → "--strategy: 'dsf' is not one of random, pct, dfs; did you mean 'dfs'?"

#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace interleave::cli {

CLI::Validator one_of(std::vector<std::string> choices);

}  // namespace interleave::cli
