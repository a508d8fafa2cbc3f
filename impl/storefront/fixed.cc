// Report 004, Option A (recommended): wrap read-validate-write in
// prisma.$transaction with pg_advisory_xact_lock(hashTenantStorefront(
// tenantId)) first, so one tenant's edits run one after another. The
// transaction's `timeout: 5000` is the lock wait's limit; a timeout becomes a
// helpful conflict (the acceptance criteria ask for one). discard_draft
// takes the same lock: it writes the same row, so it must wait for an edit
// in progress (and an edit for it) rather than write over its snapshot.

#include "impl/storefront/advisory_locks.h"
#include "impl/storefront/discarded_pages.h"
#include "impl/storefront/draft_config.h"
#include "impl/storefront/page_sections.h"
#include "impl/storefront/variants.h"
#include "model/db/error.h"

namespace interleave::impl {

namespace {

// prisma.$transaction with the tenant's storefront lock taken first; `body`
// reads, writes and commits.
template <typename Body>
auto in_locked_transaction(Backend& backend, std::int64_t tenant_id, Body body) {
  auto tx = backend.connect();
  try {
    tx->set_lock_timeout(kStorefrontTransactionTimeoutMs);
    // Acquire advisory lock for this tenant's storefront edits; it is
    // released when the transaction commits or rolls back.
    tx->advisory_xact_lock(hash_tenant_storefront(tenant_id));
    return body(*tx);
  } catch (const model::db::DbError& error) {
    tx->rollback();
    if (error.sqlstate() == model::db::sqlstate::kLockNotAvailable) {
      throw StorefrontEditConflict::draft_busy(kStorefrontTransactionTimeoutMs);
    }
    throw;
  } catch (const std::exception&) {
    // $transaction rolls back whatever its callback throws.
    tx->rollback();
    throw;
  }
}

class FixedStorefrontExecutor final : public StorefrontExecutor {
 public:
  explicit FixedStorefrontExecutor(Backend backend) : backend_(std::move(backend)) {}

  UpdatePageSectionResult update_page_section(std::int64_t tenant_id,
                                              const UpdatePageSectionPayload& payload) override {
    return in_locked_transaction(backend_, tenant_id, [&](model::db::Session& tx) {
      // Read, validate, and write within the same transaction.
      DraftConfig draft = get_draft_config_with_slug(tx, tenant_id);
      UpdatedPages updated = apply_page_section(draft.pages, payload);
      save_draft_config(tx, tenant_id, updated.pages);
      tx.commit();
      return section_result(updated, payload, draft.slug);
    });
  }

  DiscardDraftResult discard_draft(std::int64_t tenant_id) override {
    return in_locked_transaction(backend_, tenant_id, [&](model::db::Session& tx) {
      DraftConfig draft = get_draft_config_with_slug(tx, tenant_id);
      nlohmann::json pages = discarded_pages(draft.pages);
      save_draft_config(tx, tenant_id, pages);
      tx.commit();
      return discard_result(pages, draft.slug);
    });
  }

 private:
  Backend backend_;
};

}  // namespace

std::unique_ptr<StorefrontExecutor> make_fixed_storefront_executor(Backend backend) {
  return std::make_unique<FixedStorefrontExecutor>(std::move(backend));
}

}  // namespace interleave::impl
