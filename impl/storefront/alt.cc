// Report 004, Option C: optimistic locking with the version column. Read the
// config and its version, check, then write only if the version is still
// the one read; when another edit got in first, read again and re-check
// against what it saved, a bounded number of times. discard_draft takes part
// in the same protocol: it writes only over the version it emptied, so an
// edit that read before the discard fails its version check and re-reads.

#include "impl/storefront/discarded_pages.h"
#include "impl/storefront/draft_config.h"
#include "impl/storefront/page_sections.h"
#include "impl/storefront/variants.h"

namespace interleave::impl {

namespace {

// Put a limit on everything: a draft edited this busily is a conflict.
constexpr int kMaxAttempts = 3;

class AltStorefrontExecutor final : public StorefrontExecutor {
 public:
  explicit AltStorefrontExecutor(Backend backend) : backend_(std::move(backend)) {}

  UpdatePageSectionResult update_page_section(std::int64_t tenant_id,
                                              const UpdatePageSectionPayload& payload) override {
    auto prisma = backend_.connect();
    std::int64_t stale_version = 0;
    for (int attempt = 1; attempt <= kMaxAttempts; ++attempt) {
      DraftConfig draft = get_draft_config_with_slug(*prisma, tenant_id);
      prisma->commit();
      // Each attempt checks uniqueness against the pages it just read.
      UpdatedPages updated = apply_page_section(draft.pages, payload);
      const bool saved = save_draft_config_with_version(*prisma, tenant_id, updated.pages, draft.version);
      prisma->commit();
      if (saved) return section_result(updated, payload, draft.slug);
      stale_version = draft.version;
    }
    throw StorefrontEditConflict::concurrent_modification(stale_version, kMaxAttempts);
  }

  DiscardDraftResult discard_draft(std::int64_t tenant_id) override {
    auto prisma = backend_.connect();
    std::int64_t stale_version = 0;
    for (int attempt = 1; attempt <= kMaxAttempts; ++attempt) {
      DraftConfig draft = get_draft_config_with_slug(*prisma, tenant_id);
      prisma->commit();
      // Each attempt empties the pages it just read (a page an edit added
      // in between is kept, without sections).
      nlohmann::json pages = discarded_pages(draft.pages);
      const bool saved = save_draft_config_with_version(*prisma, tenant_id, pages, draft.version);
      prisma->commit();
      if (saved) return discard_result(pages, draft.slug);
      stale_version = draft.version;
    }
    throw StorefrontEditConflict::concurrent_modification(stale_version, kMaxAttempts);
  }

 private:
  Backend backend_;
};

}  // namespace

std::unique_ptr<StorefrontExecutor> make_alt_storefront_executor(Backend backend) {
  return std::make_unique<AltStorefrontExecutor>(std::move(backend));
}

}  // namespace interleave::impl
