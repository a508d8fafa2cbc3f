// The sleep-set reduction is only as sound as the footprints the model
// notes: a shared read or write the model forgets to note makes two
// dependent steps look independent, and dfs would skip a schedule with an
// outcome of its own. So run shipped scenarios both ways and compare what
// every actor saw (its events: statements, results, errors, responses),
// which only the order of dependent steps can change.

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <memory>
#include <set>
#include <string>

#include "harness/dfs_strategy.h"
#include "harness/execution.h"
#include "scenarios/catalogue.h"
#include "scenarios/scenario_parser.h"
#include "scenarios/scenario_program.h"

namespace interleave {
namespace {

struct Search {
  std::set<std::string> outcomes;  // one per distinct combination of actor histories
  std::uint64_t schedules = 0;
};

Search search(const scenarios::Scenario& scenario, const std::string& variant, std::uint32_t bound,
              bool reduction) {
  ProgramFactory factory = scenarios::program_factory(scenario, variant);
  DfsStrategy dfs({.preemption_bound = bound, .reduction = reduction});
  Search result;
  for (std::uint64_t index = 0; dfs.begin_schedule(index); ++index) {
    std::unique_ptr<Program> program = factory();
    Execution exec(dfs, {}, /*record_events=*/true);
    exec.run(*program);
    if (exec.verdict().status == VerdictStatus::kAbandoned) continue;
    ++result.schedules;
    std::map<std::string, std::string> histories;  // by actor name: names do not depend on the order
    for (const Event& event : exec.events()) {
      histories[exec.actor_info(event.actor).name] += event.op + " " + event.text + " -> " + event.result + "\n";
    }
    std::string outcome = std::string(to_string(exec.verdict().status)) + " " + exec.verdict().property + "\n";
    for (const auto& [actor, history] : histories) outcome += "[" + actor + "]\n" + history;
    result.outcomes.insert(std::move(outcome));
  }
  EXPECT_TRUE(dfs.statistics().exhausted);
  return result;
}

// Two-actor cores of shipped scenarios, small enough to search without a
// preemption bound (sleep sets alone are exact there) both ways.
constexpr std::string_view kSectionEdits = R"(scenario section-edits
title "two agents edit one page"
report 004
service storefront
property unique-section-ids
variants seed fixed alt
expect seed fails unique-section-ids
expect fixed holds
expect alt holds
given tenant slug=acme
given draft tenant=acme pages=home,about
actor agent-1 update_page_section tenant=acme page=home section=hero-main type=hero content="Welcome"
actor agent-2 update_page_section tenant=acme page=home section=home-faq type=faq content="Questions"
)";

constexpr std::string_view kDeletionWindow = R"(scenario deletion-core
title "a request during a deletion"
report 002
service deletion
property no-5xx-during-deletion
variants seed fixed hardened
expect seed fails no-5xx-during-deletion
expect fixed fails no-5xx-during-deletion
expect hardened holds
given tenant slug=acme
actor admin delete_tenant tenant=acme
actor api-1 get_products tenant=acme
)";

scenarios::Scenario parsed(std::string_view text) {
  scenarios::Scenario scenario = scenarios::parse_scenario(text, "<dfs_reduction_test>");
  scenarios::validate(scenario);
  return scenario;
}

// Unbounded, the reduced search meets exactly the outcomes of the plain one:
// a footprint the model forgot would show up here as a missing outcome.
TEST(DfsReduction, MeetsEveryOutcomeOfThePlainSearchWithoutABound) {
  constexpr std::uint32_t kUnbounded = 64;
  const std::vector<std::pair<std::string_view, std::string>> cases = {
      {kSectionEdits, "seed"}, {kSectionEdits, "fixed"}, {kSectionEdits, "alt"}, {kDeletionWindow, "hardened"}};
  for (const auto& [text, variant] : cases) {
    const scenarios::Scenario scenario = parsed(text);
    const Search plain = search(scenario, variant, kUnbounded, false);
    const Search reduced = search(scenario, variant, kUnbounded, true);
    EXPECT_EQ(plain.outcomes, reduced.outcomes) << scenario.name << " " << variant;
    EXPECT_LT(reduced.schedules, plain.schedules) << scenario.name << " " << variant;
  }
}

// Under a preemption bound the reduction may stand a schedule in for one
// whose reordering needs more preemptions (bounded partial-order reduction
// is incomplete, Coons et al. OOPSLA 2013): it meets a subset of the plain
// search's outcomes, never one the plain search cannot meet.
TEST(DfsReduction, UnderABoundMeetsOnlyOutcomesOfThePlainSearch) {
  const auto catalogue = scenarios::load_catalogue(INTERLEAVE_SCENARIO_DIR);
  const scenarios::Scenario* scenario = scenarios::find_scenario(catalogue, "section-id-race");
  ASSERT_NE(scenario, nullptr);
  const Search plain = search(*scenario, "fixed", 1, false);
  const Search reduced = search(*scenario, "fixed", 1, true);
  EXPECT_TRUE(std::includes(plain.outcomes.begin(), plain.outcomes.end(), reduced.outcomes.begin(),
                            reduced.outcomes.end()));
  EXPECT_LT(reduced.schedules, plain.schedules);
}

}  // namespace
}  // namespace interleave
