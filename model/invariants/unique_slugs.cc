#include "model/invariants/unique_slugs.h"

#include <algorithm>

#include <boost/container/small_vector.hpp>

#include <fmt/format.h>

#include "model/invariants/committed_state_check.h"
#include "model/world.h"

namespace interleave::model {

namespace {

Violation unique_slugs_violation(std::string message) { return {"unique-slugs", std::move(message)}; }

// Runs after every step: views into the store, no row copies, and no heap
// allocation while a schedule has a few tenants.
std::optional<Violation> duplicate_committed_slug(const World& world) {
  static const std::size_t slug_column = kTenants.column_index("slug");
  boost::container::small_vector<std::string_view, 16> slugs;
  world.db.visit_committed(kTenants.name, [&](const std::vector<db::Value>& values) {
    slugs.push_back(std::get<std::string>(values[slug_column]));
  });
  std::sort(slugs.begin(), slugs.end());
  auto duplicate = std::adjacent_find(slugs.begin(), slugs.end());
  if (duplicate == slugs.end()) return std::nullopt;
  return unique_slugs_violation(fmt::format("two committed tenants have slug '{}'", *duplicate));
}

const workflows::WorkflowRun* run_started_by(const World& world, ActorId caller, std::string_view id) {
  for (const workflows::WorkflowRun& run : world.workflows.runs()) {
    if (run.started_by == caller && run.id == id) return &run;
  }
  return nullptr;
}

// A caller told of an unhandled error, or told "success" while its workflow
// already failed, is a violation the moment it happens: stopping there puts
// the report's marker on the step that broke the property.
std::optional<Violation> broken_promise(const World& world, const CallOutcome& call) {
  const std::string& caller = world.exec.actor_info(call.actor).name;
  if (call.status == CallStatus::kError) {
    return unique_slugs_violation(fmt::format("{}: create_tenant('{}') ended in an unhandled error: {}", caller, call.key,
                                 call.detail));
  }
  if (call.status != CallStatus::kSuccess) return std::nullopt;
  const workflows::WorkflowRun* run = run_started_by(world, call.actor, call.detail);
  if (!run) {
    return unique_slugs_violation(fmt::format("{}: create_tenant('{}') reported success, but started no workflow {}", caller,
                                 call.key, call.detail));
  }
  if (run->status == workflows::RunStatus::kFailed) {
    return unique_slugs_violation(fmt::format("{}: create_tenant('{}') reported success, but its workflow {} failed: {}", caller,
                                 call.key, run->id, run->failure));
  }
  return std::nullopt;
}

std::optional<Violation> every_promise_kept(const World& world) {
  for (const CallOutcome& call : world.ledger.outcomes()) {
    if (call.operation != "create_tenant") continue;
    if (auto broken = broken_promise(world, call)) return broken;
  }
  return std::nullopt;
}

}  // namespace

std::optional<Violation> UniqueSlugs::check_step(const World& world) const {
  thread_local StateMark promises_checked;
  if (auto broken = check_if_changed(world, promises_checked, calls_and_runs_version(world), every_promise_kept)) {
    return broken;
  }
  thread_local StateMark slugs_checked;
  return check_committed_state(world, slugs_checked, duplicate_committed_slug);
}


std::optional<Violation> UniqueSlugs::check_quiescent(const World& world) const {
  if (auto duplicate = duplicate_committed_slug(world)) return duplicate;
  // Views into the store: the committed tenants' slugs and statuses.
  static const std::size_t slug_column = kTenants.column_index("slug");
  static const std::size_t status_column = kTenants.column_index("status");
  struct Tenant {
    std::string_view slug;
    std::string_view status;
  };
  boost::container::small_vector<Tenant, 8> tenants;
  world.db.visit_committed(kTenants.name, [&](const std::vector<db::Value>& values) {
    tenants.push_back({std::get<std::string>(values[slug_column]), std::get<std::string>(values[status_column])});
  });
  auto committed_tenant = [&](std::string_view slug) -> const Tenant* {
    for (const Tenant& tenant : tenants) {
      if (tenant.slug == slug) return &tenant;
    }
    return nullptr;
  };

  for (const CallOutcome& call : world.ledger.outcomes()) {
    if (call.operation != "create_tenant") continue;
    if (auto broken = broken_promise(world, call)) return broken;
    const std::string& caller = world.exec.actor_info(call.actor).name;
    switch (call.status) {
      case CallStatus::kError:
        break;  // broken_promise() reported it
      case CallStatus::kConflict:
        if (!committed_tenant(call.key)) {
          return unique_slugs_violation(fmt::format("{}: create_tenant('{}') reported a conflict, but no tenant has that slug",
                                       caller, call.key));
        }
        break;
      case CallStatus::kSuccess: {
        const workflows::WorkflowRun* run = run_started_by(world, call.actor, call.detail);
        if (run->status != workflows::RunStatus::kCompleted) {
          return unique_slugs_violation(fmt::format("{}: create_tenant('{}') reported success, but its workflow {} {}: {}",
                                       caller, call.key, run->id, to_string(run->status), run->failure));
        }
        const Tenant* tenant = committed_tenant(call.key);
        if (!tenant || tenant->status != tenant_status::kReady) {
          return unique_slugs_violation(fmt::format("{}: create_tenant('{}') reported success, but no ready tenant has that slug",
                                       caller, call.key));
        }
        break;
      }
    }
  }
  boost::container::small_vector<std::string_view, 8> completed_ids;
  for (const workflows::WorkflowRun& run : world.workflows.runs()) {
    if (run.type != kProvisioningWorkflow || run.status != workflows::RunStatus::kCompleted) continue;
    if (std::find(completed_ids.begin(), completed_ids.end(), run.id) != completed_ids.end()) {
      return unique_slugs_violation(fmt::format("two provisioning workflows {} completed", run.id));
    }
    completed_ids.push_back(run.id);
  }
  return std::nullopt;
}

}  // namespace interleave::model
