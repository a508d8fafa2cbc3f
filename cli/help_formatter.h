#pragma once
// CLI11's help without its parser notation: "--seed N (default: 1)" instead
// of "--seed UINT:UINT:[0-18446744073709551615]=1", "--no-reduction" instead
// of "--no-reduction{false}", a choice listed as "{random,pct,dfs}".
// Subcommands added after app.formatter(...) inherit it.

#include <string>

#include <CLI/CLI.hpp>

namespace interleave::cli {

class HelpFormatter : public CLI::Formatter {
 public:
  std::string make_option_name(const CLI::Option* option, bool is_positional) const override;
  std::string make_option_opts(const CLI::Option* option) const override;
  std::string make_option_desc(const CLI::Option* option) const override;
};

}  // namespace interleave::cli
