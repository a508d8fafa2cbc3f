// SQL text through the lockstep mirror (backends/pg/mirror_session.h): each
// statement runs on the model and on a real server (pg_virtualenv), who
// waits and what each answers must agree.

#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "backends/pg/server_mirror.h"
#include "harness/execution.h"
#include "harness/program.h"
#include "harness/random_strategy.h"
#include "model/world.h"
#include "tests/model/sql/sql_test_support.h"

namespace interleave {
namespace {

using sql_test::await;
using sql_test::has_blocked;

using Actor = std::function<void(Execution&, model::World&)>;

class MirroredProgram final : public Program {
 public:
  MirroredProgram(impl::pg::ServerMirror& mirror, std::vector<std::pair<std::string, Actor>> actors)
      : mirror_(mirror), actors_(std::move(actors)) {}
  void start(Execution& exec) override {
    world_ = std::make_unique<model::World>(exec);
    mirror_.world_built(*world_);
    for (auto& [name, body] : actors_) {
      exec.spawn({.name = name, .kind = "test"}, [this, &exec, &body = body] { body(exec, *world_); });
    }
  }
  std::optional<Violation> check_step() override { return std::nullopt; }
  std::optional<Violation> check_quiescent() override { return std::nullopt; }
  void finish() { mirror_.world_finished(*world_); }

 private:
  impl::pg::ServerMirror& mirror_;
  std::vector<std::pair<std::string, Actor>> actors_;
  std::unique_ptr<model::World> world_;
};

VerdictStatus run_mirrored(impl::pg::ServerMirror& mirror, std::vector<std::pair<std::string, Actor>> actors) {
  MirroredProgram program(mirror, std::move(actors));
  RandomStrategy strategy(3);
  strategy.begin_schedule(0);
  Execution exec(strategy, {}, /*record_events=*/true);
  exec.run(program);
  program.finish();
  return exec.verdict().status;
}

TEST(SqlMirror, WaitsAndAnswersAgreeStatementByStatement) {
  impl::pg::ServerMirror mirror({.dsn = ""});
  bool a_updated = false;
  std::vector<std::string> b_saw;
  const VerdictStatus status = run_mirrored(
      mirror, {{"a",
                [&](Execution& exec, model::World& world) {
                  auto session = world.db.connect();
                  session->execute("CREATE TABLE t (id int PRIMARY KEY, n int NOT NULL)");
                  session->execute("INSERT INTO t VALUES (1, 10)");
                  session->execute("BEGIN; UPDATE t SET n = n + 1 WHERE id = 1");
                  a_updated = true;
                  await(exec, [&] { return has_blocked(exec, "b"); });
                  session->execute("COMMIT");
                }},
               {"b",
                [&](Execution& exec, model::World& world) {
                  await(exec, [&] { return a_updated; });
                  auto session = world.db.connect();
                  b_saw.push_back(sql_test::outcome(*session, "UPDATE t SET n = n * 2 WHERE id = 1 RETURNING n"));
                  b_saw.push_back(sql_test::outcome(*session, "SELECT pg_try_advisory_lock(1)"));
                }}});
  EXPECT_EQ(status, VerdictStatus::kHolds);
  EXPECT_FALSE(mirror.divergence()) << *mirror.divergence();
  EXPECT_FALSE(mirror.failure()) << *mirror.failure();
  EXPECT_EQ(b_saw, (std::vector<std::string>{"UPDATE 1 (n:bigint) [22]",
                                             "SELECT 1 (pg_try_advisory_lock:boolean) [1]"}));
  // CREATE, INSERT, BEGIN, UPDATE, COMMIT, b's UPDATE and SELECT: each mirrored on its own.
  EXPECT_EQ(mirror.statements().size(), 7u);
}

TEST(SqlMirror, TextTheModelRefusesButTheServerRunsIsADivergence) {
  impl::pg::ServerMirror mirror({.dsn = ""});
  run_mirrored(mirror, {{"a", [&](Execution&, model::World& world) {
                           auto session = world.db.connect();
                           sql_test::outcome(*session, "SELECT lower('A')");
                         }}});
  ASSERT_TRUE(mirror.divergence());
  EXPECT_NE(mirror.divergence()->find("SELECT lower('A')"), std::string::npos) << *mirror.divergence();
}

}  // namespace
}  // namespace interleave
