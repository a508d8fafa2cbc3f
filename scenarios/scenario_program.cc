#include "scenarios/scenario_program.h"

#include <cstdint>
#include <map>
#include <memory_resource>
#include <utility>
#include <vector>

#include <boost/container/small_vector.hpp>
#include <fmt/format.h>

#include "model/invariants/property.h"
#include "model/world.h"
#include "scenarios/catalogue.h"
#include "scenarios/operations.h"

namespace interleave::scenarios {

namespace {

// What every schedule of one scenario variant shares, worked out once by
// the factory rather than per schedule: the properties, the fault plan, and
// each actor's operation with the variant of its service it runs.
struct Plan {
  struct Call {
    const OperationDef* operation;
    std::string_view variant;
  };
  std::vector<std::unique_ptr<model::Property>> properties;
  model::workflows::FaultPlan faults;
  std::vector<Call> calls;  // parallel to the scenario's actors
};

// The drawn alternative of each of an actor's arguments, in order.
using Picks = boost::container::small_vector<std::uint32_t, 8>;

// The argument maps of a factory's schedules, built once per actor and
// combination of drawn values rather than once per schedule. Mutable and
// shared by the factory's programs, as the tally is: one thread at a time.
class ArgumentMaps {
 public:
  explicit ArgumentMaps(const Scenario& scenario) : scenario_(scenario), built_(scenario.actors.size()) {}

  const Arguments& of(std::size_t actor, const Picks& picks) {
    auto found = built_[actor].find(picks);
    if (found != built_[actor].end()) return found->second;
    const std::vector<Argument>& arguments = scenario_.actors[actor].arguments;
    Arguments built;
    for (std::size_t i = 0; i < picks.size(); ++i) built[arguments[i].name] = arguments[i].alternatives[picks[i]];
    return built_[actor].emplace(picks, std::move(built)).first->second;
  }

 private:
  const Scenario& scenario_;
  std::vector<std::map<Picks, Arguments>> built_;  // per actor; nodes stay put
};

// The memory each schedule's World is built in, handed back when the
// schedule ends and reused by the next: a World is larger than glibc's
// per-thread cache takes, and its slower path cost more than the rest of
// building the World. The World itself is built new every time. Shared by
// the factory's programs: one thread at a time.
struct WorldMemory {
  std::pmr::unsynchronized_pool_resource pool{std::pmr::pool_options{.max_blocks_per_chunk = 1,
                                                                     .largest_required_pool_block = 4096}};
};

class ScenarioProgram final : public Program {
 public:
  ScenarioProgram(const Scenario& scenario, std::shared_ptr<const Plan> plan, std::shared_ptr<ScenarioTally> tally,
                  std::shared_ptr<ArgumentMaps> argument_maps, std::shared_ptr<WorldMemory> world_memory,
                  model::WorldObserver* observer)
      : scenario_(scenario),
        plan_(std::move(plan)),
        tally_(std::move(tally)),
        argument_maps_(std::move(argument_maps)),
        world_memory_(std::move(world_memory)),
        observer_(observer) {}

  ~ScenarioProgram() override {
    if (!world_) return;
    if (observer_) observer_->world_finished(*world_);
    if (tally_) {
      const auto& counts = world_->workflows.fault_counts();
      for (std::size_t kind = 0; kind < tally_->faults.size(); ++kind) {
        tally_->faults[kind] += counts[static_cast<model::workflows::FaultKind>(kind)];
      }
      if (counts.total() > 0) ++tally_->schedules_with_faults;
    }
    world_allocator().delete_object(world_);
  }

  void start(Execution& exec) override {
    world_ = world_allocator().new_object<model::World>(exec, plan_->faults);
    if (observer_) observer_->world_built(*world_);
    for (const auto& property : plan_->properties) property->prepare(*world_);
    // Data choices first, in declaration order, so the choice vector starts
    // with the workload and a trace reads "who called what" up front.
    arguments_.resize(scenario_.actors.size());
    Picks picks;  // in place: no allocation per schedule
    for (std::size_t i = 0; i < scenario_.actors.size(); ++i) {
      picks.clear();
      for (const Argument& argument : scenario_.actors[i].arguments) {
        picks.push_back(exec.draw(static_cast<std::uint32_t>(argument.alternatives.size())));
      }
      arguments_[i] = &argument_maps_->of(i, picks);
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
    for (const auto& property : plan_->properties) {
      if (auto violation = property->check_step(*world_)) return violation;
    }
    return std::nullopt;
  }

  std::optional<Violation> check_quiescent() override {
    for (const auto& property : plan_->properties) {
      if (auto violation = property->check_quiescent(*world_)) return violation;
    }
    return std::nullopt;
  }

 private:
  void spawn_actors(Execution& exec) {
    for (std::size_t i = 0; i < scenario_.actors.size(); ++i) {
      const ActorSpec& actor = scenario_.actors[i];
      // Only traces show what an actor was asked: no text while exploring.
      std::string operation = exec.recording() ? describe_call(actor.operation, *arguments_[i]) : std::string();
      if (exec.recording() && !actor.variant.empty()) operation += " [variant " + actor.variant + "]";
      exec.spawn({.name = actor.name, .kind = "request", .operation = std::move(operation)}, [this, i] {
        const Plan::Call& call = plan_->calls[i];
        call.operation->run(*world_, call.variant, *arguments_[i]);
      });
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

  std::pmr::polymorphic_allocator<model::World> world_allocator() { return {&world_memory_->pool}; }

  static std::string describe_call(std::string_view operation, const Arguments& arguments) {
    std::string text;
    for (const auto& [name, value] : arguments) {
      text += fmt::format("{}{}='{}'", text.empty() ? "" : ", ", name, value);
    }
    return fmt::format("{}({})", operation, text);
  }

  const Scenario& scenario_;
  std::shared_ptr<const Plan> plan_;
  std::shared_ptr<ScenarioTally> tally_;
  std::shared_ptr<ArgumentMaps> argument_maps_;
  std::shared_ptr<WorldMemory> world_memory_;
  model::WorldObserver* observer_;
  model::World* world_ = nullptr;  // in world_memory_, from start() to the destructor
  // Per actor, in argument_maps_; in place for a scenario's few actors.
  boost::container::small_vector<const Arguments*, 8> arguments_;
};

}  // namespace

ProgramFactory program_factory(const Scenario& scenario, const std::string& variant,
                               std::shared_ptr<ScenarioTally> tally, model::WorldObserver* observer) {
  auto plan = std::make_shared<Plan>();
  for (const std::string& name : scenario.properties) plan->properties.push_back(model::make_property(name));
  plan->faults = fault_plan(scenario);
  for (const ActorSpec& actor : scenario.actors) {
    const OperationDef* operation = find_operation(actor.operation, scenario.services);
    // An actor with its own variant= runs that variant's code in every
    // exploration of the scenario (mixed clients of a rolling deploy).
    plan->calls.push_back(
        {operation, resolve_variant(operation->service, actor.variant.empty() ? variant : actor.variant)});
  }
  return [&scenario, plan = std::shared_ptr<const Plan>(plan), tally, observer,
          argument_maps = std::make_shared<ArgumentMaps>(scenario),
          world_memory = std::make_shared<WorldMemory>()]() -> std::unique_ptr<Program> {
    return std::make_unique<ScenarioProgram>(scenario, plan, tally, argument_maps, world_memory, observer);
  };
}

TraceHeader trace_header(const Scenario& scenario, const std::string& variant) {
  return {scenario.name, variant, scenario.title.empty() ? scenario.name : scenario.title, scenario.report};
}

}  // namespace interleave::scenarios
