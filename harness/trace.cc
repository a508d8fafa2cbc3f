#include "harness/trace.h"

#include <fstream>
#include <limits>
#include <sstream>

#include <fmt/format.h>

#include "harness/text_file.h"

namespace interleave {

using Json = nlohmann::ordered_json;

namespace {

Json event_json(const Event& event) {
  return Json{{"step", event.step},     {"time_ms", event.time_ms}, {"actor", event.actor},
              {"op", event.op},         {"text", event.text},       {"result", event.result}};
}

Json actor_json(const ActorInfo& actor) {
  Json json{{"id", actor.id}, {"name", actor.name}, {"kind", actor.kind}, {"operation", actor.operation}};
  if (actor.parent != kNoActor) json["parent"] = actor.parent;
  return json;
}

// Reads fields with messages that name the field; every accessor checks type
// and range, so no input can crash the loader.
class Reader {
 public:
  explicit Reader(std::string_view source) : source_(source) {}

  [[noreturn]] void fail(std::string_view where, std::string_view problem) const {
    throw TraceError(fmt::format("{}: field '{}': {}", source_, where, problem));
  }
  const Json& field(const Json& object, const char* key, const std::string& where) const {
    if (!object.is_object()) fail(where, "expected an object");
    auto it = object.find(key);
    if (it == object.end()) fail(where.empty() ? key : where + "." + key, "missing");
    return *it;
  }
  std::string text(const Json& object, const char* key, const std::string& where = "") const {
    const Json& value = field(object, key, where);
    if (!value.is_string()) fail(path(where, key), "expected a string");
    return value.get<std::string>();
  }
  std::uint64_t count(const Json& object, const char* key, const std::string& where = "",
                      std::uint64_t max = std::numeric_limits<std::uint64_t>::max()) const {
    const Json& value = field(object, key, where);
    if (!value.is_number_unsigned()) fail(path(where, key), "expected a non-negative integer");
    auto number = value.get<std::uint64_t>();
    if (number > max) fail(path(where, key), fmt::format("{} is larger than {}", number, max));
    return number;
  }
  std::int64_t integer(const Json& object, const char* key, const std::string& where = "") const {
    const Json& value = field(object, key, where);
    if (!value.is_number_integer()) fail(path(where, key), "expected an integer");
    if (value.is_number_unsigned() && value.get<std::uint64_t>() > std::numeric_limits<std::int64_t>::max()) {
      fail(path(where, key), "out of range");
    }
    return value.get<std::int64_t>();
  }
  const Json& array(const Json& object, const char* key) const {
    const Json& value = field(object, key, "");
    if (!value.is_array()) fail(key, "expected an array");
    return value;
  }
  static std::string path(const std::string& where, const char* key) {
    return where.empty() ? key : where + "." + key;
  }

