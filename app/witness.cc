#include "app/witness.h"

#include <algorithm>
#include <optional>
#include <regex>
#include <span>
#include <string_view>

#include <fmt/format.h>

namespace interleave::app {

namespace {

bool is_statement(const Event& event) { return event.op.starts_with("db."); }

// The events that end a call: after them the actor's next statement opens
// another window.
bool ends_call(const Event& event) {
  return event.op == "call.return" || event.op == "http.response" || event.op == "activity.end";
}

std::string actor_name(const Trace& trace, ActorId id) {
  for (const ActorInfo& actor : trace.actors) {
    if (actor.id == id) return actor.name;
  }
  return fmt::format("actor {}", id);
}

bool is_setup(const Trace& trace, ActorId id) {
  for (const ActorInfo& actor : trace.actors) {
    if (actor.id == id) return actor.kind == "setup";
  }
  return false;
}

struct Window {
  ActorId actor = kNoActor;
  std::size_t first = 0;
  std::size_t last = 0;
};

// Every call's window of two statements or more, in the order they close.
std::vector<Window> windows(const Trace& trace) {
  std::map<ActorId, std::optional<Window>> open;
  std::vector<Window> closed;
  auto close = [&](ActorId actor) {
    std::optional<Window>& window = open[actor];
    if (window && window->last > window->first) closed.push_back(*window);
    window.reset();
  };
  for (std::size_t index = 0; index < trace.events.size(); ++index) {
    const Event& event = trace.events[index];
    if (is_setup(trace, event.actor)) continue;
    if (is_statement(event)) {
      std::optional<Window>& window = open[event.actor];
      if (!window) window = Window{event.actor, index, index};
      window->last = index;
    } else if (ends_call(event)) {
      close(event.actor);
    }
  }
  for (auto& [actor, window] : open) close(actor);
  return closed;
}

// What a statement touches, as the dependency relation of partial-order
// reduction sees it: two statements conflict when they touch one object and
// at least one writes it. Objects are read off the model's statement text:
// a table (unqualified: a tenant's tables are reached by search_path) or an
// advisory lock's key; schema DDL touches every table.
struct Access {
  enum class Kind { none, read, share_lock, update_lock, write };
  std::string object;  // empty: no shared object (SET, BEGIN, COMMIT, ...)
  Kind kind = Kind::none;
  bool schema_ddl = false;
};

Access access_of(const Event& event) {
  using Kind = Access::Kind;
  static const std::regex kTable(R"((?:FROM|INTO|UPDATE|TABLE)\s+(?:ONLY\s+)?"?(?:\w+"?\.)?"?(\w+))",
                                 std::regex::icase);
  static const std::regex kAdvisory(R"(pg_(?:try_)?advisory_(?:xact_)?lock(?:_shared)?\((-?\d+)\))");
  std::smatch match;
  static const std::regex kSchemaDdl(R"(^\s*(?:CREATE|DROP)\s+SCHEMA\b)", std::regex::icase);
  if (event.op == "db.create_schema" || event.op == "db.drop_schema" || std::regex_search(event.text, kSchemaDdl)) {
    return {"", Kind::write, true};
  }
  if (std::regex_search(event.text, match, kAdvisory)) {
    return {"advisory lock " + match[1].str(), Kind::write, false};
  }
  if (!std::regex_search(event.text, match, kTable)) return {};
  const std::string& text = event.text;
  if (!text.starts_with("SELECT") && !text.starts_with("select")) return {match[1].str(), Kind::write, false};
  if (text.find("FOR UPDATE") != std::string::npos || text.find("FOR NO KEY UPDATE") != std::string::npos) {
    return {match[1].str(), Kind::update_lock, false};
  }
  const bool shares = text.find("FOR SHARE") != std::string::npos || text.find("FOR KEY SHARE") != std::string::npos;
  return {match[1].str(), shares ? Kind::share_lock : Kind::read, false};
}

// A write conflicts with every access to its object; FOR UPDATE with any
// row lock. A plain read meets no row lock, and two FOR SHAREs share.
bool conflict(const Access& a, const Access& b) {
  using Kind = Access::Kind;
  if (a.kind == Kind::none || b.kind == Kind::none) return false;
  if (a.schema_ddl || b.schema_ddl) return true;
  if (a.object != b.object) return false;
  if (a.kind == Kind::write || b.kind == Kind::write) return true;
  const bool a_locks = a.kind == Kind::share_lock || a.kind == Kind::update_lock;
  const bool b_locks = b.kind == Kind::share_lock || b.kind == Kind::update_lock;
  return a_locks && b_locks && (a.kind == Kind::update_lock || b.kind == Kind::update_lock);
}

// Whether a blocked statement's result ("blocked: waits for a, b") names
// `actor` among those it waits for.
bool waits_for(const Event& event, const std::string& actor) {
  static constexpr std::string_view kWaitsFor = "blocked: waits for ";
  if (!event.result.starts_with(kWaitsFor)) return false;
  std::string_view names = std::string_view(event.result).substr(kWaitsFor.size());
  for (std::size_t begin = 0; begin <= names.size();) {
    const std::size_t end = std::min(names.find(", ", begin), names.size());
    if (names.substr(begin, end - begin) == actor) return true;
    begin = end + 2;
  }
  return false;
}

// The statement at `inside` came inside the window and conflicts with one
// of its statements, or waits for the window's actor. `accesses` holds each
// event's access, read once per trace.
bool conflicts_with_window(const Trace& trace, const std::vector<Access>& accesses, const Window& window,
                           std::size_t inside) {
  if (waits_for(trace.events[inside], actor_name(trace, window.actor))) return true;
  for (std::size_t index = window.first; index <= window.last; ++index) {
    if (trace.events[index].actor == window.actor && conflict(accesses[index], accesses[inside])) return true;
  }
  return false;
}

std::string step_line(const Trace& trace, const Event& event) {
  return fmt::format("{}  {}{}", actor_name(trace, event.actor), event.text,
                     event.result.empty() ? "" : "  → " + event.result);
}

}  // namespace

std::vector<Interleaving> interleavings(const Trace& trace) {
  std::vector<Access> accesses;  // none for events that are not statements
  accesses.reserve(trace.events.size());
  for (const Event& event : trace.events) accesses.push_back(is_statement(event) ? access_of(event) : Access{});
  std::vector<Interleaving> found;
  for (const Window& window : windows(trace)) {
    for (std::size_t index = window.first + 1; index < window.last; ++index) {
      const Event& event = trace.events[index];
      if (event.actor == window.actor || !is_statement(event) || is_setup(trace, event.actor)) continue;
      if (!conflicts_with_window(trace, accesses, window, index)) continue;
      Interleaving pair{actor_name(trace, window.actor), actor_name(trace, event.actor), window.first, index,
                        window.last};
      // One statement inside shows the window was entered: the first per pair.
      const bool seen = std::any_of(found.begin(), found.end(), [&](const Interleaving& other) {
        return other.window_actor == pair.window_actor && other.inside_actor == pair.inside_actor;
      });
      if (!seen) found.push_back(std::move(pair));
    }
  }
  std::sort(found.begin(), found.end(),
            [](const Interleaving& a, const Interleaving& b) { return a.inside < b.inside; });
  return found;
}

void WitnessTally::add(std::uint64_t schedule, const Trace& trace) {
  ++schedules_;
  const std::vector<Interleaving> found = interleavings(trace);
  if (!found.empty()) ++interleaved_;
  for (const Interleaving& pair : found) {
    PairCount& count = pairs_[{pair.window_actor, pair.inside_actor}];
    if (count.schedules++ > 0) continue;
    count.first_schedule = schedule;
    // The window's own statements up to the one inside, that one, and the
    // window's last.
    for (std::size_t index = pair.window_first; index <= pair.window_last; ++index) {
      const Event& event = trace.events[index];
      const bool window_step = actor_name(trace, event.actor) == pair.window_actor && is_statement(event);
      if (window_step || index == pair.inside) count.example.push_back(step_line(trace, event));
    }
  }
}

std::vector<std::pair<std::pair<std::string, std::string>, WitnessTally::PairCount>> WitnessTally::by_count() const {
  std::vector<std::pair<std::pair<std::string, std::string>, PairCount>> sorted(pairs_.begin(), pairs_.end());
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const auto& a, const auto& b) { return a.second.schedules > b.second.schedules; });
  return sorted;
}

