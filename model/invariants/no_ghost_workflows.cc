#include "model/invariants/no_ghost_workflows.h"

#include <fmt/format.h>

#include "model/world.h"

namespace interleave::model {

namespace {

Violation no_ghost_workflows_violation(std::string message) { return {"no-ghost-workflows", std::move(message)}; }

// The slug a provisioning run is for: its id is provisioning_workflow_id(slug).
std::string_view slug_of(const workflows::WorkflowRun& run) {
  static const std::string prefix = provisioning_workflow_id("");
  std::string_view id = run.id;
  if (id.starts_with(prefix)) id.remove_prefix(prefix.size());
  return id;
}

bool tenant_committed(const World& world, std::string_view slug) {
  static const std::size_t slug_column = kTenants.column_index("slug");
  bool found = false;
  world.db.visit_committed(kTenants.name, [&](const std::vector<db::Value>& values) {
    found = found || std::get<std::string>(values[slug_column]) == slug;
  });
  return found;
}

// The activity's ValueError("Tenant {tenant_id} not found"), as the run's
// failure cause carries it.
bool failed_on_missing_tenant(const workflows::WorkflowRun& run) {
  if (!run.failure_cause) return false;
  const std::string& message = run.failure_cause->message;
  return message.starts_with("Tenant ") && message.ends_with(" not found");
}

std::string activities_of(const workflows::WorkflowRun& run) {
  std::string names;
  for (const auto& [name, attempts] : run.activity_attempts) names += (names.empty() ? "" : ", ") + name;
  return names.empty() ? std::string("no activity") : names;
}

std::optional<Violation> ghost(const World& world, const workflows::WorkflowRun& run) {
  if (failed_on_missing_tenant(run)) {
    return no_ghost_workflows_violation(fmt::format("workflow {} failed: {}", run.id, run.failure));
  }
  const bool has_run = run.status != workflows::RunStatus::kRunning || !run.activity_attempts.empty();
  if (!has_run || tenant_committed(world, slug_of(run))) return std::nullopt;
  return no_ghost_workflows_violation(fmt::format("workflow {} ran ({}) for tenant '{}', which is not committed", run.id,
                               activities_of(run), slug_of(run)));
}

}  // namespace

std::optional<Violation> NoGhostWorkflows::check_step(const World& world) const {
  for (const workflows::WorkflowRun& run : world.workflows.runs()) {
    if (run.type != kProvisioningWorkflow) continue;
    if (auto found = ghost(world, run)) return found;
  }
  return std::nullopt;
}

std::optional<Violation> NoGhostWorkflows::check_quiescent(const World& world) const {
  for (const workflows::WorkflowRun& run : world.workflows.runs()) {
    if (run.type != kProvisioningWorkflow) continue;
    if (auto found = ghost(world, run)) return found;
    // Every transaction has ended: a tenant still missing was rolled back.
    if (!tenant_committed(world, slug_of(run))) {
      return no_ghost_workflows_violation(fmt::format("workflow {} was started for tenant '{}', whose transaction never committed",
                                   run.id, slug_of(run)));
    }
  }
  return std::nullopt;
}

}  // namespace interleave::model
