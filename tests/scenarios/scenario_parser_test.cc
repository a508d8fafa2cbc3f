#include "scenarios/scenario_parser.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "model/invariants/property.h"
#include "scenarios/catalogue.h"
#include "scenarios/operations.h"
#include "scenarios/scenario_writer.h"

namespace interleave {
namespace {

using scenarios::ScenarioError;
using testing::HasSubstr;
using testing::MatchesRegex;
using testing::StartsWith;

// Every directive once, as the shipped catalogue writes them.
constexpr std::string_view kGood =
    "# A comment line, then a blank one.\n"
    "\n"
    "scenario tenant-slug-race\n"
    "title    \"Race in \\\"tenant\\\" provisioning\"   # trailing comment\n"
    "report   000\n"
    "service  tenant\n"
    "property unique-slugs\n"
    "variants seed fixed\n"
    "expect   seed  fails unique-slugs\n"
    "expect   fixed holds\n"
    "\n"
    "actor api-1 create_tenant name=\"Acme Corp\" slug=acme|globex\n"
    "actor api-2 create_tenant slug=globex\n";

// The message of the ScenarioError parsing `text` throws, or "" when it parses.
std::string parse_error(std::string_view text) {
  try {
    scenarios::parse_scenario(text, "x.scn");
  } catch (const ScenarioError& error) {
    return error.what();
  }
  return "";
}

// The message of the first error parsing or validating `text`, or "".
std::string validate_error(std::string_view text) {
  try {
    scenarios::validate(scenarios::parse_scenario(text, "x.scn"));
  } catch (const ScenarioError& error) {
    return error.what();
  }
  return "";
}

// A valid scenario whose line `line` (1-based, of kHeader + actors) is
// replaced by `replacement`; lets each error test change one thing.
constexpr std::string_view kHeader =
    "scenario s\n"                      // 1
    "service tenant\n"                  // 2
    "property unique-slugs\n"           // 3
    "variants seed fixed\n"             // 4
    "expect seed fails unique-slugs\n"  // 5
    "expect fixed holds\n"              // 6
    "actor api-1 create_tenant slug=acme\n";  // 7

std::string with_line(int line, std::string_view replacement) {
  std::string out;
  std::string_view rest = kHeader;
  for (int number = 1; !rest.empty(); ++number) {
    std::size_t end = rest.find('\n');
    std::string_view current = rest.substr(0, end);
    out += number == line ? std::string(replacement) : std::string(current);
    out += '\n';
    rest.remove_prefix(end + 1);
  }
  return out;
}

std::string with_extra(std::string_view lines) { return std::string(kHeader) + std::string(lines); }

// ---------------------------------------------------------------- good input

TEST(ScenarioParser, ParsesEveryDirective) {
  scenarios::Scenario scenario = scenarios::parse_scenario(kGood, "x.scn");
  EXPECT_EQ(scenario.name, "tenant-slug-race");
  EXPECT_EQ(scenario.title, "Race in \"tenant\" provisioning");
  EXPECT_EQ(scenario.report, "000");
  EXPECT_EQ(scenario.services, std::vector<std::string>{"tenant"});
  EXPECT_EQ(scenario.properties, std::vector<std::string>{"unique-slugs"});
  EXPECT_EQ(scenario.variants, (std::vector<std::string>{"seed", "fixed"}));
  EXPECT_EQ(scenario.file, "x.scn");

  ASSERT_EQ(scenario.expectations.size(), 2u);
  EXPECT_EQ(scenario.expectations[0].variant, "seed");
  EXPECT_FALSE(scenario.expectations[0].holds);
  EXPECT_EQ(scenario.expectations[0].property, "unique-slugs");
  EXPECT_EQ(scenario.expectations[1].variant, "fixed");
  EXPECT_TRUE(scenario.expectations[1].holds);
  EXPECT_EQ(scenario.expectation("fixed"), &scenario.expectations[1]);
  EXPECT_EQ(scenario.expectation("other"), nullptr);
}

TEST(ScenarioParser, ParsesActorsWithQuotedValuesAndAlternatives) {
  scenarios::Scenario scenario = scenarios::parse_scenario(kGood, "x.scn");
  ASSERT_EQ(scenario.actors.size(), 2u);
  const scenarios::ActorSpec& first = scenario.actors[0];
  EXPECT_EQ(first.name, "api-1");
  EXPECT_EQ(first.operation, "create_tenant");
  ASSERT_EQ(first.arguments.size(), 2u);
  EXPECT_EQ(first.arguments[0].name, "name");
  EXPECT_EQ(first.arguments[0].alternatives, std::vector<std::string>{"Acme Corp"});
  EXPECT_EQ(first.arguments[1].name, "slug");
  EXPECT_EQ(first.arguments[1].alternatives, (std::vector<std::string>{"acme", "globex"}));
  // The location is the actor line (line 12, the directive's column).
  EXPECT_EQ(first.where.file, "x.scn");
  EXPECT_EQ(first.where.line, 12u);
  EXPECT_EQ(first.where.column, 1u);
  EXPECT_EQ(scenario.actors[1].where.line, 13u);
}

TEST(ScenarioParser, CrlfLineEndingsParseLikeLf) {
  std::string crlf;
  for (char c : kGood) {
    if (c == '\n') crlf += '\r';
    crlf += c;
  }
  scenarios::Scenario lf = scenarios::parse_scenario(kGood, "x.scn");
  scenarios::Scenario dos = scenarios::parse_scenario(crlf, "x.scn");
  EXPECT_EQ(dos.name, lf.name);
  EXPECT_EQ(dos.title, lf.title);
  EXPECT_EQ(dos.variants, lf.variants);
  ASSERT_EQ(dos.actors.size(), lf.actors.size());
  // No '\r' may stick to the last value of a line.
  EXPECT_EQ(dos.actors[0].arguments[1].alternatives, (std::vector<std::string>{"acme", "globex"}));
  EXPECT_EQ(dos.actors[1].arguments[0].alternatives, std::vector<std::string>{"globex"});
  EXPECT_EQ(dos.actors[1].where.line, 13u);
}

TEST(ScenarioParser, QuotedPipeAndHashAreText) {
  scenarios::Scenario scenario =
      scenarios::parse_scenario(with_line(7, "actor api-1 create_tenant name=\"a|b #1\" slug=acme"), "x.scn");
  EXPECT_EQ(scenario.actors[0].arguments[0].alternatives, std::vector<std::string>{"a|b #1"});
}

TEST(ScenarioParser, BackslashEscapesBackslash) {
  scenarios::Scenario scenario = scenarios::parse_scenario(with_extra("title \"a\\\\b\"\n"), "x.scn");
  EXPECT_EQ(scenario.title, "a\\b");
}

TEST(ScenarioParser, TextWithoutTrailingNewlineParses) {
  std::string text(kHeader);
  text.pop_back();
  EXPECT_EQ(scenarios::parse_scenario(text, "x.scn").actors.size(), 1u);
}

TEST(ScenarioParser, ShippedScenarioParsesAndValidates) {
  scenarios::Scenario scenario =
      scenarios::load_scenario_file(std::string(INTERLEAVE_SCENARIO_DIR) + "/tenant-slug-race.scn");
  EXPECT_NO_THROW(scenarios::validate(scenario));
  EXPECT_EQ(scenario.actors.size(), 3u);
}

// ----------------------------------------------------------------- bad input

TEST(ScenarioParser, UnknownDirectiveNamesLineAndColumn) {
  EXPECT_EQ(parse_error(with_line(3, "  proprety unique-slugs")),
            "x.scn:3:3: unknown directive 'proprety' (expected scenario, title, report, service, property, "
            "variants, expect, faults, given or actor)");
}

TEST(ScenarioParser, UnterminatedStringPointsAtTheOpeningQuote) {
  EXPECT_EQ(parse_error(with_extra("title \"Race in provisioning\n")), "x.scn:8:7: unterminated string");
}

TEST(ScenarioParser, UnterminatedStringInCrlfFile) {
  // The '\r' before '\n' is not a closing quote either.
  EXPECT_EQ(parse_error(with_extra("title \"Race\r\n")), "x.scn:8:7: unterminated string");
}

TEST(ScenarioParser, UnknownEscapeIsAnError) {
  EXPECT_EQ(parse_error(with_extra("title \"a\\nb\"\n")), "x.scn:8:9: only \\\" and \\\\ may be escaped");
}

TEST(ScenarioParser, ArgumentWithoutEqualsIsAnError) {
  EXPECT_EQ(parse_error(with_line(7, "actor api-1 create_tenant acme")),
            "x.scn:7:27: expected name=value, got 'acme'");
}

TEST(ScenarioParser, ArgumentWithoutNameIsAnError) {
  EXPECT_EQ(parse_error(with_line(7, "actor api-1 create_tenant =acme")),
            "x.scn:7:27: expected name=value, got '=acme'");
}

TEST(ScenarioParser, EmptyAlternativeIsAnError) {
  // The column is the value's, just after '='.
  EXPECT_EQ(parse_error(with_line(7, "actor api-1 create_tenant slug=acme|")), "x.scn:7:32: empty value");
}

TEST(ScenarioParser, EmptyAlternativeBesideAQuotedOneIsAnError) {
  // Only an explicitly quoted "" may be empty; the trailing '|' still leaves
  // an empty alternative here.
  EXPECT_EQ(parse_error(with_line(7, "actor api-1 create_tenant slug=\"acme\"|")), "x.scn:7:32: empty value");
}

TEST(ScenarioParser, QuotedEmptyValueIsAllowed) {
  scenarios::Scenario scenario =
      scenarios::parse_scenario(with_line(7, "actor api-1 create_tenant name=\"\" slug=acme"), "x.scn");
  EXPECT_EQ(scenario.actors[0].arguments[0].alternatives, std::vector<std::string>{""});
}

TEST(ScenarioParser, DuplicateActorIsAnError) {
  EXPECT_EQ(parse_error(with_extra("actor api-1 create_tenant slug=globex\n")),
            "x.scn:8:7: actor 'api-1' declared twice");
}

TEST(ScenarioParser, DuplicateArgumentIsAnError) {
  EXPECT_EQ(parse_error(with_line(7, "actor api-1 create_tenant slug=acme slug=globex")),
            "x.scn:7:37: argument 'slug' given twice");
}

TEST(ScenarioParser, ExpectWithBadVerdictIsAnError) {
  EXPECT_EQ(parse_error(with_line(6, "expect fixed passes")),
            "x.scn:6:14: expected 'holds' or 'fails', got 'passes'");
}

TEST(ScenarioParser, HoldsTakesNoProperty) {
  EXPECT_EQ(parse_error(with_line(6, "expect fixed holds unique-slugs")), "x.scn:6:20: 'holds' takes no property");
}

TEST(ScenarioParser, FailsNeedsAProperty) {
  EXPECT_EQ(parse_error(with_line(5, "expect seed fails")),
            "x.scn:5:13: 'fails' needs the property expected to fail");
}

TEST(ScenarioParser, ExpectWithoutVerdictIsAnError) {
  // The column is just past the directive: where the missing words belong.
  EXPECT_EQ(parse_error(with_line(5, "expect seed")),
            "x.scn:5:7: 'expect' needs a variant and 'holds' or 'fails PROPERTY...'");
}

TEST(ScenarioParser, SecondExpectationForAVariantIsAnError) {
  EXPECT_EQ(parse_error(with_extra("expect fixed holds\n")), "x.scn:8:8: variant 'fixed' already has an expectation");
}

TEST(ScenarioParser, RepeatedSingleDirectivesAreErrors) {
  EXPECT_EQ(parse_error(with_extra("scenario t\n")), "x.scn:8:1: 'scenario' given twice");
  EXPECT_EQ(parse_error(with_extra("service tenant\n")), "x.scn:8:1: 'service' given twice");
  EXPECT_EQ(parse_error(with_extra("variants seed\n")), "x.scn:8:1: 'variants' given twice");
}

TEST(ScenarioParser, ExtraWordIsAnError) {
  EXPECT_EQ(parse_error(with_line(1, "scenario s other")), "x.scn:1:12: unexpected 'other' after a name");
}

TEST(ScenarioParser, MixedScenarioListsSeveralServices) {
  scenarios::Scenario scenario = scenarios::parse_scenario(with_line(2, "service tenant registration"), "x.scn");
  EXPECT_EQ(scenario.services, (std::vector<std::string>{"tenant", "registration"}));
  ASSERT_EQ(scenario.service_where.size(), 2u);
  EXPECT_EQ(scenario.service_where[1].column, 16u);
}

TEST(ScenarioParser, GivenLinesKeepTheirOrderAndArguments) {
  scenarios::Scenario scenario =
      scenarios::parse_scenario(with_extra("given user email=a@x\ngiven tenant slug=acme owner=a@x\n"), "x.scn");
  ASSERT_EQ(scenario.givens.size(), 2u);
  EXPECT_EQ(scenario.givens[0].fixture, "user");
  EXPECT_EQ(scenario.givens[1].fixture, "tenant");
  ASSERT_EQ(scenario.givens[1].arguments.size(), 2u);
  EXPECT_EQ(scenario.givens[1].arguments[1].name, "owner");
  EXPECT_EQ(scenario.givens[1].where.line, 9u);
}

TEST(ScenarioParser, GivenArgumentsTakeNoAlternatives) {
  EXPECT_EQ(parse_error(with_extra("given tenant slug=a|b\n")),
            "x.scn:8:19: alternatives ('|') are only allowed in actor arguments");
}

TEST(ScenarioParser, FaultsLineNamesKindsAndABudget) {
  scenarios::Scenario scenario =
      scenarios::parse_scenario(with_extra("faults service_unavailable lost_activity_completion max=2\n"), "x.scn");
  EXPECT_EQ(scenario.faults.kinds, (std::vector<std::string>{"service_unavailable", "lost_activity_completion"}));
  EXPECT_EQ(scenario.faults.max, 2u);
}

TEST(ScenarioParser, BadFaultsLinesAreErrors) {
  EXPECT_EQ(parse_error(with_extra("faults max=2\n")), "x.scn:8:1: 'faults' needs at least one fault kind");
  EXPECT_EQ(parse_error(with_extra("faults worker_crash max=0\n")),
            "x.scn:8:25: max= takes a number from 1 to 8, got '0'");
  EXPECT_EQ(parse_error(with_extra("faults worker_crash max=x\n")),
            "x.scn:8:25: max= takes a number from 1 to 8, got 'x'");
  EXPECT_EQ(parse_error(with_extra("faults worker_crash\nfaults worker_crash\n")), "x.scn:9:1: 'faults' given twice");
}

TEST(ScenarioParser, InvalidNameIsAnError) {
  EXPECT_EQ(parse_error(with_line(1, "scenario \"a b\"")),
            "x.scn:1:10: 'a b' is not a valid name (letters, digits, - _ .)");
}

TEST(ScenarioParser, AlternativesOutsideActorArgumentsAreErrors) {
  EXPECT_EQ(parse_error(with_line(2, "service tenant|other")),
            "x.scn:2:9: alternatives ('|') are only allowed in actor arguments");
}

TEST(ScenarioParser, MissingDirectivesAreNamedWithTheFileOnly) {
  EXPECT_EQ(parse_error(with_line(1, "")), "x.scn: missing 'scenario'");
  EXPECT_EQ(parse_error(with_line(2, "# no service")), "x.scn: missing 'service'");
  EXPECT_EQ(parse_error(with_line(3, "")), "x.scn: missing 'property'");
  EXPECT_EQ(parse_error(with_line(4, "")), "x.scn: missing 'variants'");
  EXPECT_EQ(parse_error(with_line(7, "")), "x.scn: missing 'actor'");
  EXPECT_EQ(parse_error(""), "x.scn: missing 'scenario'");
}

TEST(ScenarioParser, MissingFileIsAnError) {
  try {
    scenarios::load_scenario_file("/nonexistent/x.scn");
    FAIL() << "no error";
  } catch (const ScenarioError& error) {
    EXPECT_STREQ(error.what(), "/nonexistent/x.scn: cannot open the file");
  }
}

// ------------------------------------------------------------------ validate

TEST(ScenarioValidate, GoodScenarioValidates) {
  EXPECT_EQ(validate_error(kGood), "");
  EXPECT_EQ(validate_error(kHeader), "");
}

TEST(ScenarioValidate, UnknownService) {
  EXPECT_EQ(validate_error(with_line(2, "service billing")).rfind("x.scn:2:9: unknown service 'billing' (known: tenant", 0),
            0u);
}

TEST(ScenarioValidate, UnknownFixtureAndFaultKind) {
  EXPECT_EQ(validate_error(with_extra("given planet name=mars\n")).rfind("x.scn:8:7: unknown fixture 'planet' (known: user", 0),
            0u);
  EXPECT_EQ(validate_error(with_extra("given tenant\n")),
            "x.scn:8:7: 'tenant' needs argument 'slug' (its arguments: slug, name, status, owner, schema, products, "
            "deleted)");
  EXPECT_EQ(validate_error(with_extra("faults meteor\n")),
            "x.scn:8:8: unknown fault kind 'meteor' (known: lost_activity_completion, service_unavailable, "
            "worker_crash, start_ambiguous, start_redelivered, connection_lost, commit_outcome_unknown)");
}

TEST(ScenarioValidate, UnknownVariant) {
  EXPECT_EQ(validate_error(with_line(4, "variants seed fixed v2")),
            "x.scn:4:21: service 'tenant' has no variant 'v2' (it has seed, fixed, alt, hardened)");
}

TEST(ScenarioValidate, UnknownActorVariantNamesItsColumnAndTheServiceVariants) {
  EXPECT_EQ(validate_error(with_line(7, "actor api-1 create_tenant slug=acme variant=v9")),
            "x.scn:7:45: actor api-1: service 'tenant' has no variant 'v9' (it has seed, fixed, alt, hardened)");
  EXPECT_EQ(validate_error(with_line(7, "actor api-1 create_tenant slug=acme variant=seed|fixed")),
            "x.scn:7:45: variant= takes one variant, not alternatives");
}

TEST(ScenarioParser, ActorVariantIsTheActorsCodeNotAnArgument) {
  scenarios::Scenario scenario =
      scenarios::parse_scenario(with_line(7, "actor api-1 create_tenant variant=seed slug=acme"), "x.scn");
  ASSERT_EQ(scenario.actors.size(), 1u);
  EXPECT_EQ(scenario.actors[0].variant, "seed");
  EXPECT_EQ(scenario.actors[0].variant_column, 35u);
  ASSERT_EQ(scenario.actors[0].arguments.size(), 1u);
  EXPECT_EQ(scenario.actors[0].arguments[0].name, "slug");
  EXPECT_EQ(validate_error(with_line(7, "actor api-1 create_tenant variant=seed slug=acme")), "");
}

TEST(ScenarioValidate, VariantWithoutExpectation) {
  EXPECT_EQ(validate_error(with_line(6, "")), "x.scn:4:15: variant 'fixed' has no 'expect' line");
}

TEST(ScenarioValidate, ExpectationForUnlistedVariant) {
  EXPECT_EQ(validate_error(with_line(4, "variants seed")),
            "x.scn:6:8: 'expect' names variant 'fixed', which 'variants' does not list");
}

TEST(ScenarioValidate, ExpectedFailureOfUncheckedProperty) {
  EXPECT_EQ(validate_error(with_line(5, "expect seed fails other-property")),
            "x.scn:5:8: 'expect seed fails other-property' names a property the scenario does not check");
}

TEST(ScenarioValidate, UnknownPropertyListsTheKnownOnes) {
  std::string known;
  for (std::string_view name : model::property_names()) known += (known.empty() ? "" : ", ") + std::string(name);
  std::string text = with_line(5, "expect seed fails unique-slug");
  text = text.replace(text.find("property unique-slugs"), 21, "property unique-slug");
  std::string error = validate_error(text);
  EXPECT_THAT(error, StartsWith("x.scn:"));
  EXPECT_THAT(error, HasSubstr("unknown property 'unique-slug'; did you mean 'unique-slugs'? (known: " + known + ")"));
}

TEST(ScenarioValidate, UnknownPropertyNamesItsLineAsDocumented) {
  // scenario_parser.h and catalogue.h promise "tenant.scn:7:14: unknown
  // property 'unique-slug'": every error names file, line and column.
  std::string text = with_line(5, "expect seed fails unique-slug");
  text = text.replace(text.find("property unique-slugs"), 21, "property unique-slug");
  EXPECT_THAT(validate_error(text), MatchesRegex("x\\.scn:3:[0-9]+: unknown property 'unique-slug'.*"));
}

TEST(ScenarioValidate, UnknownOperationNamesTheActorLine) {
  EXPECT_EQ(validate_error(with_line(7, "  actor api-1 archive_tenant slug=acme")),
            "x.scn:7:15: unknown operation 'archive_tenant' (known: create_tenant, update_page_section, discard_draft, "
            "delete_tenant, get_products, register, sweep_stuck_tenants, create_admin_membership)");
}

TEST(ScenarioValidate, MissingRequiredArgument) {
  EXPECT_EQ(validate_error(with_line(7, "actor api-1 create_tenant name=Acme")),
            "x.scn:7:13: 'create_tenant' needs argument 'slug' (its arguments: slug, name)");
}

TEST(ScenarioValidate, UnknownArgument) {
  EXPECT_EQ(validate_error(with_line(7, "actor api-1 create_tenant slug=acme colour=red")),
            "x.scn:7:37: 'create_tenant' takes no argument 'colour' (its arguments: slug, name)");
}

TEST(ScenarioValidate, ArgumentValuesAreCheckedAtTheirColumn) {
  EXPECT_EQ(validate_error(with_extra("given tenant slug=a status=active\n")),
            "x.scn:8:28: 'tenant' argument 'status' cannot be 'active' (valid values: ready, provisioning, failed)");
  EXPECT_EQ(validate_error(with_extra("given tenant slug=a products=many\n")),
            "x.scn:8:30: 'tenant' argument 'products' must be a whole number of at least 0, got 'many'");
}

// ----------------------------------------------------------------- catalogue

// A fresh folder under the system's temp folder, removed at the end.
class TempDir {
 public:
  TempDir() {
    std::random_device random;
    path_ = std::filesystem::temp_directory_path() /
            ("interleave-scn-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "-" +
             std::to_string(random()));
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  const std::filesystem::path& path() const { return path_; }
  void write(const std::string& name, std::string_view text) const {
    std::ofstream(path_ / name, std::ios::binary) << text;
  }

 private:
  std::filesystem::path path_;
};

std::string catalogue_error(const std::string& directory) {
  try {
    scenarios::load_catalogue(directory);
  } catch (const ScenarioError& error) {
    return error.what();
  }
  return "";
}

TEST(Catalogue, LoadsScnFilesSortedByName) {
  TempDir dir;
  dir.write("b.scn", with_line(1, "scenario alpha"));
  dir.write("a.scn", with_line(1, "scenario beta"));
  dir.write("notes.txt", "not a scenario");  // only *.scn files count
  auto catalogue = scenarios::load_catalogue(dir.path().string());
  ASSERT_EQ(catalogue.size(), 2u);
  EXPECT_EQ(catalogue[0].name, "alpha");
  EXPECT_EQ(catalogue[1].name, "beta");
  EXPECT_EQ(catalogue[0].file, (dir.path() / "b.scn").string());
  EXPECT_EQ(scenarios::find_scenario(catalogue, "beta"), &catalogue[1]);
  EXPECT_EQ(scenarios::find_scenario(catalogue, "gamma"), nullptr);
}

TEST(Catalogue, SameScenarioInTwoFilesNamesBoth) {
  TempDir dir;
  dir.write("a.scn", kHeader);
  dir.write("b.scn", kHeader);
  std::string a = (dir.path() / "a.scn").string(), b = (dir.path() / "b.scn").string();
  EXPECT_EQ(catalogue_error(dir.path().string()), b + ": scenario 's' is also declared in " + a);
}

TEST(Catalogue, BadFileNamesItsPathLineAndColumn) {
  TempDir dir;
  dir.write("bad.scn", with_line(3, "proprety unique-slugs"));
  EXPECT_THAT(catalogue_error(dir.path().string()),
              StartsWith((dir.path() / "bad.scn").string() + ":3:1: unknown directive 'proprety'"));
}

TEST(Catalogue, InvalidFileFailsTheWholeCatalogue) {
  TempDir dir;
  dir.write("good.scn", kHeader);
  dir.write("wrong.scn", with_line(7, "actor api-1 create_tenant name=Acme"));
  EXPECT_EQ(catalogue_error(dir.path().string()),
            (dir.path() / "wrong.scn").string() +
                ":7:13: 'create_tenant' needs argument 'slug' (its arguments: slug, name)");
}

TEST(Catalogue, NonexistentFolderIsAnError) {
  TempDir dir;
  std::string missing = (dir.path() / "missing").string();
  EXPECT_EQ(catalogue_error(missing), missing + ": not a folder of scenario files");
}

TEST(Catalogue, ShippedCatalogueHasTenantSlugRace) {
  auto catalogue = scenarios::load_catalogue(INTERLEAVE_SCENARIO_DIR);
  const scenarios::Scenario* race = scenarios::find_scenario(catalogue, "tenant-slug-race");
  ASSERT_NE(race, nullptr);
  EXPECT_EQ(race->services, std::vector<std::string>{"tenant"});
  EXPECT_EQ(race->variants, (std::vector<std::string>{"seed", "fixed", "alt", "hardened"}));
  ASSERT_NE(race->expectation("seed"), nullptr);
  EXPECT_FALSE(race->expectation("seed")->holds);
  EXPECT_EQ(race->expectation("seed")->property, "unique-slugs");
  ASSERT_NE(race->expectation("fixed"), nullptr);
  EXPECT_TRUE(race->expectation("fixed")->holds);
}

}  // namespace
}  // namespace interleave

namespace interleave {
namespace {

TEST(ResolveVariant, AVariantRunsTheSameNameWhereTheServiceHasIt) {
  EXPECT_EQ(scenarios::resolve_variant("tenant", "seed"), "seed");
  EXPECT_EQ(scenarios::resolve_variant("tenant", "fixed"), "fixed");
  EXPECT_EQ(scenarios::resolve_variant("tenant", "v2"), "");
  EXPECT_EQ(scenarios::resolve_variant("billing", "seed"), "");
}

TEST(ResolveVariant, HardenedRunsFixedWhereNoHardeningWasNeeded) {
  for (const scenarios::ServiceDef& service : scenarios::services()) {
    bool has_hardened = std::find(service.variants.begin(), service.variants.end(), "hardened") != service.variants.end();
    EXPECT_EQ(scenarios::resolve_variant(service.name, "hardened"), has_hardened ? "hardened" : "fixed") << service.name;
  }
}

}  // namespace
}  // namespace interleave

namespace interleave {
namespace {

TEST(ScenarioParser, AMixedScenarioMayAcceptSeveralFailingProperties) {
  scenarios::Scenario scenario = scenarios::parse_scenario(
      "scenario m\nservice tenant\nproperty unique-slugs\nproperty tenant-isolation\nvariants seed\n"
      "expect seed fails unique-slugs tenant-isolation\nactor a create_tenant slug=x\n",
      "m.scn");
  const scenarios::Expectation& expected = *scenario.expectation("seed");
  EXPECT_TRUE(expected.accepts_failure_of("unique-slugs"));
  EXPECT_TRUE(expected.accepts_failure_of("tenant-isolation"));
  EXPECT_FALSE(expected.accepts_failure_of("no-ghost-workflows"));
  EXPECT_EQ(expected.text(), "fails unique-slugs|tenant-isolation");
}

}  // namespace
}  // namespace interleave

namespace interleave {
namespace {

// A Python service is named by its path from the scenario file's folder;
// the parser makes it absolute, so a trace's embedded scenario (parsed with
// another file name) names the same module, and the writer keeps it.
TEST(ScenarioParser, APythonServicePathIsMadeAbsoluteFromTheScenarioFolder) {
  const std::string text =
      "scenario s\nservice python:services/../services/tenant.py\nproperty unique-slugs\nvariants seed\n"
      "expect seed holds\nactor api-1 create_tenant slug=acme\n";
  const scenarios::Scenario parsed = scenarios::parse_scenario(text, "/work/examples/s.scn");
  ASSERT_EQ(parsed.services.size(), 1u);
  EXPECT_EQ(parsed.services[0], "python:/work/examples/services/tenant.py");
  const std::string written = scenarios::write_scenario(parsed);
  EXPECT_THAT(written, HasSubstr(" python:/work/examples/services/tenant.py\n"));
  EXPECT_EQ(scenarios::parse_scenario(written, "trace.json: embedded scenario").services, parsed.services);
}

// Found by scenario_fuzzer: an empty module made std::filesystem throw
// past the parser (an abort), not a ScenarioError.
TEST(ScenarioParser, APythonServiceWithoutAModuleIsAnErrorAtItsColumn) {
  EXPECT_EQ(parse_error("scenario s\nservice registration python:\n"),
            "x.scn:2:22: 'python:' names no module: write python:PATH, the service's .py file from the scenario "
            "file's folder (e.g. python:services/tenant.py)");
}

}  // namespace
}  // namespace interleave