nlohmann::ordered_json WitnessTally::to_json() const {
  nlohmann::ordered_json json;
  json["schedules"] = schedules_;
  json["interleaved"] = interleaved_;
  json["pairs"] = nlohmann::ordered_json::array();
  for (const auto& [names, count] : by_count()) {
    json["pairs"].push_back({{"window", names.first},
                             {"inside", names.second},
                             {"schedules", count.schedules},
                             {"first_schedule", count.first_schedule}});
  }
  return json;
}

std::string WitnessTally::text() const {
  if (interleaved_ == 0) {
    return fmt::format("  witness: in none of {} schedules did a call's database statement run inside another "
                       "call's window (its first to last statement): the search never reached a race's window\n",
                       schedules_);
  }
  std::string text = fmt::format(
      "  witness: in {} of {} schedules a call's database statement ran inside another call's window (its first "
      "to last statement) and conflicted with it (one object, one of them writing, or waiting for it):\n",
      interleaved_, schedules_);
  const auto sorted = by_count();
  constexpr std::size_t kShown = 10;  // the JSON has them all
  for (const auto& [names, count] : std::span(sorted).first(std::min(kShown, sorted.size()))) {
    text += fmt::format("    {} inside {}'s window: {} schedule{} (first: schedule {})\n", names.second,
                        names.first, count.schedules, count.schedules == 1 ? "" : "s", count.first_schedule);
  }
  if (sorted.size() > kShown) text += fmt::format("    and {} more pairs (--json lists them)\n", sorted.size() - kShown);
  const auto& [names, count] = sorted.front();
  text += fmt::format("  schedule {}, {} inside {}'s window:\n", count.first_schedule, names.second, names.first);
  for (const std::string& line : count.example) text += "    " + line + "\n";
  return text;
}

}  // namespace interleave::app
