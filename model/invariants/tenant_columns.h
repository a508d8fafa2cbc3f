#pragma once
// Column positions of the tables the tenant properties read row by row,
// looked up once per process so a check after every step indexes values
// without a name lookup.

#include <cstddef>

#include "model/app_schema.h"

namespace interleave::model {

struct TenantColumns {
  std::size_t id = kTenants.column_index("id");
  std::size_t slug = kTenants.column_index("slug");
  std::size_t status = kTenants.column_index("status");
  std::size_t is_active = kTenants.column_index("is_active");
  std::size_t deleted_at = kTenants.column_index("deleted_at");
  std::size_t schema_name = kTenants.column_index("schema_name");
  std::size_t membership_tenant = kMemberships.column_index("tenant_id");
};

inline const TenantColumns& tenant_columns() {
  static const TenantColumns kColumns;
  return kColumns;
}

}  // namespace interleave::model
