#pragma once
// The update_page_section executor (report 004,
// server/src/agent/executors/storefront-executors.ts) in each variant of
// DESIGN.md §5:
//   seed  — read the draft config, check section-id uniqueness in memory,
//           write the whole config back: three steps, no transaction (the
//           TOCTOU as reported);
//   fixed — Option A (recommended): the same steps in one transaction that
//           first takes pg_advisory_xact_lock(hashTenantStorefront(tenantId)),
//           with the transaction's `timeout: 5000` as lock_timeout;
//   alt   — Option C: optimistic locking on storefront_drafts.version, with a
//           bounded re-read-and-retry when another edit got in first.
//
// Sections are addressed by id: an id already used on another page is a
// conflict, an id on the edited page is updated in place, a new id is
// appended to the page.
//
// discard_draft, the executor's discard next to its edit, is the draft's
// second writer: every page keeps its name and loses its sections. It reads
// the config and writes the whole of it back, so each variant protects it
// exactly as it protects the edit, and it races with edits the same way.

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "impl/backend.h"

namespace interleave::impl {

// sectionData: the section the agent proposes.
struct SectionData {
  std::string id;
  std::string type;
  std::string content;
};

// UpdatePageSectionPayload.
struct UpdatePageSectionPayload {
  std::string page_name;
  SectionData section_data;
};

// What the executor returns to the agent.
struct UpdatePageSectionResult {
  std::string action;       // "added" or "updated"
  std::string page_name;
  std::string section_id;
  std::string preview_url;  // /t/<slug>?preview=draft&page=<page>
  std::string message;      // "Section added successfully"
};

// What discard_draft returns to the agent.
struct DiscardDraftResult {
  std::vector<std::string> page_names;  // the pages kept, now without sections
  std::string preview_url;              // /t/<slug>?preview=draft
  std::string message;                  // "Draft discarded: 2 pages emptied"
};

// A clean refusal the API answers with 409: the section id is taken on
// another page, or another edit of the same draft won (lock timeout, or the
// version moved on too often).
class StorefrontEditConflict : public std::runtime_error {
 public:
  // "Section ID '<id>' already exists on page '<page>'. IDs must be unique."
  static StorefrontEditConflict section_id_taken(std::string_view section_id, std::string_view page_name);
  // The advisory lock was not granted within the transaction's timeout.
  static StorefrontEditConflict draft_busy(std::int64_t timeout_ms);
  // ConcurrentModificationError: every attempt found a newer version.
  static StorefrontEditConflict concurrent_modification(std::int64_t expected_version, int attempts);

 private:
  explicit StorefrontEditConflict(const std::string& message) : std::runtime_error(message) {}
};

class StorefrontExecutor {
 public:
  virtual ~StorefrontExecutor() = default;
  // Throws StorefrontEditConflict for a clean refusal, std::invalid_argument
  // for a page the draft does not have (`Page "x" not found`).
  virtual UpdatePageSectionResult update_page_section(std::int64_t tenant_id,
                                                      const UpdatePageSectionPayload& payload) = 0;
  // Throws StorefrontEditConflict when another edit of the draft won (lock
  // timeout, or the version moved on too often).
  virtual DiscardDraftResult discard_draft(std::int64_t tenant_id) = 0;
};

// nullptr for a variant the executor does not have.
std::unique_ptr<StorefrontExecutor> make_storefront_executor(std::string_view variant, Backend backend);
std::vector<std::string_view> storefront_executor_variants();

}  // namespace interleave::impl
