#include "tests/properties/mixed_workload.h"

#include <algorithm>
#include <functional>
#include <stdexcept>
#include <utility>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "scenarios/catalogue.h"
#include "scenarios/operations.h"
#include "scenarios/scenario_writer.h"
#include "tests/properties/generated_scenario.h"
#include "tests/properties/mixed_workload_services.h"

namespace interleave::test_support {

namespace {

using scenarios::ActorSpec;

// How the mixes of one generator are chosen and judged.
struct MixShape {
  // Each set's subsets that keep `focus` are allowed too: the services a
  // mix ends up calling are one of those.
  std::vector<ServiceSet> service_sets;
  // The first kLeadingCalls calls are of `focus`'s operations when it is
  // set (a seeded race needs two calls of its own service), of the drawn
  // set's otherwise.
  std::string focus;
  // The variant a mix runs, given the services it calls: every service runs
  // that variant (or the one resolve_variant falls back to).
  std::function<std::string(const ServiceSet&)> variant;
  // The properties checked; empty: those of every service of the mix.
  std::vector<std::string> judged_by;
};

constexpr std::string_view kSlugs[] = {"acme", "globex", "initech"};
// Two to five calls, and report 001's sweeper where a mix needs it.
constexpr int kLeadingCalls = 2;
constexpr int kMoreCalls = 3;
constexpr int kFullSize = 100;  // RapidCheck's nominal size: a range drawn at it is drawn whole

// What a call's arguments are drawn from.
struct Pools {
  std::vector<std::string> slugs;     // two or three
  std::vector<std::string> existing;  // committed tenants before the actors start: a prefix of slugs, not empty
  std::uint32_t max_faults = 1;
};

scenarios::Argument single(std::string name, std::string value) { return {std::move(name), {std::move(value)}}; }

std::string pick(std::vector<std::string> pool) { return *rc::gen::elementOf(std::move(pool)); }

ActorSpec sweeper_call(const Pools& pools) {
  // A pass after each failed start the fault budget allows, as
  // ghost-workflow.scn reasons: the last comes when all else is done.
  return {"", "sweep_stuck_tenants", {single("passes", std::to_string(pools.max_faults + 1))}, {}};
}

// One call of `operation`, unnamed, its arguments drawn over the pools:
// slugs the services create may collide with each other and with committed
// tenants; deletions, memberships, section edits and discards name committed tenants,
// as their callers hold a tenant id.
ActorSpec generate_call(const std::string& operation, const Pools& pools) {
  if (operation == "sweep_stuck_tenants") return sweeper_call(pools);
  ActorSpec actor{"", operation, {}, {}};
  if (operation == "create_tenant") {
    actor.arguments = {single("slug", pick(pools.slugs))};
  } else if (operation == "register") {
    actor.arguments = {single("email", pick({"b@x", "a@x"})), single("slug", pick(pools.slugs))};
  } else if (operation == "delete_tenant") {
    actor.arguments = {single("tenant", pick(pools.existing))};
  } else if (operation == "get_products") {
    actor.arguments = {single("tenant", pick(pools.slugs))};
  } else if (operation == "create_admin_membership") {
    actor.arguments = {single("user", pick({"a@x", "nobody@x"})), single("tenant", pick(pools.existing))};
  } else if (operation == "update_page_section") {
    actor.arguments = {single("tenant", pick(pools.existing)), single("page", pick({"home", "about"})),
                       single("section", pick({"hero", "home-hero", "about-story"}))};
  } else if (operation == "discard_draft") {
    actor.arguments = {single("tenant", pick(pools.existing))};
  } else {
    throw std::invalid_argument(fmt::format("no argument generator for operation '{}'", operation));
  }
  return actor;
}

// Captures by value: RapidCheck evaluates a pick's shrinks after the
// generating call has returned.
rc::Gen<ActorSpec> calls_of(std::vector<std::string> operations, Pools pools) {
  return rc::gen::exec([operations = std::move(operations), pools = std::move(pools)] {
    return generate_call(pick(operations), pools);
  });
}

// Names the callers by role and position, as the catalogue's scenarios do;
// an edit's content names its agent, so a lost edit is told from a kept one.
void name_actors(std::vector<ActorSpec>& actors) {
  for (std::size_t i = 0; i < actors.size(); ++i) {
    ActorSpec& actor = actors[i];
    actor.name = fmt::format("{}-{}", caller_role(actor.operation), i + 1);
    if (actor.operation == "update_page_section") actor.arguments.push_back(single("content", actor.name));
  }
}

const std::string* argument_value(const ActorSpec& actor, std::string_view name) {
  for (const scenarios::Argument& argument : actor.arguments) {
    if (argument.name == name) return &argument.alternatives.front();
  }
  return nullptr;
}

bool calls(const std::vector<ActorSpec>& actors, std::string_view operation) {
  return std::any_of(actors.begin(), actors.end(), [&](const ActorSpec& actor) { return actor.operation == operation; });
}

// The committed state the calls need: the tenants the pools call existing,
// the user memberships are made for, a draft for every edited or discarded tenant.
std::vector<scenarios::GivenSpec> fixtures_for(const std::vector<ActorSpec>& actors, const Pools& pools) {
  std::vector<scenarios::GivenSpec> givens;
  if (calls(actors, "create_admin_membership")) givens.push_back({"user", {single("email", "a@x")}, {}});
  for (const std::string& slug : pools.existing) givens.push_back({"tenant", {single("slug", slug)}, {}});
  for (const std::string& slug : pools.existing) {
    const bool edited = std::any_of(actors.begin(), actors.end(), [&](const ActorSpec& actor) {
      return (actor.operation == "update_page_section" || actor.operation == "discard_draft") &&
             *argument_value(actor, "tenant") == slug;
    });
    if (edited) givens.push_back({"draft", {single("tenant", slug), single("pages", "home,about")}, {}});
  }
  return givens;
}

// The services the calls belong to, in registry order.
ServiceSet services_called(const std::vector<ActorSpec>& actors) {
  ServiceSet called;
  for (std::string_view service : mixable_services()) {
    const bool used = std::any_of(actors.begin(), actors.end(), [&](const ActorSpec& actor) {
      return scenarios::find_operation(actor.operation)->service == service;
    });
    if (used) called.push_back(service);
  }
  return called;
}

void describe(scenarios::Scenario& scenario, const ServiceSet& services, const std::string& variant,
              const std::vector<std::string>& judged_by) {
  scenario.name = "generated-mix";
  scenario.title = fmt::format("Generated mixed workload: {}", fmt::join(services, ", "));
  scenario.report = "mixed";
  scenario.file = "<generated mixed workload>";
  scenario.services.assign(services.begin(), services.end());
  scenario.properties = judged_by.empty() ? properties_of(services) : judged_by;
  scenario.variants = {variant};
  if (judged_by.empty()) {
    scenario.expectations = {{.variant = variant}};
  } else {
    scenario.expectations = {{.variant = variant,
                              .holds = false,
                              .property = judged_by.front(),
                              .other_properties = {judged_by.begin() + 1, judged_by.end()}}};
  }
}

MixedWorkload generate(const MixShape& shape) {
  // The calls draw from the operations of a drawn set of services; the mix
  // is the services they end up calling. Shrinking a call toward the set's
  // first operation can so drop a service from the mix. The set is drawn
  // at full size (RapidCheck scales ranges down for its first cases), so
  // that early cases are mixes too; shrinking still goes to the front.
  const ServiceSet drawn =
      shape.service_sets[*rc::gen::resize(kFullSize, rc::gen::inRange<std::size_t>(0, shape.service_sets.size()))];

  Pools pools;
  const int slug_count = *rc::gen::inRange(2, 4);
  for (int i = 0; i < slug_count; ++i) pools.slugs.emplace_back(kSlugs[i]);
  const int existing_count = *rc::gen::inRange(1, slug_count + 1);
  pools.existing.assign(pools.slugs.begin(), pools.slugs.begin() + existing_count);

  scenarios::FaultSpec faults;
  for (const std::string& kind : fault_kinds_for(drawn)) {
    if (*rc::gen::arbitrary<bool>()) faults.kinds.push_back(kind);
  }
  if (!faults.kinds.empty()) faults.max = *rc::gen::inRange<std::uint32_t>(1, 3);
  pools.max_faults = faults.max;

  const std::vector<std::string> operations = operations_of(drawn);
  const std::vector<std::string> leading = shape.focus.empty() ? operations : operations_of({shape.focus});
  // The leading calls can only shrink; the others can also go, any of them.
  std::vector<ActorSpec> actors = *rc::gen::container<std::vector<ActorSpec>>(kLeadingCalls, calls_of(leading, pools));
  const auto more = *rc::gen::resize(
      kMoreCalls, rc::gen::container<std::vector<ActorSpec>>(rc::gen::resize(kFullSize, calls_of(operations, pools))));
  actors.insert(actors.end(), more.begin(), more.end());
  // Report 001's fix leaves a tenant whose workflow could not start to the
  // sweeper: a registration that may meet an unreachable workflow service
  // needs one, as in ghost-workflow.scn and tenant-lifecycle.scn.
  const bool start_may_fail =
      std::find(faults.kinds.begin(), faults.kinds.end(), "service_unavailable") != faults.kinds.end();
  if (start_may_fail && calls(actors, "register") && !calls(actors, "sweep_stuck_tenants")) {
    actors.push_back(sweeper_call(pools));
  }
  name_actors(actors);

  const ServiceSet services = services_called(actors);
  // Kinds no called service can meet (the storefront starts no workflow)
  // would only clutter the scenario.
  const std::vector<std::string> meetable = fault_kinds_for(services);
  std::erase_if(faults.kinds, [&](const std::string& kind) {
    return std::find(meetable.begin(), meetable.end(), kind) == meetable.end();
  });
  if (faults.kinds.empty()) faults = {};

  MixedWorkload workload;
  workload.variant = shape.variant(services);
  workload.scenario.faults = std::move(faults);
  workload.scenario.givens = fixtures_for(actors, pools);
  workload.scenario.actors = std::move(actors);
  describe(workload.scenario, services, workload.variant, shape.judged_by);
  scenarios::validate(workload.scenario);
  workload.schedule = generate_schedule();
  return workload;
}

rc::Gen<MixedWorkload> mixed_workloads(MixShape shape) {
  return rc::gen::exec([shape = std::move(shape)] { return generate(shape); });
}

}  // namespace

void showValue(const MixedWorkload& workload, std::ostream& os) {
  os << "variant " << workload.variant << ", schedule [" << fmt::format("{}", fmt::join(workload.schedule, ","))
     << "]\n"
     << scenarios::write_scenario(workload.scenario);
}

// The holding variant of a mix, from the catalogue's expect lines: `fixed`
// for every service but deletion (tenant-slug-race, ghost-workflow,
// membership-retry, section-id-race, slug-contention: fixed holds), and
// `hardened` once deletion is in (deletion-window, tenant-lifecycle: fixed
// fails no-5xx-during-deletion, hardened holds). `hardened` runs report
// 000's advisory-lock form of create_tenant, which holds on its own
// (tenant-slug-race) but not beside a registration (slug-contention's
// comment; its workflow also inserts the tenant itself, which
// no-ghost-workflows calls a ghost): tenant, registration and deletion
// never mix here.
rc::Gen<MixedWorkload> holding_mixed_workloads() {
  MixShape shape;
  shape.service_sets = service_sets([](const ServiceSet& set) {
    return !(contains(set, "tenant") && contains(set, "registration") && contains(set, "deletion"));
  });
  shape.variant = [](const ServiceSet& services) -> std::string {
    return contains(services, "deletion") ? "hardened" : "fixed";
  };
  return mixed_workloads(std::move(shape));
}

rc::Gen<MixedWorkload> seed_family_workloads(std::string_view service) {
  MixShape shape;
  // no-ghost-workflows tells provisioning runs apart by their workflow id
  // only, so it takes report 000's workflow, which inserts its tenant itself
  // (seed, alt, hardened), for a ghost of report 001's: a registration
  // family keeps create_tenant out.
  shape.service_sets = service_sets([service](const ServiceSet& set) {
    return contains(set, service) && !(service == "registration" && contains(set, "tenant"));
  });
  shape.focus = service;
  shape.variant = [](const ServiceSet&) -> std::string { return "seed"; };
  shape.judged_by = properties_of({service});
  return mixed_workloads(std::move(shape));
}

Verdict run_mixed(const MixedWorkload& workload) {
  return run_generated(workload.scenario, workload.variant, workload.schedule);
}

std::string services_label(const MixedWorkload& workload) {
  return fmt::format("{}", fmt::join(workload.scenario.services, "+"));
}

std::string faults_label(const MixedWorkload& workload) {
  const scenarios::FaultSpec& faults = workload.scenario.faults;
  if (faults.kinds.empty()) return "no faults";
  return fmt::format("faults: {} max={}", fmt::join(faults.kinds, " "), faults.max);
}

}  // namespace interleave::test_support
