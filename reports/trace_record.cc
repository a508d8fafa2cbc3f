#include "reports/trace_record.h"

#include <algorithm>
#include <map>
#include <stdexcept>
#include <string_view>
#include <utility>

#include <fmt/format.h>

namespace interleave::reports {
namespace {

using nlohmann::json;

// Paths are spelled as a reader would write them ("events[2].actor") so that
// an error message points straight at the place to fix in the trace file.
std::string join_path(std::string_view parent, std::string_view key) {
  return parent.empty() ? std::string(key) : fmt::format("{}.{}", parent, key);
}

[[noreturn]] void fail_type(const std::string& path, std::string_view expected,
                            const json& value) {
  throw std::invalid_argument(fmt::format("trace field '{}' must be {}, got {}", path,
                                          expected, value.type_name()));
}

// nlohmann's at() decides what "missing" means; its exception names neither
// the file nor the path, so it is rethrown with the full path.
const json& field(const json& object, const std::string& key, std::string_view parent) {
  try {
    return object.at(key);
  } catch (const json::out_of_range&) {
    throw std::invalid_argument(
        fmt::format("trace field '{}' is missing", join_path(parent, key)));
  }
}

// Optional fields may be absent or null; both mean "not recorded".
const json* optional_field(const json& object, const std::string& key) {
  const auto it = object.find(key);
  return it == object.end() || it->is_null() ? nullptr : &*it;
}

std::string as_string(const json& value, const std::string& path) {
  if (!value.is_string()) fail_type(path, "a string", value);
  return value.get<std::string>();
}

// Checked by hand because get<std::uint64_t>() would quietly accept booleans,
// floats and wrap negative numbers.
std::uint64_t as_count(const json& value, const std::string& path) {
  if (!value.is_number_integer()) fail_type(path, "a non-negative integer", value);
  if (!value.is_number_unsigned() && value.get<std::int64_t>() < 0) {
    throw std::invalid_argument(fmt::format(
        "trace field '{}' must be a non-negative integer, got {}", path, value.dump()));
  }
  return value.get<std::uint64_t>();
}

std::string string_field(const json& object, const std::string& key, std::string_view parent) {
  return as_string(field(object, key, parent), join_path(parent, key));
}

std::uint64_t count_field(const json& object, const std::string& key, std::string_view parent) {
  return as_count(field(object, key, parent), join_path(parent, key));
}

std::optional<std::string> optional_string(const json& object, const std::string& key,
                                           std::string_view parent) {
  const json* value = optional_field(object, key);
  if (!value) return std::nullopt;
  return as_string(*value, join_path(parent, key));
}

std::optional<std::uint64_t> optional_count(const json& object, const std::string& key,
                                            std::string_view parent) {
  const json* value = optional_field(object, key);
  if (!value) return std::nullopt;
  return as_count(*value, join_path(parent, key));
}

const json& typed_field(const json& object, const std::string& key, std::string_view parent,
                        json::value_t type, std::string_view expected) {
  const json& value = field(object, key, parent);
  if (value.type() != type) fail_type(join_path(parent, key), expected, value);
  return value;
}

void check_format(const json& trace) {
  const std::string format = string_field(trace, "format", "");
  if (format != "interleave-trace") {
    throw std::invalid_argument(fmt::format(
        "trace field 'format' must be \"interleave-trace\", got \"{}\"", format));
  }
  const std::uint64_t version = count_field(trace, "version", "");
  // Version 2 only added fields: both read the same.
  if (version < 1 || version > 2) {
    throw std::invalid_argument(fmt::format(
        "trace field 'version' is {}; this renderer reads versions 1 and 2", version));
  }
}

std::vector<Actor> read_actors(const json& array) {
  std::vector<Actor> actors;
  std::map<std::uint64_t, std::string> names;
  std::vector<std::optional<std::uint64_t>> parent_ids;
  for (std::size_t i = 0; i < array.size(); ++i) {
    const std::string path = fmt::format("actors[{}]", i);
    const json& entry = array[i];
    if (!entry.is_object()) fail_type(path, "an object", entry);
    Actor actor;
    actor.id = count_field(entry, "id", path);
    actor.name = string_field(entry, "name", path);
    actor.kind = optional_string(entry, "kind", path).value_or("");
    actor.operation = optional_string(entry, "operation", path).value_or("");
    parent_ids.push_back(optional_count(entry, "parent", path));
    if (!names.emplace(actor.id, actor.name).second) {
      throw std::invalid_argument(
          fmt::format("trace field '{}.id' repeats actor id {}", path, actor.id));
    }
    actors.push_back(std::move(actor));
  }
  // Parents are resolved after every actor is known: a child may be listed
  // before the actor that started it.
  for (std::size_t i = 0; i < actors.size(); ++i) {
    if (!parent_ids[i]) continue;
    const auto parent = names.find(*parent_ids[i]);
    if (parent == names.end()) {
      throw std::invalid_argument(fmt::format(
          "trace field 'actors[{}].parent' refers to unknown actor {}", i, *parent_ids[i]));
    }
    actors[i].parent_name = parent->second;
  }
  return actors;
}

std::vector<Event> read_events(const json& array, const std::vector<Actor>& actors) {
  std::vector<Event> events;
  for (std::size_t i = 0; i < array.size(); ++i) {
    const std::string path = fmt::format("events[{}]", i);
    const json& entry = array[i];
    if (!entry.is_object()) fail_type(path, "an object", entry);
    Event event;
    event.step = count_field(entry, "step", path);
    const std::uint64_t actor_id = count_field(entry, "actor", path);
    event.op = optional_string(entry, "op", path).value_or("");
    event.text = string_field(entry, "text", path);
    event.result = string_field(entry, "result", path);
    const auto actor = std::find_if(actors.begin(), actors.end(),
                                    [&](const Actor& a) { return a.id == actor_id; });
    if (actor == actors.end()) {
      throw std::invalid_argument(fmt::format(
          "trace field '{}.actor' refers to unknown actor {}", path, actor_id));
    }
    event.actor_name = actor->name;
    events.push_back(std::move(event));
  }
  return events;
}

VerdictStatus parse_status(const std::string& status) {
  static const std::pair<std::string_view, VerdictStatus> kStatuses[] = {
      {"violation", VerdictStatus::violation},
      {"holds", VerdictStatus::holds},
      {"deadlock", VerdictStatus::deadlock},
      {"budget-exceeded", VerdictStatus::budget_exceeded},
      {"crash", VerdictStatus::crash},
      {"divergence", VerdictStatus::divergence},
  };
  for (const auto& [name, value] : kStatuses) {
    if (name == status) return value;
  }
  throw std::invalid_argument(fmt::format(
      "trace field 'verdict.status' must be one of violation, holds, deadlock, "
      "budget-exceeded, crash, divergence; got \"{}\"",
      status));
}

Verdict read_verdict(const json& object) {
  const std::string_view path = "verdict";
  Verdict verdict;
  verdict.status = parse_status(string_field(object, "status", path));
  // The format makes these fields mandatory exactly where a report cannot
  // be written without them: what broke, how, and at which step.
  const bool is_violation = verdict.status == VerdictStatus::violation;
  const bool needs_step = is_violation || verdict.status == VerdictStatus::deadlock;
  verdict.property = is_violation ? std::optional(string_field(object, "property", path))
                                  : optional_string(object, "property", path);
  if (needs_step) {
    verdict.message = string_field(object, "message", path);
    verdict.step = count_field(object, "step", path);
  } else {
    verdict.message = optional_string(object, "message", path).value_or("");
    verdict.step = optional_count(object, "step", path);
  }
  verdict.schedules = optional_count(object, "schedules", path);
  return verdict;
}

}  // namespace

TraceRecord read_trace(const json& trace) {
  if (!trace.is_object()) {
    throw std::invalid_argument(
        fmt::format("trace must be a JSON object, got {}", trace.type_name()));
  }
  check_format(trace);
  TraceRecord record;
  record.scenario = string_field(trace, "scenario", "");
  record.report = string_field(trace, "report", "");
  record.title = string_field(trace, "title", "");
  record.variant = string_field(trace, "variant", "");
  record.strategy = string_field(trace, "strategy", "");
  record.seed = count_field(trace, "seed", "");
  record.schedule = count_field(trace, "schedule", "");
  record.scenario_folder = optional_string(trace, "scenario_folder", "").value_or("");
  record.actors = read_actors(typed_field(trace, "actors", "", json::value_t::array, "an array"));
  record.events = read_events(typed_field(trace, "events", "", json::value_t::array, "an array"),
                              record.actors);
  record.verdict =
      read_verdict(typed_field(trace, "verdict", "", json::value_t::object, "an object"));
  return record;
}

}  // namespace interleave::reports
