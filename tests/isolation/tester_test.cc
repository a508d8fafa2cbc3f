// isolationtester's algorithm (app/isolation/tester.h) on scripted
// connections, against what PostgreSQL 15's isolationtester prints in the
// same situations: waits, completions in the order the steps began
// waiting, a session's next step waiting for its running one, the (*) and
// (step) markers, and a permutation that can never finish.

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "app/isolation/connections.h"
#include "app/isolation/spec_reader.h"
#include "app/isolation/tester.h"

namespace interleave::app::isolation {
namespace {

// A step's sql is a script: "ok", "notice TEXT", "wait KEY" (waits for a
// lock until some step runs "release KEY", or a cancel), "release KEY...",
// "sleep" (runs until time passes), "hang" (waits, and a cancel cannot
// reach it).
class ScriptedConnections final : public Connections {
 public:
  std::vector<Received> run(std::size_t connection, const std::string& sql) override {
    send(connection, sql);
    while (busy(connection)) wait_for_progress(std::nullopt);
    return take_received(connection);
  }
  void send(std::size_t connection, const std::string& sql) override {
    std::istringstream words(sql);
    std::string verb;
    words >> verb;
    State& state = states_[connection];
    state = State{};
    if (verb == "wait") {
      words >> state.key;
      if (!released_.contains(state.key)) {
        state.busy = state.waiting = true;
        return;
      }
    } else if (verb == "sleep") {
      state.busy = true;
      return;
    } else if (verb == "hang") {
      state.busy = state.waiting = state.hangs = true;
      return;
    } else if (verb == "release") {
      for (std::string key; words >> key;) release(key);
    } else if (verb == "notice") {
      std::string text;
      std::getline(words, text);
      received_[connection].push_back({Received::Kind::kNotice, "NOTICE: " + text + "\n"});
    }
    finish(connection);
  }
  bool busy(std::size_t connection) override { return states_[connection].busy; }
  bool lock_waiting(std::size_t connection) override { return states_[connection].waiting; }
  bool wait_for_progress(std::optional<std::int64_t> deadline_ms) override {
    for (auto& [connection, state] : states_) {
      if (state.busy && !state.waiting) {
        finish(connection);
        return true;
      }
    }
    if (!deadline_ms) throw StuckError("stuck");
    now_ms_ = *deadline_ms;
    return false;
  }
  std::int64_t now_ms() override { return now_ms_; }
  void cancel(std::size_t connection) override {
    State& state = states_[connection];
    if (!state.waiting || state.hangs) return;
    state = State{};
    received_[connection].push_back({Received::Kind::kError, "ERROR:  canceling statement due to user request\n"});
  }
  std::vector<Received> take_received(std::size_t connection) override {
    return std::exchange(received_[connection], {});
  }

 private:
  struct State {
    bool busy = false;
    bool waiting = false;
    bool hangs = false;
    std::string key;
  };
  void release(const std::string& key) {
    released_.insert(key);
    for (auto& [connection, state] : states_) {
      if (state.waiting && state.key == key) finish(connection);
    }
  }
  void finish(std::size_t connection) {
    states_[connection] = State{};
    received_[connection].push_back({Received::Kind::kResult, "done\n"});
  }

