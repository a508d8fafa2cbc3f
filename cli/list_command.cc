// interleave list: the catalogue — scenarios, variants, properties, expected
// verdicts.

#include <fmt/format.h>

#include "cli/commands.h"
#include "app/exit_codes.h"
#include "app/run_files.h"
#include "scenarios/catalogue.h"

namespace interleave::cli {

void add_list_command(CLI::App& app, Command& run) {
  struct Flags {
    bool json = false;
    std::string scenarios = scenarios::default_scenario_directory();
  };
  auto flags = std::make_shared<Flags>();
  CLI::App* command = app.add_subcommand("list", "List scenarios, their variants, properties and expected verdicts");
  command->add_flag("--json", flags->json, "Print the catalogue as JSON");
  command->add_option("--scenarios", flags->scenarios, "Folder of scenario files")->capture_default_str();
  command->callback([&run, flags] {
    run = [flags] {
      auto catalogue = load_catalogue_or_fail(flags->scenarios);
      nlohmann::ordered_json json = nlohmann::ordered_json::array();
      for (const auto& scenario : catalogue) {
        nlohmann::ordered_json expected = nlohmann::ordered_json::object();
        for (const auto& expectation : scenario.expectations) {
          expected[expectation.variant] = expectation.text();
        }
        json.push_back({{"scenario", scenario.name},
                        {"title", scenario.title},
                        {"report", scenario.report},
                        {"services", scenario.services},
                        {"properties", scenario.properties},
                        {"variants", scenario.variants},
                        {"expected", expected},
                        {"actors", scenario.actors.size()},
                        {"file", scenario.file}});
      }
      if (flags->json) {
        fmt::print("{}\n", json.dump(2));
        return kExitHolds;
      }
      for (const auto& entry : json) {
        fmt::print("{}  (report {}, {} actors) {}\n", entry["scenario"].get<std::string>(),
                   entry["report"].get<std::string>(), entry["actors"].get<std::size_t>(),
                   entry["title"].get<std::string>());
        for (const auto& [variant, verdict] : entry["expected"].items()) {
          fmt::print("  {:<8} expected: {}\n", variant, verdict.get<std::string>());
        }
      }
      return kExitHolds;
    };
  });
}

}  // namespace interleave::cli
