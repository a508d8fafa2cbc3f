// The witness of a schedule: which call's database statement came inside
// another call's window (its first to last statement) and conflicted with it.

#include "app/witness.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace interleave::app {
namespace {

using ::testing::HasSubstr;

// A trace with the setup actor 0 and actors 1 (a) and 2 (b).
Trace trace_of(std::vector<Event> events) {
  Trace trace;
  trace.actors = {{0, "setup", "setup", "given"}, {1, "a", "request", "edit"}, {2, "b", "request", "edit"}};
  trace.events = std::move(events);
  return trace;
}

Event statement(ActorId actor, std::string op, std::string text, std::string result = "") {
  return {0, 0, actor, std::move(op), std::move(text), std::move(result)};
}

std::vector<std::string> pairs(const Trace& trace) {
  std::vector<std::string> found;
  for (const Interleaving& pair : interleavings(trace)) found.push_back(pair.inside_actor + " in " + pair.window_actor);
  return found;
}

TEST(Witness, AWriteInsideAReadThenWriteWindowInterleaves) {
  const Trace trace = trace_of({statement(1, "db.select", "SELECT * FROM drafts WHERE id = 1"),
                                statement(2, "db.update", "UPDATE drafts SET config = '{}' WHERE id = 1"),
                                statement(1, "db.update", "UPDATE drafts SET config = '{}' WHERE id = 1")});
  EXPECT_THAT(pairs(trace), ::testing::ElementsAre("b in a"));
  const Interleaving found = interleavings(trace).front();
  EXPECT_EQ(found.window_first, 0u);
  EXPECT_EQ(found.inside, 1u);
  EXPECT_EQ(found.window_last, 2u);
}

TEST(Witness, TwoReadsOrTwoSharedRowLocksDoNotConflict) {
  EXPECT_TRUE(pairs(trace_of({statement(1, "db.select", "SELECT * FROM drafts"),
                              statement(2, "db.select", "SELECT * FROM drafts"),
                              statement(1, "db.commit", "COMMIT")}))
                  .empty());
  EXPECT_TRUE(pairs(trace_of({statement(1, "db.select", "SELECT * FROM tenants FOR SHARE"),
                              statement(2, "db.select", "SELECT * FROM tenants FOR SHARE"),
                              statement(1, "db.select", "SELECT * FROM products")}))
                  .empty());
  EXPECT_THAT(pairs(trace_of({statement(1, "db.select", "SELECT * FROM tenants FOR SHARE"),
                              statement(2, "db.select", "SELECT * FROM tenants FOR UPDATE"),
                              statement(1, "db.commit", "COMMIT")})),
              ::testing::ElementsAre("b in a"));
}

TEST(Witness, OtherTablesAndSessionSettingsDoNotConflict) {
  EXPECT_TRUE(pairs(trace_of({statement(1, "db.select", "SELECT * FROM drafts"),
                              statement(2, "db.update", "UPDATE tenants SET status = 'ready'"),
                              statement(2, "db.set", "SET lock_timeout = 5000"),
                              statement(1, "db.update", "UPDATE drafts SET config = '{}'")}))
                  .empty());
}

TEST(Witness, WaitingForTheWindowsActorAndSchemaDdlConflict) {
  EXPECT_THAT(pairs(trace_of({statement(1, "db.advisory_lock", "SELECT pg_advisory_xact_lock(7)", "locked"),
                              statement(2, "db.set", "SET lock_timeout = 5000", "blocked: waits for a"),
                              statement(1, "db.commit", "COMMIT")})),
              ::testing::ElementsAre("b in a"));
  // Waiting for another actor whose name merely starts with the window's.
  EXPECT_TRUE(pairs(trace_of({statement(1, "db.set", "SET lock_timeout = 5000"),
                              statement(2, "db.set", "SET lock_timeout = 5000", "blocked: waits for a-2"),
                              statement(1, "db.commit", "COMMIT")}))
                  .empty());
  EXPECT_THAT(pairs(trace_of({statement(1, "db.set", "SET search_path TO tenant_acme"),
                              statement(1, "db.select", "SELECT * FROM products"),
                              statement(2, "db.sql", "DROP SCHEMA tenant_acme CASCADE"),
                              statement(1, "db.rollback", "ROLLBACK")})),
              ::testing::ElementsAre("b in a"));
}

TEST(Witness, ACallEndsItsWindowAndTheSetupActorIsNoCall) {
  // a's two calls: b's write falls between them, in neither window.
  EXPECT_TRUE(pairs(trace_of({statement(1, "db.select", "SELECT * FROM drafts"),
                              statement(1, "db.update", "UPDATE drafts SET config = '{}'"),
                              {0, 0, 1, "call.return", "edit", "ok"},
                              statement(2, "db.update", "UPDATE drafts SET config = '{}'"),
                              statement(1, "db.select", "SELECT * FROM drafts"),
                              statement(1, "db.update", "UPDATE drafts SET config = '{}'")}))
                  .empty());
  EXPECT_TRUE(pairs(trace_of({statement(0, "db.select", "SELECT * FROM drafts"),
                              statement(2, "db.update", "UPDATE drafts SET config = '{}'"),
                              statement(0, "db.update", "UPDATE drafts SET config = '{}'")}))
                  .empty());
}

TEST(Witness, TallyCountsSchedulesPerPairAndShowsTheFirst) {
  const Trace interleaved = trace_of({statement(1, "db.select", "SELECT * FROM drafts"),
                                      statement(2, "db.update", "UPDATE drafts SET config = '{}'", "UPDATE 1"),
                                      statement(1, "db.update", "UPDATE drafts SET config = '{}'", "UPDATE 1")});
  const Trace serial = trace_of({statement(1, "db.select", "SELECT * FROM drafts"),
                                 statement(1, "db.update", "UPDATE drafts SET config = '{}'"),
                                 statement(2, "db.update", "UPDATE drafts SET config = '{}'")});
  WitnessTally tally;
  tally.add(0, serial);
  tally.add(1, interleaved);
  tally.add(2, interleaved);
  EXPECT_EQ(tally.schedules(), 3u);
  EXPECT_EQ(tally.interleaved(), 2u);
  const auto json = tally.to_json();
  ASSERT_EQ(json["pairs"].size(), 1u);
  EXPECT_EQ(json["pairs"][0]["window"], "a");
  EXPECT_EQ(json["pairs"][0]["inside"], "b");
  EXPECT_EQ(json["pairs"][0]["schedules"], 2);
  EXPECT_EQ(json["pairs"][0]["first_schedule"], 1);
  EXPECT_THAT(tally.text(), HasSubstr("witness: in 2 of 3 schedules"));
  EXPECT_THAT(tally.text(), HasSubstr("b inside a's window: 2 schedules (first: schedule 1)"));
  EXPECT_THAT(tally.text(), HasSubstr("    b  UPDATE drafts SET config = '{}'  → UPDATE 1\n"));
}

TEST(Witness, ATallyOfSerialSchedulesSaysTheWindowWasNeverReached) {
  WitnessTally tally;
  tally.add(0, trace_of({statement(1, "db.select", "SELECT * FROM drafts"),
                         statement(1, "db.update", "UPDATE drafts SET config = '{}'")}));
  EXPECT_THAT(tally.text(), HasSubstr("in none of 1 schedules"));
  EXPECT_THAT(tally.text(), HasSubstr("never reached a race's window"));
}

}  // namespace
}  // namespace interleave::app
