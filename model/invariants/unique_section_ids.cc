#include "model/invariants/unique_section_ids.h"

#include <algorithm>
#include <array>
#include <map>
#include <tuple>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "model/invariants/committed_state_check.h"
#include "model/world.h"

namespace interleave::model {

namespace {

using nlohmann::json;

Violation unique_section_ids_violation(std::string message) { return {"unique-section-ids", std::move(message)}; }

std::string tenant_slug(const World& world, std::int64_t tenant_id) {
  static const std::size_t id_column = kTenants.column_index("id");
  static const std::size_t slug_column = kTenants.column_index("slug");
  std::string slug = fmt::format("#{}", tenant_id);
  world.db.visit_committed(kTenants.name, [&](const std::vector<db::Value>& values) {
    if (std::get<std::int64_t>(values[id_column]) == tenant_id) slug = std::get<std::string>(values[slug_column]);
  });
  return slug;
}

// The section ids of a canonical config text, read without parsing it: in
// compact JSON every quote inside a string is escaped, so `{"id":"` or
// `,"id":"` can only be a key. Equal ids have equal escaped text. A page or
// another object may also hold an "id" key, so a repeat found here is only
// a candidate: the parse confirms it.
bool may_repeat_an_id(std::string_view config) {
  static constexpr std::string_view kKey = "\"id\":\"";
  std::array<std::string_view, 64> ids;  // no allocation after every step
  std::size_t count = 0;
  for (std::size_t at = config.find(kKey); at != std::string_view::npos; at = config.find(kKey, at + 1)) {
    if (at == 0 || (config[at - 1] != '{' && config[at - 1] != ',')) continue;
    if (count == ids.size()) return true;  // more than it can hold: let the parse decide
    std::size_t begin = at + kKey.size();
    std::size_t end = begin;
    while (end < config.size() && config[end] != '"') end += config[end] == '\\' ? 2 : 1;
    ids[count++] = config.substr(begin, end - begin);
  }
  std::sort(ids.begin(), ids.begin() + count);
  return std::adjacent_find(ids.begin(), ids.begin() + count) != ids.begin() + count;
}

// The first section id found on two pages (or twice on one), as
// "'x' is on pages 'home' and 'about'"; empty when all are distinct.
std::string repeated_section_id(const json& config) {
  std::map<std::string, std::string> page_of_id;
  for (const auto& [page, page_config] : config.at("pages").items()) {
    for (const json& section : page_config.at("sections")) {
      const std::string& id = section.at("id").get_ref<const std::string&>();
      auto [first, inserted] = page_of_id.emplace(id, page);
      if (inserted) continue;
      if (first->second == page) return fmt::format("'{}' appears twice on page '{}'", id, page);
      return fmt::format("'{}' is on pages '{}' and '{}'", id, first->second, page);
    }
  }
  return {};
}

std::optional<Violation> repeated_committed_section_id(const World& world) {
  static const std::size_t tenant_column = kStorefrontDrafts.column_index("tenant_id");
  static const std::size_t config_column = kStorefrontDrafts.column_index("config");
  std::optional<Violation> found;
  world.db.visit_committed(kStorefrontDrafts.name, [&](const std::vector<db::Value>& values) {
    const std::string& config = std::get<std::string>(values[config_column]);
    if (found || !may_repeat_an_id(config)) return;
    std::string repeated = repeated_section_id(json::parse(config));
    if (repeated.empty()) return;
    found = unique_section_ids_violation(fmt::format("tenant {}'s committed draft repeats a section id: {}",
                                  tenant_slug(world, std::get<std::int64_t>(values[tenant_column])), repeated));
  });
  return found;
}

std::string describe(const SectionEditRequest& request) {
  return fmt::format("update_page_section(tenant='{}', page='{}', section='{}')", request.tenant, request.page,
                     request.section);
}

SectionEditRequest request_of(const CallOutcome& call) {
  json key = json::parse(call.key);
  auto field = [&](const char* name) { return key.at(name).get<std::string>(); };
  return {field("tenant"), field("page"), field("section"), field("type"), field("content")};
}

std::string tenant_of_discard(const CallOutcome& call) { return json::parse(call.key).at("tenant").get<std::string>(); }

std::string describe_discard(const std::string& tenant) { return fmt::format("discard_draft(tenant='{}')", tenant); }

std::optional<Violation> unhandled_error(const World& world) {
  for (const CallOutcome& call : world.ledger.outcomes()) {
    if (call.status != CallStatus::kError) continue;
    std::string request;
    if (call.operation == kUpdatePageSection) {
      request = describe(request_of(call));
    } else if (call.operation == kDiscardDraft) {
      request = describe_discard(tenant_of_discard(call));
    } else {
      continue;
    }
    return unique_section_ids_violation(fmt::format("{}: {} ended in an unhandled error: {}", world.exec.actor_info(call.actor).name,
                                 request, call.detail));
  }
  return std::nullopt;
}

// Each tenant's committed pages, by slug.
std::map<std::string, json> committed_pages(const World& world) {
  std::map<std::string, json> pages;
  for (const db::Row& draft : world.db.committed_rows(kStorefrontDrafts.name)) {
    pages[tenant_slug(world, std::get<std::int64_t>(draft["tenant_id"]))] =
        json::parse(draft.text("config")).at("pages");
  }
  return pages;
}

const json* committed_section(const std::map<std::string, json>& pages, const SectionEditRequest& request) {
  auto tenant = pages.find(request.tenant);
  if (tenant == pages.end() || !tenant->second.contains(request.page)) return nullptr;
  for (const json& section : tenant->second.at(request.page).at("sections")) {
    if (section.at("id") == request.section) return &section;
  }
  return nullptr;
}

// Each tenant's last successful discard_draft: its index in the ledger.
std::map<std::string, std::size_t> last_discards(const std::vector<CallOutcome>& outcomes) {
  std::map<std::string, std::size_t> last;
  for (std::size_t index = 0; index < outcomes.size(); ++index) {
    const CallOutcome& call = outcomes[index];
    if (call.operation == kDiscardDraft && call.status == CallStatus::kSuccess) {
      last[tenant_of_discard(call)] = index;
    }
  }
  return last;
}

using SectionKey = std::tuple<std::string, std::string, std::string>;  // tenant, page, section id

// A section of a discarded tenant's committed draft that no successful edit
// after the discard wrote: the discard was lost.
std::optional<Violation> lost_discard(const World& world, const std::map<std::string, std::size_t>& discards,
                                      const std::map<std::string, json>& pages,
                                      const std::map<SectionKey, std::pair<const CallOutcome*, SectionEditRequest>>&
                                          written_since) {
  for (const auto& [tenant, index] : discards) {
    auto draft = pages.find(tenant);
    if (draft == pages.end()) continue;
    for (const auto& [page, page_config] : draft->second.items()) {
      for (const json& section : page_config.at("sections")) {
        const std::string& id = section.at("id").get_ref<const std::string&>();
        if (written_since.count({tenant, page, id})) continue;
        const CallOutcome& call = world.ledger.outcomes()[index];
        return unique_section_ids_violation(fmt::format("{}: {} was told it succeeded, but the committed draft still has section '{}' "
                                     "on page '{}', which no later acknowledged edit wrote: the discard was lost",
                                     world.exec.actor_info(call.actor).name, describe_discard(tenant), id, page));
      }
    }
  }
  return std::nullopt;
}

// The ledger records a call in the step its last statement (the COMMIT)
// ran: no scheduling point lies between the commit and the caller being
// told. So the ledger's order of successes is their commit order, and the
// last success for a section is the one its committed content must show;
// a tenant's last successful discard removed every success before it.
std::optional<Violation> lost_edit(const World& world) {
  const std::vector<CallOutcome>& outcomes = world.ledger.outcomes();
  const std::map<std::string, std::size_t> discards = last_discards(outcomes);
  std::map<SectionKey, std::pair<const CallOutcome*, SectionEditRequest>> last_success;
  std::vector<SectionKey> order;  // first success per section, for a stable report
  for (std::size_t index = 0; index < outcomes.size(); ++index) {
    const CallOutcome& call = outcomes[index];
    if (call.operation != kUpdatePageSection || call.status != CallStatus::kSuccess) continue;
    SectionEditRequest request = request_of(call);
    auto discard = discards.find(request.tenant);
    if (discard != discards.end() && index < discard->second) continue;  // the discard removed it
    SectionKey key{request.tenant, request.page, request.section};
    if (!last_success.count(key)) order.push_back(key);
    last_success[key] = {&call, std::move(request)};
  }
  if (order.empty() && discards.empty()) return std::nullopt;
  const std::map<std::string, json> pages = committed_pages(world);
  for (const SectionKey& key : order) {
    const auto& [call, request] = last_success.at(key);
    const std::string& caller = world.exec.actor_info(call->actor).name;
    const json* section = committed_section(pages, request);
    if (!section) {
      return unique_section_ids_violation(fmt::format("{}: {} was told it succeeded, but the committed draft has no section '{}' on "
                                   "page '{}': the acknowledged edit was lost",
                                   caller, describe(request), request.section, request.page));
    }
    if (section->at("type") != request.type || section->at("content") != request.content) {
      return unique_section_ids_violation(fmt::format("{}: {} was told it succeeded, but the committed section holds {}: the "
                                   "acknowledged edit was lost",
                                   caller, describe(request), section->dump()));
    }
  }
  return lost_discard(world, discards, pages, last_success);
}

}  // namespace

std::string section_edit_key(const SectionEditRequest& request) {
  return json{{"tenant", request.tenant},
              {"page", request.page},
              {"section", request.section},
              {"type", request.type},
              {"content", request.content}}
      .dump();
}

std::string draft_discard_key(const std::string& tenant) { return json{{"tenant", tenant}}.dump(); }

std::optional<Violation> UniqueSectionIds::check_step(const World& world) const {
  if (auto error = unhandled_error(world)) return error;
  thread_local StateMark drafts_checked;
  return check_committed_state(world, drafts_checked, repeated_committed_section_id);
}

std::optional<Violation> UniqueSectionIds::check_quiescent(const World& world) const {
  if (auto step = check_step(world)) return step;
  return lost_edit(world);
}

}  // namespace interleave::model
