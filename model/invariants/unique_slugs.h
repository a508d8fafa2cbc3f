#pragma once
// unique-slugs (report 000): committed tenants have distinct slugs; at most
// one provisioning workflow per slug completes; every create_tenant call ends
// in success — and then its own workflow provisioned the tenant under that
// slug — or in a clean conflict; never an unhandled error.

#include "model/invariants/property.h"

namespace interleave::model {

class UniqueSlugs final : public Property {
 public:
  std::string_view name() const override { return "unique-slugs"; }
  std::optional<Violation> check_step(const World& world) const override;
  std::optional<Violation> check_quiescent(const World& world) const override;
};

}  // namespace interleave::model
