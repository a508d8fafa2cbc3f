#pragma once
// get_validated_tenant's checks (src/app/api/dependencies/tenant.py:24-50)
// on the row its SELECT found, shared by the variants: they differ in how
// they read the row and in whether deleted_at is checked.

#include <cstdint>
#include <vector>

#include "model/db/table.h"

namespace interleave::impl {

enum class DeletedAtCheck : std::uint8_t {
  kNone,  // as reported: a soft-deleted tenant passes while still active
  kGone,  // Option 1's defense in depth: deleted_at set → 410 Gone
};

// `found`: the rows of SELECT ... FROM tenants WHERE slug = :slug.
// None → 404 "Tenant not found"; deleted_at (when checked) → 410 "Tenant
// has been deleted"; not is_active → 403 "Tenant is inactive"; status !=
// ready → 503 "Tenant is not ready"; else the tenant.
model::db::Row validated_tenant(std::vector<model::db::Row> found, DeletedAtCheck deleted_at);

}  // namespace interleave::impl
