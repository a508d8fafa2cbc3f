// The bad-input table: malformed and hostile traces, scenario files and
// flags. Each ends with exit code 2 and one message naming the file (or the
// option), the place in it and the problem; none crashes, none hangs.

#include <gtest/gtest.h>

#include <functional>
#include <ostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "tests/cli/cli_fixture.h"

namespace interleave {
namespace {

using Json = nlohmann::json;

// A trace case edits a real trace (report 000's race, saved as D/trace.json)
// into T.json and replays it; a scenario case writes S/x.scn from the shipped
// tenant-slug-race.scn and explores it.
struct BadInput {
  std::string name;
  std::string command;
  std::function<void(const fs::path& work, Json& trace)> edit_trace;  // set: a trace case
  std::function<std::string(const std::string& scenario)> scenario;   // set: a scenario case
  std::vector<std::string> message_parts;  // each must be in stderr
  std::string exact_err;                   // set: stderr is exactly this
  std::string base_scenario = "tenant-slug-race.scn";  // what a scenario case edits
};

void PrintTo(const BadInput& input, std::ostream* out) { *out << input.name; }

std::string replace(std::string text, const std::string& from, const std::string& to) {
  const std::size_t at = text.find(from);
  return at == std::string::npos ? "<" + from + " not found>" : text.replace(at, from.size(), to);
}

BadInput trace_case(std::string name, std::function<void(const fs::path&, Json&)> edit,
                    std::vector<std::string> message_parts) {
  message_parts.insert(message_parts.begin(), "T.json");
  return {std::move(name), "replay T.json", std::move(edit), nullptr, std::move(message_parts)};
}

// Writes raw bytes as T.json instead of the edited trace.
std::function<void(const fs::path&, Json&)> raw(std::string bytes) {
  return [bytes](const fs::path& work, Json& trace) {
    trace = nullptr;
    write_file(work / "T.json", bytes);
  };
}

BadInput scenario_case(std::string name, std::function<std::string(const std::string&)> scenario,
                       std::vector<std::string> message_parts, std::string command = "") {
  message_parts.insert(message_parts.begin(), "S/x.scn");
  if (command.empty()) command = "explore tenant-slug-race --scenarios S";
  return {std::move(name), std::move(command), nullptr, std::move(scenario), std::move(message_parts)};
}

BadInput flag_case(std::string name, std::string command, std::vector<std::string> message_parts) {
  return {std::move(name), std::move(command), nullptr, nullptr, std::move(message_parts)};
}

// A message whose whole text is fixed: stderr is exactly `message`.
BadInput exact_case(std::string name, std::string command, std::string message) {
  return {std::move(name), std::move(command), nullptr, nullptr, {}, std::move(message)};
}

// A scenario file edited from a shipped one, checked by `command`; stderr
// is exactly `message`.
BadInput exact_scenario_case(std::string name, std::string base, std::function<std::string(const std::string&)> edit,
                             std::string message, std::string command = "list --scenarios S") {
  return {std::move(name), std::move(command), nullptr, std::move(edit), {}, "interleave: " + message, std::move(base)};
}

const std::string kCommands = "list, explore, replay, hunt, report, merge, export, help, fidelity, isolation";

const std::vector<BadInput> kBadInputs = {
    trace_case("EmptyTrace", raw(""), {"not valid JSON", "line 1, column 1"}),
    trace_case("BinaryGarbage", raw(std::string("\x00\x01\xff\xfe garbage", 12)), {"NUL byte at offset 0"}),
    trace_case("TruncatedTrace", [](const fs::path& work, Json& trace) {
      const std::string text = trace.dump(2);
      trace = nullptr;
      write_file(work / "T.json", text.substr(0, text.size() / 2));
    }, {"not valid JSON", "at line"}),
    // Found by fuzzing: nlohmann reports a number too large for any numeric
    // type as out_of_range, not parse_error; it was an internal error (exit 3).
    trace_case("NumberTooLargeForAnyType", raw("{\"format\": 1E1111}"), {"not valid JSON", "number overflow"}),
    trace_case("TraceIsAnArray", raw("[1, 2, 3]"), {"a trace is a JSON object"}),
    trace_case("DeeplyNested", raw(std::string(100'000, '[') + std::string(100'000, ']')), {"a trace is a JSON object"}),
    trace_case("InvalidUtf8", raw("{\"format\": \"interleave-trace\xff\"}"), {"not valid JSON", "UTF-8"}),
    trace_case("WrongFormat", [](const fs::path&, Json& t) { t["format"] = "junit"; }, {"field 'format'"}),
    trace_case("WrongVersion", [](const fs::path&, Json& t) { t["version"] = 99; },
               {"field 'version'", "version 99 is not supported"}),
    trace_case("UnknownScenario", [](const fs::path&, Json& t) {
      t["scenario"] = "no-such-scenario";
      t.erase("scenario_source");
    }, {"field 'scenario'", "unknown scenario 'no-such-scenario'"}),
    trace_case("UnknownVariant", [](const fs::path&, Json& t) { t["variant"] = "no-such-variant"; },
               {"field 'variant'", "no variant 'no-such-variant'"}),
    trace_case("TraceOfAnotherScenario", [](const fs::path&, Json& t) {
      t["scenario"] = "ghost-workflow";
      t.erase("scenario_source");
    }, {"field 'actors'", "another scenario"}),
    trace_case("ChoicesNotAnArray", [](const fs::path&, Json& t) { t["choices"] = "a0"; },
               {"field 'choices'", "expected an array"}),
    trace_case("ChoiceOfAnActorThatIsNot", [](const fs::path&, Json& t) { t["choices"][0] = "a99"; },
               {"field 'choices[0]'", "actor 99 is not among"}),
    trace_case("MalformedChoice", [](const fs::path&, Json& t) { t["choices"][0] = "zz"; },
               {"field 'choices[0]'", "'zz' is not a choice"}),
    trace_case("DrawOutOfRange", [](const fs::path&, Json& t) { t["choices"][0] = "d5/2"; },
               {"field 'choices[0]'", "'d5/2' is not a choice"}),
    trace_case("NegativeSeed", [](const fs::path&, Json& t) { t["seed"] = -1; }, {"field 'seed'"}),
    trace_case("HugeSeed", [](const fs::path&, Json& t) { t["seed"] = 1e30; }, {"field 'seed'"}),
    trace_case("NegativeStepBudget", [](const fs::path&, Json& t) { t["limits"]["max_steps"] = -5; },
               {"field 'limits.max_steps'"}),
    trace_case("HugeStepBudget", [](const fs::path&, Json& t) { t["limits"]["max_steps"] = 1'000'000'000'000; },
               {"field 'limits.max_steps'", "larger than 4294967295"}),
    trace_case("MissingEvents", [](const fs::path&, Json& t) { t.erase("events"); }, {"field 'events'", "missing"}),
    trace_case("EventOfNoActor", [](const fs::path&, Json& t) { t["events"][0]["actor"] = 77; },
               {"field 'events[0].actor'", "no actor 77"}),
    trace_case("MalformedEmbeddedScenario", [](const fs::path&, Json& t) {
      t["scenario_source"] = "scenario tenant-slug-race\nactor";
    }, {"embedded scenario:2:6", "'actor' needs a name and an operation"}),
    {"MissingTraceFile", "replay nowhere.json", nullptr, nullptr, {"nowhere.json", "cannot open"}},

    scenario_case("EmptyScenarioFile", [](const std::string&) { return std::string(); }, {"missing 'scenario'"}),
    scenario_case("BinaryScenarioFile", [](const std::string&) { return std::string("\x01\x02\xff\xfe\n", 5); },
                  {":1:1", "unknown directive"}),
    scenario_case("DuplicateActorNames", [](const std::string& s) {
      return s + "actor api-1 create_tenant name=\"X\" slug=acme\n";
    }, {":19:7", "actor 'api-1' declared twice"}),
    scenario_case("UnknownService", [](const std::string& s) { return replace(s, "service  tenant", "service  nosuch"); },
                  {":6:10", "unknown service 'nosuch'"}),
    scenario_case("UnknownOperation", [](const std::string& s) {
      return replace(s, "create_tenant name=\"Globex\"", "frobnicate name=\"Globex\"");
    }, {":18:13", "unknown operation 'frobnicate'"}),
    scenario_case("UnknownArgument", [](const std::string& s) {
      return replace(s, "slug=globex|acme", "slug=globex|acme colour=red");
    }, {":18:58", "takes no argument 'colour'"}),
    scenario_case("NegativeFaultCount", [](const std::string& s) {
      return s + "faults service_unavailable max=-1\n";
    }, {":19:32", "got '-1'"}),
    scenario_case("HugeFaultCount", [](const std::string& s) {
      return s + "faults service_unavailable max=99999999999999999999999\n";
    }, {":19:32", "max= takes a number from 1 to 8"}),
    scenario_case("UnknownFaultKind", [](const std::string& s) { return s + "faults cosmic_rays max=1\n"; },
                  {":19:8", "unknown fault kind 'cosmic_rays'"}),
    scenario_case("UnknownActorVariant", [](const std::string& s) {
      return replace(s, "slug=globex|acme", "slug=globex|acme variant=fixd");
    }, {":18:66", "actor api-3: service 'tenant' has no variant 'fixd'", "(it has seed, fixed, alt, hardened)"}),
    scenario_case("UnterminatedString", [](const std::string& s) {
      return replace(s, "name=\"Globex\"", "name=\"Globex");
    }, {":18:32", "unterminated string"}),
    scenario_case("EmptyAlternative", [](const std::string& s) {
      return replace(s, "slug=globex|acme", "slug=globex|");
    }, {":18:", "empty value"}),
    scenario_case("HostileScenarioName", [](const std::string& s) {
      return replace(s, "scenario tenant-slug-race", "scenario x;rm-rf");
    }, {":3:10", "is not a valid name"}),
    scenario_case("VeryLongScenarioName", [](const std::string& s) {
      return replace(s, "scenario tenant-slug-race", "scenario " + std::string(5000, 'x'));
    }, {":3:10", "a name of 5000 characters; at most 64"}),

    flag_case("FlagZeroSchedules", "explore tenant-slug-race --schedules 0", {"--schedules", "out of range"}),
    flag_case("FlagNegativeSeed", "explore tenant-slug-race --seed -1", {"--seed", "'-1' is not a whole number"}),
    flag_case("FlagHugeSeed", "explore tenant-slug-race --seed 99999999999999999999999", {"--seed", "out of range"}),
    flag_case("FlagShardBeyondCount", "explore tenant-slug-race --shard 3/2", {"--shard 3/2", "below the count"}),

    // Did you mean: commands, options, scenarios, variants.
    exact_case("MisspeltCommand", "hnut",
               "interleave: unknown command 'hnut'; did you mean 'hunt'? (commands: " + kCommands +
                   "; see interleave help)\n"),
    exact_case("MisspeltHelpTopic", "help explor",
               "interleave: help: unknown command 'explor'; did you mean 'explore'? (commands: " + kCommands +
                   "; see interleave help)\n"),
    exact_case("MisspeltOption", "hunt --schedule 100",
               "interleave: hunt has no option '--schedule'; did you mean '--schedules'? (see interleave help hunt)\n"),
    exact_case("MisspeltOptionWithValue", "explore tenant-slug-race --stratgy=dfs",
               "interleave: explore has no option '--stratgy'; did you mean '--strategy'? "
               "(see interleave help explore)\n"),
    exact_case("MisspeltChoice", "explore tenant-slug-race --strategy dsf",
               "--strategy: 'dsf' is not one of random, pct, dfs, portfolio; did you mean 'dfs'?\n"
               "Run with --help for more information.\n"),
    exact_case("UnknownOptionFarFromAny", "list --frobnicate",
               "interleave: list has no option '--frobnicate' (see interleave help list)\n"),
    exact_case("MisspeltScenario", "explore tenant-slug-rase",
               "interleave: unknown scenario 'tenant-slug-rase'; did you mean 'tenant-slug-race'? (known: "
               "deleted-tenant-revived, deletion-window, draft-discard-race, flaky-infrastructure, ghost-workflow, "
               "long-slug-collision, membership-retry, rolling-deploy, section-id-race, slug-contention, "
               "tenant-lifecycle, tenant-slug-race)\n"),
    exact_case("MisspeltVariant", "explore tenant-slug-race --variant fixd",
               "interleave: scenario 'tenant-slug-race' has no variant 'fixd'; did you mean 'fixed'? "
               "(it has seed, fixed, alt, hardened)\n"),

    // Scenario files: the valid names listed, the column of the word at fault.
    exact_scenario_case("MisspeltOperation", "deletion-window.scn", [](const std::string& s) {
      return replace(s, "actor admin delete_tenant", "actor admin remove_tenant");
    }, "S/x.scn:22:13: unknown operation 'remove_tenant'; did you mean 'create_tenant' or 'delete_tenant'? "
       "(known: create_tenant, update_page_section, discard_draft, delete_tenant, get_products, register, "
       "sweep_stuck_tenants, create_admin_membership)\n"),
    exact_scenario_case("OperationOneLetterOff", "deletion-window.scn", [](const std::string& s) {
      return replace(s, "actor admin delete_tenant", "actor admin delete_tenants");
    }, "S/x.scn:22:13: unknown operation 'delete_tenants'; did you mean 'delete_tenant'? "
       "(known: create_tenant, update_page_section, discard_draft, delete_tenant, get_products, register, "
       "sweep_stuck_tenants, create_admin_membership)\n"),
    exact_scenario_case("ArgumentOfAnotherName", "deletion-window.scn", [](const std::string& s) {
      return replace(s, "delete_tenant tenant=acme", "delete_tenant slug=acme");
    }, "S/x.scn:22:27: 'delete_tenant' takes no argument 'slug' (its arguments: tenant)\n"),
    exact_scenario_case("MisspeltArgument", "deletion-window.scn", [](const std::string& s) {
      return replace(s, "delete_tenant tenant=acme", "delete_tenant tenat=acme");
    }, "S/x.scn:22:27: 'delete_tenant' takes no argument 'tenat'; did you mean 'tenant'? (its arguments: tenant)\n"),
    exact_scenario_case("MissingArgument", "deletion-window.scn", [](const std::string& s) {
      return replace(s, "delete_tenant tenant=acme", "delete_tenant");
    }, "S/x.scn:22:13: 'delete_tenant' needs argument 'tenant' (its arguments: tenant)\n"),
    exact_scenario_case("MisspeltFixture", "deletion-window.scn", [](const std::string& s) {
      return replace(s, "given tenant slug=globex", "given tenants slug=globex");
    }, "S/x.scn:20:7: unknown fixture 'tenants'; did you mean 'tenant'? (known: user, tenant, membership, draft)\n"),
    // Found before any run, by list as by explore; it was a crash mid-run.
    exact_scenario_case("FixtureValueListed", "deletion-window.scn", [](const std::string& s) {
      return replace(s, "given tenant slug=globex", "given tenant slug=globex status=active");
    }, "S/x.scn:20:33: 'tenant' argument 'status' cannot be 'active' (valid values: ready, provisioning, failed)\n"),
    exact_scenario_case("FixtureValueExplored", "deletion-window.scn", [](const std::string& s) {
      return replace(s, "given tenant slug=globex", "given tenant slug=globex schema=maybe");
    }, "S/x.scn:20:33: 'tenant' argument 'schema' cannot be 'maybe' (valid values: yes, no)\n",
       "explore deletion-window --scenarios S"),
    exact_scenario_case("FixtureNumber", "deletion-window.scn", [](const std::string& s) {
      return replace(s, "given tenant slug=globex", "given tenant slug=globex products=-2");
    }, "S/x.scn:20:35: 'tenant' argument 'products' must be a whole number of at least 0, got '-2'\n"),
    exact_scenario_case("FixtureValueNearAValidOne", "deletion-window.scn", [](const std::string& s) {
      return replace(s, "given tenant slug=globex", "given tenant slug=globex status=redy");
    }, "S/x.scn:20:33: 'tenant' argument 'status' cannot be 'redy'; did you mean 'ready'? "
       "(valid values: ready, provisioning, failed)\n"),
};

class BadInputTable : public CliFixture, public ::testing::WithParamInterface<BadInput> {};

TEST_P(BadInputTable, ExitsTwoNamingTheFilePlaceAndProblem) {
  const BadInput& input = GetParam();
  if (input.edit_trace) {
    ASSERT_EQ(run(kExploreSeed).exit_code, kViolation);
    Json trace = Json::parse(read_file(work() / "D/trace.json"));
    input.edit_trace(work(), trace);
    if (!trace.is_null()) write_file(work() / "T.json", trace.dump(2));
  }
  if (input.scenario) {
    const std::string shipped = read_file(fs::path(INTERLEAVE_SCENARIO_DIR) / input.base_scenario);
    write_file(work() / "S/x.scn", input.scenario(shipped));
  }
  const CommandResult result = run(input.command);
  EXPECT_EQ(result.exit_code, kBadInput) << result.out << result.err;
  if (!input.exact_err.empty()) {
    EXPECT_EQ(result.err, input.exact_err);
  }
  for (const std::string& part : input.message_parts) {
    EXPECT_NE(result.err.find(part), std::string::npos) << "'" << part << "' missing from: " << result.err;
  }
  EXPECT_TRUE(result.out.empty()) << "bad input printed a result: " << result.out;
}

INSTANTIATE_TEST_SUITE_P(Cli, BadInputTable, ::testing::ValuesIn(kBadInputs),
                         [](const ::testing::TestParamInfo<BadInput>& info) { return info.param.name; });

}  // namespace
}  // namespace interleave
