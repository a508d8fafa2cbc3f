// discard_draft, the second writer of storefront drafts, under
// unique-section-ids: the property's rule for discards judged on ledgers and
// drafts written directly (a lost discard, an edit the discard removed, an
// edit after it), the catalogue's draft-discard-race in each variant, and
// the `draft` fixture's sections= argument.

#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <ostream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/dfs_strategy.h"
#include "harness/pct_strategy.h"
#include "harness/random_strategy.h"
#include "model/invariants/unique_section_ids.h"
#include "model/world.h"
#include "scenarios/operations.h"
#include "tests/properties/catalogue_exploration.h"

namespace interleave {
namespace {

using nlohmann::json;
using test_support::catalogue_scenario;
using test_support::explore_variant;

// --- the property's rule, on a ledger written directly ---

// One call as the ledger would hold it, made by the actor named `caller`.
struct Call {
  std::string caller;
  std::string operation;
  std::string key;
  model::CallStatus status = model::CallStatus::kSuccess;
  std::string detail;
};

Call edit(std::string caller, std::string page, std::string section, std::string content = "") {
  return {std::move(caller), std::string(model::kUpdatePageSection),
          model::section_edit_key({"acme", std::move(page), std::move(section), "text", std::move(content)})};
}

Call discard(std::string caller, model::CallStatus status = model::CallStatus::kSuccess, std::string detail = "",
             const std::string& tenant = "acme") {
  return {std::move(caller), std::string(model::kDiscardDraft), model::draft_discard_key(tenant), status,
          std::move(detail)};
}

// Tenant acme's committed draft holds `pages`; the ledger holds `calls`, in
// order, each under an actor of its caller's name (actors that do nothing).
class LedgerProgram final : public Program {
 public:
  LedgerProgram(json pages, std::vector<Call> calls) : pages_(std::move(pages)), calls_(std::move(calls)) {}
  void start(Execution& exec) override {
    world_ = std::make_unique<model::World>(exec);
    std::vector<ActorId> callers;
    for (const Call& call : calls_) callers.push_back(exec.spawn({.name = call.caller, .kind = "request"}, [] {}));
    exec.spawn({.name = "writer", .kind = "setup"}, [this, callers] {
      auto session = world_->db.connect();
      const std::int64_t tenant_id =
          session->insert("tenants", {{"name", "Acme"}, {"slug", "acme"}, {"status", "ready"}});
      session->insert("storefront_drafts", {{"tenant_id", tenant_id},
                                            {"config", json{{"pages", pages_}}.dump()},
                                            {"version", std::int64_t{1}}});
      session->commit();
      for (std::size_t i = 0; i < calls_.size(); ++i) {
        const Call& call = calls_[i];
        world_->ledger.record({callers[i], call.operation, call.key, call.status, call.detail});
      }
    });
  }
  std::optional<Violation> check_step() override { return property_.check_step(*world_); }
  std::optional<Violation> check_quiescent() override { return property_.check_quiescent(*world_); }

