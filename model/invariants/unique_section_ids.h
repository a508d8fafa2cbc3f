#pragma once
// unique-section-ids (report 004): in every tenant's committed storefront
// draft, section ids are distinct across all pages, after every step; every
// update_page_section call ends in success or in a clean conflict, never in
// an unhandled error; and at quiescence every edit whose caller was told it
// succeeded is in the committed draft — the section on its page, holding
// what the last successful edit of that section wrote. Whole-document writes
// turn the report's race into exactly such a lost edit.
//
// discard_draft (the second writer) empties every page of the draft. Success
// order in the ledger is commit order, so after a tenant's last successful
// discard its committed draft holds exactly the sections of the successful
// edits that come after that discard in the ledger: an edit acknowledged
// before it need not be there, and a section no later edit wrote means the
// discard was lost. A discard, like an edit, ends in success or in a clean
// conflict, never in an unhandled error. Without a discard in the ledger the
// rules above are the whole property.
//
// The draft document (storefront_drafts.config):
//   {"pages":{"home":{"sections":[{"content":"...","id":"home-hero-main","type":"hero"}]}}}

#include <string>
#include <string_view>

#include "model/invariants/property.h"

namespace interleave::model {

inline constexpr std::string_view kUpdatePageSection = "update_page_section";
inline constexpr std::string_view kDiscardDraft = "discard_draft";

// What one update_page_section call asked for.
struct SectionEditRequest {
  std::string tenant;  // slug
  std::string page;
  std::string section;  // the section id
  std::string type;
  std::string content;
};

// The CallOutcome::key an update_page_section call records: the request as
// compact JSON, so the property can look for the edit in the draft.
std::string section_edit_key(const SectionEditRequest& request);

// The CallOutcome::key a discard_draft call records: {"tenant": slug}, compact.
std::string draft_discard_key(const std::string& tenant);

class UniqueSectionIds final : public Property {
 public:
  std::string_view name() const override { return "unique-section-ids"; }
  std::optional<Violation> check_step(const World& world) const override;
  std::optional<Violation> check_quiescent(const World& world) const override;
};

}  // namespace interleave::model
