// interleave: find, replay and report races in the backend's services.
// The composition root: the one place that links every layer.

#include <cstdio>
#include <exception>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "app/exit_codes.h"
#include "backends/pg/conninfo_secrets.h"
#include "cli/commands.h"
#include "cli/help_formatter.h"
#include "cli/unknown_words.h"
#include "cli/version.h"

namespace {

// Every --dsn of the command line: what a message must not show of them
// (conninfo_secrets.h), even a parser's message that quotes the line.
std::vector<std::string> given_dsns(const std::vector<std::string>& arguments) {
  std::vector<std::string> dsns;
  for (std::size_t i = 0; i < arguments.size(); ++i) {
    if (arguments[i] == "--dsn" && i + 1 < arguments.size()) dsns.push_back(arguments[i + 1]);
    if (arguments[i].starts_with("--dsn=")) dsns.push_back(arguments[i].substr(6));
  }
  if (dsns.empty()) dsns.emplace_back();  // PGPASSWORD alone
  return dsns;
}

void print_error(const std::vector<std::string>& arguments, std::string text) {
  for (const std::string& dsn : given_dsns(arguments)) text = interleave::impl::pg::without_passwords(text, dsn);
  fmt::print(stderr, "{}", text);
}

}  // namespace

int main(int argc, char** argv) {
  using namespace interleave::cli;
  const std::vector<std::string> arguments(argv + 1, argv + argc);
  CLI::App app("interleave: deterministic race hunting in the tenant backend's services", "interleave");
  app.formatter(std::make_shared<HelpFormatter>());  // before the subcommands, which inherit it
  app.set_version_flag("--version", version_text(), "Print the version and the git commit it was built from");
  app.require_subcommand(1);
  Command run;
  add_list_command(app, run);
  add_explore_command(app, run);
  add_replay_command(app, run);
  add_hunt_command(app, run);
  add_report_command(app, run);
  add_merge_command(app, run);
  add_export_command(app, run);
  add_help_command(app, run);
  add_fidelity_command(app, run);
  add_isolation_command(app, run);
  if (auto message = unknown_word_message(app, arguments)) {
    print_error(arguments, fmt::format("interleave: {}\n", *message));
    return kExitBadInput;
  }
  try {
    try {
      app.parse(argc, argv);
    } catch (const CLI::ParseError& error) {
      std::ostringstream out, err;
      const int code = app.exit(error, out, err);  // help, the version, or the error with a hint
      fmt::print("{}", out.str());
      print_error(arguments, err.str());
      return code == 0 ? kExitHolds : kExitBadInput;
    }
    return run();
  } catch (const CommandError& error) {
    print_error(arguments, fmt::format("interleave: {}\n", error.message));
    return error.exit_code;
  } catch (const std::exception& error) {
    print_error(arguments, fmt::format("interleave: internal error: {}\n", error.what()));
    return kExitInfrastructure;
  }
}
