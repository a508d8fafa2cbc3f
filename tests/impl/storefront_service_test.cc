// Report 004: the update_page_section executor. Alone, every variant appends
// a new section, updates a section in place on its own page, and refuses an
// id another page uses. Racing, the seed loses an acknowledged edit (its
// whole-document write replaces the other agent's), yet never commits a
// repeated id; fixed and alt keep every acknowledged edit and refuse the
// losing one with a clean conflict. discard_draft empties every page; racing
// an edit, the seed's edit can bring back what the discard removed, and
// fixed and alt never do.

#include "impl/storefront/storefront_executor.h"

#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "harness/execution.h"
#include "harness/random_strategy.h"
#include "impl/storefront/advisory_locks.h"
#include "impl/storefront/draft_config.h"
#include "model/app_schema.h"
#include "model/world.h"

namespace interleave {
namespace {

using impl::Backend;
using nlohmann::json;

constexpr std::uint64_t kStorefrontSchedules = 300;

// Tenant acme with a draft of pages home and about (version 1; by default
// without sections), committed by a setup actor; the actors start once it is
// done, each handed the tenant id.
class DraftProgram final : public Program {
 public:
  using Body = std::function<void(model::World&, Backend&, std::int64_t tenant_id)>;
  explicit DraftProgram(std::vector<std::pair<std::string, Body>> actors,
                        json pages = impl::empty_pages({"home", "about"}))
      : actors_(std::move(actors)), pages_(std::move(pages)) {}

  void start(Execution& exec) override {
    world_ = std::make_unique<model::World>(exec);
    backend_ = std::make_unique<Backend>(Backend{[world = world_.get()] { return world->db.connect(); },
                                                 world_->workflows});
    exec.spawn({.name = "setup", .kind = "setup"}, [this, &exec] {
      auto session = world_->db.connect();
      const std::int64_t tenant_id = session->insert(
          "tenants", {{"name", "Acme"}, {"slug", "acme"}, {"status", std::string(model::tenant_status::kReady)}});
      session->insert("storefront_drafts", {{"tenant_id", tenant_id},
                                            {"config", impl::draft_config_text(pages_)},
                                            {"version", std::int64_t{1}}});
      session->commit();
      for (auto& [name, body] : actors_) {
        exec.spawn({.name = name, .kind = "request"},
                   [this, body = body, tenant_id] { body(*world_, *backend_, tenant_id); });
      }
    });
  }
  std::optional<Violation> check_step() override { return std::nullopt; }
  std::optional<Violation> check_quiescent() override { return std::nullopt; }
  model::World& world() { return *world_; }

