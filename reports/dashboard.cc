#include "reports/dashboard.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <iterator>
#include <optional>
#include <stdexcept>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "reports/html_page.h"

namespace interleave::reports {
namespace {

using nlohmann::json;
using Out = std::back_insert_iterator<std::string>;

struct Entry {
  std::string scenario;
  std::string variant;
  std::string strategy;
  std::uint64_t schedules = 0;
  std::optional<std::uint64_t> first_violation_at;
  std::string verdict;
  std::string property;
  std::string message;
  std::string expected;
  bool as_expected = false;
  bool has_trace = false;
  std::string shrunk;  // "steps 33 -> 23, actors 3 -> 2", or empty.
  std::string postgres;  // hunt --confirm-postgres: "confirmed", "DIVERGES", ...; empty: not asked
  // The same race searched by other strategies (hunt's "other_strategies").
  struct Search {
    std::string strategy;
    std::uint64_t schedules = 0;
    std::optional<std::uint64_t> first_violation_at;
  };
  std::vector<Search> other_strategies;
};

[[noreturn]] void fail(const std::string& path, std::string_view problem) {
  throw std::invalid_argument(fmt::format("summary field '{}' {}", path, problem));
}

const json* member(const json& object, const std::string& key) {
  const auto it = object.find(key);
  return it == object.end() || it->is_null() ? nullptr : &*it;
}

std::string text(const json& object, const std::string& key, const std::string& path, bool required) {
  const json* value = member(object, key);
  if (!value) {
    if (required) fail(path + "." + key, "is missing");
    return "";
  }
  if (!value->is_string()) fail(path + "." + key, "must be a string");
  return value->get<std::string>();
}

std::optional<std::uint64_t> count(const json& object, const std::string& key, const std::string& path,
                                   bool required) {
  const json* value = member(object, key);
  if (!value) {
    if (required) fail(path + "." + key, "is missing");
    return std::nullopt;
  }
  if (!value->is_number_unsigned()) fail(path + "." + key, "must be a non-negative integer");
  return value->get<std::uint64_t>();
}

std::string shrunk_text(const json& shrunk) {
  const json* original = member(shrunk, "original");
  const json* smaller = member(shrunk, "shrunk");
  if (!original || !smaller || !original->is_object() || !smaller->is_object()) return "";
  std::string out;
  for (const char* size : {"steps", "actors", "preemptions"}) {
    const json* before = member(*original, size);
    const json* after = member(*smaller, size);
    if (!before || !after || !before->is_number_unsigned() || !after->is_number_unsigned()) continue;
    out += fmt::format("{}{} {} → {}", out.empty() ? "" : ", ", size, before->get<std::uint64_t>(),
                       after->get<std::uint64_t>());
  }
  return out;
}

std::vector<Entry> read_summary(const json& summary) {
  if (!summary.is_array()) throw std::invalid_argument("summary must be a JSON array");
  std::vector<Entry> entries;
  for (std::size_t i = 0; i < summary.size(); ++i) {
    const std::string path = fmt::format("[{}]", i);
    const json& row = summary[i];
    if (!row.is_object()) fail(path, "must be an object");
    Entry entry;
    entry.scenario = text(row, "scenario", path, true);
    entry.variant = text(row, "variant", path, true);
    entry.strategy = text(row, "strategy", path, false);
    entry.schedules = *count(row, "schedules", path, true);
    entry.first_violation_at = count(row, "first_violation_at", path, false);
    entry.verdict = text(row, "verdict", path, true);
    entry.property = text(row, "property", path, false);
    entry.message = text(row, "message", path, false);
    entry.expected = text(row, "expected", path, true);
    const json* matches = member(row, "as_expected");
    if (!matches) fail(path + ".as_expected", "is missing");
    if (!matches->is_boolean()) fail(path + ".as_expected", "must be a boolean");
    entry.as_expected = matches->get<bool>();
    entry.has_trace = !text(row, "trace", path, false).empty();
    if (const json* shrunk = member(row, "shrunk"); shrunk && shrunk->is_object()) entry.shrunk = shrunk_text(*shrunk);
    if (const json* postgres = member(row, "postgres"); postgres && postgres->is_object()) {
      entry.postgres = text(*postgres, "status", path + ".postgres", true);
    }
    if (const json* others = member(row, "other_strategies")) {
      if (!others->is_array()) fail(path + ".other_strategies", "must be an array");
      for (std::size_t k = 0; k < others->size(); ++k) {
        const std::string at = fmt::format("{}.other_strategies[{}]", path, k);
        const json& search = (*others)[k];
        if (!search.is_object()) fail(at, "must be an object");
        entry.other_strategies.push_back({text(search, "strategy", at, true), *count(search, "schedules", at, true),
                                          count(search, "first_violation_at", at, false)});
      }
    }
    entries.push_back(std::move(entry));
  }
  return entries;
}

// Worded like the "expected" column beside it: "fails P" or "holds".
std::string verdict_text(const Entry& entry) {
  // The model's defect, never the application's race.
  if (entry.verdict == "divergence") return "model fidelity divergence (not a race)";
  if (entry.verdict == "violation" && !entry.property.empty()) return "fails " + entry.property;
  return entry.property.empty() ? entry.verdict : fmt::format("{} {}", entry.verdict, entry.property);
}

// The row's colour: green holds, red a race, purple the model's own
// divergence, grey anything else (a deadlock, a crash, a budget).
std::string_view verdict_class(const Entry& entry) {
  if (entry.verdict == "holds") return "holds";
  if (entry.verdict == "violation") return "race";
  if (entry.verdict == "divergence") return "divergence";
  return "other";
}

void verdict_table(Out out, const std::vector<Entry>& entries) {
  // The PostgreSQL column only when the hunt confirmed its verdicts there.
  const bool postgres = std::any_of(entries.begin(), entries.end(), [](const Entry& e) { return !e.postgres.empty(); });
  fmt::format_to(out, "<table class=\"verdicts\">\n<tr><th>scenario</th><th>variant</th><th>verdict</th>"
                      "<th>expected</th><th>as expected</th><th>schedules</th><th>first at</th><th>shrunk</th>{}"
                      "<th>report</th></tr>\n",
                 postgres ? "<th>on PostgreSQL</th>" : "");
  for (const Entry& entry : entries) {
    fmt::format_to(out, "<tr class=\"row verdict-{}\" data-as-expected=\"{}\"><td>{}</td><td>{}</td><td",
                   verdict_class(entry), entry.as_expected, escape_markup(entry.scenario), escape_markup(entry.variant));
    if (!entry.message.empty()) fmt::format_to(out, " title=\"{}\"", escape_markup(entry.message));
    fmt::format_to(out, ">{}</td><td>{}</td><td{}>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td>",
                   escape_markup(verdict_text(entry)), escape_markup(entry.expected),
                   entry.as_expected ? "" : " class=\"unexpected\"", entry.as_expected ? "ok" : "UNEXPECTED",
                   entry.schedules,
                   entry.first_violation_at ? fmt::format("{}", *entry.first_violation_at) : std::string("-"),
                   escape_markup(entry.shrunk));
    if (postgres) fmt::format_to(out, "<td>{}</td>", entry.postgres.empty() ? "-" : escape_markup(entry.postgres));
    if (entry.has_trace) {
      fmt::format_to(out, "<td><a href=\"{}/{}/report.html\">report</a></td></tr>\n", escape_markup(entry.scenario),
                     escape_markup(entry.variant));
    } else {
      fmt::format_to(out, "<td>-</td></tr>\n");
    }
  }
  fmt::format_to(out, "</table>\n");
}

// One search: a scenario variant searched by one strategy.
struct Search {
  std::string label;  // "tenant-slug-race seed random"
  std::uint64_t schedules = 0;
  std::optional<std::uint64_t> first_violation_at;
};

// Every entry's own search, then the other strategies hunt ran on its race.
std::vector<Search> searches_of(const std::vector<Entry>& entries) {
  std::vector<Search> searches;
  for (const Entry& entry : entries) {
    const std::string name = entry.scenario + " " + entry.variant;
    // A divergence stopped the search without judging the application.
    const bool divergence = entry.verdict == "divergence";
    searches.push_back({name + (entry.strategy.empty() ? "" : " " + entry.strategy), entry.schedules,
                        divergence ? std::nullopt : entry.first_violation_at});
    for (const Entry::Search& search : entry.other_strategies) {
      searches.push_back({name + " " + search.strategy, search.schedules, search.first_violation_at});
    }
  }
  return searches;
}

// The searches that found a violation: schedules run up to and including
// the first (log scale: the catalogue's values run from 1 to thousands).
void found_chart(Out out, const std::vector<Search>& searches) {
  constexpr int kLabelWidth = 320, kBarWidth = 560, kRowHeight = 20, kTop = 8;
  std::vector<const Search*> found;
  for (const Search& search : searches) {
    if (search.first_violation_at) found.push_back(&search);
  }
  if (found.empty()) {
    fmt::format_to(out, "<p>No search found a violation.</p>\n");
    return;
  }
  std::uint64_t largest = 1;
  for (const Search* search : found) largest = std::max(largest, *search->first_violation_at + 1);
  const double full = std::log10(static_cast<double>(largest)) + 1.0;
  const int width = kLabelWidth + kBarWidth + 150;
  const int height = kTop + static_cast<int>(found.size()) * kRowHeight + 8;
  fmt::format_to(out,
                 "<div class=\"scroll\">\n<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" width=\"{0}\" "
                 "height=\"{1}\" viewBox=\"0 0 {0} {1}\" role=\"img\" aria-label=\"schedules to the first violation\">\n",
                 width, height);
  for (std::size_t i = 0; i < found.size(); ++i) {
    const Search& search = *found[i];
    const std::uint64_t value = *search.first_violation_at + 1;
    const double fraction = (std::log10(static_cast<double>(value)) + 1.0) / full;
    const int length = std::max(2, static_cast<int>(std::lround(fraction * kBarWidth)));
    const int y = kTop + static_cast<int>(i) * kRowHeight;
    fmt::format_to(out, "<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>\n", kLabelWidth - 8, y + 13,
                   escape_markup(search.label));
    fmt::format_to(out,
                   "<rect class=\"bar violation-bar\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" data-value=\"{}\">"
                   "<title>{}: found after {} of {} schedules</title></rect>\n",
                   kLabelWidth, y + 2, length, kRowHeight - 4, value, escape_markup(search.label), value,
                   search.schedules);
    fmt::format_to(out, "<text x=\"{}\" y=\"{}\">found after {}</text>\n", kLabelWidth + length + 6, y + 13, value);
  }
  fmt::format_to(out, "</svg>\n</div>\n");
}

// The searches that found none: a budget, not a distance, so a list.
void none_found(Out out, const std::vector<Search>& searches) {
  std::string rows;
  for (const Search& search : searches) {
    if (search.first_violation_at) continue;
    rows += fmt::format("<tr class=\"none-row\"><td>{}</td><td class=\"num\">none in {}</td></tr>\n",
                        escape_markup(search.label), search.schedules);
  }
  if (rows.empty()) {
    fmt::format_to(out, "<p>Every search found a violation.</p>\n");
    return;
  }
  fmt::format_to(out, "<table class=\"none-found\">\n<tr><th>search</th><th>schedules</th></tr>\n{}</table>\n", rows);
}

std::string detail(const json& run, const char* key) {
  const json* value = run.is_object() ? member(run, key) : nullptr;
  if (!value) return "";
  return value->is_string() ? value->get<std::string>() : value->dump();
}

// Seed, date, commit and command of the hunt, from its run.json.
void run_details(Out out, const json& run) {
  if (!run.is_object()) return;
  fmt::format_to(out, "<dl class=\"run\">\n");
  for (const auto& [key, label] : {std::pair{"started_at", "started"}, std::pair{"seed", "seed"},
                                   std::pair{"schedules", "schedules per variant"}, std::pair{"version", "build"}}) {
    const std::string value = detail(run, key);
    if (!value.empty()) fmt::format_to(out, "<dt>{}</dt><dd>{}</dd>\n", label, escape_markup(value));
  }
  const std::string command = detail(run, "command");
  if (!command.empty()) fmt::format_to(out, "<dt>command</dt><dd><code>{}</code></dd>\n", escape_markup(command));
  fmt::format_to(out, "</dl>\n");
}

// hunt marks every entry of a run stopped by Ctrl-C.
bool run_was_interrupted(const json& summary) {
  return std::any_of(summary.begin(), summary.end(), [](const json& entry) {
    return entry.is_object() && entry.value("run_interrupted", false);
  });
}

}  // namespace

std::string render_dashboard(const json& summary, const json& run) {
  const std::vector<Entry> entries = read_summary(summary);
  const auto unexpected = std::count_if(entries.begin(), entries.end(), [](const Entry& e) { return !e.as_expected; });
  std::string body;
  const Out out(body);
  fmt::format_to(out, "<h1>interleave hunt</h1>\n<p class=\"{}\">{} scenario variants; {}.</p>\n",
                 unexpected == 0 ? "all-as-expected" : "unexpected", entries.size(),
                 unexpected == 0 ? std::string("every verdict as the catalogue expects")
                                 : fmt::format("{} verdicts differ from the catalogue", unexpected));
  run_details(out, run);
  if (run_was_interrupted(summary)) {
    fmt::format_to(out, "<p class=\"unexpected\">Interrupted: only the variants that finished before Ctrl-C are "
                        "shown.</p>\n");
  }
  fmt::format_to(out, "<h2>Verdicts</h2>\n<p class=\"legend\"><span class=\"swatch verdict-holds\">holds</span>"
                      "<span class=\"swatch verdict-race\">fails (a race)</span><span class=\"swatch "
                      "verdict-divergence\">model divergence</span><span class=\"swatch verdict-other\">deadlock, "
                      "crash, budget</span><span class=\"unexpected\">UNEXPECTED: not the catalogue's verdict</span></p>\n");
  verdict_table(out, entries);
  const std::vector<Search> searches = searches_of(entries);
  fmt::format_to(out, "<h2>Found after N schedules</h2>\n");
  found_chart(out, searches);
  fmt::format_to(out, "<h2>None found in N schedules</h2>\n");
  none_found(out, searches);
  return html_page("interleave hunt", body);
}

}  // namespace interleave::reports
