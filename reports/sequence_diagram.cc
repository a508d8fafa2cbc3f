#include "reports/sequence_diagram.h"

#include <algorithm>
#include <iterator>

#include <fmt/format.h>

namespace interleave::reports {
namespace {

// The system an operation talks to; empty for the actor's own steps (a
// call returning), drawn as a note.
std::string system_of(const std::string& op) {
  if (op.starts_with("db.")) return "PostgreSQL";
  if (op.starts_with("workflow.") || op.starts_with("wf.") || op.starts_with("activity.")) return "Temporal";
  if (op.starts_with("http.")) return "HTTP API";
  return "";
}

// Text Mermaid shows as written: its statement separators and entity
// marker as entity codes, line breaks as spaces.
std::string mermaid_text(std::string_view text) {
  std::string shown;
  for (char c : text) {
    if (c == ';') shown += "#59;";
    else if (c == '#') shown += "#35;";
    else if (c == '\n' || c == '\r') shown += ' ';
    else shown += c;
  }
  return shown;
}

}  // namespace

std::string render_sequence_diagram(const std::vector<Event>& events, const std::optional<TimelineMark>& mark) {
  // Participants in order of first appearance: actors, then the systems.
  std::vector<std::string> actors, systems;
  for (const Event& event : events) {
    if (std::find(actors.begin(), actors.end(), event.actor_name) == actors.end()) actors.push_back(event.actor_name);
    const std::string system = system_of(event.op);
    if (!system.empty() && std::find(systems.begin(), systems.end(), system) == systems.end()) {
      systems.push_back(system);
    }
  }
  auto id_of = [&](const std::string& name, bool system) {
    const auto& list = system ? systems : actors;
    const auto index = std::distance(list.begin(), std::find(list.begin(), list.end(), name));
    return fmt::format("{}{}", system ? 'S' : 'A', index);
  };
  std::string text = "```mermaid\nsequenceDiagram\n";
  auto out = std::back_inserter(text);
  for (const std::string& actor : actors) {
    fmt::format_to(out, "    participant {} as {}\n", id_of(actor, false), mermaid_text(actor));
  }
  for (const std::string& system : systems) fmt::format_to(out, "    participant {} as {}\n", id_of(system, true), system);
  for (std::size_t i = 0; i < events.size(); ++i) {
    const Event& event = events[i];
    std::string label = timeline_label(i) + " " + event.text;
    if (!event.result.empty()) label += " → " + event.result;
    const std::string actor = id_of(event.actor_name, false);
    const std::string system = system_of(event.op);
    if (system.empty()) {
      fmt::format_to(out, "    Note over {}: {}\n", actor, mermaid_text(label));
    } else {
      fmt::format_to(out, "    {}->>{}: {}\n", actor, id_of(system, true), mermaid_text(label));
    }
    if (mark && mark->event_index == i) fmt::format_to(out, "    Note over {}: ⚠ {}\n", actor, mark->word);
  }
  text += "```\n";
  return text;
}

}  // namespace interleave::reports
