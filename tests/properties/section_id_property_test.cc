// RapidCheck properties over generated storefront edits and generated
// schedules (VectorStrategy), through the section-id scenario's own program
// and property: RapidCheck shrinks workload and interleaving together.

#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "harness/execution.h"
#include "harness/vector_strategy.h"
#include "model/invariants/unique_section_ids.h"
#include "model/world.h"
#include "scenarios/catalogue.h"
#include "scenarios/scenario_program.h"
#include "tests/properties/generated_scenario.h"

namespace interleave {
namespace {

struct SectionEdit {
  std::string page;
  std::string section;
  std::string content;
};

// How RapidCheck prints a counterexample's edits.
void showValue(const SectionEdit& edit, std::ostream& os) {
  os << edit.page << "/" << edit.section << "=" << edit.content;
}

struct SectionWorkload {
  std::vector<SectionEdit> edits;  // one update_page_section call each
  std::vector<std::uint32_t> schedule;
};

// Up to three concurrent edits over two pages and three ids, so ids collide
// within a page and across pages, and a schedule.
SectionWorkload generate_section_workload() {
  auto edit = rc::gen::build<SectionEdit>(
      rc::gen::set(&SectionEdit::page, rc::gen::element<std::string>("home", "about")),
      rc::gen::set(&SectionEdit::section, rc::gen::element<std::string>("hero-main", "story", "faq")),
      rc::gen::set(&SectionEdit::content, rc::gen::element<std::string>("A", "B")));
  SectionWorkload workload;
  workload.edits = *rc::gen::resize(3, rc::gen::nonEmpty(rc::gen::container<std::vector<SectionEdit>>(edit)));
  workload.schedule = test_support::generate_schedule();
  return workload;
}

scenarios::Argument single(std::string name, std::string value) { return {std::move(name), {std::move(value)}}; }

scenarios::Scenario section_scenario_for(const SectionWorkload& workload) {
  scenarios::Scenario scenario;
  scenario.name = "generated-section-edits";
  scenario.services = {"storefront"};
  scenario.properties = {"unique-section-ids"};
  scenario.variants = {"seed", "fixed", "alt"};
  scenario.expectations = {{.variant = "seed", .holds = false, .property = "unique-section-ids"},
                           {.variant = "fixed"},
                           {.variant = "alt"}};
  scenario.givens = {{"tenant", {single("slug", "acme")}, {}},
                     {"draft", {single("tenant", "acme"), single("pages", "home,about")}, {}}};
  for (std::size_t i = 0; i < workload.edits.size(); ++i) {
    const SectionEdit& edit = workload.edits[i];
    scenario.actors.push_back({"agent-" + std::to_string(i + 1),
                               "update_page_section",
                               {single("tenant", "acme"), single("page", edit.page), single("section", edit.section),
                                single("content", edit.content)},
                               {}});
  }
  scenarios::validate(scenario);
  return scenario;
}

Verdict run_section(const SectionWorkload& workload, const std::string& variant) {
  return test_support::run_generated(section_scenario_for(workload), variant, workload.schedule);
}

// The executors never commit a repeated id (each saves a whole document
// that passed the check); these drafts are written directly, to show the
// property's per-step check catches one, and tells a page's own "id" key
// from a section's.
class RawDraftProgram final : public Program {
 public:
  explicit RawDraftProgram(std::string config) : config_(std::move(config)) {}
  void start(Execution& exec) override {
    world_ = std::make_unique<model::World>(exec);
    exec.spawn({.name = "writer", .kind = "request"}, [this] {
      auto session = world_->db.connect();
      const std::int64_t tenant_id =
          session->insert("tenants", {{"name", "Acme"}, {"slug", "acme"}, {"status", "ready"}});
      session->insert("storefront_drafts",
                      {{"tenant_id", tenant_id}, {"config", config_}, {"version", std::int64_t{1}}});
      session->commit();
    });
  }
  std::optional<Violation> check_step() override { return property_.check_step(*world_); }
  std::optional<Violation> check_quiescent() override { return property_.check_quiescent(*world_); }

 private:
  std::string config_;
  model::UniqueSectionIds property_;
  std::unique_ptr<model::World> world_;
};

Verdict run_raw(std::string config) {
  RawDraftProgram program(std::move(config));
  VectorStrategy strategy({});
  strategy.begin_schedule(0);
  Execution exec(strategy, {}, /*record_events=*/false);
  exec.run(program);
  return exec.verdict();
}

TEST(SectionIdProperty, ACommittedDraftThatRepeatsAnIdAcrossPagesIsAViolation) {
  Verdict verdict = run_raw(
      R"({"pages":{"about":{"sections":[{"content":"","id":"hero","type":"hero"}]},)"
      R"("home":{"sections":[{"content":"","id":"hero","type":"hero"}]}}})");
  EXPECT_EQ(verdict.status, VerdictStatus::kViolation);
  EXPECT_EQ(verdict.property, "unique-section-ids");
  EXPECT_EQ(verdict.message,
            "tenant acme's committed draft repeats a section id: 'hero' is on pages 'about' and 'home'");
}

TEST(SectionIdProperty, AnIdKeyOutsideTheSectionsIsNotARepeat) {
  Verdict verdict =
      run_raw(R"({"pages":{"home":{"id":"hero","sections":[{"content":"","id":"hero","type":"hero"}]}}})");
  EXPECT_EQ(verdict.status, VerdictStatus::kHolds) << verdict.message;
}

TEST(SectionIdProperty, FindsTheLostEditInSeedAndShrinksItToTwoAgents) {
  auto found = test_support::find_counterexample<SectionWorkload>("unique-section-ids holds for the seed variant",
                                                      generate_section_workload,
                                                      [](const SectionWorkload& workload) { return run_section(workload, "seed"); });
  ASSERT_TRUE(found) << "the seeded TOCTOU race was not found";
  EXPECT_EQ(found->verdict.status, VerdictStatus::kViolation);
  EXPECT_EQ(found->verdict.property, "unique-section-ids");
  // Whole-document writes: the race shows as a lost edit, not a repeated id.
  EXPECT_NE(found->verdict.message.find("the acknowledged edit was lost"), std::string::npos)
      << found->verdict.message;
  EXPECT_EQ(found->workload.edits.size(), 2u) << "shrunk counterexample should have exactly two agents";
}

RC_GTEST_PROP(SectionIdProperty, FixedVariantHoldsForEveryWorkloadAndSchedule, ()) {
  SectionWorkload workload = generate_section_workload();
  Verdict verdict = run_section(workload, "fixed");
  RC_LOG() << verdict.message;
  RC_ASSERT(verdict.status == VerdictStatus::kHolds);
}

RC_GTEST_PROP(SectionIdProperty, AltVariantHoldsForEveryWorkloadAndSchedule, ()) {
  SectionWorkload workload = generate_section_workload();
  Verdict verdict = run_section(workload, "alt");
  RC_LOG() << verdict.message;
  RC_ASSERT(verdict.status == VerdictStatus::kHolds);
}

RC_GTEST_PROP(SectionIdProperty, SeedHoldsForASingleAgent, ()) {
  // Alone, the seed keeps its edit: the property does not simply reject it.
  SectionWorkload workload = generate_section_workload();
  workload.edits.resize(1);
  Verdict verdict = run_section(workload, "seed");
  RC_LOG() << verdict.message;
  RC_ASSERT(verdict.status == VerdictStatus::kHolds);
}

}  // namespace
}  // namespace interleave
