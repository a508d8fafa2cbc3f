// Report 004 as reported: read the draft config, check section-id uniqueness
// in memory, write the whole config back, each on the Prisma client without
// a transaction. Two requests can check against the same snapshot, and the
// later write replaces the config the earlier one saved. discard_draft reads
// and writes the same way, so a discard and an edit race the same way: the
// edit's stale write brings back the sections the discard removed.

#include "impl/storefront/discarded_pages.h"
#include "impl/storefront/draft_config.h"
#include "impl/storefront/page_sections.h"
#include "impl/storefront/variants.h"

namespace interleave::impl {

namespace {

class SeedStorefrontExecutor final : public StorefrontExecutor {
 public:
  explicit SeedStorefrontExecutor(Backend backend) : backend_(std::move(backend)) {}

  UpdatePageSectionResult update_page_section(std::int64_t tenant_id,
                                              const UpdatePageSectionPayload& payload) override {
    auto prisma = backend_.connect();
    // Line 82: READ draft config (its own statements: nothing holds it).
    DraftConfig draft = get_draft_config_with_slug(*prisma, tenant_id);
    prisma->commit();
    // Lines 94-113: CHECK uniqueness in memory (stale data).
    UpdatedPages updated = apply_page_section(draft.pages, payload);
    // Line 140: WRITE updated config.
    save_draft_config(*prisma, tenant_id, updated.pages);
    prisma->commit();
    return section_result(updated, payload, draft.slug);
  }

  DiscardDraftResult discard_draft(std::int64_t tenant_id) override {
    auto prisma = backend_.connect();
    // READ draft config, empty its pages in memory, WRITE the whole config:
    // the edit's TOCTOU, with nothing to check in between.
    DraftConfig draft = get_draft_config_with_slug(*prisma, tenant_id);
    prisma->commit();
    nlohmann::json pages = discarded_pages(draft.pages);
    save_draft_config(*prisma, tenant_id, pages);
    prisma->commit();
    return discard_result(pages, draft.slug);
  }

 private:
  Backend backend_;
};

}  // namespace

std::unique_ptr<StorefrontExecutor> make_seed_storefront_executor(Backend backend) {
  return std::make_unique<SeedStorefrontExecutor>(std::move(backend));
}

}  // namespace interleave::impl
