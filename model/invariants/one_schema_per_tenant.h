#pragma once
// one-schema-per-tenant: no two live tenants (deleted_at NULL) name one
// schema as the server reads it — PostgreSQL keeps the first 63 bytes of a
// name (model/db/identifier.h), so tenant_<56 shared bytes>… is one schema
// for both slugs — and, at quiescence, a live `ready` tenant has its schema.
// The second half waits for quiescence: report 002's seed drops the schema
// before its soft-delete, a window no-5xx-during-deletion already judges.
// A tenant without schema_name (report 000's tenants) has no schema to own.

#include "model/invariants/property.h"

namespace interleave::model {

class OneSchemaPerTenant final : public Property {
 public:
  std::string_view name() const override { return "one-schema-per-tenant"; }
  std::optional<Violation> check_step(const World& world) const override;
  std::optional<Violation> check_quiescent(const World& world) const override;
};

}  // namespace interleave::model
