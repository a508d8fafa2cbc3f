#pragma once
// tenant-isolation: a request for tenant A never reads or writes a table of
// another tenant's schema (any schema but `public` and A's own, both by the
// server's 63-byte names; two tenants cut to one name are
// one-schema-per-tenant's violation, not this one's). It turns on
// the db model's table-access observation in prepare(), so only scenarios
// that check it pay for it.

#include "model/invariants/property.h"

namespace interleave::model {

class TenantIsolation final : public Property {
 public:
  std::string_view name() const override { return "tenant-isolation"; }
  void prepare(World& world) const override;
  std::optional<Violation> check_step(const World& world) const override;
  std::optional<Violation> check_quiescent(const World& world) const override;
};

}  // namespace interleave::model
