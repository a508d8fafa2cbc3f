// Report 002, hardened: Option 1 plus one change. Option 1 stops requests
// that validate after the soft-delete, but not one that validated just
// before it: validation and handler are separate statements, so the
// workflow can soft-delete and drop the schema in between, and the handler's
// SELECT fails with 42P01 (a 500).
//
// The smallest change that closes the window: get_validated_tenant reads the
// tenant row FOR SHARE, in the request's own transaction, which the handler
// then queries in (get_db gives both the same session). The soft-delete's
// UPDATE takes FOR NO KEY UPDATE on that row, which conflicts with FOR
// SHARE, so it waits until every request that validated the tenant has
// ended; the drop comes after the soft-delete, so the schema outlives them.
// A request that validates after the soft-delete sees deleted_at (410); one
// that meets the uncommitted UPDATE waits for it and then sees the new row.
// FOR KEY SHARE would not do: it does not conflict with a non-key UPDATE.
//
// Rejected: turning 42P01 in the handler into 410 hides real missing-table
// bugs and still runs queries against a schema being dropped; an advisory
// lock would need the same change on both sides plus a second lock.

#include "impl/deletion/tenant_validation.h"
#include "impl/deletion/variants.h"

namespace interleave::impl {

namespace {

using model::db::Connect;
using model::db::RowLock;
using model::workflows::WorkflowContext;

class HardenedTenantDeletion final : public TenantDeletion {
 public:
  HardenedTenantDeletion(Connect connect, Clock now) : connect_(std::move(connect)), now_(std::move(now)) {}

  void run(WorkflowContext& workflow, std::int64_t tenant_id) const override {
    run_soft_delete_first(workflow, connect_, now_, tenant_id);
  }

  model::db::Row get_validated_tenant(model::db::Session& db, const std::string& tenant_slug) const override {
    // SELECT ... FROM tenants WHERE slug = :slug FOR SHARE: held until the request ends.
    return validated_tenant(db.select("tenants", {{"slug", tenant_slug}}, RowLock::kForShare), DeletedAtCheck::kGone);
  }

 private:
  Connect connect_;
  Clock now_;
};

}  // namespace

std::shared_ptr<const TenantDeletion> make_hardened_tenant_deletion(Connect connect, Clock now) {
  return std::make_shared<HardenedTenantDeletion>(std::move(connect), std::move(now));
}

}  // namespace interleave::impl
