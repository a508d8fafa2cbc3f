#pragma once
// eventual-provisioning (report 001): once every actor is done, every
// committed tenant is `ready`, or explicitly `failed`, even when a
// workflow start failed (the workflow service was unreachable) and the
// tenant was left `provisioning` for a sweeper to pick up. Nothing to check
// per step: a tenant is provisioning while its workflow works.

#include "model/invariants/property.h"

namespace interleave::model {

class EventualProvisioning final : public Property {
 public:
  std::string_view name() const override { return "eventual-provisioning"; }
  std::optional<Violation> check_step(const World&) const override { return std::nullopt; }
  std::optional<Violation> check_quiescent(const World& world) const override;
};

}  // namespace interleave::model
