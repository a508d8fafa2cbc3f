#include "scenarios/services/call_support.h"

#include <charconv>
#include <stdexcept>

#include <fmt/format.h>

namespace interleave::scenarios {

impl::Backend model_backend(model::World& world) {
  return {[&world] { return world.db.connect(); }, world.workflows};
}

std::int64_t id_of(model::db::Session& session, std::string_view table, std::string_view column,
                   const std::string& value) {
  auto rows = session.select(table, {{std::string(column), value}});
  if (rows.empty()) {
    throw std::invalid_argument(fmt::format("no {} has {} '{}': give it first", table, column, value));
  }
  return rows.front().id();
}

std::optional<std::int64_t> committed_id(const model::World& world, std::string_view table, std::string_view column,
                                         const std::string& value) {
  for (const model::db::Row& row : world.db.committed_rows(table)) {
    if (row.text(column) == value) return row.id();
  }
  return std::nullopt;
}

const std::string& argument(const Arguments& arguments, std::string_view name) {
  return arguments.find(name)->second;
}

std::string argument_or(const Arguments& arguments, std::string_view name, std::string_view otherwise) {
  auto found = arguments.find(name);
  return found != arguments.end() ? found->second : std::string(otherwise);
}

std::int64_t integer_argument(const Arguments& arguments, std::string_view name, std::int64_t otherwise) {
  auto found = arguments.find(name);
  if (found == arguments.end()) return otherwise;
  const std::string& text = found->second;
  std::int64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) {
    throw std::invalid_argument(fmt::format("argument '{}' must be a whole number, got '{}'", name, text));
  }
  return value;
}

void finish_call(model::World& world, model::CallOutcome outcome) {
  if (world.exec.recording()) {
    static constexpr std::string_view kStatus[] = {"ok", "conflict", "unhandled error"};
    world.exec.record("call.return", outcome.operation,
                      fmt::format("{}: {}", kStatus[static_cast<int>(outcome.status)], outcome.detail));
  }
  world.ledger.record(std::move(outcome));
}

}  // namespace interleave::scenarios
