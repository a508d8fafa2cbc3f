#include "reports/causality.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

namespace interleave::reports {
namespace {


// The identifier (letters, digits, '_', '.') starting at `at`, with its
// schema prefix removed.
std::optional<std::string> identifier_at(std::string_view text, std::size_t at) {
  std::size_t end = at;
  while (end < text.size() && (std::isalnum(static_cast<unsigned char>(text[end])) || text[end] == '_' ||
                               text[end] == '.')) {
    ++end;
  }
  if (end == at) return std::nullopt;
  std::string_view name = text.substr(at, end - at);
  if (const std::size_t dot = name.rfind('.'); dot != std::string_view::npos) name.remove_prefix(dot + 1);
  if (name.empty()) return std::nullopt;
  return std::string(name);
}

std::optional<std::size_t> first_event_of(const std::vector<Event>& events, const std::string& actor) {
  for (std::size_t i = 0; i < events.size(); ++i) {
    if (events[i].actor_name == actor) return i;
  }
  return std::nullopt;
}

// "start_workflow X id=<child>" names the child as a whole word.
bool names_child(std::string_view text, std::string_view child) {
  const std::string naming = "id=" + std::string(child);
  const std::size_t at = text.find(naming);
  if (at == std::string_view::npos) return false;
  const std::size_t end = at + naming.size();
  return end == text.size() || text[end] == ' ';
}

std::optional<Link> start_link(const TraceRecord& trace, const Actor& child) {
  const std::string& parent = *child.parent_name;
  const std::optional<std::size_t> first = first_event_of(trace.events, child.name);
  std::optional<std::size_t> source;
  for (std::size_t i = 0; i < trace.events.size() && !source; ++i) {
    const Event& event = trace.events[i];
    if (event.actor_name == parent && event.op == "workflow.start" && names_child(event.text, child.name)) source = i;
  }
  if (!source && first) {
    for (std::size_t i = 0; i < *first; ++i) {
      if (trace.events[i].actor_name == parent) source = i;
    }
  }
  if (!source && !first) return std::nullopt;
  const std::size_t to = first ? *first : *source;
  return Link{LinkKind::start, parent, source.value_or(to), child.name, to};
}

void http_links(const std::vector<Event>& events, std::vector<Link>& links) {
  std::map<std::string, std::size_t> open_request;  // actor -> its http.request event
  for (std::size_t i = 0; i < events.size(); ++i) {
    const Event& event = events[i];
    if (event.op == "http.request") {
      open_request[event.actor_name] = i;
    } else if (event.op == "http.response") {
      open_request.erase(event.actor_name);
    } else if (event.op.starts_with("db.")) {
      const auto request = open_request.find(event.actor_name);
      if (request != open_request.end()) {
        links.push_back({LinkKind::http, event.actor_name, request->second, event.actor_name, i});
      }
    }
  }
}

void commit_links(const std::vector<Event>& events, std::vector<Link>& links) {
  std::map<std::string, std::set<std::string>> written;  // actor -> tables of its open transaction
  for (std::size_t i = 0; i < events.size(); ++i) {
    const Event& event = events[i];
    if (event.op == "db.insert" || event.op == "db.update" || event.op == "db.delete") {
      if (auto table = statement_table(event.text)) written[event.actor_name].insert(*table);
      continue;
    }
    if (event.op == "db.rollback") written.erase(event.actor_name);
    if (event.op != "db.commit") continue;
    const std::set<std::string> tables = std::move(written[event.actor_name]);
    written.erase(event.actor_name);
    if (tables.empty()) continue;
    for (std::size_t j = i + 1; j < events.size(); ++j) {
      const Event& read = events[j];
      if (read.op != "db.select" || read.actor_name == event.actor_name) continue;
      const std::optional<std::string> table = statement_table(read.text);
      if (table && tables.count(*table)) {
        links.push_back({LinkKind::commit, event.actor_name, i, read.actor_name, j});
        break;
      }
    }
  }
}

}  // namespace

std::optional<std::string> statement_table(std::string_view statement) {
  for (const std::string_view keyword : {"INSERT INTO ", "UPDATE ", "DELETE FROM "}) {
    if (statement.starts_with(keyword)) return identifier_at(statement, keyword.size());
  }
  if (!statement.starts_with("SELECT ")) return std::nullopt;
  const std::size_t from = statement.find(" FROM ");
  if (from == std::string_view::npos) return std::nullopt;
  return identifier_at(statement, from + 6);
}

std::vector<Link> causal_links(const TraceRecord& trace) {
  std::vector<Link> links;
  for (const Actor& actor : trace.actors) {
    if (!actor.parent_name) continue;
    if (auto link = start_link(trace, actor)) links.push_back(std::move(*link));
  }
  http_links(trace.events, links);
  commit_links(trace.events, links);
  return links;
}

}  // namespace interleave::reports
