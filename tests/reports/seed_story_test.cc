// The Markdown report of each seed race tells its incident report's story
// (../shared/seeds/00N_*.txt): the same actors doing the same decisive steps
// in the same order, ending at the marked violation. Each race is found by
// random seed 1 and shrunk, as `interleave hunt` saves it.

#include <gtest/gtest.h>

#include <optional>
#include <ostream>
#include <regex>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/explorer.h"
#include "harness/random_strategy.h"
#include "reports/markdown_report.h"
#include "scenarios/catalogue.h"
#include "scenarios/scenario_program.h"
#include "scenarios/scenario_shrinker.h"

namespace interleave {
namespace {

// One decisive step: a timeline line matching `pattern`, whose first capture
// group is the actor, after the previous step's line.
struct Step {
  std::string pattern;
  std::optional<std::size_t> same_actor_as;   // index of an earlier step
  std::optional<std::size_t> other_actor_than;
};

struct Story {
  std::string scenario;
  std::string report;  // the seed report it retells
  std::vector<Step> steps;
  // Must not happen between the first and the last step (what would have
  // closed the window), with the actor of step 0 in place of {actor}.
  std::string forbidden_between;
};

const std::vector<Story> kStories = {
    {"tenant-slug-race", "000: both requests pass the existence check, then one's provisioning fails",
     {{R"(^T0\S*\s+(\S+): SELECT \* FROM tenants WHERE slug = 'acme' → 0 rows)"},
      {R"(^T0\S*\s+(\S+): SELECT \* FROM tenants WHERE slug = 'acme' → 0 rows)", {}, 0},
      {R"(^T0\S*\s+(\S+): .*◀ VIOLATION)", 1}},
     R"(INSERT INTO tenants .*→ id)"},
    {"ghost-workflow", "001: user and tenant flushed, the workflow starts before the commit",
     {{R"(^T0\S*\s+(\S+): INSERT INTO users )"},
      {R"(^T0\S*\s+(\S+): INSERT INTO tenants )", 0},
      {R"(^T0\S*\s+(\S+): start_workflow TenantProvisioningWorkflow .*◀ VIOLATION)", 0}},
     R"({actor}: COMMIT)"},
    {"deletion-window", "002: schema dropped, a request validates the tenant, its query gets a 500",
     {{R"(^T0\S*\s+(\S+): DROP SCHEMA .*tenant_acme)"},
      {R"(^T0\S*\s+(api-\S+): SELECT \* FROM tenants WHERE slug = 'acme' → 1 row)"},
      {R"(^T0\S*\s+(\S+): SELECT \* FROM products → error 42P01)", 1},
      {R"(^T0\S*\s+(\S+): GET /api/v1/tenants/acme/products → 500 .*◀ VIOLATION)", 1}},
     R"(UPDATE tenants SET)"},
    {"membership-retry", "003: both pass the check, both insert, the unique violation fails the activity",
     {{R"(^T0\S*\s+(\S+): SELECT \* FROM memberships .* → 0 rows)"},
      {R"(^T0\S*\s+(\S+): SELECT \* FROM memberships .* → 0 rows)", {}, 0},
      {R"(^T0\S*\s+(\S+): INSERT INTO memberships .* → id)"},
      {R"(^T0\S*\s+(\S+): INSERT INTO memberships .* → error 23505)", {}, 2},
      {R"(^T0\S*\s+(\S+): create_admin_membership → failed: .*◀ VIOLATION)", 3}},
     ""},
    {"section-id-race", "004: both read the config, both pass the check, the second write is on stale data",
     {{R"(^T0\S*\s+(\S+): SELECT \* FROM storefront_drafts )"},
      {R"(^T0\S*\s+(\S+): SELECT \* FROM storefront_drafts )", {}, 0},
      {R"(^T0\S*\s+(\S+): UPDATE storefront_drafts SET )"},
      {R"(^T0\S*\s+(\S+): UPDATE storefront_drafts SET )", {}, 2},
      {R"(^T0\S*\s+(\S+): .*◀ VIOLATION)", 3}},
     ""},
    {"draft-discard-race", "004's second writer: both read, the discard writes, the edit writes back what it read",
     {{R"(^T0\S*\s+(\S+): SELECT \* FROM storefront_drafts )"},
      {R"(^T0\S*\s+(\S+): SELECT \* FROM storefront_drafts )", {}, 0},
      {R"(^T0\S*\s+(owner): UPDATE storefront_drafts SET )"},
      {R"(^T0\S*\s+(agent-1): UPDATE storefront_drafts SET )"},
      {R"(^T0\S*\s+(\S+): .*◀ VIOLATION)"}},
     ""},
};

// Names the story in test output instead of dumping its bytes.
void PrintTo(const Story& story, std::ostream* out) { *out << story.scenario; }

std::vector<std::string> timeline_lines(const std::string& report) {
  const std::string opening = "**Race Condition Timeline:**\n```\n";
  const std::size_t start = report.find(opening);
  if (start == std::string::npos) return {};
  std::vector<std::string> lines;
  for (std::size_t line = start + opening.size(); line < report.size();) {
    const std::size_t newline = report.find('\n', line);
    std::string text = report.substr(line, newline - line);
    if (text == "```") break;
    lines.push_back(std::move(text));
    line = newline + 1;
  }
  return lines;
}

std::string shrunk_seed_report(const std::string& name) {
  const auto catalogue = scenarios::load_catalogue(INTERLEAVE_SCENARIO_DIR);
  const scenarios::Scenario* scenario = scenarios::find_scenario(catalogue, name);
  if (!scenario) return "no scenario " + name;
  RandomStrategy random(1);
  ExploreResult found = explore(scenarios::program_factory(*scenario, "seed"), random,
                                scenarios::trace_header(*scenario, "seed"), {.seed = 1, .schedules = 20'000});
  if (!found.trace) return "seed 1 found no failure in " + name;
  const scenarios::ShrunkCounterexample shrunk = scenarios::shrink_counterexample(*scenario, "seed", *found.trace);
  return reports::render_markdown(nlohmann::json::parse(serialize(shrunk.trace)), "trace.json");
}

class SeedStory : public ::testing::TestWithParam<Story> {};

TEST_P(SeedStory, TheReportTellsTheSeedReportsStory) {
  const Story& story = GetParam();
  const std::string report = shrunk_seed_report(story.scenario);
  const std::vector<std::string> lines = timeline_lines(report);
  ASSERT_FALSE(lines.empty()) << report;

  std::vector<std::string> actors;
  std::vector<std::size_t> at;
  std::size_t next = 0;
  for (std::size_t s = 0; s < story.steps.size(); ++s) {
    const Step& step = story.steps[s];
    const std::regex pattern(step.pattern);
    bool matched = false;
    for (; next < lines.size() && !matched; ++next) {
      std::smatch match;
      if (!std::regex_search(lines[next], match, pattern)) continue;
      const std::string actor = match[1];
      if (step.same_actor_as && actor != actors[*step.same_actor_as]) continue;
      if (step.other_actor_than && actor == actors[*step.other_actor_than]) continue;
      actors.push_back(actor);
      at.push_back(next);
      matched = true;
    }
    ASSERT_TRUE(matched) << story.report << "\nstep " << s << " (" << step.pattern << ") not found in order in:\n"
                         << report;
  }
  EXPECT_NE(lines[at.back()].find("◀ "), std::string::npos)
      << "the last decisive step is the marked one: " << lines[at.back()];

  if (!story.forbidden_between.empty()) {
    std::string forbidden = story.forbidden_between;
    if (auto slot = forbidden.find("{actor}"); slot != std::string::npos) forbidden.replace(slot, 7, actors[0]);
    const std::regex closing(forbidden);
    for (std::size_t line = at.front(); line <= at.back(); ++line) {
      EXPECT_FALSE(std::regex_search(lines[line], closing))
          << story.report << ": the window closed at " << lines[line];
    }
  }
}

INSTANTIATE_TEST_SUITE_P(SeedReports, SeedStory, ::testing::ValuesIn(kStories),
                         [](const ::testing::TestParamInfo<Story>& info) {
                           std::string name;
                           for (char c : info.param.scenario) name += c == '-' ? '_' : c;
                           return name;
                         });

}  // namespace
}  // namespace interleave