 private:
  std::string_view source_;
};

}  // namespace

Json to_json(const Trace& trace) {
  Json json;
  json["format"] = kTraceFormat;
  json["version"] = kTraceVersion;
  json["scenario"] = trace.scenario;
  json["variant"] = trace.variant;
  json["title"] = trace.title;
  json["report"] = trace.report;
  json["strategy"] = trace.strategy;
  json["seed"] = trace.seed;
  json["schedule"] = trace.schedule;
  json["limits"] = {{"max_steps", trace.limits.max_steps}, {"max_time_ms", trace.limits.max_time_ms}};
  json["actors"] = Json::array();
  for (const auto& actor : trace.actors) json["actors"].push_back(actor_json(actor));
  json["choices"] = Json::array();
  for (const auto& choice : trace.choices) json["choices"].push_back(to_string(choice));
  json["events"] = Json::array();
  for (const auto& event : trace.events) json["events"].push_back(event_json(event));
  Json verdict{{"status", to_string(trace.verdict.status)}, {"step", trace.verdict.step}};
  if (!trace.verdict.property.empty()) verdict["property"] = trace.verdict.property;
  verdict["message"] = trace.verdict.message;
  json["verdict"] = verdict;
  if (!trace.scenario_source.empty()) json["scenario_source"] = trace.scenario_source;
  if (!trace.scenario_hash.empty()) json["scenario_hash"] = trace.scenario_hash;
  if (!trace.scenario_folder.empty()) json["scenario_folder"] = trace.scenario_folder;
  return json;
}

std::string serialize(const Trace& trace) { return to_json(trace).dump(2) + "\n"; }

Trace parse_trace(std::string_view text, std::string_view source) {
  // nlohmann stops at a NUL as at the end of input: name it for what it is.
  if (auto nul = text.find('\0'); nul != std::string_view::npos) {
    throw TraceError(fmt::format("{}: not valid JSON: a NUL byte at offset {} (binary data?)", source, nul));
  }
  Json json;
  try {
    json = Json::parse(text);
  } catch (const nlohmann::json::exception& error) {
    // A syntax error (its message carries "at line L, column C") or a number
    // too large for any numeric type (out_of_range 406, found by fuzzing).
    throw TraceError(fmt::format("{}: not valid JSON: {}", source, error.what()));
  }
  Reader read(source);
  if (!json.is_object()) throw TraceError(fmt::format("{}: a trace is a JSON object", source));
  if (read.text(json, "format") != kTraceFormat) {
    read.fail("format", fmt::format("expected \"{}\"", kTraceFormat));
  }
  auto version = read.count(json, "version");
  if (version < kOldestTraceVersion || version > kTraceVersion) {
    read.fail("version", fmt::format("version {} is not supported (this interleave reads {} to {})", version,
                                     kOldestTraceVersion, kTraceVersion));
  }
  Trace trace;
  trace.scenario = read.text(json, "scenario");
  trace.variant = read.text(json, "variant");
  trace.title = json.contains("title") ? read.text(json, "title") : "";
  trace.report = json.contains("report") ? read.text(json, "report") : "";
  trace.strategy = read.text(json, "strategy");
  trace.seed = read.count(json, "seed");
  trace.schedule = read.count(json, "schedule");
  const Json& limits = read.field(json, "limits", "");
  trace.limits.max_steps = static_cast<std::uint32_t>(
      read.count(limits, "max_steps", "limits", std::numeric_limits<std::uint32_t>::max()));
  trace.limits.max_time_ms = read.integer(limits, "max_time_ms", "limits");
  if (trace.limits.max_time_ms < 0) read.fail("limits.max_time_ms", "must not be negative");

  const Json& actors = read.array(json, "actors");
  for (std::size_t i = 0; i < actors.size(); ++i) {
    std::string where = fmt::format("actors[{}]", i);
    ActorInfo actor;
    actor.id = static_cast<ActorId>(read.count(actors[i], "id", where, kNoActor - 1));
    if (actor.id != i) read.fail(where + ".id", fmt::format("expected {}", i));
    actor.name = read.text(actors[i], "name", where);
    actor.kind = read.text(actors[i], "kind", where);
    actor.operation = read.text(actors[i], "operation", where);
    if (actors[i].contains("parent")) {
      actor.parent = static_cast<ActorId>(read.count(actors[i], "parent", where, i));
    }
    trace.actors.push_back(std::move(actor));
  }

  const Json& choices = read.array(json, "choices");
  for (std::size_t i = 0; i < choices.size(); ++i) {
    std::string where = fmt::format("choices[{}]", i);
    if (!choices[i].is_string()) read.fail(where, "expected a string like \"a1\" or \"d0/2\"");
    auto choice = parse_choice(choices[i].get<std::string>());
    if (!choice) {
      read.fail(where, fmt::format("'{}' is not a choice (\"a<actor>\" or \"d<value>/<options>\")",
                                   choices[i].get<std::string>()));
    }
    if (choice->kind == Choice::Kind::kActor && choice->value >= trace.actors.size()) {
      read.fail(where, fmt::format("actor {} is not among the trace's {} actors", choice->value, trace.actors.size()));
    }
    trace.choices.push_back(*choice);
  }

  const Json& events = read.array(json, "events");
  for (std::size_t i = 0; i < events.size(); ++i) {
    std::string where = fmt::format("events[{}]", i);
    Event event;
    event.step = static_cast<std::uint32_t>(
        read.count(events[i], "step", where, std::numeric_limits<std::uint32_t>::max()));
    event.time_ms = read.integer(events[i], "time_ms", where);
    event.actor = static_cast<ActorId>(read.count(events[i], "actor", where, kNoActor));
    if (event.actor != kNoActor && event.actor >= trace.actors.size()) {
      read.fail(where + ".actor", fmt::format("no actor {}", event.actor));
    }
    event.op = read.text(events[i], "op", where);
    event.text = read.text(events[i], "text", where);
    event.result = read.text(events[i], "result", where);
    trace.events.push_back(std::move(event));
  }

  const Json& verdict = read.field(json, "verdict", "");
  auto status = parse_verdict_status(read.text(verdict, "status", "verdict"));
  if (!status) read.fail("verdict.status", "unknown status");
  trace.verdict.status = *status;
  trace.verdict.step = static_cast<std::uint32_t>(
      read.count(verdict, "step", "verdict", std::numeric_limits<std::uint32_t>::max()));
  trace.verdict.property = verdict.contains("property") ? read.text(verdict, "property", "verdict") : "";
  trace.verdict.message = read.text(verdict, "message", "verdict");
  trace.scenario_source = json.contains("scenario_source") ? read.text(json, "scenario_source") : "";
  trace.scenario_hash = json.contains("scenario_hash") ? read.text(json, "scenario_hash") : "";
  trace.scenario_folder = json.contains("scenario_folder") ? read.text(json, "scenario_folder") : "";
  return trace;
}

Trace load_trace_file(const std::string& path) {
  std::optional<std::string> text = read_text_file(path);
  if (!text) throw TraceError(fmt::format("{}: cannot open the trace file", path));
  return parse_trace(*text, path);
}

void save_trace_file(const Trace& trace, const std::string& path) {
  if (!write_text_file(path, serialize(trace))) {
    throw std::runtime_error(fmt::format("{}: cannot write the trace file", path));
  }
}

void copy_identity(const Trace& from, Trace& to) {
  to.scenario = from.scenario;
  to.variant = from.variant;
  to.title = from.title;
  to.report = from.report;
  to.strategy = from.strategy;
  to.seed = from.seed;
  to.schedule = from.schedule;
  to.scenario_hash = from.scenario_hash;
  to.scenario_folder = from.scenario_folder;
}

}  // namespace interleave
