// Report 003: the create_admin_membership activity, run the way
// TenantProvisioningWorkflow runs it: inside a workflow, with the
// activity's timeout and retry policy, so a lost completion makes the
// workflow service run it again.

#include <fmt/format.h>

#include "impl/membership/membership_activity.h"
#include "model/invariants/idempotent_membership.h"
#include "scenarios/services/call_support.h"
#include "scenarios/services/services.h"

namespace interleave::scenarios {

namespace {

using model::workflows::ActivityOptions;
using model::workflows::WorkflowContext;

constexpr std::string_view kMembershipWorkflow = "AdminMembershipWorkflow";

// TenantProvisioningWorkflow's options for create_admin_membership
// (axergy/fastapi-starter, src/app/temporal/workflows.py; report 003 quotes
// the activity, not the call): start_to_close_timeout=30 s,
// RetryPolicy(maximum_attempts=3, initial_interval=1 s). Its error is a
// plain RuntimeError, so every failure is retried.
const ActivityOptions kCreateAdminMembershipOptions{
    .start_to_close_timeout_ms = 30'000, .retry_policy = {.initial_interval_ms = 1000, .maximum_attempts = 3}};

// The workflow's input carries ids. A row no one committed is passed as 0:
// ids start at 1, so that names a missing row.
std::int64_t input_id(const model::World& world, std::string_view table, std::string_view column,
                      const std::string& value) {
  return committed_id(world, table, column, value).value_or(0);
}

// One run of the activity, as the workflow service calls it; its outcome
// goes to the ledger (the property judges every run, retries included),
// and a failure is raised again for the workflow to see.
void run_activity(model::World& world, const std::string& variant, std::int64_t user_id, std::int64_t tenant_id) {
  model::CallOutcome outcome{world.exec.current(), std::string(model::kMembershipActivity),
                             model::membership_run_key(user_id, tenant_id)};
  try {
    impl::make_membership_activity(variant, model_backend(world).connect)->create_admin_membership(user_id, tenant_id);
  } catch (const std::exception& error) {
    outcome.status = model::CallStatus::kError;
    outcome.detail = error.what();
    finish_call(world, std::move(outcome));
    throw;
  }
  outcome.status = model::CallStatus::kSuccess;
  outcome.detail = "membership exists";
  finish_call(world, std::move(outcome));
}

// create_admin_membership user=a@x tenant=acme
// Starts a workflow of its own (id admin-membership-<actor>) whose one
// activity makes the user the tenant's admin, and waits for it. A user or
// tenant no row has is passed as id 0, as a workflow would pass the id of
// a row that is gone: the foreign key must fail it.
void create_admin_membership(model::World& world, std::string_view variant, const Arguments& arguments) {
  const std::int64_t user_id = input_id(world, "users", "email", argument(arguments, "user"));
  const std::int64_t tenant_id = input_id(world, "tenants", "slug", argument(arguments, "tenant"));
  const std::string workflow_id = "admin-membership-" + world.exec.actor_info(world.exec.current()).name;
  // What the caller of the workflow is told; the property judges the runs.
  record_call<NoCleanRefusal>(world, std::string(kMembershipWorkflow), workflow_id, [&] {
    world.workflows.start_workflow(
        kMembershipWorkflow, workflow_id,
        [&world, variant = std::string(variant), user_id, tenant_id](WorkflowContext& context) {
          context.execute_activity(
              model::kMembershipActivity, [&world, variant, user_id, tenant_id] {
                run_activity(world, variant, user_id, tenant_id);
              },
              kCreateAdminMembershipOptions);
        });
    world.workflows.wait_for_result(workflow_id);
    return std::string("completed");
  });
}

}  // namespace

ServiceDef membership_service() {
  return {"membership",
          impl::membership_activity_variants(),
          {{"create_admin_membership", "membership", {"user", "tenant"}, {}, &create_admin_membership}}};
}

}  // namespace interleave::scenarios