 private:
  json pages_;
  std::vector<Call> calls_;
  model::UniqueSectionIds property_;
  std::unique_ptr<model::World> world_;
};

Verdict judge(json pages, std::vector<Call> calls) {
  LedgerProgram program(std::move(pages), std::move(calls));
  RandomStrategy strategy(1);
  strategy.begin_schedule(0);
  Execution exec(strategy, {}, /*record_events=*/false);
  exec.run(program);
  return exec.verdict();
}

json section(const std::string& id, const std::string& content = "") {
  return {{"id", id}, {"type", "text"}, {"content", content}};
}

json draft(json home, json about = json::array()) {
  return {{"home", {{"sections", std::move(home)}}}, {"about", {{"sections", std::move(about)}}}};
}

TEST(DraftDiscardProperty, ASectionNoLaterEditWroteAfterAnAcknowledgedDiscardIsALostDiscard) {
  Verdict verdict = judge(draft({section("home-hero-main")}, {section("about-story", "Our story")}),
                          {discard("owner"), edit("agent-1", "about", "about-story", "Our story")});
  EXPECT_EQ(verdict.status, VerdictStatus::kViolation);
  EXPECT_EQ(verdict.property, "unique-section-ids");
  EXPECT_EQ(verdict.message,
            "owner: discard_draft(tenant='acme') was told it succeeded, but the committed draft still has section "
            "'home-hero-main' on page 'home', which no later acknowledged edit wrote: the discard was lost");
}

TEST(DraftDiscardProperty, AnEditAcknowledgedBeforeTheDiscardMayBeAbsent) {
  Verdict verdict = judge(draft(json::array()), {edit("agent-1", "home", "home-hero-main"), discard("owner")});
  EXPECT_EQ(verdict.status, VerdictStatus::kHolds) << verdict.message;
}

TEST(DraftDiscardProperty, OnlyTheLastAcknowledgedDiscardCounts) {
  // The edit between the discards was removed by the second; the last edit
  // came after both and is kept.
  const std::vector<Call> calls = {discard("owner"), edit("agent-1", "home", "hero"), discard("owner"),
                                   edit("agent-2", "home", "faq")};
  Verdict kept = judge(draft({section("faq")}), calls);
  EXPECT_EQ(kept.status, VerdictStatus::kHolds) << kept.message;
  Verdict back = judge(draft({section("hero"), section("faq")}), calls);
  EXPECT_EQ(back.status, VerdictStatus::kViolation);
  EXPECT_NE(back.message.find("still has section 'hero' on page 'home'"), std::string::npos) << back.message;
}

TEST(DraftDiscardProperty, AnEditAfterTheDiscardMustStillBeThere) {
  Verdict verdict = judge(draft(json::array()), {discard("owner"), edit("agent-1", "about", "about-story", "Hi")});
  EXPECT_EQ(verdict.status, VerdictStatus::kViolation);
  EXPECT_EQ(verdict.message,
            "agent-1: update_page_section(tenant='acme', page='about', section='about-story') was told it succeeded, "
            "but the committed draft has no section 'about-story' on page 'about': the acknowledged edit was lost");
}

TEST(DraftDiscardProperty, ARefusedDiscardRemovesNothing) {
  Verdict verdict = judge(draft(json::array()), {edit("agent-1", "home", "hero"),
                                                 discard("owner", model::CallStatus::kConflict, "busy")});
  EXPECT_EQ(verdict.status, VerdictStatus::kViolation);
  EXPECT_NE(verdict.message.find("the acknowledged edit was lost"), std::string::npos) << verdict.message;
}

TEST(DraftDiscardProperty, AnotherTenantsDiscardRemovesNothingOfAcme) {
  Verdict verdict = judge(draft({section("home-hero-main")}),
                          {edit("agent-1", "home", "hero"),
                           discard("owner", model::CallStatus::kSuccess, "", "globex")});
  EXPECT_EQ(verdict.status, VerdictStatus::kViolation);
  EXPECT_NE(verdict.message.find("no section 'hero' on page 'home'"), std::string::npos) << verdict.message;
}

TEST(DraftDiscardProperty, WithoutADiscardSectionsNoEditWroteAreNoViolation) {
  // As before discards: a section the draft started with needs no edit.
  Verdict verdict = judge(draft({section("home-hero-main")}), {edit("agent-1", "about", "about-story", "Hi")});
  EXPECT_EQ(verdict.status, VerdictStatus::kViolation);
  EXPECT_EQ(verdict.message,
            "agent-1: update_page_section(tenant='acme', page='about', section='about-story') was told it succeeded, "
            "but the committed draft has no section 'about-story' on page 'about': the acknowledged edit was lost");
  Verdict kept = judge(draft({section("home-hero-main")}, {section("about-story", "Hi")}),
                       {edit("agent-1", "about", "about-story", "Hi")});
  EXPECT_EQ(kept.status, VerdictStatus::kHolds) << kept.message;
}

TEST(DraftDiscardProperty, ADiscardThatEndedInAnUnhandledErrorIsAViolation) {
  Verdict verdict = judge(draft(json::array()), {discard("owner", model::CallStatus::kError, "Tenant 7 not found")});
  EXPECT_EQ(verdict.status, VerdictStatus::kViolation);
  EXPECT_EQ(verdict.message, "owner: discard_draft(tenant='acme') ended in an unhandled error: Tenant 7 not found");
}

// --- the catalogue's draft-discard-race ---

constexpr std::uint64_t kDiscardBudget = 2'000;

TEST(DraftDiscardRace, SeedLosesTheDiscardAndShrinksToTheTwoCallers) {
  const std::optional<Trace> found = test_support::expect_seed_one_finds(catalogue_scenario("draft-discard-race"), "seed",
                                                                    "unique-section-ids", kDiscardBudget, 2);
  ASSERT_TRUE(found) << "the lost discard was not found";
  EXPECT_EQ(found->verdict.message,
            "owner: discard_draft(tenant='acme') was told it succeeded, but the committed draft still has section "
            "'home-hero-main' on page 'home', which no later acknowledged edit wrote: the discard was lost");
}

class DraftDiscardRaceFix : public ::testing::TestWithParam<std::string> {};

TEST_P(DraftDiscardRaceFix, HoldsUnderRandomPctAndDfs) {
  const scenarios::Scenario& scenario = catalogue_scenario("draft-discard-race");
  RandomStrategy random(7);
  ExploreResult by_random = explore_variant(scenario, GetParam(), random, kDiscardBudget);
  EXPECT_EQ(by_random.violations, 0u) << by_random.trace->verdict.message;
  PctStrategy pct(7, 3, 40);
  ExploreResult by_pct = explore_variant(scenario, GetParam(), pct, kDiscardBudget / 2);
  EXPECT_EQ(by_pct.violations, 0u) << by_pct.trace->verdict.message;
  DfsStrategy dfs({.preemption_bound = 2});
  ExploreResult by_dfs = explore_variant(scenario, GetParam(), dfs, kDiscardBudget);
  EXPECT_EQ(by_dfs.violations, 0u) << by_dfs.trace->verdict.message;
}

INSTANTIATE_TEST_SUITE_P(FixedAndAlt, DraftDiscardRaceFix, ::testing::Values("fixed", "alt"));

// --- the draft fixture's sections= ---

// Runs `given tenant slug=acme` and `given draft tenant=acme pages=home,about`
// with `sections` (when not empty) in a setup actor; keeps the committed
// draft's pages, or the fixture's error.
class FixtureProgram final : public Program {
 public:
  explicit FixtureProgram(std::string sections) : sections_(std::move(sections)) {}
  void start(Execution& exec) override {
    world_ = std::make_unique<model::World>(exec);
    exec.spawn({.name = "setup", .kind = "setup"}, [this] {
      scenarios::find_fixture("tenant")->run(*world_, {{"slug", "acme"}});
      scenarios::Arguments arguments{{"tenant", "acme"}, {"pages", "home,about"}};
      if (!sections_.empty()) arguments["sections"] = sections_;
      try {
        scenarios::find_fixture("draft")->run(*world_, arguments);
      } catch (const std::invalid_argument& error) {
        error_ = error.what();
        return;
      }
      pages_ = json::parse(world_->db.committed_rows("storefront_drafts").front().text("config")).at("pages");
    });
  }
  std::optional<Violation> check_step() override { return std::nullopt; }
  std::optional<Violation> check_quiescent() override { return std::nullopt; }
  const json& pages() const { return pages_; }
  const std::string& error() const { return error_; }

