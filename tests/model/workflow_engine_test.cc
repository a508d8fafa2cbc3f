#include "model/workflows/workflow_engine.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "harness/execution.h"
#include "tests/model/workflow_test_program.h"

namespace interleave {
namespace {

using model::workflows::ActivityError;
using model::workflows::ApplicationError;
using model::workflows::FailureKind;
using model::workflows::RetryState;
using model::workflows::WorkflowFailureError;
using model::workflows::RunStatus;
using model::workflows::WorkflowAlreadyStarted;
using model::workflows::WorkflowContext;
using model::workflows::WorkflowEngine;
using model::workflows::WorkflowRun;
using test_support::await;
using test_support::EngineProgram;
using test_support::run;
using test_support::RunResult;

// The outcome must not depend on the schedule; we try this many.
constexpr std::uint64_t kEngineSchedules = 40;

// --- Workflow id uniqueness --------------------------------------------------

TEST(WorkflowEngine, SecondStartWithOpenIdThrowsAndFinishedIdCanBeReused) {
  for (std::uint64_t schedule = 0; schedule < kEngineSchedules; ++schedule) {
    SCOPED_TRACE("schedule " + std::to_string(schedule));
    bool release = false;
    bool first_threw = false;
    std::optional<std::string> duplicate_error;
    bool reuse_threw = false;
    int bodies_run = 0;
    EngineProgram program([&](Execution& exec, WorkflowEngine& engine) {
      // The first run stays open until released, whatever the schedule.
      auto held = [&](WorkflowContext&) {
        ++bodies_run;
        await(exec, [&] { return release; });
      };
      try {
        engine.start_workflow("TenantProvisioningWorkflow", "wf-1", held);
      } catch (const WorkflowAlreadyStarted&) {
        first_threw = true;
      }
      try {
        engine.start_workflow("TenantProvisioningWorkflow", "wf-1", held);
      } catch (const WorkflowAlreadyStarted& error) {
        duplicate_error = error.what();
      }
      release = true;
      await(exec, [&] { return engine.runs().front().status != RunStatus::kRunning; });
      try {
        engine.start_workflow("TenantProvisioningWorkflow", "wf-1", [&](WorkflowContext&) { ++bodies_run; });
      } catch (const WorkflowAlreadyStarted&) {
        reuse_threw = true;
      }
    });
    RunResult result = run(program, schedule);
    ASSERT_EQ(result.verdict.status, VerdictStatus::kHolds) << result.verdict.message;
    EXPECT_FALSE(first_threw);
    ASSERT_TRUE(duplicate_error.has_value());
    EXPECT_NE(duplicate_error->find("wf-1"), std::string::npos) << *duplicate_error;
    EXPECT_FALSE(reuse_threw);
    EXPECT_EQ(bodies_run, 2);  // the refused start ran nothing

    const auto& runs = program.engine().runs();
    ASSERT_EQ(runs.size(), 2u);
    for (const WorkflowRun& run : runs) {
      EXPECT_EQ(run.id, "wf-1");
      EXPECT_EQ(run.type, "TenantProvisioningWorkflow");
      EXPECT_EQ(run.status, RunStatus::kCompleted);
    }
    ASSERT_NE(result.actor("wf-1"), nullptr);
    ASSERT_NE(result.actor("wf-1#2"), nullptr);
    EXPECT_EQ(runs[0].actor, result.actor("wf-1")->id);
    EXPECT_EQ(runs[1].actor, result.actor("wf-1#2")->id);
  }
}

TEST(WorkflowEngine, DifferentIdsRunSideBySide) {
  bool both_open = false;
  int open = 0;
  EngineProgram program([&](Execution& exec, WorkflowEngine& engine) {
    auto body = [&](WorkflowContext&) {
      ++open;
      await(exec, [&] { return open == 2; });
      both_open = true;
    };
    engine.start_workflow("T", "wf-a", body);
    engine.start_workflow("T", "wf-b", body);
  });
  for (std::uint64_t schedule = 0; schedule < kEngineSchedules; ++schedule) {
    SCOPED_TRACE("schedule " + std::to_string(schedule));
    both_open = false;
    open = 0;
    RunResult result = run(program, schedule);
    ASSERT_EQ(result.verdict.status, VerdictStatus::kHolds) << result.verdict.message;
    EXPECT_TRUE(both_open);
    EXPECT_NE(result.actor("wf-a"), nullptr);
    EXPECT_NE(result.actor("wf-b"), nullptr);
  }
}

// --- Activities ---------------------------------------------------------------

TEST(WorkflowEngine, SucceedingActivityCompletesRunAfterActivityFinished) {
  for (std::uint64_t schedule = 0; schedule < kEngineSchedules; ++schedule) {
    SCOPED_TRACE("schedule " + std::to_string(schedule));
    int activity_steps = 0;
    int seen_by_workflow = -1;
    EngineProgram program([&](Execution& exec, WorkflowEngine& engine) {
      engine.start_workflow("T", "wf-1", [&](WorkflowContext& ctx) {
        ctx.execute_activity("create_tenant_record", [&] {
          for (int i = 0; i < 3; ++i) {
            exec.scheduling_point();
            ++activity_steps;
          }
        });
        // execute_activity returns only when the activity is done.
        seen_by_workflow = activity_steps;
      });
    });
    RunResult result = run(program, schedule);
    ASSERT_EQ(result.verdict.status, VerdictStatus::kHolds) << result.verdict.message;
    EXPECT_EQ(seen_by_workflow, 3);
    const auto& runs = program.engine().runs();
    ASSERT_EQ(runs.size(), 1u);
    EXPECT_EQ(runs[0].status, RunStatus::kCompleted);
    EXPECT_TRUE(runs[0].failure.empty());
  }
}

TEST(WorkflowEngine, FailingActivityRaisesActivityErrorInWorkflow) {
  std::optional<std::string> caught;
  bool wrong_type = false;
  EngineProgram program([&](Execution&, WorkflowEngine& engine) {
    engine.start_workflow("T", "wf-1", [&](WorkflowContext& ctx) {
      try {
        ctx.execute_activity("create_tenant_record", [] { throw std::runtime_error("slug taken"); });
      } catch (const ActivityError& error) {
        caught = error.what();
      } catch (...) {
        wrong_type = true;
      }
    });
  });
  RunResult result = run(program, 0);
  ASSERT_EQ(result.verdict.status, VerdictStatus::kHolds) << result.verdict.message;
  EXPECT_FALSE(wrong_type);
  ASSERT_TRUE(caught.has_value());
  EXPECT_NE(caught->find("create_tenant_record"), std::string::npos) << *caught;
  EXPECT_NE(caught->find("slug taken"), std::string::npos) << *caught;
  // The workflow handled it: the run completes.
  EXPECT_EQ(program.engine().runs().at(0).status, RunStatus::kCompleted);
}

TEST(WorkflowEngine, UnhandledActivityFailureFailsRunWithItsText) {
  bool after_activity = false;
  EngineProgram program([&](Execution&, WorkflowEngine& engine) {
    engine.start_workflow("T", "wf-1", [&](WorkflowContext& ctx) {
      ctx.execute_activity("create_tenant_record", [] { throw std::runtime_error("slug taken"); });
      after_activity = true;
    });
  });
  RunResult result = run(program, 0);
  // A failed run is an outcome of the model, not a crash of the execution.
  ASSERT_EQ(result.verdict.status, VerdictStatus::kHolds) << result.verdict.message;
  EXPECT_FALSE(after_activity);
  const WorkflowRun& run = program.engine().runs().at(0);
  EXPECT_EQ(run.status, RunStatus::kFailed);
  EXPECT_NE(run.failure.find("create_tenant_record"), std::string::npos) << run.failure;
  EXPECT_NE(run.failure.find("slug taken"), std::string::npos) << run.failure;
  bool failure_recorded = false;
  for (const Event& event : result.events) {
    if (event.op == "workflow.end" && event.result.starts_with("failed: ")) failure_recorded = true;
  }
  EXPECT_TRUE(failure_recorded);
}

TEST(WorkflowEngine, FailedRunFreesItsIdForReuse) {
  bool reuse_threw = false;
  EngineProgram program([&](Execution& exec, WorkflowEngine& engine) {
    engine.start_workflow("T", "wf-1", [](WorkflowContext& ctx) {
      ctx.execute_activity("act", [] { throw std::runtime_error("boom"); });
    });
    await(exec, [&] { return engine.runs().front().status != RunStatus::kRunning; });
    try {
      engine.start_workflow("T", "wf-1", [](WorkflowContext&) {});
    } catch (const WorkflowAlreadyStarted&) {
      reuse_threw = true;
    }
  });
  RunResult result = run(program, 0);
  ASSERT_EQ(result.verdict.status, VerdictStatus::kHolds) << result.verdict.message;
  EXPECT_FALSE(reuse_threw);
  const auto& runs = program.engine().runs();
  ASSERT_EQ(runs.size(), 2u);
  EXPECT_EQ(runs[0].status, RunStatus::kFailed);
  EXPECT_EQ(runs[1].status, RunStatus::kCompleted);
}

TEST(WorkflowEngine, RunStatusNames) {
  EXPECT_EQ(to_string(RunStatus::kRunning), "running");
  EXPECT_EQ(to_string(RunStatus::kCompleted), "completed");
  EXPECT_EQ(to_string(RunStatus::kFailed), "failed");
}

// --- Actor tree ---------------------------------------------------------------

TEST(WorkflowEngine, WorkflowAndActivityActorsHaveKindsAndParents) {
  EngineProgram program([](Execution&, WorkflowEngine& engine) {
    engine.start_workflow("TenantProvisioningWorkflow", "wf-1", [](WorkflowContext& ctx) {
      ctx.execute_activity("create_tenant_record", [] {});
      ctx.execute_activity("provision_resources", [] {});
    });
  });
  RunResult result = run(program, 0);
  ASSERT_EQ(result.verdict.status, VerdictStatus::kHolds) << result.verdict.message;

  const ActorInfo* client = result.actor("client");
  const ActorInfo* workflow = result.actor("wf-1");
  const ActorInfo* create = result.actor("wf-1/create_tenant_record");
  const ActorInfo* provision = result.actor("wf-1/provision_resources");
  ASSERT_NE(client, nullptr);
  ASSERT_NE(workflow, nullptr);
  ASSERT_NE(create, nullptr);
  ASSERT_NE(provision, nullptr);

  EXPECT_EQ(client->parent, kNoActor);
  EXPECT_EQ(workflow->kind, "workflow");
  EXPECT_EQ(workflow->operation, "TenantProvisioningWorkflow");
  EXPECT_EQ(workflow->parent, client->id);
  for (const ActorInfo* activity : {create, provision}) {
    EXPECT_EQ(activity->kind, "activity");
    EXPECT_EQ(activity->parent, workflow->id);
  }
  EXPECT_EQ(create->operation, "create_tenant_record");
  EXPECT_EQ(provision->operation, "provision_resources");

  const WorkflowRun& run = program.engine().runs().at(0);
  EXPECT_EQ(run.started_by, client->id);
  EXPECT_EQ(run.actor, workflow->id);
}

TEST(WorkflowEngine, ActivitiesOfReusedIdHangUnderTheirOwnRun) {
  EngineProgram program([](Execution& exec, WorkflowEngine& engine) {
    auto body = [](WorkflowContext& ctx) { ctx.execute_activity("act", [] {}); };
    engine.start_workflow("T", "wf-1", body);
    await(exec, [&] { return engine.runs().front().status != RunStatus::kRunning; });
    engine.start_workflow("T", "wf-1", body);
  });
  RunResult result = run(program, 0);
  ASSERT_EQ(result.verdict.status, VerdictStatus::kHolds) << result.verdict.message;
  const ActorInfo* second = result.actor("wf-1#2");
  const ActorInfo* second_activity = result.actor("wf-1#2/act");
  ASSERT_NE(second, nullptr);
  ASSERT_NE(second_activity, nullptr);
  EXPECT_EQ(second_activity->parent, second->id);
}

// --- Actor names stay unique when an activity runs again ---------------------

// ActorInfo::name is documented unique within an execution, and
// start_workflow numbers reused ids for that reason; an activity run twice
// by one workflow (a retry) must get a distinct actor name too.
TEST(WorkflowEngine, RepeatedActivityGetsUniqueActorName) {
  EngineProgram program([](Execution&, WorkflowEngine& engine) {
    engine.start_workflow("T", "wf-1", [](WorkflowContext& ctx) {
      ctx.execute_activity("create_tenant_record", [] {});
      ctx.execute_activity("create_tenant_record", [] {});
    });
  });
  RunResult result = run(program, 0);
  ASSERT_EQ(result.verdict.status, VerdictStatus::kHolds) << result.verdict.message;
  std::set<std::string> names;
  for (const ActorInfo& info : result.actors) {
    EXPECT_TRUE(names.insert(info.name).second) << "duplicate actor name " << info.name;
  }
  EXPECT_EQ(names.size(), 4u);
}

// --- The two-argument execute_activity: one attempt -------------------------

// Services written before retries existed rely on a failing activity failing
// the workflow at once, so the short form is maximum_attempts = 1.
TEST(WorkflowEngine, ShortFormRunsOneAttemptAndReportsItsCause) {
  int attempts = 0;
  test_support::ActivityOutcome outcome = test_support::run_one_activity(
      [&](Execution&) {
        ++attempts;
        throw std::runtime_error("boom");
      },
      std::nullopt);
  const RunResult& result = outcome.result;
  const std::optional<ActivityError>& caught = outcome.error;
  ASSERT_EQ(result.verdict.status, VerdictStatus::kHolds) << result.verdict.message;
  EXPECT_EQ(attempts, 1);
  ASSERT_TRUE(caught.has_value());
  EXPECT_EQ(caught->activity(), "act");
  EXPECT_EQ(caught->attempts(), 1u);
  EXPECT_EQ(caught->retry_state(), RetryState::kMaximumAttemptsReached);
  EXPECT_EQ(caught->cause().kind, FailureKind::kApplication);
  EXPECT_EQ(caught->cause().type, "Error");  // not an ApplicationError
  EXPECT_EQ(caught->cause().message, "boom");
  EXPECT_STREQ(caught->what(), "activity act failed: boom");
  EXPECT_TRUE(result.events_named("activity.retry").empty());
}

TEST(WorkflowEngine, RunKeepsAttemptsPerActivityAndItsFailureCause) {
  EngineProgram program([](Execution&, WorkflowEngine& engine) {
    engine.start_workflow("T", "wf-1", [](WorkflowContext& ctx) {
      ctx.execute_activity("first", [] {});
      ctx.execute_activity("first", [] {});
      ctx.execute_activity("second", [] { throw ApplicationError("SlugTaken", "slug taken"); });
    });
  });
  RunResult result = run(program, 0);
  ASSERT_EQ(result.verdict.status, VerdictStatus::kHolds) << result.verdict.message;
  const WorkflowRun& run = program.engine().runs().at(0);
  EXPECT_EQ(run.status, RunStatus::kFailed);
  EXPECT_EQ(run.activity_attempts.at("first"), 2u);
  EXPECT_EQ(run.activity_attempts.at("second"), 1u);
  ASSERT_TRUE(run.failure_cause.has_value());
  EXPECT_EQ(run.failure_cause->type, "SlugTaken");
  EXPECT_EQ(run.failure_cause->message, "slug taken");
}

// Anything an activity throws is its failure, never a crash of the execution.
TEST(WorkflowEngine, NonStandardExceptionFailsActivityNotExecution) {
  test_support::ActivityOutcome outcome = test_support::run_one_activity([](Execution&) { throw 42; }, std::nullopt);
  ASSERT_EQ(outcome.result.verdict.status, VerdictStatus::kHolds) << outcome.result.verdict.message;
  ASSERT_TRUE(outcome.error.has_value());
  EXPECT_EQ(outcome.error->cause().type, "Error");
  EXPECT_EQ(outcome.error->cause().message, "unknown exception (not a std::exception)");
}

// --- Waiting for a workflow's result -----------------------------------------

TEST(WorkflowEngine, WaitForResultReturnsOnceTheRunCompleted) {
  for (std::uint64_t schedule = 0; schedule < kEngineSchedules; ++schedule) {
    SCOPED_TRACE("schedule " + std::to_string(schedule));
    bool activity_done = false;
    bool seen_done = false;
    EngineProgram program([&](Execution& exec, WorkflowEngine& engine) {
      engine.start_workflow("T", "wf-1", [&](WorkflowContext& ctx) {
        ctx.execute_activity("act", [&] {
          exec.scheduling_point();
          activity_done = true;
        });
      });
      engine.wait_for_result("wf-1");
      seen_done = activity_done;
    });
    RunResult result = run(program, schedule);
    ASSERT_EQ(result.verdict.status, VerdictStatus::kHolds) << result.verdict.message;
    EXPECT_TRUE(seen_done);
  }
}

TEST(WorkflowEngine, WaitForResultOfFailedRunThrowsWorkflowFailureError) {
  std::optional<std::string> caught;
  EngineProgram program([&](Execution&, WorkflowEngine& engine) {
    engine.start_workflow("T", "wf-1", [](WorkflowContext& ctx) {
      ctx.execute_activity("act", [] { throw std::runtime_error("boom"); });
    });
    try {
      engine.wait_for_result("wf-1");
    } catch (const WorkflowFailureError& error) {
      caught = error.what();
    }
  });
  RunResult result = run(program, 0);
  ASSERT_EQ(result.verdict.status, VerdictStatus::kHolds) << result.verdict.message;
  ASSERT_TRUE(caught.has_value());
  EXPECT_EQ(*caught, "workflow wf-1 failed: activity act failed: boom");
}

TEST(WorkflowEngine, WaitForResultOfUnknownIdThrows) {
  bool threw = false;
  EngineProgram program([&](Execution&, WorkflowEngine& engine) {
    try {
      engine.wait_for_result("nobody");
    } catch (const std::invalid_argument&) {
      threw = true;
    }
  });
  RunResult result = run(program, 0);
  ASSERT_EQ(result.verdict.status, VerdictStatus::kHolds) << result.verdict.message;
  EXPECT_TRUE(threw);
}

}  // namespace
}  // namespace interleave
