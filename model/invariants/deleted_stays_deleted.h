#pragma once
// deleted-stays-deleted: once a tenant's deletion returned to its caller
// (delete_tenant succeeded) or its soft-delete committed (deleted_at set),
// the tenant is never made active again (is_active, deleted_at cleared) nor
// `ready` when it was not, no schema of it is created (its schema, once
// seen gone, never comes back), and no membership or product is added to it
// by anyone — a sweeper's or a late workflow's writes included.
//
// What "added" and "created" mean needs the state at the deletion, so the
// first step that shows a deletion notes the tenant in the ledger's
// PropertyMemory; later steps compare against the note. Until a deletion
// is seen a step costs one scan of the tenants table.

#include "model/invariants/property.h"

namespace interleave::model {

class DeletedStaysDeleted final : public Property {
 public:
  std::string_view name() const override { return "deleted-stays-deleted"; }
  std::optional<Violation> check_step(const World& world) const override;
  std::optional<Violation> check_quiescent(const World& world) const override;
};

}  // namespace interleave::model
