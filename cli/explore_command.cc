// interleave explore SCENARIO: run many schedules of one variant, stop at the
// first violation, write its trace and report. With --backend postgres every
// schedule also runs on a real server in lockstep (a database each), so a
// fidelity divergence ends the search like a violation (exit 4).

#include <limits>
#include <optional>


#include <fmt/format.h>
#include <fmt/ranges.h>

#include "cli/choice_options.h"
#include "cli/commands.h"
#include "app/exit_codes.h"
#include "cli/number_options.h"
#include "app/exploration.h"
#include "app/run_files.h"
#include "app/schedule_log.h"
#include "app/shrinking.h"
#include "app/strategy_registry.h"
#include "app/trace_scenario.h"
#include "app/witness.h"
#include "reports/variant_evidence.h"
#include "harness/shard.h"
#include "backends/pg/server_mirror.h"
#include "scenarios/catalogue.h"

namespace interleave::cli {

namespace {

Shard shard_or_fail(const std::string& text) {
  try {
    return parse_shard(text);
  } catch (const ShardError& error) {
    throw CommandError{kExitBadInput, fmt::format("--shard {}: {}", text, error.what())};
  }
}

}  // namespace

void add_explore_command(CLI::App& app, Command& run) {
  struct Flags {
    std::string scenario;
    std::string variant = "seed";
    ExplorationSettings settings;
    std::string out;
    bool json = false;
    bool no_shrink = false;
    std::string shard;
    std::string schedule_log;
    std::string backend = "model";
    std::string dsn;
    bool quiet = false;
    bool witness = false;
    std::string scenarios = scenarios::default_scenario_directory();
  };
  auto flags = std::make_shared<Flags>();
  CLI::App* command = app.add_subcommand("explore", "Explore schedules of one scenario variant until a property fails");
  command->add_option("scenario", flags->scenario, "Scenario name (see `interleave list`)")->required();
  command->add_option("--variant", flags->variant, "Variant of the service")->capture_default_str();
  command->add_option("--strategy", flags->settings.strategy,
                      "Scheduling strategy (portfolio: --schedules shared by random, pct at depths 1-3 and dfs)")
      ->check(one_of(app::explore_strategy_names()))
      ->capture_default_str();
  command->add_option("--depth", flags->settings.depth, "pct: the bug depth d (d-1 priority change points)")
      ->check(CLI::Range(1, 16))
      ->capture_default_str();
  command->add_option("--preemption-bound", flags->settings.preemption_bound,
                      "dfs: most preemptions per schedule (searched 0, 1, ... up to it)")
      ->check(CLI::Range(0, 16))
      ->capture_default_str();
  command->add_flag("!--no-reduction", flags->settings.reduction,
                    "dfs: run every schedule, without the sleep-set reduction");
  command->add_flag("--keep-going", flags->settings.keep_going,
                    "Run every schedule, counting violations, instead of stopping at the first");
  command->add_option("--seed", flags->settings.seed, "Seed of the strategy")
      ->check(whole_number(0, std::numeric_limits<std::uint64_t>::max()))
      ->capture_default_str();
  CLI::Option* schedules =
      command->add_option("--schedules", flags->settings.schedules, "Schedules to run at most (dfs: until exhausted)")
          ->check(whole_number(1, std::numeric_limits<std::uint64_t>::max()))
          ->capture_default_str();
  command->add_option("--max-steps", flags->settings.max_steps, "Steps per schedule before it counts as a livelock")
      ->check(whole_number(1, std::numeric_limits<std::uint32_t>::max()))
      ->capture_default_str();
  command->add_option("--out", flags->out, "Folder for the failing trace (trace.json) and its reports (report.md, report.html)");
  command->add_flag("--json", flags->json, "Print one JSON object with the run's statistics");
  command->add_flag("--quiet", flags->quiet, "No progress line on stderr");
  command->add_flag("--witness", flags->witness,
                    "Show that the search reached the race's window: the schedules in which a call's database "
                    "statement ran inside another call's (re-runs each schedule with events, so slower)");
  command->add_flag("--no-shrink", flags->no_shrink, "Save the violation as found, without shrinking it");
  command->add_option("--scenarios", flags->scenarios, "Folder of scenario files")->capture_default_str();
  command->add_option("-j,--jobs", flags->settings.jobs,
                      "Threads that run schedules side by side; the result is the same for any number")
      ->check(whole_number(1, kMaxJobs))
      ->capture_default_str();
  command->add_option("--shard", flags->shard,
                      "Run only shard I of N (I/N, from 0): the schedule indices i < --schedules with i % N == I, "
                      "so N processes cover the space exactly once; `interleave merge` combines their --json");
  command->add_option("--schedule-log", flags->schedule_log,
                      "Write one line per schedule run: its index and its choices");
  command->add_option("--backend", flags->backend,
                      "Where the db port runs: the model, or the model and a real PostgreSQL in lockstep "
                      "(random and pct only; about 0.2 s per schedule)")
      ->check(one_of({"model", "postgres"}))
      ->capture_default_str();
  CLI::Option* dsn =
      command->add_option("--dsn", flags->dsn, "libpq connection string for --backend postgres (default: PG* variables)");
  command->callback([&run, flags, schedules, dsn] {
    // A --dsn the run would ignore is a mistake the user should hear of.
    if (dsn->count() > 0 && flags->backend != "postgres") {
      throw CommandError{kExitBadInput, "--dsn is for --backend postgres; without it no server is used"};
    }
    if (app::is_portfolio(flags->settings.strategy) && flags->witness) {
      throw CommandError{kExitBadInput, fmt::format("--witness counts the schedules of one strategy's search; with "
                                                    "it use --strategy {}",
                                                    fmt::join(app::strategy_names(/*server=*/false), ", "))};
    }
    if (app::is_portfolio(flags->settings.strategy) && !flags->shard.empty()) {
      throw CommandError{kExitBadInput,
                         "--shard splits one strategy's schedules; with --strategy portfolio use random, pct or dfs"};
    }
    // dfs runs until its bounded space is exhausted unless told otherwise.
    const bool exhaustive =
        !app::is_portfolio(flags->settings.strategy) && app::strategy_entry(flags->settings.strategy).exhaustive;
    if (exhaustive && schedules->count() == 0) flags->settings.schedules = kDfsScheduleCap;
    run = [flags] {
      auto catalogue = load_catalogue_or_fail(flags->scenarios);
      const auto& scenario = scenario_or_fail(catalogue, flags->scenario);
      check_variant_or_fail(scenario, flags->variant);
      std::optional<ProgressMeter> meter;
      if (!flags->json && !flags->quiet) {
        meter.emplace(stderr);
        meter->variant(0, 0, scenario.name + " " + flags->variant);
        flags->settings.meter = &*meter;
      }
      if (!flags->shard.empty()) flags->settings.shard = shard_or_fail(flags->shard);
      const bool on_postgres = flags->backend == "postgres";
      std::optional<impl::pg::ServerMirror> mirror;
      if (on_postgres) {
        if (flags->settings.jobs > 1) {
          throw CommandError{kExitBadInput,
                             "--backend postgres runs one schedule at a time on the server; leave out -j (or use -j 1)"};
        }
        if (!app::server_can_follow(flags->settings.strategy)) {
          throw CommandError{kExitBadInput, fmt::format("--backend postgres: {} (dfs, alone or in the portfolio) "
                                                        "exhausts far more schedules than a server runs; use {}",
                                                        flags->settings.strategy,
                                                        fmt::join(app::strategy_names(/*server=*/true), " or "))};
        }
        mirror.emplace(impl::pg::MirrorOptions{.dsn = flags->dsn});
        flags->settings.observer = &*mirror;
        flags->settings.progress_every = 1;
        // Shrinking re-runs the model alone, where a divergence does not happen.
        flags->no_shrink = true;
      }
      std::optional<ScheduleLog> log;
      if (!flags->schedule_log.empty()) {
        log.emplace(flags->schedule_log);
        flags->settings.schedule_ran = [&log](std::uint64_t index, const ChoiceVector& choices) {
          log->record(index, choices);
        };
      }
      std::optional<app::WitnessTally> witness;
      if (flags->witness) {
        witness.emplace();
        auto logged = std::move(flags->settings.schedule_ran);
        flags->settings.schedule_ran = [&witness, logged, factory = scenarios::program_factory(scenario, flags->variant),
                                        limits = ExecutionLimits{.max_steps = flags->settings.max_steps}](
                                           std::uint64_t index, const ChoiceVector& choices) {
          if (logged) logged(index, choices);
          witness->add(index, factory, choices, limits);
        };
      }
      ExploreResult result = explore_variant(scenario, flags->variant, flags->settings);
      if (log) log->close();
      if (const int signal = impl::pg::interruption_signal(); mirror && signal) {
        throw CommandError{128 + signal, "interrupted; the run's connections are closed and its database dropped"};
      }
      if (mirror && mirror->failure()) {
        throw CommandError{kExitInfrastructure, fmt::format("PostgreSQL failed: {}", *mirror->failure())};
      }
      if (meter && result.trace && !flags->no_shrink) meter->phase("shrink", 0);
      auto shrunk = flags->no_shrink ? std::nullopt : shrink_found_violation(scenario, flags->variant, result);
      meter.reset();  // the progress line gives way to the results
      auto summary = summary_json(scenario, flags->variant, flags->settings, result);
      summary["backend"] = flags->backend;
      // Every schedule tried counts, also those the server cannot follow (they
      // delay a waiter the server let go at once, server_mirror.h): so a first
      // failure's index is always below the schedules.
      const std::uint64_t schedules_tried = result.schedules_run + result.schedules_not_replayable;
      if (on_postgres) {
        summary["schedules"] = schedules_tried;
        summary["not_replayable"] = result.schedules_not_replayable;
        summary["schedules_per_s"] =
            result.elapsed_s > 0 ? static_cast<double>(schedules_tried) / result.elapsed_s : 0.0;
      }
      if (shrunk) summary["shrunk"] = shrink_json(*shrunk);
      if (witness) summary["witness"] = witness->to_json();
      if (result.trace && !flags->out.empty()) {
        embed_scenario(*result.trace, scenario, flags->scenarios);
        summary["trace"] = write_trace_and_report(*result.trace, flags->out);
      }
      if (flags->json) {
        fmt::print("{}\n", summary.dump());
      } else if (result.trace && result.trace->verdict.status == VerdictStatus::kDivergence) {
        // interleave's own defect, not a race in the service.
        fmt::print("{} {}: model fidelity divergence (the model and PostgreSQL disagree; not a race) at schedule {} "
                   "of {} ({:.2f} s)\n  {}\n",
                   scenario.name, flags->variant, *result.first_failure_at, schedules_tried, result.elapsed_s,
                   result.trace->verdict.message);
        if (summary.contains("trace")) fmt::print("  trace: {}\n", summary["trace"].get<std::string>());
      } else if (result.trace) {
        const Verdict& verdict = result.trace->verdict;
        fmt::print("{} {}: {} {} at schedule {} of {} ({:.2f} s)\n  {}\n", scenario.name, flags->variant,
                   to_string(verdict.status), verdict.property, *result.first_failure_at, schedules_tried,
                   result.elapsed_s, verdict.message);
        if (shrunk) fmt::print("  shrunk in {:.3f} s: {}\n", shrunk->elapsed_s, shrink_text(*shrunk));
        if (summary.contains("trace")) {
          fmt::print("  trace: {}\n", summary["trace"].get<std::string>());
        } else {
          // A race found is worth keeping: say how, with a folder that is ready to use.
          fmt::print("  trace not saved: add --out {}/{} to save it with its reports\n", scenario.name,
                     flags->variant);
        }
      } else {
        fmt::print("{} {}: every property held over {} schedules ({:.2f} s, {:.0f} schedules/s)\n", scenario.name,
                   flags->variant, result.schedules_run, result.elapsed_s,
                   summary["schedules_per_s"].get<double>());
      }
      if (on_postgres && !flags->json && result.schedules_not_replayable > 0) {
        fmt::print("  {} schedules skipped: they delay a waiter PostgreSQL lets go at once\n",
                   result.schedules_not_replayable);
      }
      if (flags->settings.keep_going && !flags->json) {
        fmt::print("  {} of {} schedules did not hold\n", result.violations, result.schedules_run);
      }
      if (witness && !flags->json) fmt::print("{}", witness->text());
      if (summary.contains("searches") && !flags->json) {
        fmt::print("  searched: {}\n", reports::searches_text(summary["searches"]));
      }
      if (summary.contains("exhausted") && !flags->json) {
        fmt::print("  dfs, preemption bound {}: {} pruned ({} branches asleep, {} schedules abandoned); {}\n",
                   flags->settings.preemption_bound, summary["schedules_pruned"].get<std::uint64_t>(),
                   summary["pruned_branches"].get<std::uint64_t>(), result.schedules_abandoned,
                   summary["exhausted"].get<bool>() ? "the bounded space is exhausted"
                                                     : "the bounded space is NOT exhausted");
      }
      if (result.trace && result.trace->verdict.status == VerdictStatus::kDivergence) return kExitDivergence;
      return result.trace ? kExitViolation : kExitHolds;
    };
  });
}

}  // namespace interleave::cli