  std::int64_t now_ms_ = 0;
  std::map<std::size_t, State> states_;
  std::map<std::size_t, std::vector<Received>> received_;
  std::set<std::string> released_;
};

struct Printed {
  std::string out;
  std::string err;
  bool finished;
};

Printed run_spec(const std::string& text, std::int64_t max_step_wait_ms = kDefaultMaxStepWaitMs) {
  const ReadSpec read = read_spec(text);
  ScriptedConnections connections;
  Printed printed;
  Tester tester(read.spec, connections, printed.out, printed.err, max_step_wait_ms);
  printed.finished = true;
  for_each_permutation(read.spec, [&](const PlannedPermutation& permutation) {
    printed.finished = tester.run(permutation);
    return printed.finished;
  });
  return printed;
}

TEST(IsolationTester, AWaitingStepLetsTheNextGoAndCompletesAfterTheStepThatReleasedIt) {
  const Printed printed = run_spec(
      "setup { ok }\nsession s1\nstep a { ok }\nstep c { release k }\n"
      "session s2\nstep b { wait k }\npermutation a b c\n");
  EXPECT_EQ(printed.out,
            "\nstarting permutation: a b c\n"
            "done\n"  // the setup's last result
            "step a: ok\ndone\n"
            "step b: wait k <waiting ...>\n"
            "step c: release k\ndone\n"
            "step b: <... completed>\ndone\n");
  EXPECT_TRUE(printed.finished);
}

TEST(IsolationTester, CompletionsComeInTheOrderTheStepsBeganWaiting) {
  const Printed printed = run_spec(
      "session s1\nstep a { wait x }\nsession s2\nstep b { wait y }\n"
      "session s3\nstep c { release y x }\npermutation a b c\n");
  EXPECT_EQ(printed.out,
            "\nstarting permutation: a b c\n"
            "step a: wait x <waiting ...>\n"
            "step b: wait y <waiting ...>\n"
            "step c: release y x\ndone\n"
            "step a: <... completed>\ndone\n"
            "step b: <... completed>\ndone\n");
}

TEST(IsolationTester, AStepThatRunsWithoutALockWaitIsWaitedOut) {
  const Printed printed = run_spec(
      "session s1\nstep a { sleep }\nstep b { ok }\nsession s2\nstep c { notice hi }\npermutation a c b\n");
  EXPECT_EQ(printed.out,
            "\nstarting permutation: a c b\n"
            "step a: sleep\ndone\n"  // not a lock wait: isolationtester waits it out
            "s2: NOTICE:  hi\n"
            "step c: notice hi\ndone\n"
            "step b: ok\ndone\n");
}

TEST(IsolationTester, TheOnceMarkerReportsAWaitThenTheCompletion) {
  const Printed printed = run_spec("session s1\nstep a { ok }\nsession s2\nstep b { ok }\npermutation a(*) b\n");
  EXPECT_EQ(printed.out,
            "\nstarting permutation: a b\n"
            "step a: ok <waiting ...>\n"
            "step b: ok\ndone\n"
            "step a: <... completed>\ndone\n");
}

TEST(IsolationTester, AStepMarkerHoldsTheCompletionWhileThatStepRuns) {
  const Printed printed = run_spec(
      "session s1\nstep a { wait k }\nsession s2\nstep b { ok }\nsession s3\nstep c { release k }\n"
      "permutation a b(a) c\n");
  EXPECT_EQ(printed.out,
            "\nstarting permutation: a b c\n"
            "step a: wait k <waiting ...>\n"
            "step b: ok <waiting ...>\n"
            "step c: release k\ndone\n"
            "step a: <... completed>\ndone\n"
            "step b: <... completed>\ndone\n");
}

// As PostgreSQL 15's isolationtester printed it for an UPDATE that waits
// for a row lock held by the session the permutation has not run yet, with
// PGISOLATIONTIMEOUT=1.
TEST(IsolationTester, AStepThatWaitsOnASessionThePermutationHoldsBackIsCancelledAfterTheTimeout) {
  const Printed printed = run_spec(
      "session s1\nstep a { wait k }\nstep b { ok }\nsession s2\nstep c { release k }\n"
      "permutation a b c\n",
      1000);
  EXPECT_EQ(printed.out,
            "\nstarting permutation: a b c\n"
            "step a: wait k <waiting ...>\n"
            "isolationtester: canceling step a after 1 seconds\n"
            "step a: <... completed>\n"
            "ERROR:  canceling statement due to user request\n"
            "step b: ok\ndone\n"
            "step c: release k\ndone\n");
  EXPECT_TRUE(printed.finished);
  // The default is isolationtester's: 300 s.
  EXPECT_NE(run_spec("session s1\nstep a { wait k }\nstep b { ok }\npermutation a b\n")
                .out.find("isolationtester: canceling step a after 300 seconds\n"),
            std::string::npos);
}

TEST(IsolationTester, APermutationThatCanNeverFinishStopsTheRun) {
  const Printed printed = run_spec(
      "session s1\nstep a { hang }\nstep b { ok }\nsession s2\nstep c { ok }\n"
      "permutation a b c\npermutation c\n");
  EXPECT_EQ(printed.out,
            "\nstarting permutation: a b c\nstep a: hang <waiting ...>\n"
            "isolationtester: canceling step a after 300 seconds\n");
  EXPECT_EQ(printed.err, "stuck\n");
  EXPECT_FALSE(printed.finished);
}

TEST(IsolationTester, AFailedSetupStopsTheRunOnStderr) {
  const Spec spec = read_spec("setup { ok }\nsession s1\nstep a { ok }\n").spec;
  std::string out;
  std::string err;
  // A connection that answers every block with an error.
  class Failing final : public Connections {
   public:
    std::vector<Received> run(std::size_t, const std::string&) override {
      return {{Received::Kind::kError, "ERROR:  boom\n"}};
    }
    void send(std::size_t, const std::string&) override {}
    bool busy(std::size_t) override { return false; }
    bool lock_waiting(std::size_t) override { return false; }
    bool wait_for_progress(std::optional<std::int64_t>) override { return true; }
    std::int64_t now_ms() override { return 0; }
    void cancel(std::size_t) override {}
    std::vector<Received> take_received(std::size_t) override { return {}; }
  } failing;
  Tester tester(spec, failing, out, err);
  bool finished = true;
  for_each_permutation(spec, [&](const PlannedPermutation& permutation) {
    finished = tester.run(permutation);
    return finished;
  });
  EXPECT_FALSE(finished);
  EXPECT_EQ(out, "\nstarting permutation: a\n");
  EXPECT_EQ(err, "setup failed: ERROR:  boom\n");
}

}  // namespace
}  // namespace interleave::app::isolation
