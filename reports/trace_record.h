// A validated, renderer-neutral view of a trace file (versions 1 and 2).
//
// Reports depend on the trace format only, never on harness types, so every
// renderer (Markdown today; HTML, JSON and JUnit later) reads a trace through
// read_trace() and works on plain strings and integers afterwards.
//
// Requires: a JSON object with "format": "interleave-trace", "version": 1 or 2 and
// the fields listed on TraceRecord. Guarantees: either a fully resolved record
// (every event's actor exists, every parent exists) or std::invalid_argument
// whose message names the offending field, e.g. "trace field 'verdict.step' is
// missing".
//
// Example:
//   TraceRecord trace = read_trace(nlohmann::json::parse(file));
//   for (const Event& e : trace.events) use(e.actor_name, e.text);
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace interleave::reports {

struct Actor {
  std::uint64_t id = 0;
  std::string name;
  std::string kind;       // "request", "workflow", ...; empty when absent.
  std::string operation;  // What the actor was asked to do; empty for spawned actors.
  std::optional<std::string> parent_name;  // The actor that started this one.
};

struct Event {
  std::uint64_t step = 0;  // Scheduling step; several events may share one.
  std::string actor_name;  // Resolved from the event's actor id.
  std::string op;          // "db.select", "db.commit", "workflow.start", ...; empty when absent.
  std::string text;
  std::string result;  // Empty when the operation returns nothing to show.
};

// divergence: a replay on a second backend (PostgreSQL) answered otherwise.
enum class VerdictStatus { violation, holds, deadlock, budget_exceeded, crash, divergence };

struct Verdict {
  VerdictStatus status = VerdictStatus::holds;
  std::optional<std::string> property;  // Always set for a violation.
  std::string message;                  // Always set for a violation or deadlock.
  std::optional<std::uint64_t> step;    // Always set for a violation or deadlock.
  std::optional<std::uint64_t> schedules;  // How many schedules were explored.
};

struct TraceRecord {
  std::string scenario;
  std::string report;  // The catalogue's report id, e.g. "000".
  std::string title;
  std::string variant;
  std::string strategy;
  std::uint64_t seed = 0;
  std::uint64_t schedule = 0;  // Zero-based index of the recorded schedule.
  // The --scenarios folder of a scenario outside the catalogue; empty otherwise.
  std::string scenario_folder;
  std::vector<Actor> actors;
  std::vector<Event> events;  // In trace order.
  Verdict verdict;
};

// Throws std::invalid_argument naming the field that is missing or mistyped.
TraceRecord read_trace(const nlohmann::json& trace);

}  // namespace interleave::reports
