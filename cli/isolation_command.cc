// interleave isolation SPEC...: PostgreSQL isolation-test specs run on the
// model, printing what PostgreSQL 15's isolationtester prints; with the
// expected output (isolationtester's own, from a real server) a unified
// diff for each spec the model answers otherwise (app/isolation/).

#include <cstdint>
#include <filesystem>

#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/number_options.h"
#include "app/exit_codes.h"
#include "app/isolation/isolation_run.h"
#include "app/isolation/model_sql.h"

namespace interleave::cli {

namespace {

constexpr const char* kDescription =
    "Run PostgreSQL isolation-test specs on the model, printing what PostgreSQL 15's isolationtester prints\n"
    "\n"
    "A spec is isolationtester's format: setup { sql } blocks, a teardown, sessions of named steps\n"
    "(session s1 / step s1a { sql }, each session with its own setup and teardown), and permutation\n"
    "lines with isolationtester's markers: s1a(*) reports a step waiting once, s2b(s1a) holds its\n"
    "completion while s1a runs, s2b(s1a notices 1) until s1a's session printed a notice. Without\n"
    "permutation lines every interleaving of the sessions' steps runs.\n"
    "\n"
    "Each spec runs on one fresh model database, one model session per spec session, scheduled\n"
    "deterministically: a step that waits for a lock prints <waiting ...> and the next step goes;\n"
    "lock_timeout, the deadlock check and pg_sleep pass in virtual time when every session with a\n"
    "running step waits. The same spec always prints the same bytes. As isolationtester does, a step\n"
    "the tester has waited on for longer than --step-timeout seconds (PGISOLATIONTIMEOUT, 300 unless\n"
    "set; virtual time here) is cancelled: 'isolationtester: canceling step X after N seconds', and\n"
    "the step ends with ERROR:  canceling statement due to user request.\n"
    "\n"
    "Output: without --expected/--expected-dir, isolationtester's output on stdout. With them, a\n"
    "unified diff (expected -> model) on stdout for each spec that differs, nothing for one that\n"
    "matches. On stderr: isolationtester's warnings (unused steps), a line per spec compared, and\n"
    "'N steps not supported by the model' when the model answered statements with SQLSTATE 0A000\n"
    "(they are printed as the ERROR the model gave, never hidden).\n"
    "\n"
    "Expected files come from the real isolationtester: scripts/isolation-expected regenerates\n"
    "tests/isolation/expected/*.out on a throwaway server.\n"
    "\n"
    "Exit: 0 every spec ran (and matched its expected output), 1 a difference, or a run that could\n"
    "not finish (a failed setup, a step that can never complete), 2 a malformed spec\n"
    "(file:line:column: what is wrong), 3 an unreadable file.";

std::string expected_for(const std::string& spec, const std::string& expected, const std::string& expected_dir) {
  if (!expected.empty()) return expected;
  return (std::filesystem::path(expected_dir) / (std::filesystem::path(spec).stem().string() + ".out")).string();
}

// isolationtester's stderr lines, each naming its spec.
void print_diagnostics(const std::string& spec, const std::string& diagnostics) {
  std::size_t at = 0;
  while (at < diagnostics.size()) {
    std::size_t end = diagnostics.find('\n', at);
    if (end == std::string::npos) end = diagnostics.size();
    fmt::print(stderr, "{}: {}\n", spec, diagnostics.substr(at, end - at));
    at = end + 1;
  }
}

}  // namespace

void add_isolation_command(CLI::App& app, Command& run) {
  struct Flags {
    std::vector<std::string> specs;
    std::string expected;
    std::string expected_dir;
    std::uint64_t step_timeout_s = isolation::kDefaultMaxStepWaitMs / 1000;
  };
  auto flags = std::make_shared<Flags>();
  CLI::App* command = app.add_subcommand("isolation", kDescription);
  command->add_option("specs", flags->specs, "Isolation spec files (PostgreSQL's .spec format)")->required();
  auto* expected = command->add_option("--expected", flags->expected,
                                       "isolationtester's output for the one spec given (.out): diff against it");
  command->add_option("--expected-dir", flags->expected_dir,
                      "Folder of expected outputs, DIR/<spec name>.out for each spec: diff against them")
      ->excludes(expected);
  // isolationtester's own variable, so a spec prints alike on both.
  command
      ->add_option("--step-timeout", flags->step_timeout_s,
                   "Seconds the tester waits on a running step before it cancels it, as isolationtester does "
                   "(PGISOLATIONTIMEOUT); virtual time on the model")
      ->envname("PGISOLATIONTIMEOUT")
      ->check(CLI::Validator(
          [seconds = whole_number(0, 1'000'000'000)](std::string& text) mutable {
            const std::string problem = seconds(text);
            // The value may come from the environment: name both places.
            return problem.empty() ? problem : problem + " (--step-timeout or PGISOLATIONTIMEOUT, in seconds)";
          },
          "SECONDS"))
      ->capture_default_str();
  command->callback([&run, flags] {
    run = [flags] {
      if (!flags->expected.empty() && flags->specs.size() != 1) {
        throw CommandError{kExitBadInput, "--expected takes the output of one spec; with several specs use "
                                          "--expected-dir DIR (DIR/<spec name>.out)"};
      }
      const auto step_wait_ms = static_cast<std::int64_t>(flags->step_timeout_s) * 1000;
      const bool compare = !flags->expected.empty() || !flags->expected_dir.empty();
      std::size_t unsupported = 0;
      std::size_t differing = 0;
      std::size_t unfinished = 0;
      for (const std::string& spec : flags->specs) {
        std::optional<std::string> expected_file;
        if (compare) expected_file = expected_for(spec, flags->expected, flags->expected_dir);
        const isolation::SpecRun result = isolation::run_isolation_spec(spec, expected_file, isolation::model_sql(),
                                                                        step_wait_ms);
        print_diagnostics(spec, result.diagnostics);
        unsupported += result.unsupported_steps;
        if (!result.completed) ++unfinished;
        if (!compare) {
          fmt::print("{}", result.output);
        } else if (!result.diff.empty()) {
          ++differing;
          fmt::print("{}", result.diff);
          fmt::print(stderr, "{}: differs from {} ({} permutations)\n", spec, *expected_file, result.permutations);
        } else {
          fmt::print(stderr, "{}: matches {} ({} permutations)\n", spec, *expected_file, result.permutations);
        }
      }
      if (unsupported > 0) fmt::print(stderr, "{} steps not supported by the model\n", unsupported);
      return differing > 0 || unfinished > 0 ? kExitViolation : kExitHolds;
    };
  });
}

}  // namespace interleave::cli