 private:
  std::string sections_;
  std::unique_ptr<model::World> world_;
  json pages_;
  std::string error_;
};

struct FixtureResult {
  json pages;
  std::string error;
};

FixtureResult run_fixture(std::string sections) {
  FixtureProgram program(std::move(sections));
  RandomStrategy strategy(1);
  strategy.begin_schedule(0);
  Execution exec(strategy, {}, /*record_events=*/false);
  exec.run(program);
  EXPECT_EQ(exec.verdict().status, VerdictStatus::kHolds) << exec.verdict().message;
  return {program.pages(), program.error()};
}

TEST(DraftFixture, SectionsStartTheDraftWithThoseSectionsOnTheirPagesInOrder) {
  FixtureResult draft_made = run_fixture("home:home-hero-main,about:about-story,home:home-faq");
  ASSERT_EQ(draft_made.error, "");
  EXPECT_EQ(draft_made.pages, json({{"home", {{"sections", {section("home-hero-main"), section("home-faq")}}}},
                                   {"about", {{"sections", {section("about-story")}}}}}));
}

TEST(DraftFixture, WithoutSectionsEveryPageIsEmpty) {
  FixtureResult draft_made = run_fixture("");
  ASSERT_EQ(draft_made.error, "");
  EXPECT_EQ(draft_made.pages, draft(json::array()));
}

struct BadSections {
  std::string sections;
  std::string message;
};

void PrintTo(const BadSections& bad, std::ostream* out) { *out << bad.sections; }

class DraftFixtureBadSections : public ::testing::TestWithParam<BadSections> {};

TEST_P(DraftFixtureBadSections, NamesWhatIsWrongAndWhatIsValid) {
  EXPECT_EQ(run_fixture(GetParam().sections).error, GetParam().message);
}

INSTANTIATE_TEST_SUITE_P(
    DraftFixture, DraftFixtureBadSections,
    ::testing::Values(
        BadSections{"home:hero,,about:story", "sections 'home:hero,,about:story' has an empty entry"},
        BadSections{"home-hero", "sections entry 'home-hero' is not PAGE:SECTION_ID (e.g. home:home-hero-main)"},
        BadSections{"blog:post-1",
                    "sections entry 'blog:post-1' names page 'blog', which the draft does not have (its pages: "
                    "home, about)"},
        BadSections{"home:", "sections entry 'home:' has an empty section id"},
        BadSections{"home:hero,about:hero",
                    "sections repeats section id 'hero' (section ids are unique across the draft's pages)"}));

// In a scenario file, the mistake is a crash naming the `given` line.
TEST(DraftFixture, ABadSectionsLineCrashesTheRunNamingTheLine) {
  scenarios::Scenario scenario = scenarios::parse_scenario(R"(scenario draft-fixture
service  storefront
property unique-section-ids
variants fixed
expect   fixed holds
given tenant slug=acme
given draft tenant=acme pages=home,about sections=blog:post-1
actor owner discard_draft tenant=acme
)",
                                                           "draft-fixture.scn");
  scenarios::validate(scenario);
  RandomStrategy random(1);
  ExploreResult result = explore_variant(scenario, "fixed", random, 1);
  ASSERT_TRUE(result.trace);
  EXPECT_EQ(result.trace->verdict.status, VerdictStatus::kCrash);
  EXPECT_NE(result.trace->verdict.message.find(
                "draft-fixture.scn:7: given draft: sections entry 'blog:post-1' names page 'blog'"),
            std::string::npos)
      << result.trace->verdict.message;
}

}  // namespace
}  // namespace interleave
