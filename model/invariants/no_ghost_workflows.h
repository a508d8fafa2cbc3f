#pragma once
// no-ghost-workflows (report 001): no provisioning workflow runs for a
// tenant that is not committed, or whose transaction rolled back, and no
// activity fails with "Tenant {id} not found".
//
// A run is tied to its tenant by its id, provisioning_workflow_id(slug).
// It "runs" once it has scheduled an activity or has ended: from then on
// its tenant must be committed. A run that is started but has not moved
// yet is not judged until quiescence, where every run, ended or not, must
// have its committed tenant. The user needs no check of its own: a
// committed tenant's owner_id references a committed user (the foreign key
// tenants_owner_id_fkey), and registration commits both in one transaction.

#include "model/invariants/property.h"

namespace interleave::model {

class NoGhostWorkflows final : public Property {
 public:
  std::string_view name() const override { return "no-ghost-workflows"; }
  std::optional<Violation> check_step(const World& world) const override;
  std::optional<Violation> check_quiescent(const World& world) const override;
};

}  // namespace interleave::model