 private:
  std::vector<std::pair<std::string, Body>> actors_;
  json pages_;
  std::unique_ptr<model::World> world_;
  std::unique_ptr<Backend> backend_;
};

Verdict run_schedule(DraftProgram& program, std::uint64_t index) {
  RandomStrategy strategy(2026);
  strategy.begin_schedule(index);
  Execution exec(strategy, {}, /*record_events=*/false);
  exec.run(program);
  return exec.verdict();
}

// What one call returned: "added", "updated", "conflict" or "error".
struct EditResult {
  std::string status;
  std::string detail;
};

EditResult update_page_section(const std::string& variant, Backend& backend, std::int64_t tenant_id,
                               const std::string& page, const std::string& section, const std::string& content) {
  try {
    auto result = impl::make_storefront_executor(variant, backend)
                      ->update_page_section(tenant_id, {page, {section, "text", content}});
    return {result.action, result.message};
  } catch (const impl::StorefrontEditConflict& conflict) {
    return {"conflict", conflict.what()};
  } catch (const std::exception& error) {
    return {"error", error.what()};
  }
}

DraftProgram::Body edit(std::string variant, std::string page, std::string section, std::string content,
                        EditResult& result) {
  return [=, &result](model::World&, Backend& backend, std::int64_t tenant_id) {
    result = update_page_section(variant, backend, tenant_id, page, section, content);
  };
}

// "discarded" (the message as detail), "conflict" or "error".
EditResult discard_draft(const std::string& variant, Backend& backend, std::int64_t tenant_id) {
  try {
    auto result = impl::make_storefront_executor(variant, backend)->discard_draft(tenant_id);
    return {"discarded", result.message + " " + result.preview_url};
  } catch (const impl::StorefrontEditConflict& conflict) {
    return {"conflict", conflict.what()};
  } catch (const std::exception& error) {
    return {"error", error.what()};
  }
}

DraftProgram::Body discard(std::string variant, EditResult& result) {
  return [=, &result](model::World&, Backend& backend, std::int64_t tenant_id) {
    result = discard_draft(variant, backend, tenant_id);
  };
}

json committed_config(model::World& world) {
  auto drafts = world.db.committed_rows("storefront_drafts");
  EXPECT_EQ(drafts.size(), 1u);
  return json::parse(drafts.front().text("config"));
}

json section(const std::string& id, const std::string& content) {
  return {{"id", id}, {"type", "text"}, {"content", content}};
}

// The pages holding section `id`, in page-name order.
std::vector<std::string> pages_holding(const json& config, const std::string& id) {
  std::vector<std::string> pages;
  for (const auto& [page, page_config] : config.at("pages").items()) {
    for (const json& s : page_config.at("sections")) {
      if (s.at("id") == id) pages.push_back(page);
    }
  }
  return pages;
}

bool ids_distinct(const json& config) {
  std::set<std::string> ids;
  for (const auto& [page, page_config] : config.at("pages").items()) {
    for (const json& s : page_config.at("sections")) {
      if (!ids.insert(s.at("id").get<std::string>()).second) return false;
    }
  }
  return true;
}

bool holds(const json& config, const std::string& page, const json& wanted) {
  for (const json& s : config.at("pages").at(page).at("sections")) {
    if (s == wanted) return true;
  }
  return false;
}

// A draft whose home page has home-hero-main and whose about page is empty.
json draft_with_hero() {
  json pages = impl::empty_pages({"home", "about"});
  pages["home"]["sections"].push_back(json{{"id", "home-hero-main"}, {"type", "hero"}, {"content", "Welcome"}});
  return pages;
}

std::int64_t committed_version(model::World& world) {
  return std::get<std::int64_t>(world.db.committed_rows("storefront_drafts").front()["version"]);
}

// --- each variant alone ---

class StorefrontExecutorVariant : public ::testing::TestWithParam<std::string> {};

TEST_P(StorefrontExecutorVariant, AppendsASectionWithANewId) {
  EditResult result;
  DraftProgram program({{"agent-1", edit(GetParam(), "home", "home-hero-main", "Welcome", result)}});
  Verdict verdict = run_schedule(program, 0);
  ASSERT_EQ(verdict.status, VerdictStatus::kHolds) << verdict.message;
  EXPECT_EQ(result.status, "added") << result.detail;
  EXPECT_EQ(result.detail, "Section added successfully");
  json config = committed_config(program.world());
  EXPECT_EQ(config.at("pages").at("home").at("sections"), json::array({section("home-hero-main", "Welcome")}));
  EXPECT_EQ(config.at("pages").at("about").at("sections"), json::array());
}

TEST_P(StorefrontExecutorVariant, UpdatesASectionInPlaceWhenItsIdIsOnTheSamePage) {
  std::vector<EditResult> results;
  DraftProgram program({{"agent-1", [&](model::World&, Backend& backend, std::int64_t tenant_id) {
                           results.push_back(update_page_section(GetParam(), backend, tenant_id, "home", "hero", "v1"));
                           results.push_back(update_page_section(GetParam(), backend, tenant_id, "home", "faq", "Q"));
                           results.push_back(update_page_section(GetParam(), backend, tenant_id, "home", "hero", "v2"));
                         }}});
  ASSERT_EQ(run_schedule(program, 0).status, VerdictStatus::kHolds);
  ASSERT_EQ(results.size(), 3u);
  EXPECT_EQ(results[2].status, "updated") << results[2].detail;
  EXPECT_EQ(committed_config(program.world()).at("pages").at("home").at("sections"),
            json::array({section("hero", "v2"), section("faq", "Q")}));
}

TEST_P(StorefrontExecutorVariant, RefusesAnIdAnotherPageUsesWithAConflict) {
  std::vector<EditResult> results;
  DraftProgram program({{"agent-1", [&](model::World&, Backend& backend, std::int64_t tenant_id) {
                           const std::string variant = GetParam();
                           results.push_back(update_page_section(variant, backend, tenant_id, "home", "hero", "Hi"));
                           results.push_back(update_page_section(variant, backend, tenant_id, "about", "hero", "Us"));
                         }}});
  ASSERT_EQ(run_schedule(program, 0).status, VerdictStatus::kHolds);
  ASSERT_EQ(results.size(), 2u);
  EXPECT_EQ(results[1].status, "conflict");
  EXPECT_EQ(results[1].detail, "Section ID 'hero' already exists on page 'home'. IDs must be unique.");
  json config = committed_config(program.world());
  EXPECT_EQ(pages_holding(config, "hero"), std::vector<std::string>{"home"});
  EXPECT_EQ(config.at("pages").at("about").at("sections"), json::array());
}

TEST_P(StorefrontExecutorVariant, RejectsAPageTheDraftLacks) {
  EditResult result;
  DraftProgram program({{"agent-1", edit(GetParam(), "blog", "post-1", "Hello", result)}});
  ASSERT_EQ(run_schedule(program, 0).status, VerdictStatus::kHolds);
  EXPECT_EQ(result.status, "error");
  EXPECT_EQ(result.detail, "Page \"blog\" not found");
}

TEST_P(StorefrontExecutorVariant, DiscardEmptiesEveryPageAndKeepsItsName) {
  json pages = draft_with_hero();
  pages["about"]["sections"].push_back(section("about-story", "Our story"));
  EditResult result;
  DraftProgram program({{"owner", discard(GetParam(), result)}}, pages);
  ASSERT_EQ(run_schedule(program, 0).status, VerdictStatus::kHolds);
  EXPECT_EQ(result.status, "discarded") << result.detail;
  EXPECT_EQ(result.detail, "Draft discarded: 2 pages emptied /t/acme?preview=draft");
  EXPECT_EQ(committed_config(program.world()), json({{"pages", impl::empty_pages({"home", "about"})}}));
  // Only the optimistic variant versions its writes.
  EXPECT_EQ(committed_version(program.world()), GetParam() == "alt" ? 2 : 1);
}

TEST_P(StorefrontExecutorVariant, AnEditAfterADiscardStartsFromEmptyPages) {
  std::vector<EditResult> results;
  DraftProgram program({{"owner", [&](model::World&, Backend& backend, std::int64_t tenant_id) {
                           results.push_back(discard_draft(GetParam(), backend, tenant_id));
                           results.push_back(update_page_section(GetParam(), backend, tenant_id, "about",
                                                                 "home-hero-main", "Moved"));
                         }}},
                       draft_with_hero());
  ASSERT_EQ(run_schedule(program, 0).status, VerdictStatus::kHolds);
  ASSERT_EQ(results.size(), 2u);
  // The id the discard freed may go on another page now.
  EXPECT_EQ(results[1].status, "added") << results[1].detail;
  json config = committed_config(program.world());
  EXPECT_EQ(pages_holding(config, "home-hero-main"), std::vector<std::string>{"about"});
}

INSTANTIATE_TEST_SUITE_P(AllVariants, StorefrontExecutorVariant, ::testing::Values("seed", "fixed", "alt"));

// --- the race, as reported ---

TEST(StorefrontExecutor, SeedLosesAnAcknowledgedEditWhenTwoAgentsClaimOneIdOnDifferentPages) {
  int lost = 0;
  for (std::uint64_t schedule = 0; schedule < kStorefrontSchedules; ++schedule) {
    EditResult home, about;
    DraftProgram program({{"agent-1", edit("seed", "home", "hero-main", "Welcome", home)},
                          {"agent-2", edit("seed", "about", "hero-main", "Our story", about)}});
    ASSERT_EQ(run_schedule(program, schedule).status, VerdictStatus::kHolds);
    json config = committed_config(program.world());
    // The whole config each write saves passed the check against what its
    // writer read, so the draft never repeats an id ...
    EXPECT_TRUE(ids_distinct(config)) << config.dump();
    EXPECT_EQ(pages_holding(config, "hero-main").size(), 1u) << config.dump();
    // ... but both agents can pass the check against the same snapshot, and
    // then the later write silently drops the earlier one's section.
    if (home.status == "added" && about.status == "added") ++lost;
  }
  EXPECT_GT(lost, 0) << "the seeded TOCTOU race was not found";
  EXPECT_LT(lost, static_cast<int>(kStorefrontSchedules)) << "serial schedules refuse the second claim";
}

TEST(StorefrontExecutor, SeedLosesEditsOfDistinctIdsToo) {
  int lost = 0;
  for (std::uint64_t schedule = 0; schedule < kStorefrontSchedules; ++schedule) {
    EditResult home, about;
    DraftProgram program({{"agent-1", edit("seed", "home", "home-hero-main", "Welcome", home)},
                          {"agent-2", edit("seed", "about", "about-story", "Our story", about)}});
    ASSERT_EQ(run_schedule(program, schedule).status, VerdictStatus::kHolds);
    ASSERT_EQ(home.status, "added");
    ASSERT_EQ(about.status, "added");
    json config = committed_config(program.world());
    if (pages_holding(config, "home-hero-main").empty() || pages_holding(config, "about-story").empty()) ++lost;
  }
  EXPECT_GT(lost, 0) << "the lost update was not found";
}

TEST(StorefrontExecutor, SeedLosesADiscardRacingAnEdit) {
  int lost = 0;
  for (std::uint64_t schedule = 0; schedule < kStorefrontSchedules; ++schedule) {
    EditResult edited, discarded;
    DraftProgram program({{"agent-1", edit("seed", "about", "about-story", "Our story", edited)},
                          {"owner", discard("seed", discarded)}},
                         draft_with_hero());
    ASSERT_EQ(run_schedule(program, schedule).status, VerdictStatus::kHolds);
    ASSERT_EQ(edited.status, "added") << edited.detail;
    ASSERT_EQ(discarded.status, "discarded") << discarded.detail;
    // The edit read before the discard and wrote after it: the section the
    // discard removed is back.
    if (!pages_holding(committed_config(program.world()), "home-hero-main").empty()) ++lost;
  }
  EXPECT_GT(lost, 0) << "the lost discard was not found";
  EXPECT_LT(lost, static_cast<int>(kStorefrontSchedules)) << "serial schedules keep the discard";
}

// --- the fixes ---

class StorefrontExecutorFix : public ::testing::TestWithParam<std::string> {};

TEST_P(StorefrontExecutorFix, KeepsEveryAcknowledgedEditAndRefusesTheLosingClaim) {
  for (std::uint64_t schedule = 0; schedule < kStorefrontSchedules; ++schedule) {
    EditResult home, about, faq;
    DraftProgram program({{"agent-1", edit(GetParam(), "home", "hero-main", "Welcome", home)},
                          {"agent-2", edit(GetParam(), "about", "hero-main", "Our story", about)},
                          {"agent-3", edit(GetParam(), "home", "home-faq", "Questions", faq)}});
    ASSERT_EQ(run_schedule(program, schedule).status, VerdictStatus::kHolds);
    json config = committed_config(program.world());
    EXPECT_TRUE(ids_distinct(config)) << config.dump();
    EXPECT_EQ(faq.status, "added") << faq.detail;
    EXPECT_TRUE(holds(config, "home", section("home-faq", "Questions"))) << config.dump();
    // Exactly one claim of hero-main wins, and the draft shows the winner.
    ASSERT_NE(home.status == "added", about.status == "added") << home.detail << " / " << about.detail;
    const EditResult& loser = home.status == "added" ? about : home;
    EXPECT_EQ(loser.status, "conflict");
    EXPECT_NE(loser.detail.find("Section ID 'hero-main' already exists"), std::string::npos) << loser.detail;
    if (home.status == "added") {
      EXPECT_TRUE(holds(config, "home", section("hero-main", "Welcome"))) << config.dump();
    } else {
      EXPECT_TRUE(holds(config, "about", section("hero-main", "Our story"))) << config.dump();
    }
  }
}

TEST_P(StorefrontExecutorFix, ADiscardRacingAnEditIsNeverUndone) {
  int edit_kept = 0;
  for (std::uint64_t schedule = 0; schedule < kStorefrontSchedules; ++schedule) {
    EditResult edited, discarded;
    DraftProgram program({{"agent-1", edit(GetParam(), "about", "about-story", "Our story", edited)},
                          {"owner", discard(GetParam(), discarded)}},
                         draft_with_hero());
    ASSERT_EQ(run_schedule(program, schedule).status, VerdictStatus::kHolds);
    ASSERT_EQ(edited.status, "added") << edited.detail;
    ASSERT_EQ(discarded.status, "discarded") << discarded.detail;
    json config = committed_config(program.world());
    EXPECT_EQ(config.at("pages").at("home").at("sections"), json::array()) << config.dump();
    // Either order is serial: the edit is kept when it committed last.
    if (holds(config, "about", section("about-story", "Our story"))) ++edit_kept;
  }
  EXPECT_GT(edit_kept, 0);
  EXPECT_LT(edit_kept, static_cast<int>(kStorefrontSchedules));
}

INSTANTIATE_TEST_SUITE_P(FixedAndAlt, StorefrontExecutorFix, ::testing::Values("fixed", "alt"));

TEST(StorefrontExecutor, AltBumpsTheVersionOncePerSavedEdit) {
  for (std::uint64_t schedule = 0; schedule < kStorefrontSchedules; ++schedule) {
    EditResult first, second;
    DraftProgram program({{"agent-1", edit("alt", "home", "home-hero-main", "Welcome", first)},
                          {"agent-2", edit("alt", "about", "about-story", "Our story", second)}});
    ASSERT_EQ(run_schedule(program, schedule).status, VerdictStatus::kHolds);
    ASSERT_EQ(first.status, "added") << first.detail;
    ASSERT_EQ(second.status, "added") << second.detail;
    auto drafts = program.world().db.committed_rows("storefront_drafts");
    EXPECT_EQ(std::get<std::int64_t>(drafts.front()["version"]), 3);
  }
}

// A fixed call that waits for the advisory lock longer than the
// transaction's timeout is refused with a message that says what to do.
using FixedCall = EditResult (*)(Backend& backend, std::int64_t tenant_id);

EditResult fixed_edit(Backend& backend, std::int64_t tenant_id) {
  return update_page_section("fixed", backend, tenant_id, "home", "hero", "Hi");
}

EditResult fixed_discard(Backend& backend, std::int64_t tenant_id) {
  return discard_draft("fixed", backend, tenant_id);
}

EditResult edit_behind_a_lock_held_for(std::int64_t held_ms, FixedCall call = &fixed_edit) {
  EditResult result;
  DraftProgram program({{"other-edit", [&](model::World& world, Backend& backend, std::int64_t tenant_id) {
                           auto session = backend.connect();
                           session->advisory_xact_lock(impl::hash_tenant_storefront(tenant_id));
                           world.exec.spawn({.name = "agent-1", .kind = "request"},
                                            [&result, agent = &backend, tenant_id, call] {
                                              result = call(*agent, tenant_id);
                                            });
                           world.exec.sleep_for(held_ms);
                           session->commit();
                         }}});
  Verdict verdict = run_schedule(program, 0);
  EXPECT_EQ(verdict.status, VerdictStatus::kHolds) << verdict.message;
  return result;
}

TEST(StorefrontExecutor, FixedTurnsALockTimeoutIntoAHelpfulConflict) {
  EditResult result = edit_behind_a_lock_held_for(impl::kStorefrontTransactionTimeoutMs + 1000);
  EXPECT_EQ(result.status, "conflict");
  EXPECT_EQ(result.detail,
            "Another edit to this storefront is still being saved (waited 5000 ms for it). Please try again.");
}

TEST(StorefrontExecutor, FixedDiscardTakesTheSameLockAndTimesOutTheSameWay) {
  EditResult result = edit_behind_a_lock_held_for(impl::kStorefrontTransactionTimeoutMs + 1000, &fixed_discard);
  EXPECT_EQ(result.status, "conflict");
  EXPECT_EQ(result.detail,
            "Another edit to this storefront is still being saved (waited 5000 ms for it). Please try again.");
  EXPECT_EQ(edit_behind_a_lock_held_for(impl::kStorefrontTransactionTimeoutMs - 1000, &fixed_discard).status,
            "discarded");
}

TEST(StorefrontExecutor, FixedWaitsForALockHeldWithinTheTimeout) {
  EditResult result = edit_behind_a_lock_held_for(impl::kStorefrontTransactionTimeoutMs - 1000);
  EXPECT_EQ(result.status, "added") << result.detail;
}

TEST(StorefrontExecutor, TenantStorefrontLockKeysAreFixedAndDistinct) {
  // FNV-1a of "storefront:1": the same key in every process, every run.
  EXPECT_EQ(impl::hash_tenant_storefront(1), 6430580262671548088);
  EXPECT_NE(impl::hash_tenant_storefront(1), impl::hash_tenant_storefront(2));
}

}  // namespace
}  // namespace interleave
