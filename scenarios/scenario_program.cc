#include "scenarios/scenario_program.h"

#include <fmt/format.h>

#include "model/invariants/property.h"
#include "model/world.h"
#include "scenarios/catalogue.h"
#include "scenarios/operations.h"

namespace interleave::scenarios {

namespace {

using Properties = std::vector<std::unique_ptr<model::Property>>;

class ScenarioProgram final : public Program {
 public:
  ScenarioProgram(const Scenario& scenario, const std::string& variant,
                  std::shared_ptr<const Properties> properties, std::shared_ptr<ScenarioTally> tally)
      : scenario_(scenario), variant_(variant), properties_(std::move(properties)), tally_(std::move(tally)) {}

  ~ScenarioProgram() override {
    if (!tally_ || !world_) return;
    const auto& counts = world_->workflows.fault_counts();
    for (std::size_t kind = 0; kind < tally_->faults.size(); ++kind) {
      tally_->faults[kind] += counts[static_cast<model::workflows::FaultKind>(kind)];
    }
    if (counts.total() > 0) ++tally_->schedules_with_faults;
  }

  void start(Execution& exec) override {
    world_ = std::make_unique<model::World>(exec, fault_plan(scenario_));
    for (const auto& property : *properties_) property->prepare(*world_);
    // Data choices first, in declaration order, so the choice vector starts
    // with the workload and a trace reads "who called what" up front.
    arguments_.resize(scenario_.actors.size());
    for (std::size_t i = 0; i < scenario_.actors.size(); ++i) {
      for (const Argument& argument : scenario_.actors[i].arguments) {
        auto pick = exec.draw(static_cast<std::uint32_t>(argument.alternatives.size()));
        arguments_[i][argument.name] = argument.alternatives[pick];
      }
    }
    if (scenario_.givens.empty()) {
      spawn_actors(exec);
      return;
    }
    // The setup runs alone: the actors exist only once it is done, so every
    // schedule starts from the same committed state.
    exec.spawn({.name = "setup", .kind = "setup", .operation = "given"}, [this, &exec] {
      for (const GivenSpec& given : scenario_.givens) run_fixture(given);
      spawn_actors(exec);
    });
  }

  std::optional<Violation> check_step() override {
    for (const auto& property : *properties_) {
      if (auto violation = property->check_step(*world_)) return violation;
    }
    return std::nullopt;
  }

  std::optional<Violation> check_quiescent() override {
    for (const auto& property : *properties_) {
      if (auto violation = property->check_quiescent(*world_)) return violation;
    }
    return std::nullopt;
  }

 private:
  void spawn_actors(Execution& exec) {
    for (std::size_t i = 0; i < scenario_.actors.size(); ++i) {
      const ActorSpec& actor = scenario_.actors[i];
      const OperationDef* op = find_operation(actor.operation);
      exec.spawn({.name = actor.name, .kind = "request", .operation = describe_call(actor.operation, arguments_[i])},
                 [this, op, i] { op->run(*world_, resolve_variant(op->service, variant_), arguments_[i]); });
    }
  }

  // A fixture that cannot build its state is a mistake in the scenario file:
  // name the line, so the crash verdict says what to fix.
  void run_fixture(const GivenSpec& given) {
    Arguments arguments;
    for (const Argument& argument : given.arguments) arguments[argument.name] = argument.alternatives.front();
    try {
      find_fixture(given.fixture)->run(*world_, arguments);
    } catch (const std::exception& error) {
      throw std::runtime_error(
          fmt::format("{}:{}: given {}: {}", given.where.file, given.where.line, given.fixture, error.what()));
    }
  }

  static std::string describe_call(std::string_view operation, const Arguments& arguments) {
    std::string text;
    for (const auto& [name, value] : arguments) {
      text += fmt::format("{}{}='{}'", text.empty() ? "" : ", ", name, value);
    }
    return fmt::format("{}({})", operation, text);
  }

  const Scenario& scenario_;
  std::string variant_;  // short: a copy per schedule is cheaper than a shared owner
  std::shared_ptr<const Properties> properties_;
  std::shared_ptr<ScenarioTally> tally_;
  std::unique_ptr<model::World> world_;
  std::vector<Arguments> arguments_;
};

}  // namespace

ProgramFactory program_factory(const Scenario& scenario, const std::string& variant,
                               std::shared_ptr<ScenarioTally> tally) {
  auto properties = std::make_shared<Properties>();
  for (const std::string& name : scenario.properties) properties->push_back(model::make_property(name));
  return [&scenario, variant, properties, tally]() -> std::unique_ptr<Program> {
    return std::make_unique<ScenarioProgram>(scenario, variant, properties, tally);
  };
}

TraceHeader trace_header(const Scenario& scenario, const std::string& variant) {
  return {scenario.name, variant, scenario.title.empty() ? scenario.name : scenario.title, scenario.report};
}

}  // namespace interleave::scenarios
