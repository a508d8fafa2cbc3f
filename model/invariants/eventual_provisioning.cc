#include "model/invariants/eventual_provisioning.h"

#include <fmt/format.h>

#include "model/world.h"

namespace interleave::model {

namespace {

// What became of the tenant's provisioning workflow, for the message.
std::string workflow_story(const World& world, const std::string& slug) {
  const std::string id = provisioning_workflow_id(slug);
  const workflows::WorkflowRun* latest = nullptr;
  int runs = 0;
  for (const workflows::WorkflowRun& run : world.workflows.runs()) {
    if (run.id != id) continue;
    latest = &run;
    ++runs;
  }
  if (!latest) return fmt::format("no workflow {} ever started", id);
  std::string story = fmt::format("{} run(s) of workflow {}, the last {}", runs, id, to_string(latest->status));
  if (latest->status == workflows::RunStatus::kFailed) story += ": " + latest->failure;
  return story;
}

}  // namespace

std::optional<Violation> EventualProvisioning::check_quiescent(const World& world) const {
  for (const db::Row& tenant : world.db.committed_rows(kTenants.name)) {
    const std::string& status = tenant.text("status");
    if (status == tenant_status::kReady || status == tenant_status::kFailed) continue;
    const std::string& slug = tenant.text("slug");
    return Violation{"eventual-provisioning", fmt::format("tenant '{}' is still '{}' with nothing left to run ({})",
                                                          slug, status, workflow_story(world, slug))};
  }
  return std::nullopt;
}

}  // namespace interleave::model
