#include "app/postgres_replay.h"

#include <chrono>

#include <fmt/format.h>

#include "app/exit_codes.h"
#include "harness/explorer.h"
#include "harness/random_strategy.h"
#include "scenarios/scenario_program.h"

namespace interleave::app {

PostgresReplay replay_on_postgres(const scenarios::Scenario& scenario, const Trace& trace, const std::string& dsn) {
  impl::pg::ServerMirror mirror({.dsn = dsn});
  return replay_on_postgres(scenario, trace, mirror);
}

PostgresReplay replay_on_postgres(const scenarios::Scenario& scenario, const Trace& trace,
                                  impl::pg::ServerMirror& mirror) {
  const auto started = std::chrono::steady_clock::now();
  ReplayResult replayed = replay(scenarios::program_factory(scenario, trace.variant, nullptr, &mirror), trace);
  PostgresReplay result{.scenario = trace.scenario,
                        .variant = trace.variant,
                        .expected = trace.verdict,
                        .verdict = replayed.replayed.verdict};
  result.failure = mirror.failure();
  result.interrupted_by = impl::pg::interruption_signal();
  result.unreplayable = mirror.unreplayable();
  // The server's own account first: the event divergence it causes says less.
  if (!result.failure && !result.unreplayable) {
    result.divergence = mirror.divergence() ? mirror.divergence() : replayed.divergence;
  }
  result.statements = mirror.statements();
  result.elapsed_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return result;
}

std::vector<Trace> sample_traces(const scenarios::Scenario& scenario, const std::string& variant,
                                 std::uint64_t seed, std::uint64_t count) {
  const ProgramFactory factory = scenarios::program_factory(scenario, variant);
  std::vector<ChoiceVector> schedules;
  RandomStrategy strategy(seed);
  ExploreOptions options{.seed = seed, .schedules = count, .keep_going = true};
  options.schedule_ran = [&schedules](std::uint64_t, const ChoiceVector& choices) { schedules.push_back(choices); };
  explore(factory, strategy, scenarios::trace_header(scenario, variant), options);
  std::vector<Trace> traces;
  for (const ChoiceVector& choices : schedules) {
    Trace trace = run_recorded(factory, choices, options.limits);
    scenarios::trace_header(scenario, variant).apply_to(trace);
    traces.push_back(std::move(trace));
  }
  return traces;
}

int exit_code(const PostgresReplay& result) {
  if (result.interrupted_by) return 128 + result.interrupted_by;
  if (result.failure) return kExitInfrastructure;
  if (result.divergence || result.unreplayable) return kExitDivergence;
  return result.verdict.status == VerdictStatus::kHolds ? kExitHolds : kExitViolation;
}

std::string describe(const PostgresReplay& result) {
  if (result.interrupted_by) return "interrupted; the run's connections are closed and its database dropped";
  if (result.failure) return fmt::format("PostgreSQL failed: {}", *result.failure);
  if (result.divergence) return fmt::format("fidelity divergence: {}", *result.divergence);
  if (result.unreplayable) return fmt::format("not replayable on PostgreSQL: {}", *result.unreplayable);
  std::size_t waited = 0;
  for (const auto& statement : result.statements) waited += statement.server_waited ? 1 : 0;
  const std::string what = result.verdict.status == VerdictStatus::kHolds
                               ? std::string("holds")
                               : fmt::format("{} {}", to_string(result.verdict.status), result.verdict.property);
  return fmt::format(
      "reproduced on PostgreSQL: {}\n  {}\n  {} statements on the server gave the model's outcomes ({} waited on a "
      "lock there as in the model); final tables equal; {:.2f} s",
      what, result.verdict.message, result.statements.size(), waited, result.elapsed_s);
}

nlohmann::ordered_json to_json(const PostgresReplay& result) {
  nlohmann::ordered_json statements = nlohmann::ordered_json::array();
  for (const auto& statement : result.statements) {
    statements.push_back({{"step", statement.step},
                          {"actor", statement.actor},
                          {"statement", statement.statement},
                          {"model", statement.model},
                          {"server", statement.server},
                          {"model_waited", statement.model_waited},
                          {"server_waited", statement.server_waited}});
  }
  auto optional_text = [](const std::optional<std::string>& text) {
    return text ? nlohmann::ordered_json(*text) : nlohmann::ordered_json();
  };
  return {{"backend", "postgres"},
          {"scenario", result.scenario},
          {"variant", result.variant},
          {"verdict", to_string(result.verdict.status)},
          {"property", result.verdict.property},
          {"message", result.verdict.message},
          {"reproduced", result.reproduced()},
          {"divergence", optional_text(result.divergence)},
          {"failure", optional_text(result.failure)},
          {"unreplayable", optional_text(result.unreplayable)},
          {"elapsed_s", result.elapsed_s},
          {"statements", statements}};
}

}  // namespace interleave::app
