#include "tests/model/sql/sql_test_support.h"

#include <gtest/gtest.h>

#include <optional>

#include "harness/program.h"
#include "harness/random_strategy.h"
#include "model/db/error.h"
#include "model/db/sql/sql_values.h"

namespace interleave::sql_test {

namespace {

class SqlProgram final : public Program {
 public:
  explicit SqlProgram(std::vector<std::pair<std::string, Body>> actors) : actors_(std::move(actors)) {}
  void start(Execution& exec) override {
    db_ = std::make_unique<model::db::Database>(exec, std::span<const model::db::TableDef* const>{});
    for (auto& [name, body] : actors_) {
      exec.spawn({.name = name, .kind = "test"}, [this, &exec, &body = body] { body(exec, *db_); });
    }
  }
  std::optional<Violation> check_step() override { return std::nullopt; }
  std::optional<Violation> check_quiescent() override { return std::nullopt; }

 private:
  std::vector<std::pair<std::string, Body>> actors_;
  std::unique_ptr<model::db::Database> db_;
};

}  // namespace

std::vector<std::string> run_actors(std::vector<std::pair<std::string, Body>> actors, std::uint64_t schedule) {
  SqlProgram program(std::move(actors));
  RandomStrategy strategy(17);
  strategy.begin_schedule(schedule);
  Execution exec(strategy, {}, /*record_events=*/true);
  exec.run(program);
  EXPECT_EQ(exec.verdict().status, VerdictStatus::kHolds) << exec.verdict().message;
  std::vector<std::string> results;
  for (const Event& event : exec.events()) results.push_back(event.result);
  return results;
}

std::string render(const model::db::SqlResult& result) {
  std::string text = result.command_tag;
  if (result.returns_rows) {
    text += " (";
    for (std::size_t i = 0; i < result.columns.size(); ++i) {
      text += (i ? ", " : "") + result.columns[i].name + ":" +
              std::string(model::db::sql::type_name(result.columns[i].type));
    }
    text += ")";
    for (const auto& row : result.rows) {
      text += " [";
      for (std::size_t i = 0; i < row.size(); ++i) text += (i ? ", " : "") + model::db::sql_literal(row[i]);
      text += "]";
    }
  }
  for (const std::string& notice : result.notices) text += " NOTICE(" + notice + ")";
  return text;
}

std::string outcome(model::db::Session& session, std::string_view sql, const std::vector<model::db::Value>& params) {
  try {
    return render(session.execute(sql, params));
  } catch (const model::db::DbError& error) {
    return "ERROR " + error.sqlstate() + ": " + error.what();
  }
}

bool has_blocked(const Execution& exec, std::string_view actor) {
  for (const Event& event : exec.events()) {
    if (exec.actor_info(event.actor).name == actor && event.result.starts_with("blocked")) return true;
  }
  return false;
}

}  // namespace interleave::sql_test
